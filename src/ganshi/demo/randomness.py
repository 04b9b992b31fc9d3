"""The demo's random numbers: ``random.Random`` with quicker ``randint`` and ``choice``.

The generator draws a few hundred numbers per cadre and half a billion in a province;
the standard ``randint``/``choice`` (rejection sampling in Python) were a third of its
time. These draw from ``random()`` instead: still uniform to well within what a demo
needs, still deterministic for a seed. Never used for anything secret.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class DemoRandom(random.Random):
    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:  # type: ignore[override]
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))
