"""Self-paced courses: the person says they finished, staff confirm or decline (with a
reason, emailed); staff revoke a completion. Nobody acts on their own record."""

import pytest
from django.core import mail

from members.factories import MemberFactory, ResearcherFactory
from tests.training.completion_helpers import completed, self_paced_course
from tests.training.helpers import staff_without_permissions
from training.models import Completion
from training.services import TrainingError
from training.services.completions import (
    completion_confirm,
    completion_declare,
    completion_decline,
    completion_revoke,
)

pytestmark = pytest.mark.django_db


def finished_url(course) -> str:
    return f"/training/courses/{course.pk}/finished/"


# --- Declaring ---------------------------------------------------------------------


def test_a_member_declares_a_self_paced_course_finished(client, member):
    course = self_paced_course()
    client.force_login(member)
    page = client.get(finished_url(course)).content.decode()
    assert "Have you finished this course?" in page
    response = client.post(finished_url(course))
    assert response.status_code == 302 and response["Location"] == finished_url(course)
    completion = Completion.objects.get(person=member, course=course)
    assert completion.status == Completion.Status.DECLARED
    assert completion.how == Completion.How.DECLARED
    assert completion.declared_at is not None and completion.completed_on is None
    page = client.get(finished_url(course)).content.decode()
    assert "You have told us you finished this course" in page


def test_declaring_twice_makes_one_declaration(client, member):
    course = self_paced_course()
    client.force_login(member)
    client.post(finished_url(course))
    client.post(finished_url(course))
    assert completion_declare(person=member, course=course).status == "declared"
    assert Completion.objects.filter(person=member, course=course).count() == 1


def test_a_course_not_meant_for_the_person_is_refused(client):
    course = self_paced_course(for_members=True, for_researchers=False)
    researcher = ResearcherFactory()
    client.force_login(researcher)
    assert client.get(finished_url(course)).status_code == 403
    assert client.post(finished_url(course)).status_code == 403
    with pytest.raises(TrainingError):
        completion_declare(person=researcher, course=course)
    assert not Completion.objects.exists()


def test_a_course_with_sessions_cannot_be_declared(client, member):
    from training.factories import course_create

    course = course_create(title="Chairing meetings")  # online, live: sessions
    client.force_login(member)
    assert client.get(finished_url(course)).status_code == 404
    with pytest.raises(TrainingError):
        completion_declare(person=member, course=course)


def test_signing_in_is_needed(client):
    course = self_paced_course()
    response = client.post(finished_url(course))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- Staff confirm or decline -------------------------------------------------------


def admin_url(completion, action: str = "") -> str:
    return f"/admin/training/completions/{completion.pk}/{action}"


def test_staff_see_declarations_waiting_and_confirm_one(
    admin_login, staff, member, django_capture_on_commit_callbacks
):
    course = self_paced_course()
    declared = completion_declare(person=member, course=course)
    client = admin_login(staff)
    listing = client.get("/admin/training/completions/").content.decode()
    assert "Siobh&aacute;n O&#x27;Connor" in listing or "O&#x27;Connor" in listing
    assert course.title in listing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(declared), {"decision": "confirm"})
    assert response.status_code == 302
    declared.refresh_from_db()
    assert declared.status == Completion.Status.COMPLETED
    assert declared.how == Completion.How.DECLARED
    assert declared.confirmed_by == staff and declared.completed_on is not None
    (email,) = mail.outbox
    assert email.to == [member.email] and course.title in email.subject
    assert f"/training/certificates/{declared.pk}/" in email.body


def test_staff_decline_with_a_reason_and_the_person_is_told(
    admin_login, staff, member, django_capture_on_commit_callbacks
):
    declared = completion_declare(person=member, course=self_paced_course())
    client = admin_login(staff)
    response = client.post(admin_url(declared), {"decision": "decline", "reason": ""})
    assert response.status_code == 200  # a reason is needed
    assert "Say why" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(admin_url(declared), {"decision": "decline", "reason": "Finish part 3 first."})
    assert not Completion.objects.filter(pk=declared.pk).exists()
    (email,) = mail.outbox
    assert "Finish part 3 first." in email.body
    # They may say so again later.
    assert completion_declare(person=member, course=declared.course).status == "declared"


def test_a_declaration_is_dealt_with_once(staff, member):
    declared = completion_declare(person=member, course=self_paced_course())
    completion_confirm(completion=declared, by=staff)
    with pytest.raises(TrainingError):
        completion_decline(completion=declared, by=staff, reason="Too late")
    with pytest.raises(TrainingError):
        completion_confirm(completion=declared, by=staff)


