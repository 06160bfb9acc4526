"""Signing staff in to the Wagtail admin in a real browser, and scanning admin pages."""

import re
import time

from playwright.sync_api import expect

STAFF_EMAIL = "officer@example.org"


def admin_scan(page, axe_check):
    """axe_check, once Wagtail has shown its flash messages.

    Wagtail's admin (wagtailadmin/base.html, `.messages > ul`) fades its messages in when
    its JavaScript marks the page ready. Scanned half-way, white text sits on a pale green
    and axe reports a contrast of 1.6:1 that no one sees for more than a moment. The
    browser asks for reduced motion (see sign_in_to_the_admin), for which static/css/
    admin.css shows messages at once; this waits for that, then scans what people read.
    """
    page.wait_for_function(
        """() => {
            if (document.readyState !== "complete") return false;
            const list = document.querySelector("[data-w-messages-target=container]");
            if (!list || !list.children.length) return true;
            return (
                document.body.classList.contains("ready")
                && getComputedStyle(list).opacity === "1"
                && list.getAnimations().length === 0
            );
        }"""
    )
    axe_check(page)


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, made with allauth 65.22's own helpers
    (internal: the minor version is pinned in pyproject.toml)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    # allauth accepts only the current 30-second step (MFA_TOTP_TOLERANCE is 0): near
    # the end of one, wait for the next rather than send a code about to expire.
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def staff_with_authenticator(email: str = STAFF_EMAIL, name: str = "Tomasz Wiśniewski"):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from members.factories import StaffFactory

    staff = StaffFactory(email=email, name=name)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return staff, secret


def sign_in_to_the_admin(page, live_server, axe_check, secret, email: str = STAFF_EMAIL):
    """Through allauth, as staff do: the admin sends them to sign in, then asks for a code."""
    from members.factories import DEFAULT_PASSWORD

    page.emulate_media(reduced_motion="reduce")  # see admin_scan
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    admin_scan(page, axe_check)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    admin_scan(page, axe_check)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    admin_scan(page, axe_check)
