"""The Celery application: configured from Django settings, tasks discovered per app."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")

app = Celery("tavazon")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
