"""The reporting journey in a real browser: an anonymous report filed without logging
in, followed with its receipt code, answered by the handler, the answer read by the
reporter.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; skipped without it,
unless GANSHI_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re

import pytest

from ganshi.accounts.tests.factories import PASSWORD
from ganshi.cadres.tests.test_browser import (  # noqa: F401 - fixtures
    audit_triggers_lifted_for_flush,
    browser,
    page,
)
from ganshi.supervision.choices import CaseStatus
from ganshi.supervision.models import Report
from ganshi.supervision.tests.factories import handler_user

pytestmark = pytest.mark.browser


def test_file_an_anonymous_report_follow_it_and_read_the_reply(
    audit_triggers_lifted_for_flush,  # noqa: F811
    live_server,
    county,
    browser,  # noqa: F811
):
    from playwright.sync_api import expect

    handler = handler_user()
    reporter = browser.new_context(locale="zh-CN", java_script_enabled=False)
    reporter.set_default_timeout(15_000)
    public = reporter.new_page()

    # the reporter files an anonymous report, no login, no JavaScript
    public.goto(f"{live_server.url}/report/")
    public.fill("#id_content", "2025年5月，某镇副镇长在危房改造验收中收受红包。")
    public.fill("#id_subject_name", "李四")
    public.fill("#id_subject_unit", "某镇人民政府")
    public.check("#id_anonymity_0")
    public.locator("#submit-button").click()
    code = public.locator("#receipt-code").inner_text().replace(" ", "")
    assert re.fullmatch(r"\d{16}", code)

    # follows it with the code
    public.goto(f"{live_server.url}/report/follow/")
    public.fill("#id_code", code)
    public.locator("#follow-button").click()
    expect(public.locator("#report-status")).to_have_text("登记")
    expect(public.locator("#report-content")).to_contain_text("危房改造验收")
    expect(public.locator("#thread")).to_contain_text("暂无留言。")

    # the case is assigned; the handler logs in and replies
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(status=CaseStatus.PRELIMINARY_CHECK)
    report.handlers.set([handler])
    staff = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    staff.set_default_timeout(15_000)
    desk = staff.new_page()
    desk.goto(f"{live_server.url}/supervision/")
    desk.fill("#id_username", handler.username)
    desk.fill("#id_password", PASSWORD)
    desk.locator("form button[type=submit]").click()
    expect(desk).to_have_url(re.compile(r"/supervision/$"))
    desk.locator("#case-table a").first.click()
    expect(desk.locator("#case-content")).to_contain_text("危房改造验收")
    expect(desk.locator("#case-reporter")).to_have_text("匿名")
    desk.fill("#id_body", "已收到，请补充红包的大致金额。")
    desk.locator("#message-button").click()
    expect(desk.locator("#thread")).to_contain_text("请补充红包的大致金额")

    # the reporter sees the reply and answers
    public.goto(f"{live_server.url}/report/follow/")
    public.fill("#id_code", code)
    public.locator("#follow-button").click()
    expect(public.locator("#report-status")).to_have_text("初核")
    expect(public.locator("#thread")).to_contain_text("已收到，请补充红包的大致金额。")
    public.fill("#id_body", "大约两千元。")
    public.locator("#reply-button").click()
    expect(public.locator(".alert-success")).to_have_text("您的留言已发送。")
    expect(public.locator("#thread")).to_contain_text("大约两千元。")
    reporter.close()
    staff.close()
