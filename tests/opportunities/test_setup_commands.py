"""`manage.py site_setup` and `manage.py opportunity_create`: a new installation, set up
without demo data, as an organisation would from the command line."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Site

from home.models import OrganisationSettings
from members.models import ReferenceGroupIndexPage
from opportunities.models import OpportunityIndexPage, OpportunityPage

IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def opportunity(*extra: str) -> str:
    return run(
        "opportunity_create",
        "--title",
        "Help us test our new website",
        "--summary",
        "Try our new website and tell us what is hard to use.",
        "--what-involves",
        "Sign up and tell us what you think.",
        "--dates",
        "Any time in the next month",
        "--payment-offer",
        "£25 voucher",
        "--places",
        "3",
        *extra,
        *([] if "--closing-date" in extra else ["--closing-date", IN_A_MONTH]),
    )


@pytest.mark.django_db
def test_site_setup_names_the_organisation_and_makes_the_pages(client):
    out = run(
        "site_setup", "--organisation", "Northfield Research", "--contact-email", "pi@example.org"
    )

    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    assert (organisation.name, organisation.contact_email) == (
        "Northfield Research",
        "pi@example.org",
    )
    assert site.site_name == "Northfield Research"
    groups = ReferenceGroupIndexPage.objects.child_of(site.root_page).get()
    listing = OpportunityIndexPage.objects.child_of(site.root_page).get()
    assert groups.live and listing.live
    assert "/opportunities/" in out
    for url in ("/", groups.url, listing.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Northfield Research" in response.content.decode()


@pytest.mark.django_db
def test_site_setup_runs_again_without_doubling_pages():
    run("site_setup", "--organisation", "Northfield Research")
    run("site_setup", "--organisation", "Northfield Health Research")

    assert ReferenceGroupIndexPage.objects.count() == 1
    assert OpportunityIndexPage.objects.count() == 1
    assert OrganisationSettings.for_default_site().name == "Northfield Health Research"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "  "], "name: This field cannot be blank"),
        (["--organisation", "x" * 121], "name: Ensure this value has at most 120"),
        (["--organisation", "Ok", "--contact-email", "nope"], "contact_email: Enter a valid"),
    ],
)
def test_site_setup_refuses_bad_values_and_changes_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run("site_setup", *args)

    assert OrganisationSettings.for_default_site().name == "Roundtable"
    assert not OpportunityIndexPage.objects.exists()


@pytest.mark.django_db
def test_opportunity_create_publishes_an_opportunity_anyone_can_apply_for(client, member):
    run("site_setup", "--organisation", "Northfield Research")

    out = opportunity()

    page = OpportunityPage.objects.get()
    assert page.live and page.is_open
    assert page.visibility == OpportunityPage.Visibility.ANYONE
    assert (page.places, page.payment_offer) == (3, "£25 voucher")
    assert page.url in out
    listing = client.get("/opportunities/")
    assert "Help us test our new website" in listing.content.decode()
    client.force_login(member)
    response = client.post(f"/apply/{page.pk}/", {"statement": "I would like to help."})
    assert response.status_code == 302
    assert response["Location"] == f"/apply/{page.pk}/check/"


@pytest.mark.django_db
def test_opportunity_create_saves_a_draft_when_asked():
    run("site_setup", "--organisation", "Northfield Research")

    out = opportunity("--draft")

    page = OpportunityPage.objects.get()
    assert not page.live
    assert page.latest_revision is not None
    assert "draft" in out


@pytest.mark.django_db
def test_opportunity_create_needs_the_opportunities_page():
    with pytest.raises(CommandError, match="site_setup"):
        opportunity()

    assert not OpportunityPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--closing-date", "2020-01-01"], "closing date: The closing date must be today or later"),
        (["--format", "in_person"], "place: Say where it happens"),
        (["--places", "0"], "places: Ensure this value is greater than or equal to 1"),
    ],
)
def test_opportunity_create_refuses_what_the_page_editor_refuses(extra, message):
    run("site_setup", "--organisation", "Northfield Research")

    with pytest.raises(CommandError, match=message):
        opportunity(*extra)

    assert not OpportunityPage.objects.exists()


@pytest.mark.django_db
def test_opportunity_create_refuses_a_date_it_cannot_read():
    run("site_setup", "--organisation", "Northfield Research")

    with pytest.raises(CommandError, match="must be a date like 2027-03-31"):
        opportunity("--closing-date", "next Tuesday")
