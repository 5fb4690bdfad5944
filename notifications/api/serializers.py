"""The notifications API's serializer: a notification written in the reader's language."""

from __future__ import annotations

from rest_framework import serializers

from governance.serializers import PersianModelSerializer
from notifications.messages import Message, message
from notifications.models import Notification
from notifications.services import absolute


def _written(obj: Notification) -> Message:
    """The notification's text in the request's language, written once per row."""
    cached: Message | None = getattr(obj, "_written", None)
    if cached is None:
        cached = message(obj.kind, obj.params)
        obj._written = cached  # type: ignore[attr-defined]
    return cached


class NotificationSerializer(PersianModelSerializer):
    subject = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    details = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "text", "details", "link", "created_at", "read_at"]
        read_only_fields = fields

    def get_subject(self, obj: Notification) -> str:
        """The short form (an e-mail's subject)."""
        return _written(obj).subject.plain()

    def get_text(self, obj: Notification) -> str:
        """The sentence the list of notifications shows."""
        return _written(obj).headline.plain()

    def get_details(self, obj: Notification) -> list[str]:
        """Further lines (a reviewer's comment, a citizen's rating)."""
        return [line.plain() for line in _written(obj).details]

    def get_link(self, obj: Notification) -> str:
        """The absolute address of what the notification is about."""
        return absolute(obj.link)
