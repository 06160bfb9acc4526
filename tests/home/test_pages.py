import pytest
from django.test import RequestFactory
from wagtail.models import Site

from home.demo_content import demo_pages_create
from home.models import HomePage, OrganisationSettings, StandardPage
from home.views import server_error


@pytest.fixture
def pages(db):
    return demo_pages_create()


@pytest.mark.django_db
def test_a_fresh_install_has_a_home_page(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_home_page_shows_the_organisation_never_the_nhs_logo(client, pages):
    html = client.get("/").content.decode()
    assert "Northfield Health Research (demo)" in html
    assert "nhsuk-header__logo" not in html  # the NHS logo's SVG class
    assert 'aria-label="NHS' not in html
    assert "© NHS England" not in html
    assert "Have your say in health and care research" in html


@pytest.mark.django_db
def test_every_page_has_a_skip_link_navigation_and_account_links(client, pages):
    html = client.get("/how-payment-works/").content.decode()
    assert '<a class="nhsuk-skip-link" href="#maincontent">' in html
    assert 'id="maincontent"' in html
    # Shown in the menu. (Not "About our reference groups" any more: issue 14 item 6
    # took it out of the demo menu, beside "Reference groups" it was a duplicate.)
    assert 'class="nhsuk-header__navigation-link" href="/how-payment-works/"' in html
    assert 'href="/accounts/login/"' in html
    assert 'href="/accounts/signup/"' in html


@pytest.mark.django_db
def test_the_footer_links_to_accessibility_privacy_and_contact(client, pages):
    html = client.get("/").content.decode()
    assert 'href="/accessibility-statement/"' in html
    assert 'href="/privacy-notice/"' in html
    assert 'href="/contact/"' in html


@pytest.mark.django_db
def test_the_demo_content_pages_exist_with_real_text(client, pages):
    for slug, words in {
        "about-our-reference-groups": "Who can join",
        "how-payment-works": "If you receive benefits",
        "accessibility-statement": "Enforcement procedure",
        "privacy-notice": "Your rights",
    }.items():
        response = client.get(f"/{slug}/")
        assert response.status_code == 200
        assert words in response.content.decode()


@pytest.mark.django_db
def test_the_contact_page_shows_the_settings_details(client, pages):
    html = client.get("/contact/").content.decode()
    assert "involvement@example.org" in html
    assert 'href="tel:01614960000"' in html


@pytest.mark.django_db
def test_contact_page_before_details_are_entered(client):
    assert "Contact details have not been added yet." in client.get("/contact/").content.decode()


@pytest.mark.django_db
def test_a_custom_logo_replaces_the_name_text_only_as_an_image(client, pages):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    settings.save()
    html = client.get("/").content.decode()
    assert 'class="rt-header__logo"' in html
    assert "Northfield Health Research (demo)" in html  # the name stays, for everyone


@pytest.mark.django_db
def test_missing_pages_get_a_styled_404(client, pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Northfield Health Research (demo)" in html  # inside the site's layout


def test_the_500_page_works_without_a_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_staff_can_edit_a_standard_page_in_wagtail(client, pages, staff, admin_login):
    admin_login(staff)
    page = StandardPage.objects.get(slug="how-payment-works")
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_pages_use_a_fixed_number_of_queries(client, pages, django_assert_max_num_queries):
    home = Site.objects.get(is_default_site=True).root_page
    with django_assert_max_num_queries(13):
        client.get("/about-our-reference-groups/")
    for n in range(15):
        home.add_child(
            instance=StandardPage(title=f"Extra {n}", slug=f"extra-{n}", show_in_menus=True)
        )
    with django_assert_max_num_queries(13):
        html = client.get("/about-our-reference-groups/").content.decode()
    assert "Extra 14" in html
