"""The roster journey in a real browser: upload → preview → error report → apply.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; never a downloaded
browser. Without Chromium the test is skipped, unless GANSHI_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from ganshi.accounts.tests.factories import PASSWORD
from ganshi.cadres.models import Cadre
from ganshi.cadres.tests import test_browser as registry_journey
from ganshi.interchange.models import ImportBatch, ImportStatus
from ganshi.interchange.tests.roster_files import person, roster

pytestmark = pytest.mark.browser

# The browser fixtures of the registry journey (Debian's Chromium, the audit triggers
# lifted for the live server's flush).
browser = registry_journey.browser
page = registry_journey.page
audit_triggers_lifted_for_flush = registry_journey.audit_triggers_lifted_for_flush


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_upload_preview_read_the_error_report_and_apply(
    audit_triggers_lifted_for_flush, live_server, county, county_staff, page, tmp_path
):
    from playwright.sync_api import expect

    # given
    path = roster(
        tmp_path / "一镇花名册.xlsx",
        [person("张三", sequence=1), person("李四", sequence=2, 性别="不详")],
        title="一镇干部花名册",
    )

    # log in through the real form (asked for the import page, sent to log in first)
    page.goto(f"{live_server.url}/interchange/roster/import/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", county_staff.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/interchange/roster/import/$"))

    # upload: the preview says what each row would become; nothing is written
    page.set_input_files("#id_file", str(path))
    page.locator("#upload-button").click()
    expect(page).to_have_url(re.compile(r"/interchange/roster/imports/\d+/$"))
    table = page.locator("#rows-table")
    expect(table.locator('tr[data-row="3"]')).to_have_attribute("data-status", "new")
    expect(table.locator('tr[data-row="4"]')).to_have_attribute("data-status", "error")
    expect(table.locator('tr[data-row="4"]')).to_contain_text("性别")
    expect(table.locator('tr[data-row="4"]')).to_contain_text("不详")
    assert Cadre.objects.count() == 0

    # the error report: the original row and its reason
    with page.expect_download() as download:
        page.locator("#error-report-link").click()
    report = tmp_path / "report.xlsx"
    download.value.save_as(report)
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("原行号", "错误原因")
    assert rows[1][1:3] == ("李四", "不详")
    assert rows[1][-2] == 4
    assert rows[1][-1].startswith("性别：")

    # apply the valid rows
    page.locator("#apply-button").click()
    expect(page.locator("#batch-status")).to_have_attribute("data-status", "applied")
    expect(page.locator("#applied-summary")).to_be_visible()
    assert list(Cadre.objects.values_list("name", flat=True)) == ["张三"]
    assert ImportBatch.objects.get().status == ImportStatus.APPLIED
