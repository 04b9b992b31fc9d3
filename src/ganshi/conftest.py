"""Shared fixtures: a small county with two townships, and a user of each role."""

from __future__ import annotations

import os
import shutil

import pytest

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.orgs.models import AdminLevel, UnitKind
from ganshi.orgs.tests.factories import make_unit


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that make many users use a fast hasher.

    (Production hashing is Argon2: see settings.PASSWORD_HASHERS and its test.)
    """
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture
def county(db):
    """县 → 县委组织部, 一镇 → 一村, 二镇 → 二村."""
    root = make_unit(
        None, name="示范县", code="T000", kind=UnitKind.COUNTY, admin_level=AdminLevel.DIVISION
    )
    organ = make_unit(
        root,
        name="县委组织部",
        code="T001",
        kind=UnitKind.PARTY_ORGAN,
        admin_level=AdminLevel.SECTION,
    )
    town1 = make_unit(
        root, name="一镇", code="T100", kind=UnitKind.TOWNSHIP, admin_level=AdminLevel.SECTION
    )
    village1 = make_unit(town1, name="一村", code="T101", kind=UnitKind.VILLAGE)
    town2 = make_unit(
        root, name="二镇", code="T200", kind=UnitKind.TOWNSHIP, admin_level=AdminLevel.SECTION
    )
    village2 = make_unit(town2, name="二村", code="T201", kind=UnitKind.VILLAGE)
    return {
        "root": root,
        "organ": organ,
        "town1": town1,
        "village1": village1,
        "town2": town2,
        "village2": village2,
    }


@pytest.fixture
def county_staff(county):
    return UserFactory(username="zzb", role=Role.COUNTY_STAFF, scope_unit=county["root"])


@pytest.fixture
def town1_staff(county):
    return UserFactory(username="town1", role=Role.TOWNSHIP_STAFF, scope_unit=county["town1"])


@pytest.fixture
def town2_staff(county):
    return UserFactory(username="town2", role=Role.TOWNSHIP_STAFF, scope_unit=county["town2"])


@pytest.fixture
def leader(county):
    return UserFactory(username="leader", role=Role.LEADER, scope_unit=county["root"])


@pytest.fixture
def auditor(county):
    return UserFactory(username="auditor", role=Role.AUDITOR, scope_unit=county["root"])


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_required() -> bool:
    return os.environ.get("GANSHI_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(items):
    """A test against the live server runs on a transactional database, flushed after each
    such test; pytest-django runs them last, one after another. Serialized rollback puts
    back what the migrations seeded (training's class kinds, practice's programmes …)
    before each of them, so none depends on running first."""
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
