import pytest
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

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
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
