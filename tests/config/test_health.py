import threading

import pytest
from django.db import connections
from django.db.utils import OperationalError

from config import health


@pytest.mark.django_db
def test_healthz_reports_each_configured_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert set(body["checks"]) == set(health.configured_checks())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    # On the class: the check runs in a thread of its own, with its own connection.
    monkeypatch.setattr(type(connections["default"]), "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {**response.json()["checks"], "database": "error"},
    }
    assert "connection refused" not in response.content.decode()  # details go to the log


@pytest.mark.django_db
def test_healthz_checks_the_broker_when_one_is_configured(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    def unreachable():
        raise OSError("refused")

    monkeypatch.setattr(health, "_check_broker", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"


@pytest.mark.django_db
def test_healthz_checks_the_cache_when_one_is_configured(client, settings, monkeypatch):
    settings.CACHE_URL = "redis://example.invalid:6379/1"
    monkeypatch.setattr(health, "_check_cache", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_reaches_the_real_broker(client, monkeypatch):
    from config.celery import app

    response = client.get("/healthz")
    assert response.json()["checks"]["broker"] == "ok"
    connect = app.connection_for_write
    # Nothing listens on port 1: the same check against a broker that is down (from a
    # new check thread: the one before keeps its connection to the real broker).
    health.stop_check_threads()
    monkeypatch.setattr(app, "connection_for_write", lambda: connect(url="redis://127.0.0.1:1/0"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"


MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.static_storage.StaticFilesStorage"},
}


@pytest.mark.django_db
def test_healthz_is_503_when_pages_cannot_find_their_static_files(client, settings, tmp_path):
    # Production's manifest storage before (or after a failed) collectstatic: every
    # {% static %} raises, so every page would be a 500; the probe must say so.
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["static"] == "error"


@pytest.mark.django_db
def test_collectstatic_with_the_production_storage_then_pages_render(client, settings, tmp_path):
    # The NHS.UK CSS names a source map it does not ship; WhiteNoise's own manifest
    # storage failed collectstatic on it (issue 12), ours leaves such comments alone.
    from django.core.management import call_command

    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert client.get("/healthz").json()["checks"]["static"] == "ok"
    page = client.get("/")
    assert page.status_code == 200
    assert "/static/css/roundtable." in page.content.decode()  # the hashed name


@pytest.mark.django_db(transaction=True)
def test_healthz_keeps_its_database_connection_from_one_probe_to_the_next(client):
    from django.db.backends.signals import connection_created

    opened = []

    def count(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(count)
    try:
        for _ in range(6):
            assert client.get("/healthz").status_code == 200
    finally:
        connection_created.disconnect(count)
    assert len(opened) <= 1  # one connection, opened by the first probe at most


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_keeps_its_broker_and_cache_connections(client, monkeypatch, settings):
    import redis

    assert settings.CACHE_URL, "this test needs CACHE_URL"
    sockets = []
    real = redis.connection.Connection._connect

    def counted(self):
        sockets.append(self.port)
        return real(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counted)
    for _ in range(6):
        response = client.get("/healthz")
        assert response.json()["checks"]["broker"] == "ok"
        assert response.json()["checks"]["cache"] == "ok"
    assert len(sockets) <= 2  # one for the broker, one for the cache; was two a probe


def test_a_check_still_stuck_from_the_last_probe_is_an_error_without_a_second_thread():
    never = threading.Event()
    calls = []

    def stuck():
        calls.append(1)
        return never.wait()

    try:
        first = health.run_checks({"stuck": stuck, "fine": lambda: True}, deadline=0.3)
        second = health.run_checks({"stuck": stuck, "fine": lambda: True}, deadline=0.3)
        running = [t for t in threading.enumerate() if t.name == "healthz-stuck"]
    finally:
        never.set()
    assert first == second == {"stuck": "error", "fine": "ok"}
    assert len(calls) == 1  # the second probe did not run it again
    assert len(running) == 1


@pytest.mark.django_db
def test_healthz_is_503_when_no_thread_can_be_started(client, monkeypatch):
    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert set(response.json()["checks"].values()) == {"error"}
