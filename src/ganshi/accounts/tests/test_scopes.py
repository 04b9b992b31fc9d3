"""Scope: which units and cadres each kind of user sees."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ganshi.accounts.roles import Role
from ganshi.accounts.scopes import cadre_scope_q, scope_path, unit_in_scope, unit_scope_q
from ganshi.accounts.tests.factories import UserFactory
from ganshi.cadres.models import Cadre
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.orgs.models import Unit

UNITS = ("root", "organ", "town1", "village1", "town2", "village2")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cadres(county):
    """One cadre in each unit, named after it."""
    return {key: CadreFactory(name=county[key].name, unit=county[key]) for key in UNITS}


@pytest.fixture
def users(county, cadres, county_staff, town1_staff, town2_staff, leader, auditor):
    return {
        "county_staff": county_staff,
        "town1_staff": town1_staff,
        "town2_staff": town2_staff,
        "leader": leader,
        "auditor": auditor,
        "unit_officer": UserFactory(
            username="officer", role=Role.UNIT_OFFICER, scope_unit=county["organ"]
        ),
        "handler": UserFactory(
            username="handler", role=Role.DISCIPLINE_HANDLER, scope_unit=county["root"]
        ),
        "cadre_self": UserFactory(
            username="self",
            role=Role.CADRE_SELF,
            scope_unit=county["village1"],
            cadre=cadres["village1"],
        ),
        "cadre_self_without_record": UserFactory(
            username="self2", role=Role.CADRE_SELF, scope_unit=county["village1"]
        ),
        "admin": UserFactory(username="admin", role=Role.SYSTEM_ADMIN),
        "township_staff_without_scope": UserFactory(username="noscope", role=Role.TOWNSHIP_STAFF),
        "inactive_county_staff": UserFactory(
            username="gone", role=Role.COUNTY_STAFF, scope_unit=county["root"], is_active=False
        ),
        "anonymous": AnonymousUser(),
        "none": None,
    }


EXPECTED_UNITS = {
    "county_staff": {"示范县", "县委组织部", "一镇", "一村", "二镇", "二村"},
    "leader": {"示范县", "县委组织部", "一镇", "一村", "二镇", "二村"},
    "handler": {"示范县", "县委组织部", "一镇", "一村", "二镇", "二村"},
    "admin": {"示范县", "县委组织部", "一镇", "一村", "二镇", "二村"},
    "town1_staff": {"一镇", "一村"},
    "town2_staff": {"二镇", "二村"},
    "unit_officer": {"县委组织部"},
    "cadre_self": {"一村"},
    "cadre_self_without_record": set(),
    "auditor": set(),
    "township_staff_without_scope": set(),
    "inactive_county_staff": set(),
    "anonymous": set(),
    "none": set(),
}


@pytest.mark.parametrize(("user", "expected"), EXPECTED_UNITS.items())
def test_unit_scope(users, user, expected):
    # given a user of some role
    actor = users[user]
    # when
    names = set(Unit.objects.filter(unit_scope_q(actor)).values_list("name", flat=True))
    # then
    assert names == expected


@pytest.mark.parametrize(("user", "expected"), EXPECTED_UNITS.items())
def test_unit_scope_through_a_relation(users, user, expected):
    # given
    actor = users[user]
    # when: cadres filtered by the unit they belong to
    names = set(
        Cadre.objects.filter(unit_scope_q(actor, prefix="unit__")).values_list("name", flat=True)
    )
    # then: each unit's cadre is named after it
    assert names == expected


@pytest.mark.parametrize(("user", "expected"), EXPECTED_UNITS.items())
def test_cadre_scope(users, user, expected):
    # given
    actor = users[user]
    # when
    names = set(Cadre.objects.filter(cadre_scope_q(actor)).values_list("name", flat=True))
    # then
    assert names == expected


def test_cadre_self_sees_only_their_own_record_not_their_colleagues(users, county):
    # given a colleague in the same village
    CadreFactory(name="同村", unit=county["village1"])
    # when
    names = set(
        Cadre.objects.filter(cadre_scope_q(users["cadre_self"])).values_list("name", flat=True)
    )
    # then
    assert names == {"一村"}


@pytest.mark.parametrize(
    ("user", "unit", "expected"),
    [
        ("county_staff", "root", True),
        ("county_staff", "village2", True),
        ("town1_staff", "town1", True),
        ("town1_staff", "village1", True),
        ("town1_staff", "root", False),
        ("town1_staff", "town2", False),
        ("town1_staff", "village2", False),
        ("town2_staff", "village1", False),
        ("unit_officer", "organ", True),
        ("unit_officer", "town1", False),
        ("admin", "village2", True),
        ("cadre_self", "village1", False),
        ("auditor", "root", False),
        ("township_staff_without_scope", "town1", False),
        ("inactive_county_staff", "root", False),
        ("anonymous", "root", False),
    ],
)
def test_unit_in_scope(users, county, user, unit, expected):
    # given / when / then
    assert unit_in_scope(users[user], county[unit]) is expected


def test_unit_in_scope_of_no_unit(users):
    # given / when / then
    assert unit_in_scope(users["county_staff"], None) is False


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("county_staff", "root"),
        ("town1_staff", "town1"),
        ("admin", ""),
        ("township_staff_without_scope", None),
        ("inactive_county_staff", None),
        ("anonymous", None),
    ],
)
def test_scope_path(users, county, user, expected):
    # given
    paths = {key: county[key].path for key in UNITS} | {"": "", None: None}
    # when / then
    assert scope_path(users[user]) == paths[expected]


def test_a_prefix_of_a_sibling_path_is_not_in_scope(county, cadres):
    # given a township whose path shares the first characters with town1's subtree
    town1 = county["town1"]
    for number in range(12):
        county["root"].add_child(name=f"镇{number}", code=f"S{number}", kind="township")
    staff = UserFactory(username="t1", role=Role.TOWNSHIP_STAFF, scope_unit=town1)
    # when
    names = set(Unit.objects.filter(unit_scope_q(staff)).values_list("name", flat=True))
    # then
    assert names == {"一镇", "一村"}
