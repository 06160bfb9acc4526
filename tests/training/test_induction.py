"""The members' induction on the shortlist: "Induction not done" beside applicants who
have not completed it (training answers involvement's applicant_badges hook; the
shortlist never imports training), and staff select them only with a reason, which is
kept on the application's history for staff and never sent to the person."""

import pytest
from django.core import mail

from members.factories import MemberFactory
from opportunities.factories import opportunity_create
from opportunities.models import Application, ApplicationEvent
from opportunities.services.applications import ApplicationError, application_submit
from opportunities.services.selection import application_decide
from tests.training.helpers import completed, training_settings_set
from training.factories import course_create
from training.models import Completion

pytestmark = pytest.mark.django_db


@pytest.fixture
def induction(db):
    course = course_create(title="Welcome to the reference group")
    training_settings_set(member_induction=course)
    return course


def apply(member, opportunity):
    return application_submit(member=member, opportunity=opportunity, statement="I can help.")


def row_of(page: str, name: str) -> str:
    return page.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]


def test_the_shortlist_flags_the_applicant_without_the_induction_only(
    admin_login, staff, induction
):
    opportunity = opportunity_create()
    done = MemberFactory(name="Inducted Ines")
    completed(done, induction)
    apply(done, opportunity)
    apply(MemberFactory(name="New Nadia"), opportunity)
    page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "<strong>Induction not done</strong>" in row_of(page, "New Nadia")
    assert "you can select them, with a reason" in row_of(page, "New Nadia")
    assert "Induction not done" not in row_of(page, "Inducted Ines")
    assert page.count("Induction not done") == 1


def test_a_completion_waiting_for_staff_or_revoked_is_not_the_induction_done(induction):
    from involvement.selectors import applicant_badges

    declared, revoked = MemberFactory(), MemberFactory()
    completed(declared, induction, status=Completion.Status.DECLARED)
    completed(revoked, induction, status=Completion.Status.REVOKED)
    badges = applicant_badges([declared.pk, revoked.pk])
    assert [b.label for b in badges[declared.pk]] == ["Induction not done"]
    assert badges[revoked.pk][0].needs_reason


def test_without_an_induction_set_nobody_is_flagged(admin_login, staff):
    course_create(title="Welcome")  # a course, but not named the induction
    opportunity = opportunity_create()
    apply(MemberFactory(name="New Nadia"), opportunity)
    page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "Induction not done" not in page


def test_the_shortlist_asks_training_once_for_the_whole_page(
    admin_login, staff, induction, django_assert_max_num_queries
):
    opportunity = opportunity_create(places=50)
    apply(MemberFactory(), opportunity)
    client = admin_login(staff)
    url = f"/admin/shortlists/{opportunity.pk}/"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(12):
        member = MemberFactory()
        apply(member, opportunity)
        if n % 2:
            completed(member, induction)
    with django_assert_max_num_queries(40) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("<strong>Induction not done</strong>") == 7


def test_selecting_a_flagged_applicant_without_a_reason_is_refused(staff, induction):
    application = apply(MemberFactory(), opportunity_create())
    with pytest.raises(ApplicationError, match="Induction not done"):
        application_decide(application=application, status="selected", message="", by=staff)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not ApplicationEvent.objects.filter(status="selected").exists()


def test_selecting_a_flagged_applicant_with_a_reason_records_it_for_staff_only(
    admin_login, staff, induction, django_capture_on_commit_callbacks
):
    member = MemberFactory(name="New Nadia", email="nadia@example.org")
    application = apply(member, opportunity_create())
    client = admin_login(staff)
    url = f"/admin/shortlists/application/{application.pk}/selected/"
    form = client.get(url).content.decode()
    assert "Why are you selecting them?" in form and "Induction not done" in form

    refused = client.post(url, {"message": "Welcome!", "reason": "  "})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "<title>Error:" in page
    assert "Say why you are selecting them, as they are marked “Induction not done”." in page
    assert "Welcome!" in page  # what they typed is kept

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"message": "Welcome!", "reason": "Booked on the next induction."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
    event = application.events.get(status="selected")
    assert event.reason == "Booked on the next induction." and event.by == staff
    # Never sent to the person.
    assert mail.outbox and all("Booked on the next induction" not in m.body for m in mail.outbox)
    # Shown to staff in the application's history on the shortlist.
    shortlist = client.get(f"/admin/shortlists/{application.opportunity_id}/").content.decode()
    assert "Reason, for staff: Booked on the next induction." in row_of(shortlist, "New Nadia")


def test_an_applicant_who_did_the_induction_is_selected_without_a_reason(
    admin_login, staff, induction
):
    member = MemberFactory()
    completed(member, induction)
    application = apply(member, opportunity_create())
    client = admin_login(staff)
    url = f"/admin/shortlists/application/{application.pk}/selected/"
    assert "Why are you selecting them?" not in client.get(url).content.decode()
    assert client.post(url, {"message": ""}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
    assert application.events.get(status="selected").reason == ""


def test_other_decisions_on_a_flagged_applicant_need_no_reason(staff, induction):
    application = apply(MemberFactory(), opportunity_create())
    application_decide(application=application, status="waitlisted", message="", by=staff)
    application.refresh_from_db()
    assert application.status == Application.Status.WAITLISTED


def test_a_plain_string_badge_still_works_and_needs_no_reason(staff):
    """The hook's older answer (labels as strings) is still understood."""
    from involvement.hooks import applicant_badges

    member = MemberFactory()
    application = apply(member, opportunity_create())

    def plain(sender, member_ids, **kwargs):
        return {member.pk: ["Something else"]}

    applicant_badges.connect(plain, dispatch_uid="test.plain")
    try:
        application_decide(application=application, status="selected", message="", by=staff)
    finally:
        applicant_badges.disconnect(dispatch_uid="test.plain")
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
