"""The country profile page: ministry staff read and change it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from governance import access
from governance.country_services import configure_country
from governance.forms.country import CountryProfileForm
from governance.http import signed_in_user
from governance.models import CountryProfile
from governance.versioning import StaleEditError, stale_message


@login_required
def country_profile(request: HttpRequest) -> HttpResponse:
    """The one country profile: its name, level names, calendar, currency, time zone, sources
    and baseline (docs/setup-a-country.md); ministry staff only."""
    access.require(access.is_ministry(request.user))
    profile = CountryProfile.objects.filter(pk=CountryProfile.SINGLETON).first()
    form = CountryProfileForm(request.POST or None, instance=profile or CountryProfile())
    if request.method == "POST" and form.is_valid():
        try:
            configure_country(
                form.changes(),
                user=signed_in_user(request),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError:
            form.add_error(None, stale_message(_("country profile")))
        else:
            messages.success(request, _("The country profile was saved."))
            return redirect("country-profile")
    return render(request, "governance/country_profile.html", {"form": form, "saved": profile})
