import pytest

from ganshi.supervision.tests.factories import custodian_user, handler_user, supervisor_user


@pytest.fixture
def supervisor(county):
    return supervisor_user(scope_unit=county["root"])


@pytest.fixture
def custodian(county):
    return custodian_user(scope_unit=county["root"])


@pytest.fixture
def handler(county):
    """A discipline handler of the county (reads every cadre in it)."""
    return handler_user(scope_unit=county["root"])


@pytest.fixture
def other_handler(county):
    return handler_user("jw_other", scope_unit=county["root"])


@pytest.fixture
def town1_handler(county):
    """A discipline handler stationed in 一镇 (reads its cadres only)."""
    return handler_user("jw_town1", scope_unit=county["town1"])
