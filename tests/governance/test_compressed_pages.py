"""Pages and API answers travel gzipped to a browser that accepts it (issue 14): the national
dashboard is mostly JSON of figures and tables, which compresses 5-8 times."""

from __future__ import annotations

import gzip

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/dashboards/", "/counties/", "/api/v1/counties/"])
def test_pages_are_gzipped_for_a_browser_that_accepts_it(world, path):
    client = client_for(world.analyst)
    plain = client.get(path)
    packed = client.get(path, headers={"accept-encoding": "gzip, deflate"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    body = gzip.decompress(packed.content)
    assert len(packed.content) < len(body)
    # The same page apart from the per-response CSRF mask and nonce: compare their lengths.
    assert abs(len(body) - len(plain.content)) < 200
