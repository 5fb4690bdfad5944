"""Checking uploaded evidence: photos (JPEG, PNG, WebP) and PDF documents, by content not name.

A file is accepted for what its bytes are, never for its name or the browser's content type.
Photos are decoded with Pillow (when installed; the magic bytes alone otherwise) and written out
again without their metadata, so camera GPS tags and anything smuggled after the image data are
dropped before the photo can reach the public page.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

try:  # Pillow comes with WeasyPrint; without it the magic bytes are checked alone.
    from PIL import Image, ImageOps, UnidentifiedImageError

    HAVE_PILLOW = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_PILLOW = False

PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class EvidenceError(ValueError):
    """The upload is refused; the message says why, in the user's language."""


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: what it is and the bytes to store."""

    kind: str  # "photo" or "document"
    content_type: str
    content: bytes
    original_name: str


def sniff(head: bytes) -> str | None:
    """The content type the first bytes announce, or None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_upload(
    content: bytes, original_name: str, *, max_bytes: int, max_pixels: int
) -> CheckedFile:
    """Accept a photo or PDF within the limits, or raise EvidenceError with a clear message."""
    name = (original_name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    if len(content) > max_bytes:
        raise EvidenceError(
            _("%(name)s is too large: %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": name,
                "size": f"{len(content) / 1048576:.1f}",
                "limit": f"{max_bytes / 1048576:.0f}",
            }
        )
    if not content:
        raise EvidenceError(_("%(name)s is empty.") % {"name": name})
    content_type = sniff(content[:16])
    if content_type is None:
        raise EvidenceError(
            _("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF document.") % {"name": name}
        )
    if content_type == "application/pdf":
        if b"%%EOF" not in content[-2048:]:
            raise EvidenceError(_("%(name)s is not a complete PDF document.") % {"name": name})
        return CheckedFile("document", content_type, content, name)
    if not HAVE_PILLOW:  # pragma: no cover - depends on the environment
        return CheckedFile("photo", content_type, content, name)
    return CheckedFile("photo", content_type, _reencode(content, name, max_pixels), name)


def check_uploads(uploads: Iterable[Any]) -> tuple[list[CheckedFile], list[str]]:
    """Check uploaded files (each with `size`, `name` and `read()`) within the limits of the
    settings: the accepted files, and a message for each refused one."""
    limit = settings.PROJECT_EVIDENCE_MAX_BYTES
    checked, errors = [], []
    for upload in uploads:
        # Refuse before reading a large upload into memory.
        content = b"\0" * (limit + 1) if upload.size > limit else upload.read()
        try:
            checked.append(
                check_upload(
                    content,
                    upload.name,
                    max_bytes=limit,
                    max_pixels=settings.PROJECT_EVIDENCE_MAX_PIXELS,
                )
            )
        except EvidenceError as exc:
            errors.append(str(exc))
    return checked, errors


def _reencode(content: bytes, name: str, max_pixels: int) -> bytes:
    """Decode the whole image and write it again without metadata (EXIF, comments, trailers)."""
    not_a_photo = EvidenceError(_("%(name)s is not a readable photo.") % {"name": name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format not in PHOTO_TYPES:
                    raise not_a_photo
                if probe.width * probe.height > max_pixels:
                    raise EvidenceError(
                        _("%(name)s has too many pixels (%(w)s × %(h)s).")
                        % {"name": name, "w": probe.width, "h": probe.height}
                    )
                probe.verify()
            with Image.open(io.BytesIO(content)) as opened:
                opened.load()
                fmt = opened.format
                image = ImageOps.exif_transpose(opened)
                if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                out = io.BytesIO()
                options = {"quality": 88} if fmt in ("JPEG", "WEBP") else {"optimize": True}
                image.save(out, format=fmt, **options)
                return out.getvalue()
    except EvidenceError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as exc:
        raise not_a_photo from exc
    except Image.DecompressionBombError as exc:
        raise not_a_photo from exc
