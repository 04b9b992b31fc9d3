"""Reading what people type in roster cells: every spelling of the same value."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ganshi.core.year_month import YearMonth
from ganshi.interchange.columns import (
    COLUMNS_BY_FIELD,
    field_for_title,
    find_header,
    parse_cell,
    parse_degree,
    parse_education,
    parse_ethnicity,
    parse_political_status,
    parse_year_month,
)

EXCEL_EPOCH = datetime.date(1899, 12, 30)
FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@given(year=st.integers(1920, 2030), month=st.integers(1, 12), day=st.integers(1, 28))
def test_every_spelling_of_a_year_month_reads_the_same(year, month, day):
    # given
    date = datetime.date(year, month, day)
    spellings = [
        f"{year}.{month:02d}",
        f"{year}.{month}",
        f"{year}年{month}月",
        f"{year}年{month:02d}月{day}日",
        f"{year}{month:02d}",
        year * 100 + month,
        f"{year}-{month:02d}",
        f"{year}/{month}/{day}",
        f"{year}.{month:02d}".translate(FULLWIDTH),
        date,
        datetime.datetime(year, month, day, 0, 0),  # noqa: DTZ001 - a naive Excel cell
        float((date - EXCEL_EPOCH).days),  # a date serial typed as a number
        f" {year}.{month:02d} ",
    ]
    # when
    read = {parse_year_month(spelling) for spelling in spellings}
    # then
    assert read == {YearMonth(year, month)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1985", "“1985” is not a year-month; write it as 1985.03."),
        ("1985.13", "The month 13 does not exist."),
        ("85.3", "“85.3” is not a year-month; write it as 1985.03."),
        ("1985/2/30", "The date 1985/2/30 does not exist."),
    ],
)
def test_an_impossible_year_month_says_why(text, message):
    # when
    with pytest.raises(ValueError) as raised:
        parse_year_month(text)
    # then
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "code"),
    [("本科", "21"), ("大学本科", "21"), ("大学", "21"), ("大学本科毕业", "21"), ("专科", "31"),
     ("大专", "31"), ("大学专科", "31"), ("研究生", "14"), ("硕士", "14"), ("博士研究生", "11"),
     ("中专", "41"), ("高中", "61"), ("中央党校大学", "21"), ("省委党校研究生", "14"),
     ("本科学历", "21"), ("初中", "71")],
)  # fmt: skip
def test_education_words_map_to_the_code_table(text, code):
    assert parse_education(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("汉族", "01"), ("汉", "01"), ("壮", "08"), ("蒙古", "02"), ("01", "01")],
)
def test_ethnicity_with_or_without_zu(text, code):
    assert parse_ethnicity(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("中共党员", "01"), ("党员", "01"), ("预备党员", "02"), ("团员", "03"), ("群众", "13"),
     ("无党派人士", "12"), ("九三学社", "10")],
)  # fmt: skip
def test_political_status_words(text, code):
    assert parse_political_status(text) == code


@pytest.mark.parametrize(
    ("text", "code"), [("学士", "4"), ("法学学士", "4"), ("工程硕士", "3"), ("博士学位", "2")]
)
def test_degree_words(text, code):
    assert parse_degree(text) == code


@pytest.mark.parametrize(
    ("title", "field"),
    [("出生年月", "birth"), ("出生日期", "birth"), ("出生年月日", "birth"), ("身份证号码", "id_number"),
     ("公民身份号码", "id_number"), ("入党年月", "party_entry"), ("工作时间", "work_start"),
     ("全日制教育学历", "fulltime_education"), ("毕业院校系及专业", "fulltime_school"),
     ("在职学位", "inservice_degree"), ("单位", "unit"), ("工作单位及职务", "current_post"),
     ("职称", "professional_title"), ("手机", "phone"), ("* 姓 名 ", "name"),
     ("身份证号（18位）", "id_number"), ("序号", ""), ("年龄", ""), ("爱好", None)],
)  # fmt: skip
def test_header_synonyms(title, field):
    assert field_for_title(title) == field


def test_a_one_row_header_with_two_education_groups():
    # given: 学历 学位 院校 twice, the second time the in-service ones
    header = find_header([["姓名", "学历", "学位", "毕业院校", "学历", "学位", "毕业院校"]])
    # then
    assert [column.field for _index, column in sorted(header.columns.items())] == [
        "name", "fulltime_education", "fulltime_degree", "fulltime_school",
        "inservice_education", "inservice_degree", "inservice_school",
    ]  # fmt: skip


def test_a_group_row_written_once_over_its_columns():
    # given: a .csv cannot merge cells; the group title stands over its first column
    header = find_header(
        [["姓名", "全日制教育", "", "在职教育", ""], ["", "学历", "学位", "学历", "学位"]]
    )
    # then
    assert (header.first_row, header.height) == (0, 2)
    assert [column.field for _index, column in sorted(header.columns.items())] == [
        "name", "fulltime_education", "fulltime_degree", "inservice_education", "inservice_degree",
    ]  # fmt: skip


@pytest.mark.parametrize("blank", ["", "  ", "无", "-", "—", None])
def test_blank_marks_are_no_value(blank):
    assert parse_cell(COLUMNS_BY_FIELD["fulltime_education"], blank) == (False, None)


def test_rank_none_is_a_value():
    assert parse_cell(COLUMNS_BY_FIELD["rank"], "无") == (True, 99)


def test_the_rank_names_are_the_glossary_names_of_the_ranks():
    # given
    from ganshi.cadres.choices import Rank
    from ganshi.interchange.columns import RANK_TITLES

    # when
    with translation.override("en"):
        in_labels = {
            rank: str(rank.label).split("(")[-1].rstrip(")") for rank in Rank if rank != Rank.NONE
        }
    # then
    assert RANK_TITLES == in_labels


def test_rank_names_read_whatever_the_language():
    from ganshi.interchange.columns import parse_rank

    with translation.override("zh-hans"):
        assert parse_rank("一级科员") == 11
