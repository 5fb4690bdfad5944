"""The boundaries files (counties.boundaries): one immutable URL per level and version."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_safe

from counties import boundaries
from governance import access

# Every map is on a page for signed-in users only, so the shapes are too; `private` keeps
# shared caches from handing them to anyone else.
IMMUTABLE = "private, max-age=31536000, immutable"
_ACCEPTS = {name: re.compile(rf"\b{name}\b") for name in ("br", "gzip")}


@require_safe
def boundaries_file(
    request: HttpRequest, version: str, level: str, code: str | None = None
) -> HttpResponse:
    """A level's boundaries as GeoJSON at `version`, compressed as the browser accepts; another
    version than the current one redirects (uncached) to the current URL."""
    access.require(access.can_browse_nation(request.user))
    scope = boundaries.SCOPED.get(level)
    if level not in boundaries.LEVELS or (scope is None) != (code is None):
        raise Http404
    if scope is not None and not scope.objects.filter(code=code).exists():
        raise Http404
    current = boundaries.boundary_version(level, code)
    if version != current:
        moved = HttpResponseRedirect(boundaries.boundary_url(level, code, current))
        moved["Cache-Control"] = "no-cache"
        return moved
    etag = f'"{current}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        files = boundaries.boundary_files(level, current, code)
        accepted = request.headers.get("Accept-Encoding", "")
        encoding = next((e for e, wanted in _ACCEPTS.items() if wanted.search(accepted)), None)
        response = HttpResponse(files[encoding or "identity"], content_type="application/geo+json")
        if encoding:
            response["Content-Encoding"] = encoding
    else:
        response = not_modified
    response["ETag"] = etag
    response["Cache-Control"] = IMMUTABLE
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
