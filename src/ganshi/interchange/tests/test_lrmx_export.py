"""Exporting .lrmx files: one cadre, a .zip of several, scope, masking, the audit event."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from ganshi.audit.models import AuditEvent
from ganshi.cadres.models import RewardPunishment
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.interchange.lrmx import read_lrmx
from ganshi.interchange.lrmx_export import lrmx_export, parse_cadre_ids


@pytest.fixture
def two_cadres(county):
    return (
        CadreFactory(name="张三", unit=county["town1"], current_post="一镇党委书记"),
        CadreFactory(name="李四", unit=county["village1"]),
    )


@pytest.mark.django_db
def test_one_cadre_is_one_lrmx_file_and_an_export_event(county_staff, two_cadres):
    # given
    zhang, _li = two_cadres
    RewardPunishment.objects.create(
        cadre=zhang,
        kind="reward",
        date=YearMonth(2018, 7),
        description="全县优秀共产党员",
        authority="中共示范县委",
    )

    # when
    download = lrmx_export(actor=county_staff, ids=[zhang.pk])

    # then
    assert download.filename == "张三.lrmx"
    document = read_lrmx(download.content)
    assert document.get("XingMing") == "张三"
    assert document.get("XianRenZhiWu") == "一镇党委书记"
    assert document.get("ShenFenZheng") == zhang.id_number
    assert document.get("ChuShengNianYue") == "198503"
    assert document.get("JiangChengQingKuang") == "2018.07  全县优秀共产党员（中共示范县委）"
    assert document.get("NiRenZhiWu") == ""
    event = AuditEvent.objects.get(action="export")
    assert (event.object_type, event.object_id, event.actor_id) == (
        "cadres.cadre",
        str(zhang.pk),
        county_staff.pk,
    )
    assert event.after == {"format": "lrmx", "cadres": [zhang.pk], "id_numbers": True}


@pytest.mark.django_db
def test_several_cadres_are_a_zip(county_staff, two_cadres):
    # when
    download = lrmx_export(actor=county_staff, ids=[cadre.pk for cadre in two_cadres])

    # then
    assert download.filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert archive.namelist() == ["张三.lrmx", "李四.lrmx"]
        assert read_lrmx(archive.read("李四.lrmx")).get("XingMing") == "李四"


@pytest.mark.django_db
def test_an_appointment_fills_its_four_elements(county_staff, two_cadres):
    # given
    appointment = {
        "proposed_post": "示范县人民政府副县长",
        "proposed_removal": "一镇党委书记",
        "reason": "工作需要",
        "reporting_unit": "中共示范县委组织部",
    }

    # when
    download = lrmx_export(actor=county_staff, ids=[two_cadres[0].pk], appointment=appointment)

    # then
    document = read_lrmx(download.content)
    assert [
        document.get(name)
        for name in ("NiRenZhiWu", "NiMianZhiWu", "RenMianLiYou", "ChengBaoDanWei")
    ] == ["示范县人民政府副县长", "一镇党委书记", "工作需要", "中共示范县委组织部"]


@pytest.mark.django_db
def test_a_township_user_cannot_export_another_townships_cadre(town2_staff, two_cadres):
    # when
    with pytest.raises(Http404):
        lrmx_export(actor=town2_staff, ids=[two_cadres[0].pk])

    # then
    assert AuditEvent.objects.filter(action="export").count() == 0


@pytest.mark.django_db
def test_a_leader_gets_no_id_numbers(leader, two_cadres):
    # when
    download = lrmx_export(actor=leader, ids=[two_cadres[0].pk])

    # then
    assert read_lrmx(download.content).get("ShenFenZheng") == ""
    assert AuditEvent.objects.get(action="export").after["id_numbers"] is False


@pytest.mark.parametrize(
    ("values", "ids"),
    [(["3", "1", "3"], [3, 1]), (["1,2", ""], [1, 2])],
)
def test_parse_cadre_ids(values, ids):
    assert parse_cadre_ids(values) == ids


@pytest.mark.parametrize("values", [[], ["x"], ["1", "-2"], ["99999999999999999999999"]])
def test_parse_cadre_ids_refuses_bad_values(values):
    with pytest.raises(ValidationError) as error:
        parse_cadre_ids(values)
    assert list(error.value.message_dict) == ["cadre"]
