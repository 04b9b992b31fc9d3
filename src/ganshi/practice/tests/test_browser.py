"""The practice journey in a real browser: staff create a batch, choose a young cadre who
has never served at the front line, and find them in the assignment list.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; skipped without it,
unless GANSHI_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re

import pytest

from ganshi.accounts.tests.factories import PASSWORD
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.cadres.tests.test_browser import (  # noqa: F401 - fixtures
    audit_triggers_lifted_for_flush,
    browser,
    page,
)
from ganshi.core.year_month import YearMonth
from ganshi.practice.choices import AssignmentStatus
from ganshi.practice.models import Assignment
from ganshi.practice.tests.factories import AssignmentFactory, BatchFactory, programme

pytestmark = pytest.mark.browser


def test_create_a_batch_and_add_a_young_cadre_who_never_served(
    audit_triggers_lifted_for_flush,  # noqa: F811
    live_server,
    county,
    county_staff,
    page,  # noqa: F811
):
    from playwright.sync_api import expect

    # given: 张三 (28) never served, 李四 (29) served in 2024, 王五 is 45
    now = YearMonth.today()
    CadreFactory(unit=county["town1"], name="张三", birth=now.add_months(-12 * 28))
    served = CadreFactory(unit=county["town1"], name="李四", birth=now.add_months(-12 * 29))
    CadreFactory(unit=county["town2"], name="王五", birth=now.add_months(-12 * 45))
    AssignmentFactory(
        cadre=served,
        batch=BatchFactory(organiser=county["organ"], year=2024, name="第一批"),
        start="2024-03-01",
        planned_end="2024-08-31",
        status=AssignmentStatus.COMPLETED,
    )

    # log in, asked for the programmes
    page.goto(f"{live_server.url}/practice/")
    page.fill("#id_username", county_staff.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/practice/$"))
    expect(page.locator("#programme-table")).to_contain_text("乡村振兴一线")

    # create the batch
    page.locator("#new-batch").click()
    page.select_option("#id_programme", label="乡村振兴一线")
    page.fill("#id_name", "第九批")
    page.fill("#id_year", "2026")
    page.select_option("#id_organiser", value=str(county["organ"].pk))
    page.locator("#save-button").click()
    expect(page).to_have_url(re.compile(r"/practice/batches/\d+/candidates/$"))

    # only the young who never served
    page.locator("#id_young").check()
    page.locator("#id_never_served").check()
    page.locator("#filter-button").click()
    table = page.locator("#candidate-table")
    expect(table).to_contain_text("张三")
    expect(table).not_to_contain_text("李四")
    expect(table).not_to_contain_text("王五")
    expect(table.locator(".cell-young")).to_have_text("年轻干部")
    expect(table.locator(".cell-front-line")).to_have_text("从未到一线")

    # a planned end before the start is refused, next to its field
    page.get_by_label("张三").check()
    page.fill("#id_host_name", "珠海市斗门区白蕉镇")
    page.fill("#id_start", "2026-12-01")
    page.fill("#id_planned_end", "2026-06-01")
    page.locator("#add-button").click()
    expect(page.locator('[data-field="planned_end"] .invalid-feedback')).to_have_text(
        "计划结束日期早于开始日期。"
    )
    assert Assignment.objects.filter(cadre__name="张三").count() == 0

    # corrected, the cadre joins the batch
    page.get_by_label("张三").check()
    page.fill("#id_planned_end", "2027-05-31")
    page.locator("#add-button").click()
    expect(page).to_have_url(re.compile(r"/practice/batches/\d+/$"))
    expect(page.locator("#assignment-table")).to_contain_text("张三")

    # and in the assignment list, planned
    page.goto(f"{live_server.url}/practice/assignments/?programme={programme().pk}")
    row = page.locator("#assignment-table tbody tr", has_text="张三")
    expect(row).to_contain_text("珠海市斗门区白蕉镇")
    expect(row).to_contain_text("拟选派")
    expect(row).to_contain_text("2027-05-31")
