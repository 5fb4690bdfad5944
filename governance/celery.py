"""The Celery application: configured from Django settings, tasks discovered per app.

Every task runs in the country profile's time zone (`ProfileTimeZoneTask`, the app's task class):
what a task counts as "today" (participation measures of the current quarter, overdue
commitments, a report's date) is the day in the country, not in UTC.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")


class ProfileTimeZoneTask(Task):
    """A task run inside governance.country.profile_time_zone() (worker and eager runs alike)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from governance.country import profile_time_zone  # a model: import once Django is set up

        with profile_time_zone():
            return super().__call__(*args, **kwargs)


app = Celery("tavazon", task_cls=ProfileTimeZoneTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
