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
    # Nothing listens on port 1: the same check against a broker that is down.
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
