"""Nobody acts on their own record (issue 11, finding 11): a member of staff who is
also a member cannot select themselves, record their own involvement, decide their own
expense claim, generate, approve, release, pay or cancel their own payment, add to
their own record, or decide their own membership or researcher request. Each service
refuses with one message, each screen shows it (never a 500), and the buttons are not
offered on their own rows."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from involvement.models import Involvement
from members import roles
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, StaffFactory
from members.models import GroupMembership, Skill, User
from members.services.accounts import role_request_approve, role_request_decline
from members.services.memberships import (
    MembershipError,
    membership_accept_ground_rules,
    membership_approve,
    membership_decline,
    membership_renew,
)
from members.services.own_record import OwnRecordError
from opportunities.factories import ResearchRequestFactory, opportunity_create
from opportunities.models import Application
from opportunities.services.applications import ApplicationError, application_submit
from opportunities.services.involvement import (
    application_involvement_record,
    opportunity_activity_sync,
)
from opportunities.services.research_requests import (
    ResearchRequestError,
    research_request_set_status,
)
from opportunities.services.selection import application_decide
from reciprocity.factories import rate_card_example
from reciprocity.models import ExpenseClaim, Payment, SkillGained
from reciprocity.services.expenses import expense_claim_decide, expense_claim_submit
from reciprocity.services.payments import (
    PaymentError,
    payment_approve,
    payment_cancel,
    payment_mark_paid,
    payment_release_hold,
    payments_generate,
)
from reciprocity.services.skills import skill_gained_add
from tests.reciprocity.expense_journey import pdf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
OWN = "your own record"


@pytest.fixture
def officer(db):
    """Involvement staff who is also a member, and has taken part."""
    return StaffFactory(
        email="officer.member@example.org",
        name="Olu Officer",
        roles=[roles.INVOLVEMENT_STAFF, roles.MEMBER],
    )


@pytest.fixture
def colleague(db):
    return StaffFactory(email="colleague@example.org")


@pytest.fixture
def opportunity(db):
    return opportunity_create(title="Leaflet panel", places=3)


@pytest.fixture
def own_application(officer, opportunity):
    return application_submit(member=officer, opportunity=opportunity, statement="Keen")


@pytest.fixture
def own_involvement(officer, opportunity):
    rate_card_example()
    return Involvement.objects.create(
        member=officer,
        activity=opportunity_activity_sync(opportunity=opportunity),
        started_on=TODAY,
        hours=Decimal("2"),
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Services ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["shortlisted", "selected", "waitlisted", "not_selected"])
def test_staff_cannot_decide_their_own_application(officer, own_application, status):
    with pytest.raises(ApplicationError, match=OWN):
        application_decide(application=own_application, status=status, message="", by=officer)
    own_application.refresh_from_db()
    assert own_application.status == Application.Status.SUBMITTED


def test_staff_cannot_record_their_own_involvement(officer, colleague, own_application):
    application_decide(application=own_application, status="selected", message="", by=colleague)
    with pytest.raises(ApplicationError, match=OWN):
        application_involvement_record(
            application=own_application, attended=True, started_on=TODAY, hours=999, by=officer
        )
    assert not Involvement.objects.exists()
    # A colleague can.
    application_involvement_record(
        application=own_application, attended=True, started_on=TODAY, hours=2, by=colleague
    )
    assert Involvement.objects.get().hours == 2


@pytest.mark.parametrize("status", ["approved", "queried", "rejected"])
def test_staff_cannot_decide_their_own_expense_claim(officer, own_involvement, status):
    claim = expense_claim_submit(
        member=officer,
        involvement=own_involvement,
        items=[{"kind": "parking", "amount": "4", "receipt": pdf()}],
    )
    with pytest.raises(PaymentError, match=OWN):
        expense_claim_decide(claim=claim, status=status, message="Why?", by=officer)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED


def test_generating_payments_skips_your_own_and_makes_the_others(
    officer, own_involvement, opportunity
):
    other = Involvement.objects.create(
        member=MemberFactory(),
        activity=opportunity_activity_sync(opportunity=opportunity),
        started_on=TODAY,
        hours=Decimal("2"),
    )
    result = payments_generate(involvements=[own_involvement, other], by=officer)
    assert result.created == 1
    assert list(Payment.objects.values_list("member_id", flat=True)) == [other.member_id]
    assert any("ask a colleague" in reason for reason in result.not_paid)


def test_staff_cannot_release_approve_pay_or_cancel_their_own_payment(
    officer, colleague, own_involvement
):
    payments_generate(involvements=[own_involvement], by=colleague)
    payment = Payment.objects.get()
    payment.status = Payment.Status.HELD
    payment.save()
    with pytest.raises(PaymentError, match=OWN):
        payment_release_hold(payment=payment, by=officer, note="Talked to myself")
    payment_release_hold(payment=payment, by=colleague, note="Talked")
    with pytest.raises(PaymentError, match=OWN):
        payment_approve(payment=payment, by=officer)
    third = StaffFactory()
    payment_approve(payment=payment, by=third)
    with pytest.raises(PaymentError, match=OWN):
        payment_mark_paid(payment=payment, by=officer, paid_on=TODAY, reference="X1")
    with pytest.raises(PaymentError, match=OWN):
        payment_cancel(payment=payment, by=officer, note="Mine")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.APPROVED


def test_staff_cannot_add_a_skill_to_their_own_record(officer):
    skill = Skill.objects.create(name="Chairing meetings")
    with pytest.raises(OwnRecordError, match=OWN):
        skill_gained_add(person=officer, skill=skill, gained_on=TODAY, activity="", by=officer)
    assert not SkillGained.objects.exists()


def test_staff_cannot_decide_renew_or_record_rules_for_their_own_membership(officer):
    group = demo_groups_create()[0]
    applied = GroupMembership.objects.create(
        member=officer, group=group, status=GroupMembership.Status.APPLIED
    )
    for decide in (membership_approve, membership_decline):
        with pytest.raises(MembershipError, match=OWN):
            decide(membership=applied, by=officer, note="Yes")
    applied.refresh_from_db()
    assert applied.status == GroupMembership.Status.APPLIED
    with pytest.raises(MembershipError, match=OWN):
        membership_renew(membership=applied, by=officer)
    with pytest.raises(MembershipError, match=OWN):
        membership_accept_ground_rules(
            membership=applied,
            accepted_version=group.current_ground_rules(),
            recorded_by=officer,
        )


def test_staff_cannot_decide_their_own_researcher_request(officer):
    User.objects.filter(pk=officer.pk).update(researcher_request=User.ResearcherRequest.PENDING)
    officer.refresh_from_db()
    with pytest.raises(OwnRecordError, match=OWN):
        role_request_approve(user=officer, by=officer)
    with pytest.raises(OwnRecordError, match=OWN):
        role_request_decline(user=officer, by=officer, note="No")
    assert not officer.has_role(roles.RESEARCHER)


def test_staff_cannot_decide_their_own_research_request(officer):
    request = ResearchRequestFactory(researcher=officer, status="submitted")
    with pytest.raises(ResearchRequestError, match=OWN):
        research_request_set_status(
            research_request=request, status="accepted", message="", by=officer
        )


# --- Screens ----------------------------------------------------------------------------


def test_the_shortlist_offers_no_decision_on_your_own_row(
    admin_login, officer, own_application, opportunity
):
    from django.urls import reverse

    other = application_submit(member=MemberFactory(), opportunity=opportunity, statement="Hi")
    page = admin_login(officer).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert reverse("opportunities_application_decide", args=[other.pk, "selected"]) in page
    assert "Your own application: a colleague decides it." in page
    for status in ("shortlisted", "selected", "waitlisted", "not_selected"):
        own = reverse("opportunities_application_decide", args=[own_application.pk, status])
        assert own not in page


def test_selecting_yourself_on_the_screen_is_refused_with_a_message(
    admin_login, officer, own_application
):
    from django.urls import reverse

    url = reverse("opportunities_application_decide", args=[own_application.pk, "selected"])
    response = admin_login(officer).post(url, {"message": "Me!"})
    assert response.status_code == 200
    assert "This is your own record" in response.content.decode()
    own_application.refresh_from_db()
    assert own_application.status == Application.Status.SUBMITTED


def test_recording_your_own_involvement_on_the_screen_is_refused(
    admin_login, officer, colleague, own_application
):
    from django.urls import reverse

    application_decide(application=own_application, status="selected", message="", by=colleague)
    url = reverse("opportunities_involvement", args=[own_application.pk])
    response = admin_login(officer).post(
        url, {"attended": "on", "started_on": TODAY.isoformat(), "hours": "999"}
    )
    assert response.status_code == 200
    assert "This is your own record" in response.content.decode()
    assert not Involvement.objects.exists()


def test_your_own_expense_claim_has_no_decision_form(admin_login, officer, own_involvement):
    from django.urls import reverse

    claim = expense_claim_submit(
        member=officer,
        involvement=own_involvement,
        items=[{"kind": "parking", "amount": "4", "receipt": pdf()}],
    )
    client = admin_login(officer)
    url = reverse("reciprocity_claim", args=[claim.pk])
    page = client.get(url).content.decode()
    assert "This is your own claim: a colleague must decide it." in page
    assert "Save and tell the member" not in page
    response = client.post(url, {"decision": "approved", "message": ""})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED


def test_your_own_payment_offers_no_action_and_a_posted_one_is_refused(
    admin_login, officer, colleague, own_involvement
):
    from django.urls import reverse

    payments_generate(involvements=[own_involvement], by=colleague)
    payment = Payment.objects.get()
    client = admin_login(officer)
    url = reverse("reciprocity_payment", args=[payment.pk])
    page = client.get(url).content.decode()
    assert "This is a payment to you: a colleague must deal with it." in page
    assert 'name="action" value="approve"' not in page
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 200
    assert "This is your own record" in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PROPOSED


def test_adding_a_skill_to_your_own_record_is_refused_with_a_message(admin_login, officer):
    from django.urls import reverse

    client = admin_login(officer)
    record = client.get(reverse("members_member_record", args=[officer.pk])).content.decode()
    assert "Add a skill gained" not in record
    url = reverse("reciprocity_skill_add", args=[officer.pk])
    skill = Skill.objects.create(name="Chairing meetings")
    for response in (
        client.get(url),
        client.post(url, {"skill": skill.pk, "gained_on": TODAY.isoformat(), "activity": ""}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("members_member_record", args=[officer.pk])
        assert any("This is your own record" in m for m in _messages(response))
    assert not SkillGained.objects.exists()


def test_deciding_your_own_membership_on_the_screen_is_refused(admin_login, officer):
    from django.urls import reverse

    group = demo_groups_create()[0]
    applied = GroupMembership.objects.create(
        member=officer, group=group, status=GroupMembership.Status.APPLIED
    )
    client = admin_login(officer)
    page = client.get(reverse("members_membership_requests")).content.decode()
    assert "This is you: a colleague decides." in page
    response = client.post(
        reverse("members_membership_decide", args=[applied.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert any("This is your own record" in m for m in _messages(response))
    applied.refresh_from_db()
    assert applied.status == GroupMembership.Status.APPLIED


def test_deciding_your_own_researcher_request_on_the_screen_is_refused(admin_login, officer):
    from django.urls import reverse

    User.objects.filter(pk=officer.pk).update(researcher_request=User.ResearcherRequest.PENDING)
    client = admin_login(officer)
    page = client.get(reverse("members_researcher_requests")).content.decode()
    assert "This is you: a colleague decides." in page
    response = client.post(
        reverse("members_researcher_decide", args=[officer.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert any("This is your own record" in m for m in _messages(response))
    officer.refresh_from_db()
    assert officer.researcher_request == User.ResearcherRequest.PENDING


def test_staff_cannot_select_themselves_through_the_waiting_list(officer, colleague):
    # The officer waits for the one place; turning down the person who holds it would
    # give it to them.
    opportunity = opportunity_create(title="One place", places=1)
    other = application_submit(
        member=MemberFactory(email="holder@example.org"), opportunity=opportunity, statement="x"
    )
    own = application_submit(member=officer, opportunity=opportunity, statement="x")
    application_decide(application=other, status="selected", message="", by=colleague)
    application_decide(application=own, status="waitlisted", message="", by=colleague)
    with pytest.raises(ApplicationError, match="would go to you"):
        application_decide(application=other, status="not_selected", message="", by=officer)
    other.refresh_from_db()
    own.refresh_from_db()
    assert (other.status, own.status) == ("selected", "waitlisted")
    # A colleague may: the place then goes to the officer, in turn.
    application_decide(application=other, status="not_selected", message="", by=colleague)
    own.refresh_from_db()
    assert own.status == "selected"
