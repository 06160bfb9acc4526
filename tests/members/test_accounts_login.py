import pytest
from django.core import mail

from members.factories import DEFAULT_PASSWORD


def login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_a_member_signs_in_with_any_letter_case_of_their_email(client, member):
    response = login(client, "Member@Example.org", DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert int(client.session["_auth_user_id"]) == member.pk


@pytest.mark.django_db
def test_a_wrong_password_gives_a_clear_error_without_saying_which_part_was_wrong(client, member):
    response = login(client, member.email, "not-the-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    # In our words (locale/en_GB), and the summary links the message to the form.
    assert "The email address or password is not right. Check them and try again" in html
    assert 'href="#id_login"' in html
    assert f'value="{member.email}"' in html


@pytest.mark.django_db
def test_the_sixth_wrong_password_in_a_row_is_refused(client, member):
    for _ in range(5):
        response = login(client, member.email, "wrong-password")
        assert "password is not right" in response.content.decode()
    response = login(client, member.email, "wrong-password")
    assert "You have tried too many times. Wait a few minutes" in response.content.decode()
    # Locked even with the right password now: the limit protects the account.
    response = login(client, member.email, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "You have tried too many times. Wait a few minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signing_out_takes_a_post(client, member):
    client.force_login(member)
    assert client.get("/accounts/logout/").status_code == 200  # a page with a button
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_account_exists(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": member.email})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "nobody@example.org"]
    reset_mail = next(m for m in mail.outbox if m.to == ["member@example.org"])
    assert "/accounts/password/reset/key/" in reset_mail.body


@pytest.mark.django_db
def test_a_signed_in_member_can_change_their_password(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-long-passphrase")


@pytest.mark.django_db
def test_a_signed_in_member_can_add_an_email_address(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/email/", {"action_add": "", "email": "new-address@example.org"}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new-address@example.org"]  # to be verified first


def test_account_page_needs_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
