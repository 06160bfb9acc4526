"""Re-authentication ("Confirm access") before sensitive actions: a fresh sign-in counts
(members.adapters.AccountAdapter.is_reauthentication_required), so staff are not asked
for their password straight after signing in; later, they are asked again."""

import re

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

from members.factories import DEFAULT_PASSWORD, StaffFactory
from tests.members.test_accounts_mfa import current_code

ACTIVATE = "/accounts/2fa/totp/activate/"


def sign_in(client, person) -> None:
    response = client.post(
        "/accounts/login/", {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def signed_in_ago(client, seconds: float) -> None:
    """As if every way this session proved who it is was `seconds` ago."""
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] -= seconds
    session.save()


@pytest.mark.django_db
def test_straight_after_signing_in_staff_are_not_asked_to_confirm_access(client):
    staff = StaffFactory(email="officer@example.org")
    sign_in(client, staff)
    assert client.get("/admin/")["Location"] == ACTIVATE
    response = client.get(ACTIVATE)
    assert response.status_code == 200  # the set-up page, not "Confirm access"
    assert 'id="authenticator_secret"' in response.content.decode()


@pytest.mark.django_db
def test_a_while_after_signing_in_sensitive_actions_ask_again(client):
    staff = StaffFactory(email="officer@example.org")
    sign_in(client, staff)
    signed_in_ago(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    # Confirming access works as before, and then the page opens.
    client.post(response["Location"], {"password": DEFAULT_PASSWORD})
    assert client.get(ACTIVATE).status_code == 200


@pytest.mark.django_db
def test_a_signed_in_session_with_no_record_of_how_is_asked(client):
    """force_login leaves no record of a password or code: nothing to count."""
    staff = StaffFactory(email="officer@example.org")
    client.force_login(staff)
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["password", "password_reset", "code", "socialaccount"])
def test_only_a_password_or_second_factor_counts_as_a_fresh_sign_in(client, method):
    """A password reset link (or a code sent by email) proves only the mailbox: it is
    not a confirmation of access (security review of issue 14, item 13)."""
    import time

    staff = StaffFactory(email="officer@example.org")
    client.force_login(staff)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": method, "at": time.time()}]
    session["account_authentication_methods_user"] = str(staff.pk)  # whose records
    session.save()
    response = client.get(ACTIVATE)
    if method == "password":  # the control: the same record by password counts
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


@pytest.mark.django_db(transaction=True)
def test_after_setting_up_the_app_the_recovery_codes_lead_on_to_the_admin(client, baseline):
    staff = StaffFactory(email="officer@example.org")
    sign_in(client, staff)
    page = client.get(ACTIVATE).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page).group(1)
    response = client.post(ACTIVATE, {"code": current_code(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert "<title>Recovery codes" in codes
    assert '<a href="/admin/">Continue to the admin</a>' in codes
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_members_recovery_codes_do_not_offer_the_admin(client, member):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    RecoveryCodes.activate(member)
    sign_in(client, member)
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert "Unused codes" in page and "Continue to the admin" not in page
