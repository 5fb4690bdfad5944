"""The API's OpenAPI schema class (drf-spectacular), with the error answers documented.

Kept out of governance.api: importing drf-spectacular's AutoSchema while DRF reads its settings
(the filter backend lives in governance.api) would be a circular import.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent

ERROR_COMPONENTS: dict[str, dict[str, Any]] = {
    "ErrorDetail": {
        "type": "object",
        "description": "A refusal with one message (authentication, permission, not found, "
        "conflict, throttling).",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "description": "What was wrong with the request: messages by field "
        "(`non_field_errors` for the request as a whole), or a list of messages.",
        "oneOf": [
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}

ERROR_RESPONSES: dict[str, tuple[str, str]] = {
    "400": ("ValidationErrors", "The request is invalid; nothing was changed."),
    "401": ("ErrorDetail", "No valid token or session."),
    "403": ("ErrorDetail", "The user may not do this."),
    "404": ("ErrorDetail", "No such record among those the user may see (or no such page)."),
    "409": ("ErrorDetail", "Someone changed the record since the `version` sent; nothing saved."),
    "429": ("ErrorDetail", "Too many requests: wait for `Retry-After` seconds."),
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the error answers every operation can give documented
    (so clients and the schemathesis run know their shape)."""

    def _get_paginator(self) -> Any:
        paginator = super()._get_paginator()
        if paginator is not None:  # lists that offer the cursor say `count` may be absent
            paginator.schema_view = self.view
        return paginator

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta = super()._get_serializer_field_meta(field, direction)
        if getattr(field, "read_only", False) and _model_field_is_nullable(field):
            meta["nullable"] = True  # e.g. an optional link shown read-only by its slug
        return meta

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, (name, description) in ERROR_RESPONSES.items():
            if code == "409" and self.method not in ("POST", "PUT", "PATCH"):
                continue
            component = ResolvedComponent(
                name=name,
                type=ResolvedComponent.SCHEMA,
                object=name,
                schema=ERROR_COMPONENTS[name],
            )
            self.registry.register_on_missing(component)
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": component.ref}},
                    "description": description,
                },
            )
        return responses


def _model_field_is_nullable(field: Any) -> bool:
    """Whether a serializer field shows a model field (or relation) that may be null."""
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or source == "*":
        return False
    try:
        model_field = model._meta.get_field(source.split(".")[0])
    except FieldDoesNotExist:
        return False
    return bool(getattr(model_field, "null", False))
