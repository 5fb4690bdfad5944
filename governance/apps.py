from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # django.contrib.admin comes first in INSTALLED_APPS: its registry is complete here.
        from governance.forms import persian_admin_forms

        persian_admin_forms()
