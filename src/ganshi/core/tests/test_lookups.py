"""``__prefix``: exactly the values that start with the prefix, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from ganshi.orgs.models import Unit
from ganshi.orgs.tests.factories import make_unit

NAMES = ["张三", "张三丰", "张四", "张", "zs", "zsa", "zt", "Zs", "z", "z%s", "z_s"]


@pytest.mark.parametrize("prefix", ["张三", "张", "zs", "z", "Z", "z%", "z_"])
def test_prefix_matches_exactly_what_starts_with_it(db, prefix):
    # given
    root = make_unit(None, name="县", code="P000")
    for number, name in enumerate(NAMES):
        make_unit(root, name=name, code=f"P{number + 1:03}")
    # when
    found = set(Unit.objects.filter(name__prefix=prefix).values_list("name", flat=True))
    # then
    assert found == {name for name in NAMES if name.startswith(prefix)}
