from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountiesConfig(AppConfig):
    name = "counties"
    verbose_name = _("Counties")

    def ready(self) -> None:
        from counties.boundaries import inline_boundaries
        from governance.exports.figure_preparers import add_figure_preparer

        # Maps fetch their boundaries by URL in a browser; kaleido's images get them inline.
        add_figure_preparer(inline_boundaries)
