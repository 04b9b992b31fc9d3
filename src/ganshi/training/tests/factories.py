from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from ganshi.training.models import (
    Attendance,
    Course,
    Enrolment,
    Session,
    TrainingClass,
    TrainingKind,
    TrainingPlan,
)


def kind(code: str = "main") -> TrainingKind:
    """A kind seeded by the data migration."""
    return TrainingKind.objects.get(code=code)


class TrainingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingPlan

    year = 2026
    title = factory.Sequence(lambda n: f"{n}号培训计划")


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingClass

    title = factory.Sequence(lambda n: f"第{n}期培训班")
    kind = factory.LazyFunction(kind)
    start_date = datetime.date(2026, 5, 11)
    end_date = datetime.date(2026, 5, 15)
    venue = "县委党校"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    title = factory.Sequence(lambda n: f"专题{n}")
    date = factory.LazyAttribute(lambda session: session.training_class.start_date)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(12, 0)
    credit_hours = Decimal(4)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    cadre = factory.LazyAttribute(lambda attendance: attendance.enrolment.cadre)
    date = factory.LazyAttribute(lambda attendance: attendance.session.date)
    status = "present"
    credit_hours = factory.LazyAttribute(lambda attendance: attendance.session.credit_hours)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"精品课{n}")
    credit_hours = Decimal(2)
