"""A member's own data: the download, and erasing the account."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError
from wagtail.models import ModelLogEntry

from home.demo_content import demo_pages_create
from home.models import OutboxEmail
from members.demo_content import demo_groups_create
from members.factories import DEFAULT_PASSWORD, MemberFactory
from members.hooks import account_erasing, personal_data_requested
from members.models import (
    AccountErasure,
    ConsentRecord,
    GroupMembership,
    MemberProfile,
    Topic,
    User,
)
from members.services.memberships import membership_approve, membership_join
from members.services.personal_data import account_erase
from members.services.profiles import privacy_notice_accept

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    demo_pages_create()
    return {group.slug: group for group in demo_groups_create()}


@pytest.fixture
def siobhan(groups, staff):
    """A member with a profile, two memberships (one decided by staff) and consents."""
    person = MemberFactory(email="siobhan@example.org", name="Siobhán Ó Briain")
    profile = MemberProfile.objects.create(
        user=person, phone="07700 900123", access_needs="Large print, please", format_online=True
    )
    profile.topics.add(Topic.objects.get(name="Carer"))
    privacy_notice_accept(user=person)
    open_group = groups["living-with-diabetes"]
    membership_join(
        member=person, group=open_group, accepted_version=open_group.current_ground_rules()
    )
    by_approval = next(g for g in groups.values() if g.join_policy == "approval")
    applied = membership_join(
        member=person, group=by_approval, accepted_version=by_approval.current_ground_rules()
    )
    membership_approve(membership=applied, by=staff, note="Welcome, Siobhán!")
    return person


def _archive(response) -> tuple[dict, str]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["your-data.html", "your-data.json"]
        return json.loads(archive.read("your-data.json")), archive.read("your-data.html").decode()


def test_a_member_downloads_everything_we_hold_as_json_and_a_readable_page(client, siobhan):
    client.force_login(siobhan)
    response = client.post("/account/your-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="your-data-')
    data, html = _archive(response)

    assert data["Your account"]["Name"] == "Siobhán Ó Briain"
    assert data["Your account"]["Email address"] == "siobhan@example.org"
    assert data["Your profile"]["Phone"] == ["07700 900123"]
    assert data["Your profile"]["Experience"] == ["Carer"]
    assert data["Your profile"]["Ways to take part"] == ["Online, for example video calls"]
    groups = {m["Group"]: m for m in data["Your reference groups"]}
    assert len(groups) == 2
    assert "Welcome, Siobhán!" in [m["Message from the involvement team"] for m in groups.values()]
    kinds = [consent["What"] for consent in data["What you agreed to"]]
    assert kinds.count("Ground rules") == 2 and "Privacy notice" in kinds
    assert "Membership approved" in [entry["what"] for entry in data["History of your account"]]

    assert "<h1>Your data at" in html
    assert "Siobhán Ó Briain" in html and "Large print, please" in html


def test_the_download_holds_only_the_signed_in_persons_data(client, siobhan):
    other = MemberFactory(email="other@example.org", name="Someone Else")
    client.force_login(other)
    data, html = _archive(client.post("/account/your-data/download/"))
    assert data["Your account"]["Email address"] == "other@example.org"
    assert data["Your reference groups"] == []
    assert "Siobhán" not in json.dumps(data, ensure_ascii=False) and "Siobhán" not in html


def test_the_download_needs_sign_in_and_a_post(client, siobhan):
    response = client.post("/account/your-data/download/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(siobhan)
    # A link (GET) cannot start a download: it goes to the page that explains it.
    assert client.get("/account/your-data/download/")["Location"] == "/account/your-data/"


def test_upper_apps_add_their_sections_to_the_download(client, siobhan):
    def receiver(sender, user, **kwargs):
        return ("Your applications", [{"Opportunity": "Diabetes app review", "For": user.name}])

    personal_data_requested.connect(receiver, dispatch_uid="test-upper-app")
    try:
        client.force_login(siobhan)
        data, _html = _archive(client.post("/account/your-data/download/"))
    finally:
        personal_data_requested.disconnect(dispatch_uid="test-upper-app")
    assert data["Your applications"] == [
        {"Opportunity": "Diabetes app review", "For": "Siobhán Ó Briain"}
    ]


def test_erasure_needs_the_password_and_keeps_what_was_typed_out(client, siobhan):
    client.force_login(siobhan)
    page = client.get("/account/delete/").content.decode()
    assert "Delete my account" in page and 'autocomplete="current-password"' in page

    empty = client.post("/account/delete/", {})
    assert "Enter your password to delete your account" in empty.content.decode()

    response = client.post("/account/delete/", {"password": "not-my-password"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "The password is not right" in page
    assert User.objects.filter(pk=siobhan.pk).exists()
    assert not AccountErasure.objects.exists()


def test_erasure_removes_personal_data_and_memberships_and_records_only_the_fact(
    client, siobhan, django_capture_on_commit_callbacks
):
    pk = siobhan.pk
    membership_ids = list(siobhan.memberships.values_list("pk", flat=True))
    client.force_login(siobhan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/delete/", {"password": DEFAULT_PASSWORD})
    assert response["Location"] == "/account/deleted/"

    assert not User.objects.filter(pk=pk).exists()
    assert not MemberProfile.objects.filter(user_id=pk).exists()
    assert not GroupMembership.objects.filter(member_id=pk).exists()
    assert not ConsentRecord.objects.filter(user_id=pk).exists()
    assert not EmailAddress.objects.filter(email__iexact="siobhan@example.org").exists()

    erasure = AccountErasure.objects.get()
    assert erasure.method == AccountErasure.Method.SELF
    assert erasure.roles == "Member"

    # The log keeps what happened but no longer names the person or quotes messages.
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(GroupMembership),
        object_id__in=[str(i) for i in membership_ids],
    )
    assert entries.exists()
    for entry in entries:
        assert "Siobh" not in entry.label and entry.data == {}

    # Signed out, told it is done, and emailed at the address that is now gone.
    assert "_auth_user_id" not in client.session
    assert "Your account has been deleted" in client.get("/account/deleted/").content.decode()
    assert [m.to for m in mail.outbox] == [["siobhan@example.org"]]
    assert "deleted" in mail.outbox[0].subject


def test_the_same_address_can_join_again_after_erasure(siobhan):
    account_erase(user=siobhan)
    assert MemberFactory(email="siobhan@example.org").pk != siobhan.pk


def test_an_upper_app_failing_during_erasure_leaves_everything_in_place(siobhan):
    def receiver(sender, user, **kwargs):
        raise IntegrityError("the payments app could not pseudonymise")

    account_erasing.connect(receiver, dispatch_uid="test-failing-app")
    try:
        with pytest.raises(IntegrityError):
            account_erase(user=siobhan)
    finally:
        account_erasing.disconnect(dispatch_uid="test-failing-app")
    assert User.objects.filter(pk=siobhan.pk).exists()
    assert GroupMembership.objects.filter(member=siobhan).count() == 2
    assert not AccountErasure.objects.exists()


def test_staff_accounts_cannot_be_erased_from_the_account_page(client, staff):
    client.force_login(staff)
    assert client.get("/account/delete/").status_code == 403
    assert client.post("/account/delete/", {"password": DEFAULT_PASSWORD}).status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()
    assert (
        "Staff accounts are closed by an administrator"
        in client.get("/account/your-data/").content.decode()
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ["/account/your-data/", "/account/delete/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_erasure_forgets_every_email_to_the_person_the_goodbye_once_sent(
    siobhan, django_capture_on_commit_callbacks
):
    # Issue 11, finding 6: the goodbye used to stay in the outbox for 90 days with the
    # person's name and address. Now nothing about them stays once it has gone.
    assert OutboxEmail.objects.filter(to_address__iexact="siobhan@example.org").count() >= 2
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=siobhan)
    assert "deleted" in mail.outbox[-1].subject  # it was sent
    assert mail.outbox[-1].to == ["siobhan@example.org"]
    assert not OutboxEmail.objects.filter(to_address__iexact="siobhan@example.org").exists()
    for notification in OutboxEmail.objects.all():
        text = json.dumps(notification.payload, ensure_ascii=False)
        assert "siobhan@example.org" not in text and "Siobhán" not in text


def test_a_goodbye_that_fails_for_good_is_forgotten_too(
    siobhan, django_capture_on_commit_callbacks, monkeypatch
):
    import smtplib

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"siobhan@example.org": (550, b"No such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=siobhan)
    assert not OutboxEmail.objects.filter(to_address__iexact="siobhan@example.org").exists()
    assert not OutboxEmail.objects.filter(last_error__icontains="siobhan").exists()
