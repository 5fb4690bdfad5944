"""The demo: `manage.py seed_demo` loads every app's demo data and the demo users.

An app of its own so that the base (governance) imports no app: this one imports them all.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Demo data")
