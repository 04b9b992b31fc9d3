"""API on units, posts and quotas (thin: parse, call a selector, render).

The unit tree comes a level at a time: ``GET /units`` gives the actor's top units with
their children, ``GET /units?parent=<id>`` the children of one unit, and ``depth`` asks
for more levels at once (up to ``MAX_DEPTH``), so a province never sends its whole tree
unless asked to.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from ganshi.accounts.api_auth import require_reader
from ganshi.core.api_errors import (
    COMMON_RESPONSES,
    MAX_ID,
    DetailOut,
    ErrorsOut,
    check_query_params,
)
from ganshi.orgs.models import Post, Unit
from ganshi.orgs.selectors import (
    QuotaLine,
    post_list,
    quota_summary,
    unit_ancestors,
    unit_children,
    unit_get,
    unit_roots,
    unit_subtree,
)

router = Router(tags=["units"])

MAX_DEPTH = 10


class UnitNode(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    kind_label: str
    admin_level: str
    admin_level_label: str
    is_active: bool
    has_children: bool
    children: list[UnitNode] | None = None  # null: not loaded (ask ?parent=<id>)


class UnitList(Schema):
    items: list[UnitNode]


class UnitRef(Schema):
    id: int
    name: str


class PostOut(Schema):
    id: int
    unit: int
    name: str
    leadership_level: str
    leadership_level_label: str
    is_leadership: bool
    seats: int
    sort_order: int


class PostList(Schema):
    items: list[PostOut]


class QuotaOut(Schema):
    leadership_level: str
    label: str
    approved: int
    filled: int
    vacant: int
    overrun: int


class QuotaList(Schema):
    items: list[QuotaOut]


class UnitDetail(UnitNode):
    parent: int | None
    ancestors: list[UnitRef]
    posts: list[PostOut]
    quotas: list[QuotaOut]


def unit_data(unit: Unit, *, children: list | None = None) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "short_name": unit.short_name,
        "code": unit.code,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "admin_level": unit.admin_level,
        "admin_level_label": str(unit.get_admin_level_display()),
        "is_active": unit.is_active,
        "has_children": unit.numchild > 0,
        "children": children,
    }


def post_data(post: Post) -> dict:
    return {
        "id": post.pk,
        "unit": post.unit_id,
        "name": post.name,
        "leadership_level": post.leadership_level,
        "leadership_level_label": str(post.get_leadership_level_display()),
        "is_leadership": post.is_leadership,
        "seats": post.seats,
        "sort_order": post.sort_order,
    }


def quota_data(line: QuotaLine) -> dict:
    return {
        "leadership_level": line.leadership_level,
        "label": line.label,
        "approved": line.approved,
        "filled": line.filled,
        "vacant": line.vacant,
        "overrun": line.overrun,
    }


def _nested(top: Unit, subtree: list[Unit], levels: int) -> dict:
    """``top`` with its descendants from ``subtree`` (tree order) nested ``levels`` deep."""
    nodes = {top.path: unit_data(top, children=[] if levels > 0 else None)}
    for unit in subtree:
        if unit.pk == top.pk:
            continue
        expand = unit.depth - top.depth < levels
        node = unit_data(unit, children=[] if expand else None)
        nodes[unit.path] = node
        parent = nodes.get(unit.path[: -Unit.steplen])
        if parent is not None and parent["children"] is not None:
            parent["children"].append(node)
    return nodes[top.path]


@router.get(
    "/units",
    operation_id="units_list",
    response={200: UnitList, 404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES},
    summary="Units as a tree, a level at a time",
)
def units(
    request: HttpRequest,
    parent: int | None = Query(None, ge=1, le=MAX_ID, description="Children of this unit."),
    depth: int = Query(1, ge=1, le=MAX_DEPTH, description="Levels below the top units to include."),
):
    """Without ``parent``: the actor's top units, each with ``depth`` levels of children.
    With ``parent``: its children, each with ``depth - 1`` levels of their own.
    ``children`` is null where the tree was not loaded; ``has_children`` says whether
    asking for it would give anything."""
    actor = require_reader(request)
    check_query_params(request, {"parent", "depth"})
    if parent is None:
        items = [
            _nested(root, unit_subtree(actor=actor, root=root, max_depth=depth), depth)
            for root in unit_roots(actor=actor)
        ]
        return {"items": items}
    top = unit_get(actor=actor, pk=parent)
    if depth == 1:
        return {"items": [unit_data(child) for child in unit_children(actor=actor, parent=top)]}
    tree = _nested(top, unit_subtree(actor=actor, root=top, max_depth=depth), depth)
    return {"items": tree["children"]}


@router.get(
    "/units/{unit_id}",
    operation_id="unit_get",
    response={200: UnitDetail, 404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES},
    summary="One unit with its children, posts and quotas",
)
def unit_detail(request: HttpRequest, unit_id: int = Path(..., ge=1, le=MAX_ID)):
    """Quotas give approved, filled (current holders of the level's posts), vacant and
    overrun seats per leadership level."""
    actor = require_reader(request)
    check_query_params(request, set())
    unit = unit_get(actor=actor, pk=unit_id)
    ancestors = unit_ancestors(actor=actor, unit=unit)
    parent_path = unit.path[: -Unit.steplen]
    parent = next((ancestor for ancestor in ancestors if ancestor.path == parent_path), None)
    data = unit_data(
        unit, children=[unit_data(child) for child in unit_children(actor=actor, parent=unit)]
    )
    data["parent"] = parent.pk if parent else None
    data["ancestors"] = [{"id": ancestor.pk, "name": ancestor.name} for ancestor in ancestors]
    data["posts"] = [post_data(post) for post in post_list(actor=actor, unit=unit)]
    data["quotas"] = [
        quota_data(line) for line in quota_summary(actor=actor, units=[unit]).get(unit.pk, [])
    ]
    return data


@router.get(
    "/posts",
    operation_id="posts_list",
    response={200: PostList, 404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES},
    summary="The posts of one unit",
)
def posts(
    request: HttpRequest, unit: int = Query(..., ge=1, le=MAX_ID, description="The unit's id.")
):
    actor = require_reader(request)
    check_query_params(request, {"unit"})
    target = unit_get(actor=actor, pk=unit)
    return {"items": [post_data(post) for post in post_list(actor=actor, unit=target)]}


@router.get(
    "/quotas",
    operation_id="quotas_list",
    response={200: QuotaList, 404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES},
    summary="The quotas of one unit: approved, filled and vacant per level",
)
def quotas(
    request: HttpRequest, unit: int = Query(..., ge=1, le=MAX_ID, description="The unit's id.")
):
    actor = require_reader(request)
    check_query_params(request, {"unit"})
    target = unit_get(actor=actor, pk=unit)
    lines = quota_summary(actor=actor, units=[target]).get(target.pk, [])
    return {"items": [quota_data(line) for line in lines]}
