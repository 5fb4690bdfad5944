"""Shared fixtures: the personas, a small geography, and Celery run in-process.

`make test` runs the suite on pytest-xdist workers, one test file at a time per worker (README,
"Tests"); the hooks at the top keep the workers apart where they share something outside their
own test database.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.test import Client

from counties.models import County, Province
from governance.models import User
from tests import personas
from tests.smtp import Received, smtp_server_for

REDIS_DATABASES = 16  # Redis' default number of databases


def _broker_of_this_worker() -> None:
    """Under xdist, worker gwN sends real-worker tasks to Redis database base+N: the Celery worker
    tests purge their queue, and a task queued by another process would name another database."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... set by xdist
    if not worker or not url.startswith(("redis://", "rediss://")):
        return
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = (base + int(worker.removeprefix("gw"))) % REDIS_DATABASES
    os.environ["CELERY_BROKER_URL"] = urlunsplit(parts._replace(path=f"/{database}"))


# Before the test modules are imported: they read CELERY_BROKER_URL at import time.
_broker_of_this_worker()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing strength is not under test; PBKDF2 would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: pages cache by score run and data stamps, and ids
    can repeat between tests once their transactions are rolled back."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _demo_country_profile():
    """Tests speak of the demo's country (Iran: Jalali calendar, rials, province and county)
    without reading the profile from the database; a test that saves a profile reads its own
    (tests/governance/test_country_profile.py, tests/test_sample_country.py). Code called
    outside a request runs in the profile's time zone (Asia/Tehran), as tasks and commands do;
    requests activate it themselves (governance.middleware.ProfileTimeZoneMiddleware)."""
    from django.utils import timezone

    from demo.country import iran_profile
    from governance.country import pin_profile

    profile = iran_profile()
    pin_profile(profile)
    with timezone.override(profile.time_zone):
        yield


@pytest.fixture(autouse=True)
def _celery_in_process(settings):
    """Tasks run eagerly and inline in tests, whatever CELERY_BROKER_URL says (one worker test
    opts out; the background-thread tests of governance/queueing.py set it back)."""
    from governance.celery import app

    settings.TASKS_IN_BACKGROUND_THREAD = False

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = previous


@dataclass
class World:
    province_a: Province
    province_b: Province
    county_a: County
    county_a2: County
    county_b: County
    governor_a: User
    governor_b: User
    officer_a: User
    ministry: User
    analyst: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def world(db) -> World:
    """Two provinces; county A and A2 in the first, county B in the second; every persona."""
    province_a = personas.make_province("PA", name_en="Province A")
    province_b = personas.make_province("PB", name_en="Province B")
    county_a = personas.make_county(province_a, "CA", name_en="County A")
    county_a2 = personas.make_county(province_a, "CA2", name_en="County A2")
    county_b = personas.make_county(province_b, "CB", name_en="County B")
    return World(
        province_a=province_a,
        province_b=province_b,
        county_a=county_a,
        county_a2=county_a2,
        county_b=county_b,
        governor_a=personas.governor_of(county_a, "gov_a"),
        governor_b=personas.governor_of(county_b, "gov_b"),
        officer_a=personas.provincial_officer_of(province_a, "officer_a"),
        ministry=personas.ministry_staff(),
        analyst=personas.analyst(),
    )


def client_for(user: User | None, language: str = "en") -> Client:
    """A test client signed in as `user` (anonymous when None), speaking `language`."""
    client = Client()
    if user is not None:
        client.force_login(user)
        user.language = language
        user.save(update_fields=["language"])
    client.cookies["django_language"] = language
    return client


def visible_text(html: str) -> str:
    """The text of a page as a reader sees it: tags, scripts and repeated spaces removed."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


PERSONAS = ["anonymous", "governor_a", "governor_b", "officer_a", "ministry", "analyst"]


@pytest.fixture
def smtp_server(settings) -> Iterator[Received]:
    """A real SMTP server on a free local port (aiosmtpd); Django's mail settings point at it.
    It keeps what it received: `messages` (parsed), `recipients`, and the `peers` they came by."""
    with smtp_server_for(settings) as received:
        yield received


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away folder, never into the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _no_collected_static_files(tmp_path_factory) -> Iterator[None]:
    """STATIC_ROOT is an empty folder under test. WhiteNoise reads every file under STATIC_ROOT
    each time its middleware is built, and the test client builds the middleware anew for each
    Client: once `make run` had collected the static files into the checkout, that read took a
    quarter of the suite's time. Tests find static files through the finders (the live server
    serves them so), as on a fresh clone."""
    from django.test.utils import override_settings

    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static-root")):
        yield


@pytest.fixture(scope="session", autouse=True)
def _translations_compiled(django_db_blocker) -> None:
    """The .mo files are build products (gitignored): compile any that are out of date."""
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compiletranslations", verbosity=0)
    # Django's private translation caches (the stubs leave them out).
    trans_real._translations = {}  # type: ignore[attr-defined]
    trans_real._default = None  # type: ignore[attr-defined]
