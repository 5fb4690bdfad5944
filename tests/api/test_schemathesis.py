"""Property-based run of the whole API against its own OpenAPI schema (schemathesis, in process).

Every operation of /api/schema/ is called with a few generated requests through the WSGI app,
authenticated as ministry staff with an API token; no answer may be a server error (5xx) and
every answer must match what the schema documents (status code, content type and body). The
examples are bounded so that the run stays short; set SCHEMATHESIS_EXAMPLES to search harder.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.participation import factories as f
from tests.project_factories import make_plan, make_project

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes database connections around each request (as in production);
    the test's transaction lives on that connection, so keep it open, as Django's test client
    does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def records(world, settings, wsgi_keeps_the_test_connection):
    """Some records of every kind, so that lists and filters have rows to show."""
    settings.ALLOWED_HOSTS = ["*"]
    f.stakeholder(world.county_a)
    f.held_meeting(world.county_a, f.days_ago(30), [("Open a desk", "Deputy", f.days_ago(5))])
    f.critique(world.county_a)
    f.investment(world.county_a)
    f.experience(world.county_a)
    make_project(world.county_a)
    make_plan(world.county_a)
    return world


def run_operation(operation, headers: dict[str, str]) -> None:
    """A few generated requests to one operation, each answer checked."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()


def test_every_api_operation_answers_without_error_and_as_documented(records):
    token = Token.objects.create(user=records.ministry).key
    # identity: the in-process transport hands schemathesis the body as sent, and Django
    # gzips answers for a client that accepts it (the requests library's default).
    headers = {
        "Authorization": f"Token {token}",
        "Accept-Language": "en",
        "Accept-Encoding": "identity",
    }
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), headers=headers
    )
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            run_operation(operation, headers)
        except (FailureGroup, AssertionError) as exc:  # one report per operation, not just one
            failures.append(f"{operation.label}: {type(exc).__name__}: {exc}"[:3000])
    assert operations > 50
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
