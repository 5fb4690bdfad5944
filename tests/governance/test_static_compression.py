"""Static files are served compressed with Brotli where the browser accepts it (WhiteNoise writes
a .br file beside each .gz one when the Brotli package is installed)."""

from __future__ import annotations

import brotli
from django.conf import settings
from whitenoise import compress


def test_whitenoise_finds_brotli_and_compresses_the_plotly_bundle_better_than_gzip():
    import gzip

    assert compress.brotli_installed
    assert compress.Compressor(quiet=True).use_brotli
    bundle = (settings.BASE_DIR / "static" / "vendor" / "plotly" / "plotly.min.js").read_bytes()
    assert len(brotli.compress(bundle)) < 0.9 * len(gzip.compress(bundle, 9))
