"""The training journey in a real browser: the organiser creates a class and a session, enrols the
township's cadres by criteria, ticks the register and sees the hours in the compliance
view; a cadre signs in by the session's QR link on the phone and sees their hours.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; never a downloaded
browser. Without Chromium the test is skipped, unless GANSHI_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import PASSWORD, UserFactory
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.cadres.tests.test_browser import (  # noqa: F401 - fixtures
    audit_triggers_lifted_for_flush,
    browser,
)
from ganshi.training.models import TrainingClass

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()


def test_register_qr_sign_in_and_hours(
    audit_triggers_lifted_for_flush,  # noqa: F811
    live_server,
    county,
    town1_staff,
    page,
):
    from playwright.sync_api import expect

    # given: two cadres of 一镇, one linked to a login
    today = timezone.localdate()
    CadreFactory(unit=county["town1"], name="张三")
    lisi = CadreFactory(unit=county["town1"], name="李四")
    UserFactory(username="lisi", role=Role.CADRE_SELF, scope_unit=county["town1"], cadre=lisi)

    # the organiser creates a class running today, first with the dates the wrong way round
    log_in(page, live_server.url, town1_staff.username)
    page.goto(f"{live_server.url}/training/")
    page.locator("#new-class").click()
    page.fill("#id_title", "振兴专班第1期")
    page.select_option("#id_kind", label="振兴专班")
    page.select_option("#id_organiser", label="一镇")
    page.fill("#id_start_date", today.isoformat())
    page.fill("#id_end_date", (today - datetime.timedelta(days=1)).isoformat())
    page.locator("#save-button").click()
    expect(page.locator("#id_end_date-error")).to_contain_text("结束日期不能早于开始日期")
    page.fill("#id_end_date", today.isoformat())
    page.locator("#save-button").click()
    expect(page.locator("#class-title")).to_have_text("振兴专班第1期")
    training_class = TrainingClass.objects.get(title="振兴专班第1期")

    # adds a session lasting the whole day (so that the QR code works whenever this runs)
    page.locator("#add-session").click()
    page.fill("#id_title", "产业振兴")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_start_time", "00:00")
    page.fill("#id_end_time", "23:59")
    page.fill("#id_credit_hours", "4")
    page.locator("#save-button").click()
    expect(page.locator("#session-table")).to_contain_text("产业振兴")

    # the organiser opens the class and enrols 一镇's cadres by criteria
    page.locator("#enrol-link").click()
    expect(page).to_have_url(re.compile(r"/enrol/$"))
    page.wait_for_load_state("load")
    page.locator("#tab-criteria-button").click()
    expect(page.locator("#id_c-unit")).to_be_visible()
    page.select_option("#id_c-unit", label="一镇")
    page.locator("#enrol-criteria").click()
    expect(page.locator("#count-enrolled")).to_have_text("2")

    # ticks the register: 张三 present
    page.locator(".register-link").first.click()
    page.locator('tr[data-cadre="张三"] .mark-present').check()
    page.locator("#save-register").click()
    expect(page.locator(".alert-success")).to_contain_text("1")

    # the QR page gives the sign-in link
    page.goto(f"{live_server.url}/training/classes/{training_class.pk}/")
    page.get_by_role("link", name="扫码").first.click()
    expect(page.locator("#qr-code svg")).to_be_visible()
    sign_in_url = page.locator("#sign-in-url").get_attribute("href")

    # the hours appear in the compliance view
    page.goto(f"{live_server.url}/training/compliance/?year={today.year}")
    expect(page.locator('tr[data-cadre="张三"] .hours-year')).to_have_text("4.0")
    expect(page.locator('tr[data-cadre="李四"] .hours-year')).to_have_text("0.0")

    # 李四 opens the QR link on the phone: log in first, then confirm
    page.context.clear_cookies()
    page.goto(sign_in_url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "lisi")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.locator("#confirm-sign-in").click()
    expect(page.locator("#signed-in")).to_contain_text("4.0")
    page.goto(f"{live_server.url}/training/my-hours/?year={today.year}")
    expect(page.locator("#hours-year")).to_have_text("4.0")

    # and the organiser sees both in the compliance view
    page.context.clear_cookies()
    log_in(page, live_server.url, town1_staff.username)
    page.goto(f"{live_server.url}/training/compliance/?year={today.year}")
    expect(page.locator('tr[data-cadre="李四"] .hours-year')).to_have_text("4.0")
    expect(page.locator('tr[data-cadre="张三"] .shortfall')).to_have_text("86.0")
