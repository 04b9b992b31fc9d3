"""The 简历 text ⇄ résumé entries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ganshi.core.year_month import YearMonth
from ganshi.interchange.resume_text import (
    ResumeItem,
    ResumeSyntaxError,
    format_resume,
    parse_resume,
)

YM = YearMonth


def test_parse_reads_dotted_and_digit_year_months():
    # given
    text = "1985.03--1990.07  某某中学学生\n199009--199407 广西大学法律系学习"

    # when
    items = parse_resume(text)

    # then
    assert items == [
        ResumeItem(YM(1985, 3), YM(1990, 7), "某某中学学生"),
        ResumeItem(YM(1990, 9), YM(1994, 7), "广西大学法律系学习"),
    ]


def test_parse_reads_an_open_end_in_every_spelling():
    # given
    text = "2015.09--         县委常委\n2016.01--至今  组织部部长\n2017年3月—  兼任党校校长"

    # when
    items = parse_resume(text)

    # then
    assert items == [
        ResumeItem(YM(2015, 9), None, "县委常委"),
        ResumeItem(YM(2016, 1), None, "组织部部长"),
        ResumeItem(YM(2017, 3), None, "兼任党校校长"),
    ]


def test_parse_appends_continuation_lines_and_reads_crlf():
    # given
    text = "2006.03--2011.09  示范县一镇党政办公室副主任、\r\n                  主任\r\n2011.09--  副镇长\r\n"

    # when
    items = parse_resume(text)

    # then
    assert items == [
        ResumeItem(YM(2006, 3), YM(2011, 9), "示范县一镇党政办公室副主任、主任"),
        ResumeItem(YM(2011, 9), None, "副镇长"),
    ]


def test_parse_reads_full_width_digits_dashes_and_spaces():
    # given
    text = "２００１．０３——２００８．０９\u3000某镇党委副书记"

    # when
    items = parse_resume(text)

    # then
    assert items == [ResumeItem(YM(2001, 3), YM(2008, 9), "某镇党委副书记")]


def test_parse_takes_sub_entries_out_of_a_group_on_its_own_line():
    # given
    text = (
        "2008.09--2015.09  某某县某某局局长\n"
        "                  （其间：2009.09--2011.07在某某大学在职研究生学习；2012.03--2012.09  挂职）"
    )

    # when
    items = parse_resume(text)

    # then
    assert items == [
        ResumeItem(YM(2008, 9), YM(2015, 9), "某某县某某局局长"),
        ResumeItem(YM(2009, 9), YM(2011, 7), "在某某大学在职研究生学习", is_sub_entry=True),
        ResumeItem(YM(2012, 3), YM(2012, 9), "挂职", is_sub_entry=True),
    ]


def test_parse_takes_a_group_from_the_end_of_an_entry_and_across_lines():
    # given
    text = (
        "1994.07--2001.03  某镇党政办公室科员(其间:1996.09--1999.07在区委党校\n"
        "                  函授大专班学习;\n"
        "                  1999.09--2000.01 下派驻村)\n"
        "2001.03--  某镇副镇长"
    )

    # when
    items = parse_resume(text)

    # then
    assert items == [
        ResumeItem(YM(1994, 7), YM(2001, 3), "某镇党政办公室科员"),
        ResumeItem(YM(1996, 9), YM(1999, 7), "在区委党校函授大专班学习", is_sub_entry=True),
        ResumeItem(YM(1999, 9), YM(2000, 1), "下派驻村", is_sub_entry=True),
        ResumeItem(YM(2001, 3), None, "某镇副镇长"),
    ]


def test_parse_keeps_a_parenthesis_without_dates_in_the_text():
    # given
    text = "2010.01--2012.03  县委办公室（县委机要局）科员（其间：挂职一年）"

    # when
    items = parse_resume(text)

    # then
    assert items == [
        ResumeItem(YM(2010, 1), YM(2012, 3), "县委办公室（县委机要局）科员（其间：挂职一年）")
    ]


def test_parse_skips_blank_lines_and_reads_nothing_as_nothing():
    assert parse_resume("") == []
    assert parse_resume("\n  \n") == []


def test_parse_names_the_line_without_dates_at_the_top():
    # when
    with pytest.raises(ResumeSyntaxError) as error:
        parse_resume("\n某某中学学生\n1990.09--1994.07  学习")

    # then
    assert error.value.line == 2


def test_parse_names_the_line_with_an_impossible_month():
    # when
    with pytest.raises(ResumeSyntaxError) as error:
        parse_resume("1990.09--1994.07  学习\n1994.13--1996.01  工作")

    # then
    assert error.value.line == 2


def test_format_writes_the_canonical_lines():
    # given
    items = [
        ResumeItem(YM(1999, 9), YM(2003, 7), "广西大学学习"),
        ResumeItem(YM(2003, 7), None, "某镇科员"),
        ResumeItem(YM(2007, 9), YM(2010, 7), "在职研究生学习", is_sub_entry=True),
        ResumeItem(YM(2008, 1), None, "挂职", is_sub_entry=True),
    ]

    # when
    text = format_resume(items)

    # then
    assert text.split("\n") == [
        "1999.09--2003.07  广西大学学习",
        "2003.07--         某镇科员",
        " " * 18 + "（其间：2007.09--2010.07  在职研究生学习；2008.01--  挂职）",
    ]


# Text that the canonical form carries unchanged: no line breaks, no parentheses or
# semicolons (they delimit sub-entries), no leading date or dash, no outer spaces.
TEXT_ALPHABET = st.sampled_from(
    list("某县镇乡村党委书记副主任科员局长学习大学研究生、，。0123456789ABab-")
)
texts = (
    st.text(TEXT_ALPHABET, min_size=1, max_size=30)
    .map(str.strip)
    .filter(
        lambda text: (
            text and not text[0].isdigit() and text[0] not in "-" and not text.startswith("今")
        )
    )
)
year_months = st.builds(YM, st.integers(1950, 2030), st.integers(1, 12))
items = st.builds(
    ResumeItem,
    start=year_months,
    end=st.none() | year_months,
    text=texts,
    is_sub_entry=st.booleans(),
)


@settings(deadline=None)
@given(st.lists(items, max_size=12))
def test_entries_to_text_to_entries_is_identity(entries):
    assert parse_resume(format_resume(entries)) == entries


@settings(deadline=None)
@given(st.lists(items, max_size=12))
def test_crlf_text_reads_the_same(entries):
    assert parse_resume(format_resume(entries, newline="\r\n")) == entries
