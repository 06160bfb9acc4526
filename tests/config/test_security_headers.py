import pytest
from django.test import override_settings

PUBLIC_PAGES = ["/", "/accounts/login/", "/contact/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_only_the_wagtail_admin_allows_inline_script(client, superuser, admin_login):
    admin_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    script_src = next(
        part
        for part in response["Content-Security-Policy"].split(";")
        if part.strip().startswith("script-src")
    )
    assert "'unsafe-inline'" in script_src


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored(client, member):
    client.force_login(member)
    response = client.get("/account/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_for_visitors_may_be_cached(client):
    response = client.get("/contact/")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client, member):
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    from django.test import Client

    page = Client().get("/accounts/login/")  # a new visitor: the form sets the CSRF cookie
    assert "csrftoken" in page.cookies
    assert page.cookies["csrftoken"]["httponly"]
    assert page.cookies["csrftoken"]["samesite"] == "Lax"


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_with_production_security_settings_https_responses_carry_hsts(client, member):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    login = client.post(
        "/accounts/login/",
        {"login": member.email, "password": "correct-horse-battery-staple"},
        secure=True,
    )
    assert login.cookies["sessionid"]["secure"]
