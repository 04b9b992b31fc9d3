"""A bounded load test on loopback: N logged-in users browsing list → detail → dashboard.

Each simulated user is a thread with its own keep-alive ``http.client`` connection: it
fetches the log-in form, posts the demo password with the CSRF token, then (once every
user is logged in) loops list → detail → dashboard until the time is up. Requests
answering other than 200, and connection failures, count as errors.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from ganshi.bench.stats import percentile

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class LoadResult:
    users: int
    seconds: float
    requests: int = 0
    errors: int = 0
    login_errors: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        ms = [value * 1000 for value in self.latencies]
        return {
            "users": self.users,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "throughput_rps": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(percentile(ms, 0.50), 1),
            "p95_ms": round(percentile(ms, 0.95), 1),
            "p99_ms": round(percentile(ms, 0.99), 1),
            "errors": self.errors,
            "login_errors": self.login_errors,
            "error_samples": self.error_samples[:5],
        }


class Browser:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def log_in(self, username: str, password: str) -> bool:
        status, content = self.request("GET", "/accounts/login/")
        match = TOKEN.search(content)
        if status != 200 or not match:
            return False
        form = {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": username,
            "password": password,
        }
        status, _ = self.request("POST", "/accounts/login/", urlencode(form))
        return status == 302 and "sessionid" in self.cookies


def run_load(
    *,
    port: int,
    users: int,
    seconds: float,
    username: str,
    password: str,
    cadre_ids: list[int],
) -> LoadResult:
    result = LoadResult(users=users, seconds=seconds)
    lock = threading.Lock()
    ready = threading.Barrier(users + 1)
    stop = threading.Event()

    def user(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - which page to look at
        browser = Browser(port)
        try:
            logged_in = browser.log_in(username, password)
        except (OSError, http.client.HTTPException):
            logged_in = False
        if not logged_in:
            with lock:
                result.login_errors += 1
        ready.wait()
        if not logged_in:
            return
        paths = ("/cadres/", None, "/")
        step = 0
        while not stop.is_set():
            path = paths[step % 3] or f"/cadres/{rng.choice(cadre_ids)}/"
            step += 1
            started = time.perf_counter()
            try:
                status, _ = browser.request("GET", path)
                failure = None if status == 200 else f"{path}: HTTP {status}"
            except (OSError, http.client.HTTPException) as error:
                failure = f"{path}: {error!r}"
                cookies = browser.cookies
                browser = Browser(port)
                browser.cookies = cookies
            elapsed = time.perf_counter() - started
            if stop.is_set():
                break
            with lock:
                result.requests += 1
                result.latencies.append(elapsed)
                if failure:
                    result.errors += 1
                    result.error_samples.append(failure)

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    ready.wait(timeout=600)
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    result.seconds = time.perf_counter() - started
    for thread in threads:
        thread.join(timeout=120)
    return result
