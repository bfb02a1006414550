#!/usr/bin/env python
"""Django's command-line utility for NATO Timeline."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nato_timeline.settings")
    # manage.py is the developer's tool: without DEBUG set, it runs in development mode. The
    # WSGI and ASGI entry points (production) keep DEBUG off unless it is set.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
