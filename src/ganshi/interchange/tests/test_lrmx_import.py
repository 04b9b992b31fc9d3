"""Importing 任免审批表 files: preview, apply, matching, archives, scope, idempotence."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from ganshi.audit.models import AuditEvent
from ganshi.cadres.models import Cadre, FamilyMember, ResumeEntry
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.interchange.lrmx import read_lrmx, write_lrmx
from ganshi.interchange.lrmx_import import (
    Status,
    collect_sources,
    lrmx_apply,
    lrmx_preview,
)

FIXTURES = Path(__file__).parent / "fixtures"
ZHANG_SAN_ID = "450421198103151236"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def sources_of(*files: tuple[str, bytes]):
    return collect_sources(list(files))


def run(run_function, actor, *files, unit=None):
    sources, errors = sources_of(*files)
    return run_function(actor=actor, sources=sources, errors=errors, unit=unit)


def zip_of(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        Cadre.objects.count(),
        ResumeEntry.objects.count(),
        FamilyMember.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_preview_says_new_and_writes_nothing(county, county_staff):
    # given
    before = counts()

    # when
    report = run(
        lrmx_preview,
        county_staff,
        ("zhang_san.lrmx", fixture("zhang_san.lrmx")),
        unit=county["town1"],
    )

    # then
    [result] = report.results
    assert (result.status, result.cadre_name, result.errors) == (Status.NEW, "张三", [])
    assert report.applied is False
    assert counts() == before


@pytest.mark.django_db
def test_apply_creates_the_cadre_with_resume_family_and_photo(county, county_staff):
    # when
    report = run(
        lrmx_apply,
        county_staff,
        ("zhang_san.lrmx", fixture("zhang_san.lrmx")),
        unit=county["town1"],
    )

    # then
    [result] = report.results
    assert result.status == Status.NEW
    cadre = Cadre.objects.get(pk=result.cadre_id)
    assert (cadre.name, cadre.unit, cadre.id_number) == ("张三", county["town1"], ZHANG_SAN_ID)
    assert (cadre.birth, cadre.party_entry) == (YearMonth(1981, 3), YearMonth(2002, 6))
    assert cadre.photo.name.endswith(".jpg")
    entries = list(cadre.resume_entries.order_by("sort_order"))
    assert [(str(e.start), e.is_sub_entry) for e in entries] == [
        ("1999.09", False),
        ("2003.07", False),
        ("2006.03", False),
        ("2007.09", True),
        ("2011.09", False),
        ("2012.03", True),
        ("2013.09", True),
        ("2016.10", False),
    ]
    assert [m.name for m in cadre.family_members.order_by("sort_order")] == [
        "王丽",
        "张小明",
        "张国强",
        "李秀英",
    ]
    actions = set(
        AuditEvent.objects.filter(object_type="cadres.cadre", object_id=str(cadre.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == {"create"}


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time(county, county_staff):
    # given
    files = ("zhang_san.lrmx", fixture("zhang_san.lrmx"))
    run(lrmx_apply, county_staff, files, unit=county["town1"])
    before = counts()

    # when
    report = run(lrmx_apply, county_staff, files, unit=county["town1"])

    # then
    assert [r.status for r in report.results] == [Status.UNCHANGED]
    assert counts() == before


@pytest.mark.django_db
def test_a_changed_form_updates_and_replaces_resume_and_family(county, county_staff):
    # given
    run(
        lrmx_apply,
        county_staff,
        ("zhang_san.lrmx", fixture("zhang_san.lrmx")),
        unit=county["town1"],
    )
    document = read_lrmx(fixture("zhang_san.lrmx"))
    document.values["XianRenZhiWu"] = "示范县人民政府副县长"
    document.values["JianLi"] = "1999.09--2003.07  广西大学学习\n2003.07--  示范县政府工作"
    document.family = document.family[:1]

    # when
    preview = run(lrmx_preview, county_staff, ("zhang_san.lrmx", write_lrmx(document)))
    report = run(lrmx_apply, county_staff, ("zhang_san.lrmx", write_lrmx(document)))

    # then
    assert preview.results[0].changes == ["现任职务", "简历", "家庭主要成员及重要社会关系"]
    [result] = report.results
    assert result.status == Status.UPDATE
    cadre = Cadre.objects.get(pk=result.cadre_id)
    assert cadre.current_post == "示范县人民政府副县长"
    assert [e.text for e in cadre.resume_entries.order_by("sort_order")] == [
        "广西大学学习",
        "示范县政府工作",
    ]
    assert [m.name for m in cadre.family_members.all()] == ["王丽"]
    assert Cadre.objects.count() == 1


@pytest.mark.django_db
def test_a_form_without_id_number_matches_by_name_and_birth(county, county_staff):
    # given
    existing = CadreFactory(
        name="李四",
        gender="female",
        birth=YearMonth(1988, 11),
        unit=county["village1"],
        id_number="",
        id_number_hash=None,
    )

    # when
    report = run(lrmx_apply, county_staff, ("li_si_dotted.lrmx", fixture("li_si_dotted.lrmx")))

    # then
    [result] = report.results
    assert (result.status, result.cadre_id) == (Status.UPDATE, existing.pk)
    existing.refresh_from_db()
    assert (existing.political_status, existing.party_entry) == ("02", YearMonth(2015, 7))
    assert existing.unit == county["village1"]


@pytest.mark.django_db
def test_a_new_person_without_a_unit_is_an_error(county, county_staff):
    # given
    before = counts()

    # when
    report = run(lrmx_apply, county_staff, ("li_si_dotted.lrmx", fixture("li_si_dotted.lrmx")))

    # then
    [result] = report.results
    assert result.status == Status.ERROR
    assert len(result.errors) == 1
    assert counts() == before


@pytest.mark.django_db
def test_legacy_lrm_with_its_pic_is_imported(county, county_staff):
    # when
    report = run(
        lrmx_apply,
        county_staff,
        ("wang_wu.lrm", fixture("wang_wu.lrm")),
        ("wang_wu.pic", fixture("wang_wu.pic")),
        unit=county["organ"],
    )

    # then
    [result] = report.results
    assert result.status == Status.NEW
    cadre = Cadre.objects.get(pk=result.cadre_id)
    assert (cadre.name, cadre.professional_title) == ("王五", "高级工程师")
    assert cadre.photo
    assert cadre.family_members.count() == 2


@pytest.mark.django_db
def test_an_orphan_pic_is_reported():
    # when
    sources, errors = sources_of(("alone.pic", b"\xff\xd8"))

    # then
    assert sources == []
    assert [(e.name, e.status) for e in errors] == [("alone.pic", Status.ERROR)]


@pytest.mark.django_db
def test_a_zip_is_read_and_its_other_members_reported(county, county_staff):
    # given
    archive = zip_of(
        {
            "forms/zhang_san.lrmx": fixture("zhang_san.lrmx"),
            "forms/wang_wu.lrm": fixture("wang_wu.lrm"),
            "forms/wang_wu.pic": fixture("wang_wu.pic"),
            "forms/readme.txt": b"hello",
            "forms/inner.zip": zip_of({"a.lrmx": b"x"}),
            "__MACOSX/forms/._zhang_san.lrmx": b"junk",
        }
    )
    before = counts()

    # when
    report = run(lrmx_preview, county_staff, ("batch.zip", archive), unit=county["town1"])

    # then
    assert [(r.name, r.status) for r in report.results] == [
        ("batch.zip/forms/readme.txt", Status.ERROR),
        ("batch.zip/forms/inner.zip", Status.ERROR),
        ("batch.zip/forms/zhang_san.lrmx", Status.NEW),
        ("batch.zip/forms/wang_wu.lrm", Status.NEW),
    ]
    assert counts() == before


@pytest.mark.django_db
def test_gbk_member_names_of_a_windows_zip_are_decoded():
    # given: the name's GBK bytes without the UTF-8 flag, as Windows' zip writes them
    gbk_name = "张三.lrmx".encode("gbk")
    placeholder = b"X" * (len(gbk_name) - len(".lrmx")) + b".lrmx"
    archive = zip_of({placeholder.decode(): fixture("zhang_san.lrmx")})
    archive = archive.replace(placeholder, gbk_name)

    # when
    sources, errors = sources_of(("批量.zip", archive))

    # then
    assert [source.name for source in sources] == ["批量.zip/张三.lrmx"]
    assert errors == []


@pytest.mark.django_db
def test_zip_bomb_and_oversize_members_are_refused_unread(settings):
    # given
    settings.GANSHI_LRMX_MAX_BYTES = 4 * 1024 * 1024
    archive = zip_of({"bomb.lrmx": b"<Person>" + b" " * (3 * 1024 * 1024) + b"</Person>"})
    big = zip_of({"big.lrmx": bytes(range(256)) * (20 * 1024)}, compression=zipfile.ZIP_STORED)
    settings.GANSHI_LRMX_MAX_BYTES = 4 * 1024 * 1024

    # when
    _sources, bomb_errors = sources_of(("bomb.zip", archive))
    settings.GANSHI_LRMX_MAX_BYTES = 1024 * 1024
    _sources, big_errors = sources_of(("big.zip", big))

    # then
    assert [e.name for e in bomb_errors] == ["bomb.zip/bomb.lrmx"]
    assert "100" in bomb_errors[0].errors[0]
    assert [e.name for e in big_errors] == ["big.zip/big.lrmx"]


@pytest.mark.django_db
def test_too_many_members_and_oversize_zip_are_refused(settings):
    # given
    settings.GANSHI_LRMX_ZIP_MAX_MEMBERS = 3
    archive = zip_of({f"{index}.lrmx": b"<Person/>" for index in range(4)})

    # when
    sources, errors = sources_of(("many.zip", archive))
    settings.GANSHI_LRMX_ZIP_MAX_BYTES = 100
    _sources, size_errors = sources_of(("many.zip", archive))

    # then
    assert sources == []
    assert [(e.name, e.status) for e in errors] == [("many.zip", Status.ERROR)]
    assert [e.name for e in size_errors] == ["many.zip"]


@pytest.mark.django_db
def test_a_bad_file_is_left_out_and_the_others_applied(county, county_staff):
    # given
    document = read_lrmx(fixture("zhang_san.lrmx"))
    document.values["ShenFenZheng"] = "450421198103151235"  # wrong check character
    document.values["XingMing"] = "赵六"

    # when
    report = run(
        lrmx_apply,
        county_staff,
        ("bad.lrmx", write_lrmx(document)),
        ("wang_wu.lrm", fixture("wang_wu.lrm")),
        ("not-a-form.lrmx", b"<Workbook/>"),
        unit=county["town1"],
    )

    # then
    statuses = {r.name: r.status for r in report.results}
    assert statuses == {
        "bad.lrmx": Status.ERROR,
        "wang_wu.lrm": Status.NEW,
        "not-a-form.lrmx": Status.ERROR,
    }
    bad = next(r for r in report.results if r.name == "bad.lrmx")
    assert bad.errors[0].startswith("ShenFenZheng（身份证号）: ")
    assert list(Cadre.objects.values_list("name", flat=True)) == ["王五"]


@pytest.mark.django_db
def test_the_same_person_twice_in_one_batch_is_an_error(county, county_staff):
    # when
    report = run(
        lrmx_preview,
        county_staff,
        ("a.lrmx", fixture("zhang_san.lrmx")),
        ("b.lrmx", fixture("zhang_san.lrmx")),
        unit=county["town1"],
    )

    # then
    assert [r.status for r in report.results] == [Status.NEW, Status.ERROR]


@pytest.mark.django_db
def test_a_township_user_cannot_import_into_another_township(county, town2_staff):
    # given
    before = counts()

    # when
    with pytest.raises(Http404):
        run(
            lrmx_apply,
            town2_staff,
            ("zhang_san.lrmx", fixture("zhang_san.lrmx")),
            unit=county["town1"],
        )

    # then
    assert counts() == before


@pytest.mark.django_db
def test_a_township_user_cannot_update_a_cadre_of_another_township(
    county, county_staff, town2_staff
):
    # given
    run(
        lrmx_apply,
        county_staff,
        ("zhang_san.lrmx", fixture("zhang_san.lrmx")),
        unit=county["town1"],
    )
    document = read_lrmx(fixture("zhang_san.lrmx"))
    document.values["XianRenZhiWu"] = "改过的职务"
    before = counts()

    # when
    report = run(
        lrmx_apply, town2_staff, ("zhang_san.lrmx", write_lrmx(document)), unit=county["town2"]
    )

    # then
    [result] = report.results
    assert result.status == Status.ERROR
    assert result.errors[0].startswith("ShenFenZheng（身份证号）: ")
    assert counts() == before
    assert Cadre.objects.get().current_post == "示范县一镇党委书记"


@pytest.mark.django_db
def test_name_and_birth_match_only_within_scope(county, town2_staff):
    # given: a 李四 born 1988.11 in township one, out of the user's sight
    CadreFactory(name="李四", gender="female", birth=YearMonth(1988, 11), unit=county["town1"])

    # when
    report = run(
        lrmx_preview,
        town2_staff,
        ("li_si.lrmx", fixture("li_si_dotted.lrmx")),
        unit=county["town2"],
    )

    # then
    assert [r.status for r in report.results] == [Status.NEW]


@pytest.mark.django_db
def test_a_read_only_role_cannot_import(county, leader):
    with pytest.raises(ValidationError):
        run(lrmx_preview, leader, ("zhang_san.lrmx", fixture("zhang_san.lrmx")))
