"""Production settings refuse to start without their secrets, and pass Django's
deployment checks once they have them. Run in a subprocess: settings load once."""

import pytest

from tests.helpers import run_python

GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "involve.example.org",
    "DATABASE_URL": "postgres://roundtable@127.0.0.1:5432/roundtable",
}


def run_manage(*args: str, env: dict):
    return run_python("manage.py", *args, env=env)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_production_with_its_secrets_passes_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_data_command_refuses_production_settings():
    result = run_manage("load_demo_data", env=GOOD_ENV)
    assert result.returncode != 0
    assert "Demo data is for development only" in result.stderr


def test_production_turns_on_https_only_protections():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.ROUNDTABLE_DEMO_DATA_ALLOWED, "
        "s.CACHES['default']['BACKEND'])"
    )
    result = run_python("-c", code, env=GOOD_ENV, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "False",
        # Rate limits need a cache every server process shares: the database without Redis.
        "django.core.cache.backends.db.DatabaseCache",
    ]


EMAIL_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
)


@pytest.mark.parametrize(
    ("email_env", "expected"),
    [
        ({}, ["True", "False"]),  # STARTTLS by default
        ({"EMAIL_USE_TLS": "false"}, ["False", "False"]),  # a local relay
        ({"EMAIL_USE_SSL": "true"}, ["False", "True"]),  # TLS from the start, port 465
        ({"EMAIL_USE_SSL": "true", "EMAIL_USE_TLS": "false"}, ["False", "True"]),
    ],
)
def test_email_tls_and_ssl_are_set_from_the_environment(email_env, expected):
    result = run_python("-c", EMAIL_SETTINGS, env={**GOOD_ENV, **email_env}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected


def test_email_tls_and_ssl_together_are_refused():
    env = {**GOOD_ENV, "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}
    result = run_python("-c", EMAIL_SETTINGS, env=env, timeout=60)
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true" in result.stderr


PAGE_CACHE_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.PUBLIC_PAGE_CACHE_SECONDS, s.CACHES['default'].get('OPTIONS', {}).get('MAX_ENTRIES'))"
)


def test_without_redis_public_pages_are_not_cached_and_the_rate_limits_are_not_culled():
    """In the database cache, Django deletes a third of the rows past MAX_ENTRIES (300 by
    default), the smallest keys first: allauth's rate limits. Pages would fill it."""
    result = run_python("-c", PAGE_CACHE_SETTINGS, env=GOOD_ENV, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "1000000"]
    with_redis = {**GOOD_ENV, "CACHE_URL": "redis://127.0.0.1:6379/1"}
    result = run_python("-c", PAGE_CACHE_SETTINGS, env=with_redis, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["300", "None"]
