"""Figures: exact counts from a small fixture, scoped, clickable, exportable."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ganshi.cadres.tests.factories import CadreFactory
from ganshi.practice.choices import AssignmentStatus
from ganshi.practice.selectors import FigureFilters, practice_figures
from ganshi.practice.tests.factories import AssignmentFactory, BatchFactory, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(county):
    """张三 twice to the front line (2025, 2026), 李四 once (2026), 王五 (town two) once
    to 跟班学习 (2026); a planned and a cancelled assignment that do not count."""
    rural = BatchFactory(
        programme=programme("rural_revitalisation"),
        organiser=county["organ"],
        name="第一批",
        year=2025,
    )
    governance = BatchFactory(
        programme=programme("grassroots_governance"),
        organiser=county["organ"],
        name="第一批",
        year=2026,
    )
    shadowing = BatchFactory(
        programme=programme("shadowing"), organiser=county["organ"], name="第二批", year=2026
    )
    zhang = CadreFactory(unit=county["town1"], name="张三")
    li = CadreFactory(unit=county["village1"], name="李四")
    wang = CadreFactory(unit=county["town2"], name="王五")
    zhao = CadreFactory(unit=county["town1"], name="赵六")
    span = {"start": datetime.date(2025, 3, 1), "planned_end": datetime.date(2025, 8, 31)}
    later = {"start": datetime.date(2026, 3, 1), "planned_end": datetime.date(2026, 8, 31)}
    AssignmentFactory(cadre=zhang, batch=rural, status=AssignmentStatus.COMPLETED, **span)
    AssignmentFactory(cadre=zhang, batch=governance, status=AssignmentStatus.SERVING, **later)
    AssignmentFactory(cadre=li, batch=governance, status=AssignmentStatus.RECALLED, **later)
    AssignmentFactory(cadre=wang, batch=shadowing, status=AssignmentStatus.SERVING, **later)
    AssignmentFactory(cadre=zhao, batch=governance, status=AssignmentStatus.PLANNED, **later)
    AssignmentFactory(cadre=zhao, batch=rural, status=AssignmentStatus.CANCELLED, **span)
    return {"rural": rural, "governance": governance, "shadowing": shadowing}


def _counts(items):
    return [(item.label, item.person_times, item.cadres) for item in items]


def test_the_figures_count_person_times_and_distinct_cadres(county_staff, records):
    # when
    figures = practice_figures(actor=county_staff)

    # then
    assert (figures.person_times, figures.cadres) == (4, 3)
    assert (figures.front_line_person_times, figures.front_line_cadres) == (3, 2)
    assert _counts(figures.by_programme) == [
        ("乡村振兴一线", 1, 1),
        ("基层治理一线", 2, 2),
        ("东融发展一线", 0, 0),
        ("项目建设一线", 0, 0),
        ("应急处突一线", 0, 0),
        ("双向历练·上挂", 0, 0),
        ("双向历练·下派", 0, 0),
        ("跟班学习", 1, 1),
        ("异地岗位锻炼", 0, 0),
    ]
    assert _counts(figures.by_year) == [("2025", 1, 1), ("2026", 3, 3)]
    assert _counts(figures.by_batch) == [
        ("2025 乡村振兴一线 第一批", 1, 1),
        ("2026 基层治理一线 第一批", 2, 2),
        ("2026 跟班学习 第二批", 1, 1),
    ]


def test_the_figures_of_a_township_count_its_own_cadres(town1_staff, records):
    # when
    figures = practice_figures(actor=town1_staff)

    # then
    assert (figures.person_times, figures.cadres) == (3, 2)
    assert _counts(figures.by_year) == [("2025", 1, 1), ("2026", 2, 2)]


def test_the_figures_filtered_by_year(county_staff, records):
    # when
    figures = practice_figures(actor=county_staff, filters=FigureFilters(year=2026))

    # then
    assert (figures.person_times, figures.cadres) == (3, 3)
    assert (figures.front_line_person_times, figures.front_line_cadres) == (2, 2)


def test_the_figures_page_links_each_figure_to_its_records(
    client, county_staff, records, django_assert_max_num_queries
):
    # given
    client.force_login(county_staff)

    # when
    with django_assert_max_num_queries(14):
        response = client.get(reverse("practice:figures"))

    # then
    page = response.context["figures"]
    governance_row = page.tables[0].rows[1]
    assert (governance_row.label, governance_row.person_times, governance_row.percent) == (
        "基层治理一线",
        2,
        50.0,
    )
    follow = client.get(governance_row.href)
    assert sorted(a.cadre.name for a in follow.context["page"].items) == ["张三", "李四"]
    headline = page.headline[0]
    assert (headline.label, headline.value) == ("选派到“五个一线”的干部", 2)
    follow = client.get(headline.href)
    assert sorted(a.cadre.name for a in follow.context["page"].items) == ["张三", "张三", "李四"]


def test_the_figures_export(client, county_staff, records):
    # given
    client.force_login(county_staff)

    # when
    response = client.get(reverse("practice:figures_export"), {"year": "2026"})

    # then
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "概况",
        "按历练项目统计选派情况",
        "按年度统计选派情况",
        "按批次统计选派情况",
    ]
    rows = list(workbook["按年度统计选派情况"].iter_rows(values_only=True))
    assert rows[1:] == [
        ("类别", "人次", "人数", "占比（%）"),
        ("2026", 3, 3, 100.0),
        ("合计", 3, 3, 100.0),
    ]
