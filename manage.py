#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustfund.settings")
    # Commands may hold a lock or run a query longer than a web request may (settings).
    if sys.argv[1:2] != ["runserver"]:
        os.environ.setdefault("TRUSTFUND_COMMAND", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
