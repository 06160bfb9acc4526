"""The Celery app. Settings come from Django's settings (CELERY_* names).

Run a worker with `make worker` and the periodic scheduler with `make beat`;
neither is needed for `make run`, where tasks run eagerly in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("roundtable")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
