"""The dashboard, the lazy unit tree and the audit chain check in a real browser.

Drives Debian's Chromium through Playwright (fixtures shared with the cadre journey);
skipped without Chromium unless GANSHI_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re

import pytest

from ganshi.accounts.tests.factories import PASSWORD
from ganshi.cadres.choices import Gender
from ganshi.cadres.tests import test_browser as cadre_browser
from ganshi.cadres.tests.factories import CadreFactory

pytestmark = pytest.mark.browser

# The browser, page and audit-trigger fixtures of the cadre journey.
audit_triggers_lifted_for_flush = cadre_browser.audit_triggers_lifted_for_flush
browser = cadre_browser.browser
page = cadre_browser.page


def log_in(browser_page, live_server, username: str) -> None:
    browser_page.goto(f"{live_server.url}/accounts/login/")
    browser_page.fill("#id_username", username)
    browser_page.fill("#id_password", PASSWORD)
    browser_page.locator("form button[type=submit]").click()


def test_dashboard_bar_opens_the_filtered_list_and_tree_loads_lazily(
    audit_triggers_lifted_for_flush,
    live_server,
    county,
    county_staff,
    page,
):
    from playwright.sync_api import expect

    # given
    CadreFactory(unit=county["town1"], name="李四", gender=Gender.FEMALE)
    CadreFactory(unit=county["town2"], name="王五")
    log_in(page, live_server, county_staff.username)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#table-gender")).to_contain_text("50.0")

    # a click on the "female" slice opens the cadre list filtered to women
    page.wait_for_function("typeof echarts !== 'undefined'")
    page.locator("#chart-gender").scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the pie's opening animation
    point = page.evaluate(
        """() => {
          const element = document.getElementById('chart-gender');
          const chart = echarts.getInstanceByDom(element);
          const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(1);
          const angle = (layout.startAngle + layout.endAngle) / 2;
          const radius = (layout.r0 + layout.r) / 2;
          const box = element.getBoundingClientRect();
          return [box.left + layout.cx + radius * Math.cos(angle), box.top + layout.cy + radius * Math.sin(angle)];
        }"""
    )
    page.mouse.click(point[0], point[1])
    expect(page).to_have_url(re.compile(r"/cadres/\?gender=female$"))
    expect(page.locator("#cadre-table")).to_contain_text("李四")
    expect(page.locator("#cadre-table")).not_to_contain_text("王五")

    # the unit tree shows one level; a township's villages load on the first click
    page.goto(f"{live_server.url}/orgs/units/")
    town1 = page.locator(f"#unit-node-{county['town1'].pk}")
    expect(page.locator("#unit-tree")).not_to_contain_text("一村")
    town1.locator(".tree-toggle").click()
    expect(town1).to_contain_text("一村")
    expect(town1.locator(".tree-toggle")).to_have_attribute("aria-expanded", "true")
    town1.locator(".tree-toggle").click()
    expect(page.locator(f"#unit-children-{county['town1'].pk}")).to_be_hidden()


def test_auditor_verifies_the_chain(
    audit_triggers_lifted_for_flush,
    live_server,
    auditor,
    page,
):
    from playwright.sync_api import expect

    # given
    log_in(page, live_server, auditor.username)
    page.locator("#home-audit").click()
    expect(page).to_have_url(re.compile(r"/audit/$"))
    # when
    page.locator("#verify-chain").click()
    # then
    expect(page.locator("#chain-status.alert-success")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/audit/$"))
