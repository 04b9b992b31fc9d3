from __future__ import annotations

import datetime

import factory

from ganshi.practice.choices import AssignmentStatus
from ganshi.practice.models import Assignment, Batch, Programme


def programme(code: str = "rural_revitalisation") -> Programme:
    """A programme seeded by the data migration."""
    return Programme.objects.get(code=code)


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    programme = factory.LazyFunction(programme)
    name = factory.Sequence(lambda n: f"第{n + 1}批")
    year = 2026


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment written directly (service tests build theirs through the services)."""

    class Meta:
        model = Assignment

    host_name = "珠海市斗门区白蕉镇"
    start = datetime.date(2026, 3, 1)
    planned_end = datetime.date(2026, 8, 31)
    status = AssignmentStatus.SERVING
