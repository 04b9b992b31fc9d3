"""The entry points of the processes that generate a province's counties.

They are spawned (not forked: no database connection is shared) and so start without
Django; this module imports nothing of ganshi's models until ``initialise`` has run.
"""

from __future__ import annotations


def initialise() -> None:
    import django

    django.setup()


def generate(seed, spec, size):
    from ganshi.demo.rows import generate_county

    return generate_county(seed, spec, size)
