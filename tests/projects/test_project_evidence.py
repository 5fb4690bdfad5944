"""Evidence uploads are judged by their bytes: photos decoded and cleaned, PDFs checked."""

from __future__ import annotations

import pytest
from django.utils import translation

from projects.evidence import EvidenceError, check_upload, sniff
from tests.project_factories import jpeg_with_gps, png_bytes

LIMITS = {"max_bytes": 1_000_000, "max_pixels": 1_000_000}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_png_is_accepted_as_a_photo():
    checked = check_upload(png_bytes(), "site.png", **LIMITS)
    assert (checked.kind, checked.content_type) == ("photo", "image/png")


def test_photos_lose_their_metadata_before_storage():
    original = jpeg_with_gps()
    assert b"SecretCameraMaker" in original
    checked = check_upload(original, "camera.jpg", **LIMITS)
    assert checked.content_type == "image/jpeg"
    assert b"SecretCameraMaker" not in checked.content


def test_anything_hidden_after_the_image_data_is_dropped():
    checked = check_upload(png_bytes(extra=b"<script>alert(1)</script>"), "x.png", **LIMITS)
    assert b"<script>" not in checked.content


def test_a_pdf_is_accepted_as_a_document_never_as_a_photo():
    checked = check_upload(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "report.pdf", **LIMITS)
    assert (checked.kind, checked.content_type) == ("document", "application/pdf")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00\x03", "photo.jpg", "is not a photo"),
        (b"GIF89a" + b"\0" * 20, "anim.gif", "is not a photo"),
        (b"<svg onload=alert(1)>", "vector.png", "is not a photo"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "broken.png", "is not a readable photo"),
        (b"%PDF-1.4 truncated", "cut.pdf", "is not a complete PDF"),
        (b"", "empty.png", "is empty"),
    ],
)
def test_non_images_and_broken_files_are_refused_with_a_clear_message(content, name, message):
    with pytest.raises(EvidenceError, match=message):
        check_upload(content, name, **LIMITS)


def test_oversized_files_and_pixel_bombs_are_refused():
    with pytest.raises(EvidenceError, match="too large"):
        check_upload(png_bytes(), "big.png", max_bytes=10, max_pixels=10**6)
    with pytest.raises(EvidenceError, match="too many pixels"):
        check_upload(png_bytes((2000, 2000)), "huge.png", max_bytes=10**7, max_pixels=10**6)


def test_the_uploaders_path_is_never_kept():
    assert check_upload(png_bytes(), "../../etc/passwd.png", **LIMITS).original_name == "passwd.png"


def test_sniff_names_only_the_types_we_accept():
    assert sniff(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert sniff(b"PK\x03\x04") is None
