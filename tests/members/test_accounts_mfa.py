"""Two-factor authentication: anyone may turn it on; staff must before the admin."""

import re
import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache

from members.factories import DEFAULT_PASSWORD, StaffFactory


def current_code(secret: str) -> str:
    """The code an app shows now; never one about to expire (allauth takes only the
    current 30-second step)."""
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


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
    # allauth remembers used codes (in the cache) until their step is over; forget
    # them, as if the member signed in again a minute later, rather than wait here.
    cache.clear()
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk


@pytest.mark.django_db
def test_members_may_turn_on_two_factor_authentication_too(client, member):
    client.force_login(member)
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert "Authenticator app" in response.content.decode()  # sentence case: locale/en_GB
