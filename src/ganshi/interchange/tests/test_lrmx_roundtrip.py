"""Round trip: exporting a cadre as .lrmx and importing the file gives back the same
record — unchanged when the cadre is still there, the same fields, résumé entries and
family members when it is imported afresh (a property test over generated cadres)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from ganshi.cadres.choices import Gender
from ganshi.cadres.models import Cadre
from ganshi.cadres.services import cadre_create, family_member_save, resume_entry_save
from ganshi.cadres.tests.factories import valid_id_number
from ganshi.core.code_tables import (
    ETHNICITY_CHOICES,
    Degree,
    Education,
    PoliticalStatus,
    Relation,
)
from ganshi.core.year_month import YearMonth
from ganshi.interchange.lrmx import read_lrmx
from ganshi.interchange.lrmx_export import lrmx_export
from ganshi.interchange.lrmx_import import Status, collect_sources, lrmx_apply, lrmx_preview

TODAY = YearMonth.today()
CADRE_FIELDS = (
    "name",
    "gender",
    "birth",
    "id_number",
    "ethnicity",
    "native_place",
    "birthplace",
    "political_status",
    "party_entry",
    "work_start",
    "health",
    "professional_title",
    "specialties",
    "fulltime_education",
    "fulltime_degree",
    "fulltime_school",
    "inservice_education",
    "inservice_degree",
    "inservice_school",
    "current_post",
)

HANZI = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韦覃蒙农陆明华国强丽芳军伟秀英"
PLACE = "广西南宁柳州桂林示范县镇乡村街道社区"
WORDS = PLACE + "党委政府办公室主任副书记镇长局长科员学习大学专业技术管理、，0123456789AB"
names = st.text(st.sampled_from(HANZI), min_size=2, max_size=3)
places = st.text(st.sampled_from(PLACE), max_size=12)
plain = st.text(st.sampled_from(WORDS), max_size=40).map(str.strip)
resume_texts = (
    st.text(st.sampled_from(WORDS), min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda text: text and not text[0].isdigit())
)


def months_between(low: YearMonth, high: YearMonth):
    return st.integers(0, max(low.months_until(high), 0)).map(low.add_months)


@st.composite
def resume_entries(draw, birth: YearMonth):
    entries = []
    for index in range(draw(st.integers(0, 6))):
        start = draw(months_between(birth.add_months(12 * 16), TODAY))
        end = draw(st.none() | months_between(start, TODAY))
        entries.append(
            {
                "start": start,
                "end": end,
                "text": draw(resume_texts),
                "is_sub_entry": index > 0 and draw(st.booleans()),
                "sort_order": index,
            }
        )
    return entries


@st.composite
def family_members(draw):
    members = []
    for index in range(draw(st.integers(0, 5))):
        members.append(
            {
                "relation": draw(st.sampled_from(Relation.values)),
                "name": draw(names),
                "birth": draw(st.none() | months_between(YearMonth(1930, 1), TODAY)),
                "political_status": draw(st.sampled_from(["", *PoliticalStatus.values])),
                "workplace": draw(plain),
                "sort_order": index,
            }
        )
    return members


@st.composite
def cadres(draw):
    gender = draw(st.sampled_from(Gender.values))
    birth = draw(months_between(YearMonth(1960, 1), YearMonth(2000, 12)))
    status = draw(st.sampled_from(PoliticalStatus.values))
    adult = birth.add_months(12 * 18 + 1)
    party_entry = draw(months_between(adult, TODAY))
    if status not in (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY):
        party_entry = draw(st.none() | st.just(party_entry))
    with_id = draw(st.booleans())
    day = draw(st.integers(1, 28))
    data = {
        "name": draw(names),
        "gender": gender,
        "birth": birth,
        "id_number": (
            valid_id_number(datetime.date(birth.year, birth.month, day), gender, day)
            if with_id
            else ""
        ),
        "ethnicity": draw(st.sampled_from([code for code, _name in ETHNICITY_CHOICES])),
        "native_place": draw(places),
        "birthplace": draw(places),
        "political_status": status,
        "party_entry": party_entry,
        "work_start": draw(st.none() | months_between(birth.add_months(12 * 16 + 1), TODAY)),
        "health": draw(st.sampled_from(["健康", "良好", "一般", ""])),
        "professional_title": draw(st.sampled_from(["", "工程师", "高级经济师", "讲师"])),
        "specialties": draw(plain),
        "fulltime_education": draw(st.sampled_from(["", *Education.values])),
        "fulltime_degree": draw(st.sampled_from(["", *Degree.values])),
        "fulltime_school": draw(plain),
        "inservice_education": draw(st.sampled_from(["", *Education.values])),
        "inservice_degree": draw(st.sampled_from(["", *Degree.values])),
        "inservice_school": draw(plain),
        "current_post": draw(plain),
    }
    return {
        "data": data,
        "resume": draw(resume_entries(birth)),
        "family": draw(family_members()),
        "photo": draw(st.booleans()),
    }


def jpeg() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (120, 140, 200)).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def record(cadre: Cadre) -> dict:
    return {
        "fields": {field: getattr(cadre, field) for field in CADRE_FIELDS},
        "resume": [
            (e.start, e.end, e.text, e.is_sub_entry)
            for e in cadre.resume_entries.order_by("sort_order", "id")
        ],
        "family": [
            (m.relation, m.name, m.birth, m.political_status, m.workplace)
            for m in cadre.family_members.order_by("sort_order", "id")
        ],
        "photo": bool(cadre.photo),
    }


def build(actor, unit, generated) -> Cadre:
    cadre = cadre_create(
        actor=actor,
        data={**generated["data"], "unit": unit},
        photo=jpeg() if generated["photo"] else None,
    )
    for entry in generated["resume"]:
        resume_entry_save(actor=actor, cadre=cadre, data=entry)
    for member in generated["family"]:
        family_member_save(actor=actor, cadre=cadre, data=member)
    return Cadre.objects.get(pk=cadre.pk)


def comparable(data: bytes) -> dict:
    document = read_lrmx(data)
    values = dict(document.values)
    for element in ("TianBiaoShiJian", "JiSuanNianLingShiJian"):
        values.pop(element)
    return {"values": values, "family": document.family}


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=cadres())
def test_export_then_import_gives_back_the_same_record(county, county_staff, generated):
    with transaction.atomic():
        # given
        cadre = build(county_staff, county["town1"], generated)
        original = record(cadre)

        # when: the file goes back in while the cadre is there …
        exported = lrmx_export(actor=county_staff, ids=[cadre.pk])
        sources, errors = collect_sources([(exported.filename, exported.content)])
        again = lrmx_preview(actor=county_staff, sources=sources, errors=errors)

        # … and into a registry that no longer has it
        Cadre.objects.filter(pk=cadre.pk).delete()
        report = lrmx_apply(
            actor=county_staff, sources=sources, errors=errors, unit=county["town1"]
        )

        # then
        assert [r.status for r in again.results] == [Status.UNCHANGED]
        assert [r.status for r in report.results] == [Status.NEW]
        restored = Cadre.objects.get(pk=report.results[0].cadre_id)
        assert record(restored) == original
        exported_again = lrmx_export(actor=county_staff, ids=[restored.pk])
        assert comparable(exported_again.content) | {"photo": None} == comparable(
            exported.content
        ) | {"photo": None}
        transaction.set_rollback(True)
