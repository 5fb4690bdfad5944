"""What every participation page needs: the county, the permission check, the page itself, and
the one way a form or a button asks a service for a write and shows how it went."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from counties.models import County
from governance import access
from governance.exports.csv_export import csv_response
from governance.exports.table import ExportTable
from governance.forms import apply_errors
from governance.http import signed_in_user
from governance.versioning import StaleEditError, stale_message
from participation.forms import VersionedForm, VersionedModelForm

T = TypeVar("T")


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


def require_change_to_post(request: HttpRequest, county: County) -> None:
    """A page that whoever may read the county sees; its form posts only for those who may
    change the county's records."""
    if request.method == "POST":
        access.require(access.can_change_county(request.user, county))


def county_page(
    request: HttpRequest, county: County, section: str, template: str, values: dict[str, Any]
) -> HttpResponse:
    """One of the county's participation pages: its tabs and rights (`county_context`) and
    `values`."""
    return render(request, template, {**county_context(request, county, section), **values})


def form_page(
    request: HttpRequest,
    context: dict[str, Any],
    form: forms.BaseForm,
    *,
    title: str,
    cancel_url: str,
) -> HttpResponse:
    """The page of one form (participation/form.html): `context`, the form, its title, and where
    Cancel goes."""
    values = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "participation/form.html", {**context, **values})


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[], T],
    *,
    done: str,
    noun: str | None = None,
    shown: models.Model | None = None,
) -> T | None:
    """On a POST whose form is valid, run `write` (a service call), say `done` and return what
    it returned; otherwise None, with the refusal on the form: a rule of the service next to
    its field, an edit based on an older version (the `noun`'s; None: the service checks no
    version) as the form's error. After a refusal `shown`, the record the page shows, is read
    again: the service may have changed it before refusing."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write()
    except StaleEditError:
        if noun is None:
            raise
        form.add_error(None, stale_message(noun))
    except ValidationError as exc:
        apply_errors(form, exc)
    else:
        messages.success(request, done)
        return result
    if shown is not None:
        shown.refresh_from_db()
    return None


def save_with_links(
    request: HttpRequest,
    form: VersionedModelForm,
    service: Callable[..., T],
    record: models.Model,
    links: str,
    *,
    noun: str,
    done: str,
) -> T | None:
    """`save_form` of a VersionedModelForm whose service also sets the record's many-to-many
    `links`: `service(record, values, <links>=..., expected_version=..., user=...)`."""
    return save_form(
        request,
        form,
        lambda: service(
            record,
            form.model_values(links),
            expected_version=form.cleaned_data["version"],
            user=signed_in_user(request),
            **{links: form.cleaned_data[links]},
        ),
        noun=noun,
        done=done,
    )


def save_change(
    request: HttpRequest,
    form: VersionedForm,
    service: Callable[..., Any],
    record: models.Model,
    *,
    noun: str,
    done: str,
) -> bool:
    """Whether a VersionedForm changed `record`: `save_form` of the write it asks for,
    `service(record, **values, expected_version=..., user=...)`, with `record` read again after
    a refusal."""
    changed = save_form(
        request,
        form,
        lambda: service(
            record,
            user=signed_in_user(request),
            expected_version=form.cleaned_data["version"],
            **form.values(),
        ),
        noun=noun,
        done=done,
        shown=record,
    )
    return changed is not None


def county_csv(
    request: HttpRequest, code: str, name: str, table: Callable[..., ExportTable]
) -> HttpResponseBase:
    """A county's register as CSV (`name`-<county code>), for those who may export it:
    `table(county, with_contacts=...)`, told whether the user may see the county's contacts."""
    county = county_for(request, code)
    access.require(access.can_export(request.user))
    with_contacts = access.can_view_contacts(request.user, county)
    return csv_response(table(county, with_contacts=with_contacts), f"{name}-{county.code}")


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
