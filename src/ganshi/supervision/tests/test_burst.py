"""A burst of concurrent submissions from one address against a live server: every
answer is the page or the rate limit (429), never an error, and exactly the allowed
number of reports is filed."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from ganshi.cadres.tests.test_browser import audit_triggers_lifted_for_flush  # noqa: F401
from ganshi.supervision.models import Report, SupervisionSettings


def _session(base: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/report/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return opener, token


def _post(opener, url: str, token: str, index: int) -> int:
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "content": f"第{index}次反映：某局干部违规收受礼金",
            "subject_name": "李四",
            "anonymity": "1",
        }
    ).encode()
    try:
        request = urllib.request.Request(url, data=body)  # noqa: S310 - the live server's URL
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_concurrent_burst_meets_only_the_rate_limit(
    audit_triggers_lifted_for_flush,  # noqa: F811
    live_server,
):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The live server's threads then share the test's one connection, which SQLite
        # cannot interleave; a file database (GANSHI_TEST_SQLITE) or PostgreSQL runs it.
        pytest.skip("needs a file SQLite database (GANSHI_TEST_SQLITE=…) or PostgreSQL")
    # given: five submissions an hour per address; 16 sent at once from one address
    SupervisionSettings.objects.update_or_create(pk=1, defaults={"submissions_per_hour": 5})
    opener, token = _session(live_server.url)
    # when
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(
            pool.map(lambda n: _post(opener, f"{live_server.url}/report/", token, n), range(16))
        )
    # then
    assert sorted(statuses) == [200] * 5 + [429] * 11
    assert Report.objects.count() == 5
