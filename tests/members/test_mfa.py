"""Two-factor authentication: anyone may turn it on; staff must before the admin."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from members.factories import DEFAULT_PASSWORD, StaffFactory


def current_code(secret: str) -> str:
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def reauthenticate_if_asked(client, response):
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        client.post(response["Location"], {"password": DEFAULT_PASSWORD})


# Real commits: allauth sends authenticator_added on commit, inside the request.
@pytest.mark.django_db(transaction=True)
def test_staff_set_up_an_authenticator_then_sign_in_with_a_code(client, baseline):
    staff = StaffFactory(email="officer@example.org")
    client.post("/accounts/login/", {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"

    activate = client.get("/accounts/2fa/totp/activate/")
    reauthenticate_if_asked(client, activate)
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page).group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200

    # Next time, the password alone is not enough.
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    cache_key_safe_code = current_code(secret)
    response = client.post("/accounts/2fa/authenticate/", {"code": cache_key_safe_code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk


@pytest.mark.django_db
def test_members_may_turn_on_two_factor_authentication_too(client, member):
    client.force_login(member)
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert "Authenticator App" in response.content.decode()
