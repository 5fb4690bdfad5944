"""Writes of the experiences library: experiences, their results and attachments."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from counties.models import Dimension, Indicator
from governance.periods import PeriodError, parse_period
from governance.ranges import check_numbers
from governance.templatetags.tavazon import num
from governance.versioning import lock_current, save_next_version
from participation.models import Experience, ExperienceAttachment, ExperienceResult
from participation.queries import normalise_search_text
from participation.services.common import _by, _set, _today, save_linked

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from governance.models import User

ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    # extension: (content type served, accepted leading bytes; empty = any UTF-8 text)
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    "csv": ("text/csv", ()),
    "txt": ("text/plain", ()),
}


def attachment_limit() -> int:
    return int(getattr(settings, "PARTICIPATION_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


@transaction.atomic
def save_experience(
    experience: Experience,
    values: dict[str, Any],
    *,
    challenges: Iterable[Dimension] | None = None,
    user: User | None = None,
    expected_version: int | None = None,
) -> Experience:
    """Create or update an experience (a draft until published); an update based on an older
    version than the stored one raises StaleEditError."""
    target = experience if experience.pk is None else lock_current(experience, expected_version)
    cost = values.get("cost")
    if cost is not None and Decimal(cost) < 0:
        raise ValidationError({"cost": _("The cost cannot be negative.")})
    _set(target, values)
    for name in ("title", "problem", "actions", "results"):
        setattr(target, name, normalise_search_text(getattr(target, name) or "").strip())
    check_numbers(target)
    clash = Experience.objects.filter(county_id=target.county_id, title=target.title)
    if clash.exclude(pk=target.pk).exists():
        raise ValidationError(
            {"title": _("This county already has an experience with this title.")}
        )
    if target.pk is None:
        target.created_by = user
    return save_linked(target, experience, "challenges", challenges, user=user)


@transaction.atomic
def publish_experience(
    experience: Experience,
    *,
    publish: bool = True,
    expected_version: int | None = None,
    user: User | None = None,
) -> Experience:
    """Publish an experience to every county's library (or take it back to draft);
    StaleEditError if it changed since `expected_version`."""
    current = lock_current(experience, expected_version)
    if publish and not (current.problem.strip() and current.actions.strip()):
        raise ValidationError(_("Describe the problem and what was done before publishing."))
    current.status = "published" if publish else "draft"
    current.published_on = (current.published_on or _today()) if publish else None
    if not publish:
        current.is_featured = False
    return save_next_version(
        current, ["status", "published_on", "is_featured"], user=user, into=experience
    )


@transaction.atomic
def feature_experience(
    experience: Experience,
    *,
    user: User,
    featured: bool = True,
    expected_version: int | None = None,
) -> Experience:
    """Ministry staff feature a published experience at the top of the library (or unfeature);
    StaleEditError if it changed since `expected_version`."""
    current = lock_current(experience, expected_version)
    if featured and current.status != "published":
        raise ValidationError(_("Only a published experience can be featured."))
    current.is_featured = featured
    current.featured_by = user if featured else None
    current.featured_on = _today() if featured else None
    return save_next_version(
        current, ["is_featured", "featured_by", "featured_on"], user=user, into=experience
    )


@transaction.atomic
def add_experience_result(
    experience: Experience,
    *,
    indicator: Indicator,
    before_value: float,
    after_value: float,
    before_period: str = "",
    after_period: str = "",
    user: User | None = None,
) -> ExperienceResult:
    """Attach a before/after indicator value to an experience (periods checked if given)."""
    periods = {}
    for name, text in (("before_period", before_period), ("after_period", after_period)):
        if text:
            try:
                periods[name] = parse_period(text)
            except PeriodError as exc:  # its message says why
                raise ValidationError({name: str(exc)}) from exc
    if (
        len(periods) == 2
        and periods["after_period"].gregorian_start() < periods["before_period"].gregorian_start()
    ):
        raise ValidationError({"after_period": _("The 'after' period is before the 'before' one.")})
    for name, value in (("before_value", before_value), ("after_value", after_value)):
        low, high = indicator.min_value, indicator.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationError(
                {name: _("%(value)s is outside the indicator's valid range.") % {"value": value}}
            )
    result = ExperienceResult(
        experience=experience,
        indicator=indicator,
        before_value=before_value,
        after_value=after_value,
        before_period=periods["before_period"].key if "before_period" in periods else "",
        after_period=periods["after_period"].key if "after_period" in periods else "",
    )
    check_numbers(result)
    _by(result, user).save()
    return result


def check_attachment(upload: UploadedFile) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload, else ValidationError saying why."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = attachment_limit()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; attachments are limited to %(limit)s MB.")
                % {
                    "size": num(upload.size / 1048576, 1),
                    "limit": num(limit / 1048576, 1),
                }
            }
        )
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": _("Files of this type are not accepted. Accepted: %(types)s.")
                % {"types": ", ".join(sorted(ATTACHMENT_TYPES))}
            }
        )
    content_type, signatures = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if signatures:
        ok = any(head.startswith(s) for s in signatures)
    else:
        try:
            head.decode("utf-8")
            ok = b"\x00" not in head
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the 2048th byte: retry without the tail.
            try:
                head[:-3].decode("utf-8")
                ok = b"\x00" not in head
            except UnicodeDecodeError:
                ok = False
    if not ok:
        raise ValidationError(
            {"file": _("The file's content does not match its .%(ext)s name.") % {"ext": extension}}
        )
    return extension, content_type


@transaction.atomic
def attach_file(
    experience: Experience, upload: UploadedFile, *, user: User | None = None
) -> ExperienceAttachment:
    """Store an attachment after checking its size and type (by name and by content)."""
    _, content_type = check_attachment(upload)
    attachment = ExperienceAttachment(
        experience=experience,
        token=secrets.token_hex(16),
        original_name=(upload.name or "file")[-200:],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=user,
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    _by(attachment, user).save()
    return attachment


@transaction.atomic
def remove_attachment(attachment: ExperienceAttachment, *, user: User | None = None) -> None:
    """Delete an attachment and its file (its history keeps who removed which file, when)."""
    # The file field is required: a saved attachment always has a file name.
    storage, name = attachment.file.storage, cast(str, attachment.file.name)
    _by(attachment, user).delete()
    transaction.on_commit(lambda: storage.delete(name))
