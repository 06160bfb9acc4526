from django.conf import settings

from config.celery import app
from tests.helpers import run_python


def test_celery_is_wired_to_django_settings_safely():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


def test_tasks_are_discovered_from_the_apps():
    app.loader.import_default_modules()
    assert {"home.send_notification", "home.notifications_sweep"} <= set(app.tasks)


def test_the_email_sweep_runs_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep"]
    assert (entry["task"], entry["schedule"]) == ("home.notifications_sweep", 300)
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_without_a_broker_tasks_run_in_process():
    # The embedded default: dev settings with no CELERY_BROKER_URL in the environment.
    code = (
        "import django; django.setup(); from config.celery import app; "
        "print(app.conf.broker_url, app.conf.task_always_eager)"
    )
    result = run_python("-c", code, env={"DJANGO_SETTINGS_MODULE": "config.settings.dev"})
    assert result.stdout.split() == ["memory://", "True"], result.stderr
