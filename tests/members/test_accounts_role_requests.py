import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from members import roles
from members.factories import UserFactory
from members.models import User

URL = "/admin/researcher-requests/"


@pytest.fixture
def waiting(db):
    return UserFactory(
        email="rita@somewhere.ac.uk",
        name="Rita Ødegård",
        researcher_request=User.ResearcherRequest.PENDING,
        researcher_organisation="University of Somewhere",
    )


@pytest.fixture
def staff_client(client, staff, admin_login):
    admin_login(staff)
    return client


@pytest.mark.django_db
def test_staff_see_who_is_waiting(staff_client, waiting, member):
    html = staff_client.get(URL).content.decode()
    assert "Rita Ødegård" in html
    assert "University of Somewhere" in html
    assert member.email not in html


@pytest.mark.django_db
def test_the_list_uses_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    for n in range(30):
        UserFactory(email=f"r{n}@x.ac.uk", researcher_request=User.ResearcherRequest.PENDING)
    with django_assert_max_num_queries(25):
        response = staff_client.get(URL)
    assert response.content.decode().count("/decide/") == 30


@pytest.mark.django_db
def test_approving_grants_the_role_emails_and_logs_who_did_it(
    staff_client, staff, waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"{URL}{waiting.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.has_role(roles.RESEARCHER)
    assert waiting.researcher_decided_by == staff
    assert mail.outbox[-1].to == [waiting.email]
    entry = ModelLogEntry.objects.get(action="roundtable.researcher_approved")
    assert entry.user == staff
    assert entry.object_id == str(waiting.pk)


@pytest.mark.django_db
def test_declining_needs_a_message_which_is_sent(
    staff_client, waiting, django_capture_on_commit_callbacks
):
    staff_client.post(f"{URL}{waiting.pk}/decide/", {"decision": "decline", "note": ""})
    waiting.refresh_from_db()
    assert waiting.researcher_request == User.ResearcherRequest.PENDING  # nothing changed

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"{URL}{waiting.pk}/decide/",
            {"decision": "decline", "note": "We could not confirm your university post."},
        )
    waiting.refresh_from_db()
    assert waiting.researcher_request == User.ResearcherRequest.DECLINED
    assert not waiting.has_role(roles.RESEARCHER)
    assert "We could not confirm your university post." in mail.outbox[-1].body
    assert ModelLogEntry.objects.filter(action="roundtable.researcher_declined").count() == 1


@pytest.mark.django_db
def test_a_decided_request_cannot_be_decided_again(staff_client, waiting):
    staff_client.post(f"{URL}{waiting.pk}/decide/", {"decision": "approve"})
    response = staff_client.post(f"{URL}{waiting.pk}/decide/", {"decision": "decline", "note": "x"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_admin_users_without_the_permission_are_refused(client, waiting, admin_login):
    from django.contrib.auth.models import Permission

    editor = UserFactory(email="editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin_login(editor)
    # Refused the one way every staff screen refuses (home.permissions): the site's
    # 403 page, not Wagtail's redirect to the dashboard.
    for response in (
        client.get(URL),
        client.post(f"{URL}{waiting.pk}/decide/", {"decision": "approve"}),
    ):
        assert response.status_code == 403
        assert "You do not have access to this page" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.researcher_request == User.ResearcherRequest.PENDING


@pytest.mark.django_db
def test_members_are_refused(client, member, waiting):
    client.force_login(member)
    assert client.post(f"{URL}{waiting.pk}/decide/", {"decision": "approve"}).status_code == 403


@pytest.mark.django_db
def test_a_second_decision_on_the_same_request_is_refused(staff, waiting):
    from members.services.accounts import AlreadyDecided, role_request_approve, role_request_decline

    role_request_approve(user=waiting, by=staff)
    with pytest.raises(AlreadyDecided):
        role_request_decline(user=waiting, by=staff, note="too late")
    waiting.refresh_from_db()
    assert waiting.researcher_request == User.ResearcherRequest.APPROVED
    assert waiting.has_role(roles.RESEARCHER)


@pytest.mark.django_db
def test_an_empty_list_says_nobody_is_waiting(staff_client):
    assert "No one is waiting." in staff_client.get(URL).content.decode()
