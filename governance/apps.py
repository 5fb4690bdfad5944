from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from governance.collation import register_sqlite_collation

        # PostgreSQL has the ICU collation from migration 0002; SQLite learns it per connection.
        connection_created.connect(register_sqlite_collation, dispatch_uid="fa_ir_collation")

        # django.contrib.admin comes first in INSTALLED_APPS: its registry is complete here.
        from governance.forms import persian_admin_forms

        persian_admin_forms()

        from django.db.models.signals import post_save

        from governance import terminology
        from governance.country import forget_profile
        from governance.profile_model import CountryProfile

        terminology.install()
        post_save.connect(forget_profile, sender=CountryProfile, dispatch_uid="forget_profile")
