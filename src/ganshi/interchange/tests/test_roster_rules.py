"""The import judges rows by the same rules, in the same words, as the cadre services.

``roster_import.check_cadre`` mirrors ``cadres.services._validate_cadre`` without its
per-row queries (an import of 100,000 rows cannot afford them); these tests hold the two
to the same answers, so a rule changed in one place and not the other fails here.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ganshi.audit.services import snapshot
from ganshi.cadres.models import Cadre
from ganshi.cadres.services import cadre_create
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.interchange.roster_import import RowErrors, cadre_snapshot, check_cadre
from ganshi.interchange.tests.roster_files import id_number


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def service_errors(actor, data) -> dict[str, list[str]]:
    try:
        cadre_create(actor=actor, data=data)
    except ValidationError as error:
        return error.message_dict
    return {}


def import_errors(actor, data) -> dict[str, list[str]]:
    errors = RowErrors()
    today = datetime.date.today()  # noqa: DTZ011 - the services use the calendar date
    check_cadre(
        Cadre(**data),
        actor=actor,
        errors=errors,
        today=YearMonth.from_date(today),
        today_date=today,
    )
    return errors.by_field


def base(unit, **fields):
    data = {
        "name": "张三",
        "gender": "male",
        "birth": YearMonth(1985, 3),
        "id_number": id_number(1985, 3, 12),
        "political_status": "01",
        "party_entry": YearMonth(2008, 7),
        "work_start": YearMonth(2007, 7),
        "unit": unit,
    }
    data.update(fields)
    return data


CASES = {
    "valid": {},
    "check character": {
        "id_number": id_number(1985, 3, 12)[:-1]
        + ("0" if id_number(1985, 3, 12)[-1] != "0" else "1")
    },
    "short ID number": {"id_number": "45042119850312"},
    "birth and gender against the ID number": {"birth": YearMonth(1986, 3), "gender": "female"},
    "future": {"work_start": YearMonth(2199, 1), "party_entry": YearMonth(2199, 1)},
    "too young": {"work_start": YearMonth(1990, 1), "party_entry": YearMonth(1995, 1)},
    "party member without entry": {"party_entry": None},
    "name too long": {"name": "张" * 41},
    "blank name": {"name": ""},
    "no birth, no ID number": {"birth": None, "id_number": ""},
    "long post": {"current_post": "局" * 201},
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_import_and_the_service_give_the_same_answer(county, county_staff, case):
    # given
    data = base(county["town1"], **CASES[case])
    # when
    from_service = service_errors(county_staff, dict(data))
    from_import = import_errors(county_staff, dict(data))
    # then
    assert from_import == from_service


def test_a_unit_outside_scope_is_refused_in_the_same_words(county, town1_staff):
    # given
    data = base(county["town2"])
    # when / then
    assert import_errors(town1_staff, dict(data)) == service_errors(town1_staff, dict(data))


def test_the_import_snapshot_is_the_audit_snapshot(county):
    # given
    cadre = CadreFactory(unit=county["town1"], phone="13812345678", home_address="广西藤县某路1号")
    # when / then
    assert cadre_snapshot(cadre) == snapshot(cadre)


def test_insert_rows_writes_what_bulk_create_writes(county):
    # given
    from ganshi.core.bulk import insert_rows

    def cadre():
        return Cadre(
            name="张三", name_pinyin="zhangsan", name_initials="zs", gender="male",
            birth=YearMonth(1985, 3), id_number=id_number(1985, 3, 12), phone="13812345678",
            party_entry=YearMonth(2008, 7), rank=11, unit=county["town1"], category="village",
        )  # fmt: skip

    fast, slow = cadre(), cadre()
    # when
    insert_rows(Cadre, [fast])
    Cadre.objects.bulk_create([slow])
    # then
    assert fast.pk is not None and not fast._state.adding
    exclude = {"id", "created_at", "updated_at"}
    rows = [
        {key: value for key, value in row.items() if key not in exclude}
        for row in Cadre.objects.order_by("pk").values()
    ]
    assert rows[0] == rows[1]
    assert (rows[0]["id_number"], rows[0]["birth"]) == (id_number(1985, 3, 12), YearMonth(1985, 3))
    assert Cadre.objects.get(pk=fast.pk).created_at is not None


def test_insert_rows_gives_each_instance_its_own_key(county):
    # given more rows than one batch, each with its own name
    from ganshi.core.bulk import insert_rows

    names = [f"干部{number}" for number in range(1, 1203)]
    cadres = [
        Cadre(
            name=name,
            name_pinyin="ganbu",
            name_initials="gb",
            gender="male",
            birth=YearMonth(1985, 3),
            unit=county["town1"],
        )  # fmt: skip
        for name in names
    ]
    # when
    insert_rows(Cadre, cadres)
    # then every instance's key is the row holding its name
    stored = dict(Cadre.objects.values_list("pk", "name"))
    assert [stored[cadre.pk] for cadre in cadres] == names
