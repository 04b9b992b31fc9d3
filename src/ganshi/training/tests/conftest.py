from __future__ import annotations

import pytest

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.training.tests.factories import TrainingClassFactory


@pytest.fixture
def town1_class(county):
    """A full-time class organised by 一镇, capacity 2."""
    return TrainingClassFactory(organiser=county["town1"], is_full_time=True, capacity=2)


@pytest.fixture
def town1_cadres(county):
    return [CadreFactory(unit=county["town1"], name=name) for name in ("张三", "李四", "王五")]


@pytest.fixture
def cadre_user(town1_cadres):
    cadre = town1_cadres[0]
    return UserFactory(
        username="zhangsan", role=Role.CADRE_SELF, scope_unit=cadre.unit, cadre=cadre
    )
