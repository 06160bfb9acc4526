"""Shared fixtures, and the rule for tests that need outside services.

Tests marked `postgres`, `redis` or `browser` skip with a one-line reason when the
service is missing on a developer's machine, so `make test` passes with Python
alone. When CI is set they run, and a missing service fails the test instead.
"""

import functools
import os
import shutil
import socket
import time
import uuid
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from members.factories import MemberFactory, ResearcherFactory, StaffFactory, UserFactory

IN_CI = bool(os.environ.get("CI"))
TEST_QUEUE = f"roundtable-test-{uuid.uuid4().hex}"
CHROMIUM = "/usr/bin/chromium"


def _port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@functools.cache
def service_problem(marker: str) -> str | None:
    """Why a service is unavailable, or None when it is there."""
    if marker == "postgres":
        if connection.vendor != "postgresql":
            return "needs PostgreSQL: set DATABASE_URL=postgres://…"
        return None
    if marker == "redis":
        broker = settings.CELERY_BROKER_URL
        if not broker.startswith("redis://"):
            return "needs Redis: set CELERY_BROKER_URL=redis://…"
        if not _port_open(broker, 6379):
            return f"Redis is not answering at {broker}"
        return None
    if marker == "browser":
        if not shutil.which(CHROMIUM):
            return f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        return None
    return None


def _database_order(item) -> int:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    if (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(fixtures):
        return 1
    if marker or "db" in fixtures:
        return 0
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Django's order once more: database tests, then transactional ones, then the rest.

    pytest-django sorts first, but pytest then groups tests that share a session-scoped
    fixture (the browser), which pulled ordinary database tests behind the transactional
    ones. Those empty the database when they end, so the tests after them found no site
    or home page. A stable sort keeps each group's own order."""
    items.sort(key=_database_order)


# --- Parallel runs (pytest-xdist, `make test` runs `-n 2`) ------------------------------
# Each worker runs its share of the tests in the order above; tests/scheduling.py says
# why xdist's own --dist modes cannot be used. Every mode that shares tests out (load,
# loadscope, loadfile, loadgroup, worksteal) is replaced. Each worker's own PostgreSQL
# test database comes from pytest-django, its own Redis databases from
# config/settings/test.py.
@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") in ("each", "no"):
        return None
    from tests.scheduling import InOrderScheduling

    return InOrderScheduling(config, log)


# --- End of parallel runs ---------------------------------------------------------------


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        problem = service_problem(marker)
        if problem is None:
            continue
        if IN_CI:
            pytest.fail(f"CI is set, so this must run: {problem}", pytrace=False)
        pytest.skip(problem)


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth keeps rate-limit counters in the cache: one test must not lock out the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _broker_not_paused(monkeypatch):
    # A test's unreachable broker must not pause the next test's hand-overs.
    from home import background

    monkeypatch.setattr(background, "_down_until", 0.0)


@pytest.fixture(autouse=True)
def _health_check_threads():
    # /healthz keeps a thread per check, with its connections, from one probe to the
    # next: each test starts afresh (its own settings, its own fake services), and no
    # connection is left open on the test database.
    from config import health

    yield
    health.stop_check_threads()


@pytest.fixture
def member(db):
    return MemberFactory(email="member@example.org", name="Siobhán O'Connor")


@pytest.fixture
def researcher(db):
    return ResearcherFactory(email="researcher@example.org")


@pytest.fixture
def staff(db):
    return StaffFactory(email="officer@example.org", name="Tomasz Wiśniewski")


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.org", is_superuser=True)


@pytest.fixture
def with_totp():
    """Give a user an authenticator app, as if they had set one up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def give(user):
        TOTP.activate(user, generate_totp_secret())
        return user

    return give


@pytest.fixture
def admin_login(client, with_totp):
    """Sign `user` in as if they had used their password and their authenticator app."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    def sign_in(user):
        client.force_login(with_totp(user))
        session = client.session
        # What allauth records after a password and a TOTP code (allauth 65.22;
        # the minor version is pinned in pyproject.toml for this reason).
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "email": user.email},
            {"method": "mfa", "at": time.time(), "type": "totp"},
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
        return client

    return sign_in


@pytest.fixture
def baseline(transactional_db):
    """What the data migrations made, made again for transactional tests.

    A transactional test (live server, real commits) empties every table when it
    ends, including the roles, Wagtail's root page and our home page and site. Tests
    that run after one need them back.
    """
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage

    ContentType.objects.clear_cache()  # the flush made new content types, new ids
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.objects.filter(depth=1).first() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Welcome", slug="home", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    importlib.import_module("members.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("members.migrations.0004_seed_taxonomy").seed(apps, None)
    importlib.import_module("members.migrations.0024_plain_english_topics").plain_english(
        apps, None
    )
    importlib.import_module("members.migrations.0005_staff_taxonomy_permissions").grant(apps, None)
    importlib.import_module("members.migrations.0006_membership_decision_permission").grant(
        apps, None
    )
    importlib.import_module("members.migrations.0016_census_2021_benchmark").seed(apps, None)
    importlib.import_module("members.migrations.0017_census_2021_age_care_and_disability").seed(
        apps, None
    )
    importlib.import_module("opportunities.migrations.0002_staff_permissions").grant(apps, None)
    importlib.import_module("opportunities.migrations.0019_staff_meeting_permissions").grant(
        apps, None
    )
    importlib.import_module("reciprocity.migrations.0002_staff_permissions").grant(apps, None)
    importlib.import_module("reciprocity.migrations.0004_staff_expense_permissions").grant(
        apps, None
    )
    importlib.import_module("reciprocity.migrations.0006_staff_skill_permissions").grant(apps, None)
    importlib.import_module("training.migrations.0002_staff_booking_permissions").grant(apps, None)
    importlib.import_module("training.migrations.0003_completions_staff_permission").grant(
        apps, None
    )
    importlib.import_module("training.migrations.0004_staff_wishes_permission").grant(apps, None)
    importlib.import_module("training.migrations.0006_staff_training_permissions").grant(apps, None)
    importlib.import_module("projects.migrations.0002_staff_project_permissions").grant(apps, None)
    return home


@pytest.fixture
def redis_worker(django_db_blocker):
    """A real Celery worker, in this process, consuming from the Redis broker.

    Use with @pytest.mark.redis and transactional tests: the worker thread has its
    own database connection and sees only committed rows.
    """
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    # A queue of this test session's own, so nothing left in Redis by another run is
    # picked up. One name for the session: Celery caches its queue list once built.
    app.conf.update(task_always_eager=False, task_default_queue=TEST_QUEUE)
    try:
        with (
            django_db_blocker.unblock(),
            start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker,
        ):
            yield worker
    finally:
        app.conf.update(saved)
