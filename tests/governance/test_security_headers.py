"""Smaller hardening: a Content-Security-Policy that the pages pass without inline scripts, the
API schema and docs for signed-in users only, token replies in the user's language, and proxy
headers trusted only when a setting says a proxy of ours is in front."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from governance.throttling import client_ip
from projects.models import ProjectFeedback
from tests.conftest import client_for
from tests.project_factories import make_project
from tests.projects.test_public_page import _feedback

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _script_src(policy: str) -> str:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives.get("script-src", directives.get("default-src", ""))


@pytest.mark.parametrize(
    ("persona", "url"),
    [(None, "/"), (None, "/accounts/login/"), (None, "/public/CA/"), ("governor_a", "/counties/")],
)
def test_html_pages_carry_a_policy_without_inline_scripts(world, persona, url):
    response = client_for(world.persona(persona) if persona else None).get(url, follow=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'self'" in _script_src(policy)
    assert "unsafe-inline" not in _script_src(policy) and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for template in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: {handler.strip()}")
    assert offenders == []


def test_the_api_schema_and_docs_are_for_signed_in_users_only(world):
    anonymous = Client()
    assert anonymous.get("/api/schema/").status_code in (401, 403)
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302 and "/accounts/login/" in docs["Location"]
    signed_in = client_for(world.analyst)
    assert signed_in.get("/api/schema/").status_code == 200
    page = signed_in.get("/api/docs/")
    assert page.status_code == 200
    assert not [t for t in re.findall(r"<script\b[^>]*>", page.content.decode()) if "src=" not in t]


def test_a_token_client_gets_answers_in_its_users_language(world):
    world.governor_a.language = "en"
    world.governor_a.save(update_fields=["language"])
    token = Token.objects.create(user=world.governor_a).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post("/api/v1/critiques/", {"county": "CA"}, format="json")
    assert response.status_code == 400
    assert response.json()["topic"] == ["This field is required."]
    assert response["Content-Language"] == "en"
    asked = client.post(
        "/api/v1/critiques/", {"county": "CA"}, format="json", HTTP_ACCEPT_LANGUAGE="fa"
    )
    assert asked.json()["topic"] != ["This field is required."]


def test_proxy_headers_are_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "10.0.0.5"


def test_behind_a_trusted_proxy_the_address_it_saw_counts_not_a_forged_one(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forged = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    assert client_ip(forged) == "203.0.113.7"


def test_behind_a_proxy_each_citizen_has_their_own_feedback_limit(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PUBLIC_FEEDBACK_PER_HOUR = 1
    settings.PUBLIC_FEEDBACK_MIN_SECONDS = 0  # this test is about the address, not the timer
    cache.clear()
    project = make_project(world.county_a, is_public=True)
    url = f"/public/CA/projects/{project.pk}/"
    codes = [
        Client().post(url, _feedback(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=ip)
        for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.1")
    ]
    assert [c.status_code for c in codes] == [302, 302, 429]
    assert ProjectFeedback.objects.count() == 2


def test_the_ssl_header_is_trusted_only_behind_a_proxy_of_ours():
    import subprocess
    import sys

    def proxy_header(**env: str) -> str:
        code = (
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='governance.settings'; "
            "from django.conf import settings; "
            "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
        )
        environment = {"DEBUG": "False", "SECRET_KEY": "k" * 60, "PATH": "/usr/bin:/bin", **env}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout.strip().splitlines()[-1]

    assert proxy_header() == "None"
    assert proxy_header(TRUSTED_PROXY_COUNT="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"
