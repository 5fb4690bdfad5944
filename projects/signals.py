"""Signals the projects domain sends; the apps that react (notifications) connect in their
AppConfig.ready(). Projects imports none of them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that stored a citizen's feedback on a public project (the public
# page's form), with `feedback`.
feedback_received = Signal()
