"""The methods the public site answers: GET and HEAD. Every public view only reads, so other
methods get 405 with an `Allow` header (never the CSRF middleware's 403, which would say the
request was forged rather than that the URL cannot be written to)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

View = Callable[..., HttpResponseBase]


def read_only(view: View) -> View:
    """GET and HEAD only; exempt from CSRF because the view changes nothing, so a POST
    reaches `require_safe` and is answered 405."""
    return csrf_exempt(require_safe(view))
