"""/healthz reports database and broker status."""

from __future__ import annotations

import os

import pytest


@pytest.mark.django_db
def test_healthz_is_ok_with_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings, monkeypatch):
    from governance.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
    previous = app.conf.broker_url
    app.conf.broker_url = unreachable
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


@pytest.mark.django_db
@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="no CELERY_BROKER_URL set")
def test_healthz_reaches_the_configured_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["broker"]["ok"] is True
