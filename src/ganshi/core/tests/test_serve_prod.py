"""``ganshi serve --prod`` and the production settings, in child processes."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from ganshi.core.tests.processes import (
    copy_template,
    free_port,
    ganshi_argv,
    process_environment,
    shell,
)


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback http
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def wait_for_health(base: str, server: subprocess.Popen, deadline: float) -> int:
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return fetch(f"{base}/healthz")[0]
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    return 0


def test_serve_prod_serves_pages_and_static_files_through_gunicorn(tmp_path, tmp_path_factory):
    # given a migrated, empty data directory and a free loopback port
    data_dir = copy_template(tmp_path_factory, tmp_path / "data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = process_environment(data_dir, GANSHI_WORKERS="2", GANSHI_THREADS="2")
    # when the production server starts
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            ganshi_argv("serve", "--prod", "--port", str(port), "--with-worker"),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            health = wait_for_health(base, server, time.monotonic() + 120)
            login_status, login_headers, login_page = fetch(f"{base}/accounts/login/")
            stylesheet = re.search(
                rb"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", login_page
            )
            static_status, static_headers, _body = fetch(
                f"{base}{stylesheet.group().decode()}", **{"Accept-Encoding": "gzip"}
            )
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=45)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
    printed = log.read_text()
    # then gunicorn (not the development server) answers, DEBUG is off
    assert health == 200, printed
    assert login_status == 200
    assert login_headers["Server"].startswith("gunicorn")
    # and WhiteNoise serves the hashed, pre-compressed stylesheet, cacheable for ever
    assert static_status == 200
    assert static_headers["Content-Encoding"] == "gzip"
    assert "immutable" in static_headers["Cache-Control"]
    # and the start-up migrated, loaded no demo, collected static files, ran the checks
    assert "The database is empty: create the first administrator" in printed
    assert f"static files collected into {data_dir / 'static'}" in printed
    assert "(ganshi.W003) GANSHI_FIELD_KEY is not set" in printed
    assert "(ganshi.W007)" not in printed
    assert "Listening at: http://127.0.0.1:" in printed
    assert "Background tasks (imports) need a task worker" not in printed
    # and SIGTERM stopped it gracefully, with the task worker started beside it
    assert server.returncode == 0
    task_worker = re.search(
        r"Started the task worker \(ganshi db_worker\) with pid: (\d+)", printed
    )
    assert task_worker is not None
    assert not Path(f"/proc/{task_worker.group(1)}").exists()


SETTINGS = """
import json
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="ganshi.example.cn")
https = client.get("/api/v1/openapi.json", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_PROXY_SSL_HEADER": list(getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or []),
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"].rsplit(".", 1)[-1],
    "CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "http api": client.get("/api/v1/openapi.json").status_code,
    "http healthz": client.get("/healthz").status_code,
    "https api": https.status_code,
    "https hsts": https.headers.get("Strict-Transport-Security"),
}))
"""


def read_settings(env: dict) -> dict:
    return json.loads(shell(SETTINGS, env=env).strip().splitlines()[-1])


def test_production_settings_behind_tls(tmp_path, tmp_path_factory):
    # given
    env = process_environment(
        copy_template(tmp_path_factory, tmp_path / "data"),
        GANSHI_ENV="production",
        GANSHI_DEBUG="1",
        GANSHI_TLS="1",
        GANSHI_HSTS_SECONDS="31536000",
        GANSHI_ALLOWED_HOSTS="ganshi.example.cn",
        GANSHI_CSRF_TRUSTED_ORIGINS="https://ganshi.example.cn",
    )
    # when / then: DEBUG stays off, cookies secure, HTTP redirected except /healthz
    assert read_settings(env) == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["ganshi.example.cn"],
        "CSRF_TRUSTED_ORIGINS": ["https://ganshi.example.cn"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
        "staticfiles": "CompressedManifestStaticFilesStorage",
        "CONN_MAX_AGE": 60,
        "http api": 301,
        "http healthz": 200,
        "https api": 200,
        "https hsts": "max-age=31536000",
    }


def test_development_settings_by_default(tmp_path, tmp_path_factory):
    # given
    env = process_environment(
        copy_template(tmp_path_factory, tmp_path / "data"),
        GANSHI_DEBUG="1",
        GANSHI_ALLOWED_HOSTS="ganshi.example.cn",
    )
    # when / then
    assert read_settings(env) == {
        "DEBUG": True,
        "ALLOWED_HOSTS": ["ganshi.example.cn"],
        "CSRF_TRUSTED_ORIGINS": [],
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": [],
        "SECURE_HSTS_SECONDS": 0,
        "staticfiles": "StaticFilesStorage",
        "CONN_MAX_AGE": 0,
        "http api": 200,
        "http healthz": 200,
        "https api": 200,
        "https hsts": None,
    }
