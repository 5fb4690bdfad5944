"""Sending work to Celery: the one place every view and service queues a task through.

Two promises, whatever the mode:

- **A dead broker is an answer, not a 500.** `enqueue` catches the broker's refusal (kombu's
  OperationalError, a refused connection) and calls the caller's `on_failure(reason)`, which
  marks the row (import, report, score run) failed or ready again with a reason the user reads;
  nothing is left "queued" for good and the user can try again.
- **Long work never blocks a request.** With tasks in-process (CELERY_TASK_ALWAYS_EAGER, no
  broker: development and embedded use) the task runs in a small background thread, one task at
  a time like a single worker, with its own database connections closed at the end; the request
  returns at once and the page polls the row's progress as it does with a real worker.
  TASKS_IN_BACKGROUND_THREAD=False runs eager tasks inline instead (the test suite does).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What a user reads when the broker refused the work (stored on the row in their language).
NOT_QUEUED = _("The work could not be queued (the task service is unavailable). Try again.")

# The broker is down or unreachable: kombu wraps most of these, a refused socket may not be.
BROKER_ERRORS: tuple[type[BaseException], ...] = (BrokerError, ConnectionError, TimeoutError)

Failure = Callable[[str], None]

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_pending: set[Future[None]] = set()


def _in_background() -> bool:
    from governance.celery import app

    return bool(app.conf.task_always_eager and settings.TASKS_IN_BACKGROUND_THREAD)


def _background() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tavazon-task")
        return _executor


def _run_here(task: Any, args: tuple[Any, ...]) -> None:
    """Run an eager task in the background thread; its errors are logged, its connections closed."""
    close_old_connections()
    try:
        result = task.apply(args=args, throw=False)
        if result.failed():
            logger.error("background task %s%r failed: %s", task.name, args, result.result)
    except Exception:
        logger.exception("background task %s%r failed", task.name, args)
    finally:
        connections.close_all()


def enqueue(task: Any, *args: Any, on_failure: Failure | None = None) -> bool:
    """Send `task(*args)` now; False, after calling `on_failure(reason)`, if it was not queued."""
    if _in_background():
        future = _background().submit(_run_here, task, args)
        _pending.add(future)
        future.add_done_callback(_pending.discard)
        return True
    try:
        task.delay(*args)
    except BROKER_ERRORS as exc:
        logger.warning("could not queue %s%r: %s", task.name, args, exc)
        if on_failure is not None:
            on_failure(str(NOT_QUEUED))
        return False
    return True


def enqueue_after_commit(task: Any, *args: Any, on_failure: Failure | None = None) -> None:
    """Send `task(*args)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args, on_failure=on_failure))


def fail_waiting(rows: QuerySet[Any], failed: str, *, max_error: int = 2000) -> Failure:
    """An `on_failure` for a job's row (one with `status`, `error` and `finished_at`): `rows`, the
    job filtered to the status it waits in (so that a job already started is left alone), are
    marked `failed` now, with the reason as their error."""

    def fail(reason: str) -> None:
        rows.update(status=failed, error=reason[:max_error], finished_at=timezone.now())

    return fail


def wait_for_background_tasks(timeout: float | None = None) -> None:
    """Block until the background thread's tasks are done (tests and management commands)."""
    for future in list(_pending):
        future.result(timeout=timeout)
