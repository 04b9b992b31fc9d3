"""The registry journey in a real browser: log in, find 张三 by "zs", edit, read the history.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; never a downloaded
browser. Without Chromium the test is skipped, unless GANSHI_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django.db import connection
from django.db.models.signals import post_migrate

from ganshi.accounts.tests.factories import PASSWORD
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.conftest import browser_required, chromium_path

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_TRIGGERS = importlib.import_module("ganshi.audit.migrations.0002_append_only_triggers")
_RESTORE_UID = "ganshi-test-restore-audit-triggers"


def _run_for_vendor(statements_by_vendor) -> None:
    with connection.cursor() as cursor:
        for statement in statements_by_vendor.get(connection.vendor, []):
            cursor.execute(statement)


@pytest.fixture
def audit_triggers_lifted_for_flush(transactional_db):
    """Let the flush after a live-server test empty the append-only audit table.

    The triggers are dropped after the test and created again when the flush is done
    (the flush sends post_migrate), so later tests still find an append-only table.
    """

    def restore(sender, **kwargs) -> None:
        post_migrate.disconnect(dispatch_uid=_RESTORE_UID)
        _run_for_vendor(
            {"sqlite": _TRIGGERS.SQLITE_CREATE, "postgresql": _TRIGGERS.POSTGRESQL_CREATE}
        )

    yield
    post_migrate.connect(restore, weak=False, dispatch_uid=_RESTORE_UID)
    _run_for_vendor({"sqlite": _TRIGGERS.SQLITE_DROP, "postgresql": _TRIGGERS.POSTGRESQL_DROP})


@pytest.fixture
def browser(monkeypatch):
    path = chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium); browser test skipped."
        if browser_required():
            pytest.fail("GANSHI_REQUIRE_BROWSER=1 but " + reason)
        print(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes between browser steps are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_find_by_pinyin_edit_and_read_the_history(
    audit_triggers_lifted_for_flush, live_server, county, county_staff, page
):
    from playwright.sync_api import expect

    # given
    zhangsan = CadreFactory(unit=county["town1"], name="张三", specialties="乡村振兴")
    CadreFactory(unit=county["town1"], name="李四")
    CadreFactory(unit=county["town2"], name="王五")

    # log in through the real form (asked for the list, sent to log in first)
    page.goto(f"{live_server.url}/cadres/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", county_staff.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cadres/$"))
    expect(page.locator("#cadre-table")).to_contain_text("李四")

    # type "zs": htmx narrows the table and puts the search in the address
    page.locator("#id_q").press_sequentially("zs", delay=50)
    expect(page.locator("#cadre-table")).not_to_contain_text("李四")
    expect(page.locator("#cadre-table")).to_contain_text("张三")
    expect(page).to_have_url(re.compile(r"[?&]q=zs"))

    # open 张三
    page.get_by_role("link", name="张三").click()
    expect(page).to_have_url(re.compile(rf"/cadres/{zhangsan.pk}/$"))
    expect(page.locator("#field-specialties")).to_have_text("乡村振兴")

    # the sensitive values are masked until shown (an htmx POST, audited)
    expect(page.locator('[data-field="id_number"]')).not_to_have_text(zhangsan.id_number)
    page.locator("#reveal-button").click()
    expect(page.locator('[data-field="id_number"]')).to_have_text(zhangsan.id_number)

    # edit a field and save
    page.locator("#edit-link").click()
    page.fill("#id_specialties", "党建引领 <b>x</b>")
    page.locator("#save-button").click()
    expect(page).to_have_url(re.compile(rf"/cadres/{zhangsan.pk}/$"))
    expect(page.locator("#field-specialties")).to_have_text("党建引领 <b>x</b>")

    # the history tab shows the change, old → new
    page.locator("#tab-history-button").click()
    history = page.locator("#history-table")
    expect(history).to_be_visible()
    expect(history.locator(".old").first).to_have_text("乡村振兴")
    expect(history.locator(".new").first).to_have_text("党建引领 <b>x</b>")
    expect(history).to_contain_text(county_staff.username)
