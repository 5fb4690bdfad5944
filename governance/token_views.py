"""The "API token" page: a signed-in user creates, rotates or revokes their own API token.

The key is shown once, on the response to the request that created it; afterwards the page
only says that a token exists and since when.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.models import Token

from governance import access
from governance.http import signed_in_user


@never_cache
@login_required
def api_token(request: HttpRequest) -> HttpResponse:
    access.require(access.can_browse_nation(request.user))
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        with transaction.atomic():
            Token.objects.filter(user=signed_in_user(request)).delete()
            if action in ("create", "rotate"):
                new_key = Token.objects.create(user=signed_in_user(request)).key
                messages.success(
                    request,
                    _("Your new token is shown below once. Copy it now: it cannot be shown again."),
                )
            elif action == "revoke":
                messages.success(
                    request, _("Your token was revoked; clients using it are refused.")
                )
            else:
                messages.error(request, _("Unknown action: nothing was changed."))
    token = Token.objects.filter(user=signed_in_user(request)).first()
    return render(
        request,
        "governance/api_token.html",
        {"token": token, "new_key": new_key},
        status=200,
    )
