from __future__ import annotations

import factory

from ganshi.orgs.models import LeadershipLevel, Post, Quota, Unit, UnitKind


def make_unit(parent: Unit | None, **fields) -> Unit:
    """Units are tree nodes: add them through treebeard."""
    fields.setdefault("kind", UnitKind.INSTITUTION)
    unit = Unit(**fields)
    return parent.add_child(instance=unit) if parent else Unit.add_root(instance=unit)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    name = factory.Sequence(lambda n: f"职位{n}")
    leadership_level = LeadershipLevel.NONE


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quota

    leadership_level = LeadershipLevel.TOWNSHIP_DEPUTY
    approved = 2
