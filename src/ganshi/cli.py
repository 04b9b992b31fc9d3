"""The ``ganshi`` console script: Django's manage.py with ganshi's settings.

Commands may be typed with dashes (``ganshi import-lrmx``): a module name cannot hold
one, so a dashed name runs the command of the same name with underscores when one
exists (also after ``help``).
"""

from __future__ import annotations

import os
import sys


def _underscored(args: list[str]) -> list[str]:
    position = 1 if args[:1] == ["help"] else 0
    if len(args) <= position or "-" not in args[position] or args[position].startswith("-"):
        return args
    import django
    from django.core.management import get_commands

    try:
        django.setup()  # get_commands() lists the apps' commands only once they are loaded
    except Exception:  # noqa: BLE001 - let Django report broken settings its own way
        return args
    name = args[position].replace("-", "_")
    if args[position] in get_commands() or name not in get_commands():
        return args
    return [*args[:position], name, *args[position + 1 :]]


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganshi.settings")
    from django.core.management import execute_from_command_line

    args = list(argv if argv is not None else sys.argv[1:])
    execute_from_command_line(["ganshi", *_underscored(args)])


if __name__ == "__main__":
    main()
