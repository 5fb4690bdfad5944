"""Checks shared by the tests of every admin of a versioned record (governance/versioned_admin.py):
an admin save raises the version, a page opened before it is refused, and an admin form opened
before another change is refused. Forms are submitted as a browser would: with the values the
page shows, hidden fields included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any

from django.db.models import Model
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for

STALE = "Someone else changed this"
SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


@dataclass
class Form:
    """One <form> of a page: where it posts and what a browser would send."""

    action: str
    attrs: dict[str, str]
    data: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None  # name, multiple
        self._options: list[tuple[str | None, bool, list[str]]] = []  # value, selected, text
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), attrs=a)
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in SKIPPED_INPUTS:
            if a.get("type") not in ("checkbox", "radio"):
                self._form.add(a["name"], a.get("value", ""))
            elif "checked" in a:
                self._form.add(a["name"], a.get("value", "on"))
        elif tag == "select" and a.get("name"):
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value"), "selected" in a, []))
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._select is not None and self._options:
            self._options[-1][2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            values = [("".join(t).strip() if v is None else v, s) for v, s, t in self._options]
            chosen = [value for value, selected in values if selected]
            if not chosen and not multiple and values:
                chosen = [values[0][0]]  # a browser sends the first option
            for value in chosen:
                self._form.add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = unescape("".join(self._textarea[1]))
            self._form.add(self._textarea[0], text.removeprefix("\n"))
            self._textarea = None


def page_form(client: Client, url: str, *, action: str | None = None) -> dict[str, list[str]]:
    """What a browser would send with the page's versioned form (the one carrying a version,
    its own or its rows', posting to `action` if given), as the page shows it now."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        versioned = any(name.endswith(("version", "opened_version")) for name in form.data)
        if versioned and (action is None or form.action == action):
            return form.data
    raise AssertionError(f"no versioned form on {url}")


def admin_client(world: Any) -> Client:
    """Ministry staff with every admin right."""
    user = world.ministry
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return client_for(user)


def change_url(record: Model) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def stored(record: Model) -> tuple[dict[str, Any], int]:
    """The stored row and how many history records it has."""
    model = type(record)
    row = model._default_manager.filter(pk=record.pk).values().get()
    return row, model.history.filter(id=record.pk).count()  # type: ignore[attr-defined]


def version_of(record: Model) -> int:
    return type(record)._default_manager.get(pk=record.pk).version  # type: ignore[attr-defined]


def admin_save_raises_the_version(client: Client, record: Model, changes: dict[str, str]) -> None:
    """(1) An admin save is a new version, recorded in the history as the admin's."""
    before = version_of(record)
    url = change_url(record)
    data = page_form(client, url)
    saved = client.post(url, {**data, **changes})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert version_of(record) == before + 1
    latest = type(record).history.filter(id=record.pk).latest()  # type: ignore[attr-defined]
    assert latest.history_user.is_superuser and latest.version == before + 1


def page_opened_before_an_admin_change_is_refused(
    governor: Client,
    admin: Client,
    record: Model,
    *,
    page: str,
    page_change: dict[str, str],
    admin_change: dict[str, str],
    action: str | None = None,
) -> None:
    """(2) The governor's page form (on `page`, posting to `action` if not to itself), opened
    before the admin's change, is refused with the message; nothing is saved."""
    opened = page_form(governor, page, action=action)
    admin_save_raises_the_version(admin, record, admin_change)
    before = stored(record)
    response = governor.post(action or page, {**opened, **page_change}, follow=True)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert stored(record) == before


def admin_form_opened_before_another_change_is_refused(
    admin: Client, record: Model, changes: dict[str, str], other_change: Callable[[], Any]
) -> None:
    """(3) An admin change form opened before someone else's change is refused with the
    message, and nothing is saved."""
    url = change_url(record)
    opened = page_form(admin, url)
    assert opened["opened_version"] == [str(version_of(record))]
    other_change()
    before = stored(record)
    response = admin.post(url, {**opened, **changes})
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert stored(record) == before
