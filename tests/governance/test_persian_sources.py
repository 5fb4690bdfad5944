"""Sources are stored as English text and shown translated: every source the demo stores (the
census, the synthetic series, the projects demo, the participation register) has a Persian name,
so a Persian reader never meets an English source where a Persian label exists (issue 10, 13)."""

from __future__ import annotations

import pytest
from django.utils import translation

from counties.models import Indicator, Observation
from tests.demo_snapshots import seed_demo_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_source_the_demo_stores_reads_in_persian(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo_once(synthetic=True)
    sources = set(Observation.objects.values_list("source", flat=True).distinct())
    sources |= set(Indicator.objects.values_list("source", flat=True).distinct())
    sources.discard("")

    with translation.override("fa"):
        untranslated = sorted(source for source in sources if translation.gettext(source) == source)

    assert len(sources) >= 3
    assert untranslated == []
