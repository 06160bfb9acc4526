"""Activities: one per opportunity (not per session), made when it is published and kept
in step with the live page; the staff choose an activity, of any kind, to make
payments for; and every reader of involvement (fairness, statements, the directory)
counts every kind alike."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from involvement.factories import ActivityFactory
from involvement.models import Activity, Involvement
from involvement.selectors import activity_admin_url
from involvement.services import involvement_record
from members.factories import MemberFactory
from members.models import MemberProfile, Skill
from opportunities.factories import opportunity_create
from opportunities.models import OpportunityPage
from opportunities.selectors import shortlist
from opportunities.services.applications import application_submit
from opportunities.services.involvement import opportunity_activity_sync
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment
from reciprocity.services.payments import payments_generate

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def live(page) -> OpportunityPage:
    return OpportunityPage.objects.get(pk=page.pk)


def test_publishing_an_opportunity_makes_its_activity_once(db):
    page = opportunity_create(title="Review a leaflet", is_paid=False)
    activity = live(page).activity
    assert activity.kind == "opportunity" and activity.title == "Review a leaflet"
    assert not activity.is_paid
    page = live(page)
    page.save_revision().publish()
    assert live(page).activity == activity and Activity.objects.count() == 1


def test_the_activity_follows_the_published_page_not_a_draft(db):
    chairing = Skill.objects.create(name="Chairing meetings")
    page = live(opportunity_create(title="Steering group"))
    page.title = "Steering group (renamed)"
    page.is_paid = False
    page.skills.set([chairing])
    page.save_revision()  # a draft: members did not take part in it
    assert live(page).activity.title == "Steering group"
    page.save_revision().publish()
    activity = live(page).activity
    assert activity.title == "Steering group (renamed)" and not activity.is_paid
    assert list(activity.skills.all()) == [chairing]


def test_publishing_a_revision_saved_before_the_activity_keeps_the_activity(db):
    page = live(opportunity_create(publish=False))
    older = page.save_revision()  # saved while the page had no activity
    activity = opportunity_activity_sync(opportunity=page)
    older.publish()
    assert live(page).activity == activity


def test_a_copy_of_an_opportunity_gets_its_own_activity(db):
    page = live(opportunity_create(title="Original"))
    copy = page.copy(update_attrs={"slug": "a-copy", "title": "A copy"})  # published too
    assert live(copy).activity not in (None, live(page).activity)
    assert live(copy).activity.title == "A copy"


def test_an_opportunity_someone_took_part_in_is_not_deleted(member, staff):
    page = opportunity_create()
    involvement_record(
        member=member,
        activity=opportunity_activity_sync(opportunity=page),
        attended=True,
        started_on=TODAY,
        hours=2,
        by=staff,
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        live(page).delete()
    assert OpportunityPage.objects.filter(pk=page.pk).exists()
    opportunity_create(title="Nobody took part").delete()  # the others go as before


def test_staff_are_linked_to_where_an_activity_is_run(db):
    page = opportunity_create()
    activity = opportunity_activity_sync(opportunity=page)
    assert activity_admin_url(activity) == f"/admin/pages/{page.pk}/edit/"
    assert activity_admin_url(ActivityFactory(kind="group_meeting")) == ""


def test_staff_generate_payments_for_an_activity_of_any_kind(admin_login, staff):
    rate_card_example()
    meeting = ActivityFactory(kind="group_meeting", title="Diabetes group, May meeting")
    member = MemberFactory()
    involvement_record(
        member=member, activity=meeting, attended=True, started_on=TODAY, hours=2, by=staff
    )
    client = admin_login(staff)
    form = client.get("/admin/payments/generate/").content.decode()
    assert "Diabetes group, May meeting (1 took part without a payment yet)" in form
    response = client.post("/admin/payments/generate/", {"activity": meeting.pk}, follow=True)
    assert "Diabetes group, May meeting: 1 payment made." in [
        str(m) for m in response.context["messages"]
    ]
    payment = Payment.objects.get()
    assert payment.activity == "Diabetes group, May meeting" and payment.amount == Decimal("50")


def test_an_unpaid_activity_makes_no_payment_whatever_its_kind(staff):
    rate_card_example()
    training = ActivityFactory(kind="training_session", is_paid=False, title="Induction")
    row = involvement_record(
        member=MemberFactory(),
        activity=training,
        attended=True,
        started_on=TODAY,
        hours=2,
        by=staff,
    )
    result = payments_generate(involvements=[row], by=staff)
    assert result.created == 0 and result.not_paid == ["Induction is unpaid"]


def test_fairness_counts_every_kind_of_activity(staff):
    """Someone who came to a group meeting has taken part, for the shortlist's order and
    the member directory, as much as someone who did an opportunity."""
    regular, newcomer = MemberFactory(name="Regular Rita"), MemberFactory(name="New Nadia")
    involvement_record(
        member=regular,
        activity=ActivityFactory(kind="group_meeting"),
        attended=True,
        started_on=TODAY - datetime.timedelta(days=10),
        hours=2,
        by=staff,
    )
    opportunity = opportunity_create(places=1)
    for person in (regular, newcomer):
        application_submit(member=person, opportunity=opportunity, statement="Keen")
    rows = list(shortlist(opportunity))
    assert [row.member for row in rows] == [newcomer, regular]
    assert rows[1].recent_involvements == 1
    assert MemberProfile.objects.get(user=regular).last_involved_on == rows[1].last_involved


def test_the_statement_counts_hours_of_every_kind(client, member, staff):
    for kind in ("opportunity", "group_meeting", "training_session"):
        involvement_record(
            member=member,
            activity=ActivityFactory(kind=kind),
            attended=True,
            started_on=TODAY,
            hours=Decimal("1.5"),
            by=staff,
        )
    client.force_login(member)
    assert Involvement.objects.filter(member=member).count() == 3
    page = client.get("/statement/").content.decode()
    assert "4.5" in page


def test_staff_may_copy_an_opportunity_but_not_make_it_an_alias(admin_login, staff):
    page = live(opportunity_create(title="Original"))
    client = admin_login(staff)
    url = f"/admin/pages/{page.pk}/copy/"
    form = {
        "new_title": "Another",
        "new_slug": "another",
        "new_parent_page": page.get_parent().pk,
        "publish_copies": "on",
    }
    refused = client.post(url, {**form, "alias": "on"}, follow=True)
    assert "cannot be an alias" in refused.content.decode()
    assert not OpportunityPage.objects.filter(alias_of=page).exists()
    client.post(url, form)
    copy = OpportunityPage.objects.get(slug="another")
    assert copy.activity not in (None, page.activity)


def test_no_page_made_as_aliases_can_hold_an_opportunity(admin_login, staff):
    """Any page copied with its subpages as aliases (the home page holds every
    opportunity) is refused by the editor, and an alias made any other way is refused
    by the page itself."""
    from django.core.exceptions import ValidationError
    from wagtail.models import Page

    page = live(opportunity_create(title="Original"))
    home = Page.objects.get(pk=page.get_parent().get_parent().pk)
    refused = admin_login(staff).post(
        f"/admin/pages/{home.pk}/copy/",
        {
            "new_title": "Home again",
            "new_slug": "home-again",
            "new_parent_page": home.get_parent().pk,
            "copy_subpages": "on",
            "alias": "on",
        },
        follow=True,
    )
    assert "cannot be an alias" in refused.content.decode()
    assert not Page.objects.filter(alias_of__isnull=False).exists()
    with pytest.raises(ValidationError, match="cannot be an alias"):
        page.create_alias(update_slug="alias-of-original")


def test_deleting_an_opportunity_nobody_took_part_in_takes_its_activity(db):
    page = live(opportunity_create(title="Never run"))
    activity_id = page.activity_id
    assert activity_id is not None
    page.delete()
    assert not Activity.objects.filter(pk=activity_id).exists()


def test_a_page_object_read_before_its_activity_was_made_keeps_it_when_saved(db):
    """A publish that read the page before the first recording made its activity must
    not write None over it (the link is set once and never cleared)."""
    page = live(opportunity_create(title="Raced"))
    OpportunityPage.objects.filter(pk=page.pk).update(activity=None)
    stale = OpportunityPage.objects.get(pk=page.pk)  # read before the activity is made
    activity = opportunity_activity_sync(opportunity=page)
    stale.title = "Raced, retitled"
    stale.save()
    assert OpportunityPage.objects.get(pk=page.pk).activity_id == activity.pk
