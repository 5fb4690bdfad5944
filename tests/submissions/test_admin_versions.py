"""The submissions admin is a versioned admin that only shows: the version is read-only and a
change posted there is refused, so no admin save can bypass the services' version check."""

from __future__ import annotations

import pytest
from django.contrib import admin

from governance.versioned_admin import VersionedAdmin
from submissions import services
from submissions.models import Submission
from tests.admin_versions import admin_client, change_url, stored

pytestmark = pytest.mark.django_db


def test_the_submission_admin_shows_the_version_read_only_and_changes_nothing(site, jobs):
    submission = services.save_draft(
        site.county_a, "1403", {jobs.pk: (10.0, "")}, user=site.governor_a, expected_version=None
    )
    model_admin = admin.site._registry[Submission]
    assert isinstance(model_admin, VersionedAdmin)
    client = admin_client(site)
    page = client.get(change_url(submission))
    assert page.status_code == 200 and 'name="version"' not in page.content.decode()
    before = stored(submission)
    response = client.post(change_url(submission), {"state": "approved", "version": "7"})
    assert response.status_code == 403 and stored(submission) == before
