import pytest

from ganshi.supervision.tests.factories import custodian_user, handler_user, supervisor_user


@pytest.fixture
def supervisor(db):
    return supervisor_user()


@pytest.fixture
def custodian(db):
    return custodian_user()


@pytest.fixture
def handler(db):
    return handler_user()


@pytest.fixture
def other_handler(db):
    return handler_user("jw_other")
