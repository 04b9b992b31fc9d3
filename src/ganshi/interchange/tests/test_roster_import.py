"""The roster import engine on messy real-world rosters."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.audit.services import verify_chain
from ganshi.cadres.choices import CadreCategory, Gender, Rank
from ganshi.cadres.models import Cadre
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.interchange import services
from ganshi.interchange.models import ImportMode, RowStatus
from ganshi.interchange.services import roster_import_run
from ganshi.interchange.spreadsheets import SpreadsheetError
from ganshi.interchange.tests.roster_files import (
    HEADER,
    id_number,
    person,
    roster,
    write_csv,
    write_xlsx,
)

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(actor, path, *, write=False, mode=ImportMode.VALID_ROWS, unit=None, kind="xlsx"):
    results = []
    summary = roster_import_run(
        actor=actor,
        path=path,
        kind=kind,
        unit=unit,
        mode=mode,
        write=write,
        on_rows=results.extend,
        source_name=path.name,
    )
    return summary, results


def statuses(results):
    return [(result.row_number, result.status) for result in results]


def errors(results):
    return {result.row_number: result.errors for result in results if result.errors}


def messy_roster(path):
    """A title row, a blank row, a two-row header with merged groups, a 序号 column,
    blank rows, trailing spaces, full-width digits and every date spelling."""
    header_top = ["序号", "姓名", "性别", "出生年月", "民族", "身份证号", "政治面貌", "入党时间",
                  "参加工作时间", "全日制教育", None, "在职教育", None, "工作单位", "现任职务"]  # fmt: skip
    header_bottom = [None] * 9 + ["学历", "学位", "学历", "学位", None, None]
    births = [
        "1985.03",
        "1985.3",
        "1985年3月",
        198503,
        "1985-03",
        "1985/3/1",
        datetime.datetime(1985, 3, 1),  # noqa: DTZ001 - an Excel date cell is naive
        31107,  # an Excel date serial typed as a number: 1985-03-01
        "１９８５．０３",
    ]
    rows = [["示范县干部花名册（2025年6月）"], [None], header_top, header_bottom]
    for index, birth in enumerate(births):
        gender = "male" if index % 2 == 0 else "female"
        rows.append(
            [
                index + 1,
                f"干部{index} ",
                "男" if gender == "male" else "女 ",
                birth,
                "汉" if index % 3 == 0 else "壮族",
                id_number(1985, 3, 10 + index, gender=gender, sequence=index),
                "中共党员",
                "2008.07",
                "2007.7",
                "本科",
                "学士学位",
                "中央党校研究生" if index == 0 else None,
                None,
                " 一村 " if index == 1 else "一镇",
                "党政办科员",
            ]
        )
        if index == 4:
            rows.append([None] * 15)  # a blank row in the middle
            rows.append([6.5])  # a 序号 alone is a blank row too
    merges = ("A1:O1", "J3:K3", "L3:M3") + tuple(f"{column}3:{column}4" for column in "ABCDEFGHINO")
    return write_xlsx(path, rows, merges=merges)


def test_a_messy_roster_is_read_row_by_row(county, county_staff, tmp_path):
    # given
    path = messy_roster(tmp_path / "messy.xlsx")
    # when
    summary, results = run(county_staff, path)
    # then
    assert errors(results) == {}
    assert statuses(results) == [
        (5, "new"), (6, "new"), (7, "new"), (8, "new"), (9, "new"),
        (12, "new"), (13, "new"), (14, "new"), (15, "new"),
    ]  # fmt: skip
    assert (summary.total, summary.new, summary.created) == (9, 9, 0)
    assert [column["field"] for column in summary.columns] == [
        "name", "gender", "birth", "ethnicity", "id_number", "political_status",
        "party_entry", "work_start", "fulltime_education", "fulltime_degree",
        "inservice_education", "inservice_degree", "unit", "current_post",
    ]  # fmt: skip
    assert Cadre.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_applying_a_messy_roster_writes_the_values_as_typed(county, county_staff, tmp_path):
    # given
    path = messy_roster(tmp_path / "messy.xlsx")
    # when
    summary, results = run(county_staff, path, write=True)
    # then
    assert (summary.created, summary.updated, summary.error) == (9, 0, 0)
    cadres = list(Cadre.objects.order_by("name"))
    assert [cadre.name for cadre in cadres] == [f"干部{index}" for index in range(9)]
    assert {cadre.birth for cadre in cadres} == {YearMonth(1985, 3)}
    first, second = cadres[0], cadres[1]
    assert (first.gender, first.ethnicity, first.unit, first.name_pinyin) == (
        Gender.MALE,
        "01",
        county["town1"],
        "ganbu",
    )
    assert (second.gender, second.ethnicity, second.unit, second.category) == (
        Gender.FEMALE,
        "08",
        county["village1"],
        CadreCategory.VILLAGE,
    )
    assert (first.fulltime_education, first.fulltime_degree, first.inservice_education) == (
        "21",
        "4",
        "14",
    )
    assert first.education == "14"
    assert first.id_number == id_number(1985, 3, 10, sequence=0)
    assert (first.party_entry, first.work_start) == (YearMonth(2008, 7), YearMonth(2007, 7))
    assert [result.cadre_id for result in results] == [cadre.pk for cadre in cadres]


def test_every_created_cadre_gets_its_audit_event_and_the_chain_holds(
    county, county_staff, tmp_path
):
    # given
    path = messy_roster(tmp_path / "messy.xlsx")
    # when
    run(county_staff, path, write=True)
    # then
    events = list(AuditEvent.objects.order_by("id"))
    creates = [event for event in events if event.action == AuditAction.CREATE]
    assert len(creates) == 9
    assert sorted(int(event.object_id) for event in creates) == sorted(
        Cadre.objects.values_list("pk", flat=True)
    )
    assert creates[0].after["name"] == "干部0"
    assert (
        creates[0].after["id_number"] == "4504**********" + id_number(1985, 3, 10, sequence=0)[-4:]
    )
    assert creates[0].after["tags"] == []
    assert events[-1].action == AuditAction.SYSTEM
    assert events[-1].after == {
        "file": "messy.xlsx", "mode": "valid-rows", "rows": 9, "created": 9,
        "updated": 0, "unchanged": 0, "errors": 0,
    }  # fmt: skip
    assert verify_chain() == (10, None, "")


def test_a_second_import_of_the_same_file_changes_nothing(county, county_staff, tmp_path):
    # given
    path = messy_roster(tmp_path / "messy.xlsx")
    run(county_staff, path, write=True)
    events = AuditEvent.objects.count()
    before = list(Cadre.objects.order_by("pk").values())
    # when
    summary, results = run(county_staff, path, write=True)
    # then
    assert {result.status for result in results} == {RowStatus.UNCHANGED}
    assert (summary.unchanged, summary.created, summary.updated) == (9, 0, 0)
    assert AuditEvent.objects.count() == events
    assert list(Cadre.objects.order_by("pk").values()) == before


def test_a_changed_value_is_an_update_with_its_audit_event(county, county_staff, tmp_path):
    # given
    cadre = CadreFactory(name="张三", unit=county["town1"], birth=YearMonth(1985, 3),
                         id_number=id_number(1985, 3, 12), political_status="13",
                         rank=Rank.FOURTH_PRINCIPAL_STAFF)  # fmt: skip
    path = roster(tmp_path / "r.xlsx", [person("张三", 现任职务="副镇长", 政治面貌="群众",
                                                 入党时间="", 学历="", 学位="")])  # fmt: skip
    # when
    summary, results = run(county_staff, path, write=True)
    # then
    assert statuses(results) == [(2, "update")]
    assert results[0].changes == ["参加工作时间", "现任职务"]
    cadre.refresh_from_db()
    assert (cadre.current_post, cadre.work_start, cadre.rank) == (
        "副镇长",
        YearMonth(2007, 8),
        Rank.FOURTH_PRINCIPAL_STAFF,
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert (event.object_id, event.before, event.after) == (
        str(cadre.pk),
        {"work_start": "2007.07", "current_post": ""},
        {"work_start": "2007.08", "current_post": "副镇长"},
    )


def test_bad_rows_say_every_reason_with_their_column(county, county_staff, tmp_path):
    # given
    good = person("好人", sequence=1)
    bad_check = person("校验错", sequence=2, 身份证号=id_number(1985, 3, 12, sequence=2)[:-1] + "0")
    future = person("未来", sequence=3, 参加工作时间="2030.01", 民族="火星族")
    young = person("太早", sequence=4, 参加工作时间="1990.01", 入党时间="1995.01")
    unknown_unit = person("无单位", sequence=5, 工作单位="三镇")
    duplicate = person("重复", sequence=1)
    mismatch = person("不符", sequence=6, 出生年月="1986.03", 性别="女")
    member = person("党员", sequence=7, 入党时间="")
    path = roster(
        tmp_path / "bad.xlsx",
        [good, bad_check, future, young, unknown_unit, duplicate, mismatch, member],
    )
    # when
    with translation.override("en"):
        summary, results = run(county_staff, path, write=True)
    # then
    expected_check = id_number(1985, 3, 12, sequence=2)[-1]
    assert errors(results) == {
        3: [
            (
                "身份证号",
                f"The ID number's check character is wrong (it should be {expected_check}).",
            )
        ],
        4: [
            ("民族", "“火星族” is not one of the 56 ethnic groups; write e.g. 汉族 or 壮族."),
            ("参加工作时间", "This date is in the future."),
        ],
        5: [
            ("参加工作时间", "Work cannot start before the age of 16 (born 1985.03)."),
            ("入党时间", "Party entry cannot be before the age of 18 (born 1985.03)."),
        ],
        6: [("工作单位", "The unit “三镇” does not exist or is outside your scope.")],
        7: [("身份证号", "This ID number is also in row 2.")],
        8: [
            ("身份证号", "The ID number gives birth 1985.03 but the birth field says 1986.03."),
            ("身份证号", "The ID number is a man's but the gender field says Female."),
        ],
        9: [("入党时间", "A party member needs a party entry date.")],
    }
    assert (summary.new, summary.error, summary.created) == (1, 7, 1)
    assert list(Cadre.objects.values_list("name", flat=True)) == ["好人"]


def test_all_or_nothing_writes_nothing_when_a_row_fails(county, county_staff, tmp_path):
    # given
    path = roster(
        tmp_path / "r.xlsx", [person("好人", sequence=1), person("坏人", sequence=2, 性别="不详")]
    )
    # when
    summary, results = run(county_staff, path, write=True, mode=ImportMode.ALL_OR_NOTHING)
    # then
    assert statuses(results) == [(2, "new"), (3, "error")]
    assert (summary.created, summary.rolled_back) == (0, True)
    assert Cadre.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_all_or_nothing_imports_a_clean_file(county, county_staff, tmp_path):
    # given
    path = roster(tmp_path / "r.xlsx", [person("甲", sequence=1), person("乙", sequence=2)])
    # when
    summary, _results = run(county_staff, path, write=True, mode=ImportMode.ALL_OR_NOTHING)
    # then
    assert (summary.created, summary.rolled_back) == (2, False)
    assert Cadre.objects.count() == 2


def test_a_township_imports_only_into_its_township(county, town1_staff, tmp_path):
    # given
    outsider = CadreFactory(
        name="外人", unit=county["town2"], id_number=id_number(1985, 3, 12, sequence=9)
    )
    path = roster(
        tmp_path / "r.xlsx",
        [
            person("一镇人", sequence=1),
            person("一村人", sequence=2, 工作单位="一村"),
            person("二镇人", sequence=3, 工作单位="二镇"),
            person("二村人", sequence=4, 工作单位="二村"),
            person("外人", sequence=9),
        ],
    )
    # when
    summary, results = run(town1_staff, path, write=True)
    # then
    assert errors(results) == {
        4: [("工作单位", "The unit “二镇” does not exist or is outside your scope.")],
        5: [("工作单位", "The unit “二村” does not exist or is outside your scope.")],
        6: [("身份证号", "Another cadre in the registry already has this ID number.")],
    }
    assert sorted(Cadre.objects.values_list("name", flat=True)) == sorted(
        ["一镇人", "一村人", "外人"]
    )
    outsider.refresh_from_db()
    assert outsider.unit == county["town2"]


def test_unit_for_every_row_wins_over_the_column(county, county_staff, tmp_path):
    # given
    path = roster(tmp_path / "r.xlsx", [person("甲", sequence=1, 工作单位="不存在的单位")])
    # when
    summary, results = run(county_staff, path, write=True, unit=county["village2"])
    # then
    assert statuses(results) == [(2, "new")]
    assert Cadre.objects.get().unit == county["village2"]


def test_a_gbk_csv_is_read(county, county_staff, tmp_path):
    # given
    path = write_csv(
        tmp_path / "r.csv",
        [HEADER, person("张三", sequence=1), person("李四", gender="female", sequence=2)],
        encoding="gbk",
    )
    # when
    summary, results = run(county_staff, path, write=True, kind="csv")
    # then
    assert statuses(results) == [(2, "new"), (3, "new")]
    assert sorted(Cadre.objects.values_list("name", flat=True)) == ["张三", "李四"]


def test_a_utf8_csv_with_bom_is_read(county, county_staff, tmp_path):
    # given
    path = write_csv(tmp_path / "r.csv", [HEADER, person("张三", sequence=1)], encoding="utf-8-sig")
    # when
    summary, results = run(county_staff, path, kind="csv")
    # then
    assert statuses(results) == [(2, "new")]
    assert results[0].name == "张三"


def test_rows_without_an_id_number_match_by_name_birth_and_unit(county, county_staff, tmp_path):
    # given
    cadre = CadreFactory(name="张三", unit=county["town1"], birth=YearMonth(1985, 3))
    path = roster(tmp_path / "r.xlsx", [person("张三", 身份证号="", 现任职务="镇长")])
    # when
    summary, results = run(county_staff, path, write=True)
    # then
    assert statuses(results) == [(2, "update")]
    cadre.refresh_from_db()
    assert cadre.current_post == "镇长"


def test_a_masked_id_number_is_not_a_value(county, county_staff, tmp_path):
    # given
    cadre = CadreFactory(name="张三", unit=county["town1"], birth=YearMonth(1985, 3), work_start=YearMonth(2007, 8),
                         party_entry=YearMonth(2007, 7), political_status="01", fulltime_education="21",
                         fulltime_degree="4", current_post="科员")  # fmt: skip
    path = roster(tmp_path / "r.xlsx", [person("张三", 身份证号="4504**********1234")])
    # when
    summary, results = run(county_staff, path)
    # then
    assert statuses(results) == [(2, "unchanged")]
    assert results[0].cadre_id == cadre.pk


def test_an_id_number_typed_as_a_number_is_refused_with_the_fix(county, county_staff, tmp_path):
    # given
    path = roster(tmp_path / "r.xlsx", [person("张三", 身份证号=450421198503121234)])
    # when
    summary, results = run(county_staff, path)
    # then
    assert errors(results) == {
        2: [
            (
                "身份证号",
                "Excel stored this ID number as a number and lost its last digits; "
                "format the column as text and type the number again.",
            )
        ]
    }


def test_no_header_row_is_a_clear_error(county, county_staff, tmp_path):
    # given
    path = write_xlsx(tmp_path / "r.xlsx", [["甲", "乙"], ["1", "2"]])
    # when
    with pytest.raises(SpreadsheetError) as raised:
        run(county_staff, path)
    # then
    assert str(raised.value) == (
        "No header row was found: none of the first 12 rows has a “姓名” column."
    )


def test_the_row_cap_refuses_a_long_file(county, county_staff, tmp_path, settings):
    # given
    settings.GANSHI_IMPORT_MAX_ROWS = 2
    path = roster(tmp_path / "r.xlsx", [person(f"人{index}", sequence=index) for index in range(3)])
    # when
    with pytest.raises(SpreadsheetError) as raised:
        run(county_staff, path, write=True)
    # then
    assert str(raised.value) == "The file has more than 2 rows; split it into smaller files."
    assert Cadre.objects.count() == 0


def test_a_leader_cannot_import(county, leader, tmp_path):
    # given
    path = roster(tmp_path / "r.xlsx", [person("甲")])
    # when
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        run(leader, path, write=True)
    # then
    assert raised.value.message_dict == {"__all__": ["Your role cannot change the registry."]}
    assert Cadre.objects.count() == 0


@pytest.mark.parametrize(("threshold", "expected"), [(9, [True]), (10, [])])
def test_an_import_of_many_new_cadres_refreshes_the_planner_statistics(
    county,
    county_staff,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
    threshold,
    expected,
):
    # given a roster of 9 new cadres
    refreshed = []
    monkeypatch.setattr(services, "STATISTICS_AFTER_ROWS", threshold)
    monkeypatch.setattr(services, "refresh_statistics", lambda: refreshed.append(True))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        summary, _ = run(county_staff, messy_roster(tmp_path / "messy.xlsx"), write=True)
    # then
    assert (summary.created, refreshed) == (9, expected)
