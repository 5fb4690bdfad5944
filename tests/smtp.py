"""A real SMTP server for tests that send mail over the wire (aiosmtpd on a free local port):
the `smtp_server` fixture of tests/conftest.py points Django's mail settings at it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Received:
    """An aiosmtpd handler that keeps each message, its recipients and the connection (peer)
    it came by."""

    def __init__(self) -> None:
        self.peers: list[tuple[str, int]] = []
        self.recipients: list[str] = []
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.peers.append(session.peer)
        self.recipients.extend(envelope.rcpt_tos)
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server_for(settings: Any) -> Iterator[Received]:
    """Start the server on a free port of 127.0.0.1 and point `settings` (pytest-django's
    fixture) at it; stopped on leaving."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Received()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()
