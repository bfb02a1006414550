"""Template helpers of the editors' admin pages."""

from __future__ import annotations

from django import template

from events import workbench

register = template.Library()


@register.simple_tag
def editor_home() -> workbench.Home:
    """The work waiting, for the admin home."""
    return workbench.home()
