"""Template helpers of the public pages."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The escapes Django's json_script uses, so data can sit in any <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_script_data(value: object) -> SafeString:
    """JSON safe inside a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder).translate(_ESCAPES))
