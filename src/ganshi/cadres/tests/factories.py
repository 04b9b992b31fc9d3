from __future__ import annotations

import datetime

import factory

from ganshi.cadres.choices import Gender, Rank
from ganshi.cadres.models import Cadre
from ganshi.core.field_encryption import keyed_hash
from ganshi.core.id_numbers import IdNumber
from ganshi.core.pinyin import name_keys
from ganshi.core.year_month import YearMonth


def valid_id_number(birth: datetime.date, gender: str, sequence: int = 12) -> str:
    """A valid number for ``birth`` whose sequence parity matches ``gender``."""
    sequence = sequence * 2 + (1 if gender == Gender.MALE else 0)
    return IdNumber.build("450421", birth, sequence % 1000)


class CadreFactory(factory.django.DjangoModelFactory):
    """A consistent cadre written directly (tests of services build theirs through them)."""

    class Meta:
        model = Cadre

    name = factory.Iterator(["张三", "李四", "王五", "黄丽", "覃海"])
    gender = Gender.MALE
    birth = YearMonth(1985, 3)
    work_start = YearMonth(2007, 7)
    rank = Rank.FOURTH_PRINCIPAL_STAFF
    id_number = factory.LazyAttributeSequence(
        lambda cadre, n: valid_id_number(
            datetime.date(cadre.birth.year, cadre.birth.month, 1 + n % 28), cadre.gender, n
        )
    )
    id_number_hash = factory.LazyAttribute(
        lambda cadre: keyed_hash(cadre.id_number) if cadre.id_number else None
    )
    name_pinyin = factory.LazyAttribute(lambda cadre: name_keys(cadre.name)[0])
    name_initials = factory.LazyAttribute(lambda cadre: name_keys(cadre.name)[1])
