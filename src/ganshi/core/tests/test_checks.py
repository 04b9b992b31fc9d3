"""The deployment checks of ``ganshi check --deploy``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ganshi.core import checks


@pytest.fixture
def deployment(settings, monkeypatch, tmp_path):
    """A deployment with nothing to warn about; each test breaks one thing."""
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["ganshi.example.cn"]
    settings.DATA_DIR = tmp_path
    monkeypatch.setenv("GANSHI_SECRET_KEY", "k" * 50)
    monkeypatch.setenv("GANSHI_FIELD_KEY", settings.GANSHI_FIELD_KEY)
    monkeypatch.setenv("GANSHI_WORKERS", "5")
    monkeypatch.setattr(checks, "uses_sqlite", lambda: True)
    return settings


def ids() -> list[str | None]:
    return [message.id for message in checks.deployment_checks()]


def test_a_sound_deployment_has_no_warnings(deployment):
    assert ids() == []


def test_not_production(deployment):
    deployment.PRODUCTION = False
    assert ids() == ["ganshi.W007"]


def test_secret_key_from_the_data_directory(deployment, monkeypatch):
    monkeypatch.delenv("GANSHI_SECRET_KEY")
    assert ids() == ["ganshi.W001"]


def test_debug_on(deployment):
    deployment.DEBUG = True
    assert ids() == ["ganshi.W002"]


def test_field_key_only_in_the_data_directory(deployment, monkeypatch):
    monkeypatch.delenv("GANSHI_FIELD_KEY")
    assert ids() == ["ganshi.W003"]


def test_sqlite_with_many_workers(deployment, monkeypatch):
    monkeypatch.setenv("GANSHI_WORKERS", "9")
    assert ids() == ["ganshi.W004"]


def test_sqlite_with_a_county_s_workers(deployment, monkeypatch):
    monkeypatch.setenv("GANSHI_WORKERS", "8")
    assert ids() == []


def test_postgresql_with_many_workers(deployment, monkeypatch):
    monkeypatch.setenv("GANSHI_WORKERS", "33")
    monkeypatch.setattr(checks, "uses_sqlite", lambda: False)
    assert ids() == []


def test_any_host(deployment):
    deployment.ALLOWED_HOSTS = ["ganshi.example.cn", "*"]
    assert ids() == ["ganshi.W005"]


def test_key_file_readable_by_others(deployment, tmp_path):
    key_file = tmp_path / "field.key"
    key_file.write_text("key\n")
    key_file.chmod(0o644)
    assert ids() == ["ganshi.W006"]


def test_key_file_readable_by_its_owner_only(deployment, tmp_path):
    key_file = tmp_path / "field.key"
    key_file.write_text("key\n")
    key_file.chmod(0o600)
    assert ids() == []


def test_the_checks_run_with_check_deploy_only(deployment, monkeypatch):
    # given
    monkeypatch.delenv("GANSHI_FIELD_KEY")
    plain, deploy = io.StringIO(), io.StringIO()
    # when
    call_command("check", stdout=io.StringIO(), stderr=plain)
    call_command("check", deploy=True, stdout=io.StringIO(), stderr=deploy)
    # then
    assert "ganshi.W003" not in plain.getvalue()
    assert "(ganshi.W003) GANSHI_FIELD_KEY is not set" in deploy.getvalue()
