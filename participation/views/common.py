"""What every participation page needs: the county, the permission check, form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from counties.models import County
from governance import access
from governance.versioning import StaleEditError, stale_message


def county_for(request: HttpRequest, code: str, *, change: bool = False) -> County:
    """The county of the URL, after checking the user may read (or change) its records."""
    county = get_object_or_404(
        County.objects.select_related("province").defer("geometry"), code=code
    )
    if change:
        access.require(access.can_change_county(request.user, county))
    else:
        access.require(access.can_view_county(request.user, county))
    return county


def county_context(request: HttpRequest, county: County, section: str) -> dict[str, Any]:
    """Context shared by the county's participation pages (tabs, rights)."""
    return {
        "county": county,
        "section": section,
        "can_change": access.can_change_county(request.user, county),
        "can_view_contacts": access.can_view_contacts(request.user, county),
    }


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it concerns when there is one."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def press_button(request: HttpRequest, write: Callable[[], Any], *, noun: str, done: str) -> bool:
    """Run what a button asks for (publish, dismiss, ...) and say how it went: `done`, or why it
    was refused (someone saved the `noun` after the page showed it, or a rule of the service)."""
    try:
        write()
    except StaleEditError:
        messages.error(request, stale_message(noun))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
        return True
    return False
