"""GET /api/v1/notifications/: the signed-in user's own notifications, newest first (read-only;
marking them read is the pages' job). Another user's notification is 404."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from governance.http import signed_in_user
from notifications.api.serializers import NotificationSerializer
from notifications.models import Notification


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NotificationSerializer
    queryset = Notification.objects.all()
    filterset_fields = {"kind": ["exact"], "read_at": ["isnull"]}
    cursor_ordering = "-pk"  # no history to stamp a cached count: keyset on request

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Notification.objects.none()
        return Notification.objects.filter(recipient=signed_in_user(self.request)).order_by(
            "-created_at", "-pk"
        )