def test_staff_do_not_confirm_their_own(admin_login, staff):
    course = self_paced_course(for_staff=True)
    declared = completion_declare(person=staff, course=course)
    with pytest.raises(TrainingError):
        completion_confirm(completion=declared, by=staff)
    client = admin_login(staff)
    page = client.get(admin_url(declared)).content.decode()
    assert "This is your own record" in page
    client.post(admin_url(declared), {"decision": "confirm"})
    declared.refresh_from_db()
    assert declared.status == Completion.Status.DECLARED


def test_people_without_the_permission_are_refused(client, admin_login, member):
    declared = completion_declare(person=member, course=self_paced_course())
    other = MemberFactory()
    client.force_login(other)
    for url in ("/admin/training/completions/", admin_url(declared)):
        assert client.get(url).status_code == 403
    assert client.post(admin_url(declared), {"decision": "confirm"}).status_code == 403
    declared.refresh_from_db()
    assert declared.status == Completion.Status.DECLARED


def test_staff_without_the_permission_get_403(admin_login, member):
    declared = completion_declare(person=member, course=self_paced_course())
    done = completed()
    client = admin_login(staff_without_permissions())
    for url in ("/admin/training/completions/", admin_url(declared), admin_url(done, "revoke/")):
        assert client.get(url).status_code == 403
    assert client.post(admin_url(declared), {"decision": "confirm"}).status_code == 403
    assert client.post(admin_url(done, "revoke/"), {"reason": "A mistake"}).status_code == 403
    declared.refresh_from_db()
    done.refresh_from_db()
    assert declared.status == Completion.Status.DECLARED
    assert done.status == Completion.Status.COMPLETED


def test_the_waiting_panel_counts_declarations_but_not_their_own(rf, staff, member):
    from training.admin.completions import waiting

    completion_declare(person=member, course=self_paced_course())
    completion_declare(person=staff, course=self_paced_course(title="Other", for_staff=True))
    request = rf.get("/admin/")
    request.user = staff
    assert waiting(request).count == 1
    request.user = member
    assert waiting(request) is None


# --- Revoking -----------------------------------------------------------------------


def test_staff_revoke_a_completion_with_a_reason(
    admin_login, staff, django_capture_on_commit_callbacks
):
    completion = completed()
    client = admin_login(staff)
    response = client.post(admin_url(completion, "revoke/"), {"reason": ""})
    assert response.status_code == 200
    completion.refresh_from_db()
    assert completion.status == Completion.Status.COMPLETED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(completion, "revoke/"), {"reason": "Recorded by mistake."})
    assert response.status_code == 302
    completion.refresh_from_db()
    assert completion.status == Completion.Status.REVOKED
    assert completion.revoked_by == staff and completion.revoked_at is not None
    assert completion.revoked_reason == "Recorded by mistake."
    (email,) = mail.outbox
    assert "Recorded by mistake." in email.body and "revoked" in email.subject


def test_revoking_sends_the_named_event(staff):
    from training.hooks import course_completion_revoked

    heard = []

    def listener(sender, completion, **kwargs):
        heard.append(completion.pk)

    course_completion_revoked.connect(listener)
    try:
        completion = completed()
        completion_revoke(completion=completion, by=staff, reason="Wrong person")
    finally:
        course_completion_revoked.disconnect(listener)
    assert heard == [completion.pk]


def test_revoking_needs_a_reason_and_a_completed_course(staff, member):
    completion = completed()
    with pytest.raises(TrainingError):
        completion_revoke(completion=completion, by=staff, reason="  ")
    declared = completion_declare(person=member, course=self_paced_course())
    with pytest.raises(TrainingError):
        completion_revoke(completion=declared, by=staff, reason="No")


def test_staff_do_not_revoke_their_own(staff):
    completion = completed(staff, for_staff=True)
    with pytest.raises(TrainingError):
        completion_revoke(completion=completion, by=staff, reason="Mine")


def test_a_revoked_course_can_be_completed_again(staff):
    from training.services.completions import completion_record

    completion = completed()
    completion_revoke(completion=completion, by=staff, reason="Wrong date")
    again = completion_record(
        person=completion.person, course=completion.course, how="staff", by=staff
    )
    assert again.pk != completion.pk and again.status == Completion.Status.COMPLETED
    assert again.certificate_code != completion.certificate_code
