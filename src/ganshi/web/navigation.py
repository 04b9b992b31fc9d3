"""The sidebar: modules, their pages, who sees them. Later modules add a Section here.

Each item names a URL; an item whose URL is not (yet) installed is left out, so a
module's entry may be written before its pages exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ganshi.supervision.access import can_use_cases, can_use_supervision


def can_read_registry(user) -> bool:
    return user.can_read_registry


def can_read_unit_records(user) -> bool:
    return user.can_read_unit_records


def can_change_training_settings(user) -> bool:
    from ganshi.training.services import can_change_settings

    return can_change_settings(user)


def can_edit_registry(user) -> bool:
    return user.can_edit_registry


def can_read_audit(user) -> bool:
    return user.can_read_audit


def has_own_record(user) -> bool:
    return user.cadre_id is not None


@dataclass(frozen=True)
class Item:
    title: str
    url_name: str
    icon: str  # a bootstrap-icons class
    visible: Callable[[object], bool] = can_read_registry


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]


SECTIONS: list[Section] = [
    Section(
        _("Cadres"),
        (
            Item(_("Cadre list"), "cadres:list", "bi-people"),
            Item(_("New cadre"), "cadres:create", "bi-person-plus", can_edit_registry),
        ),
    ),
    Section(
        _("Import and export"),
        (
            Item(
                _("Import a roster"),
                "interchange:roster_import",
                "bi-file-earmark-spreadsheet",
                can_edit_registry,
            ),
            Item(
                _("Import appointment forms"),
                "interchange:lrmx_import",
                "bi-file-earmark-arrow-up",
                can_edit_registry,
            ),
        ),
    ),
    Section(
        _("Training"),
        (
            Item(_("Training classes"), "training:class_list", "bi-easel"),
            Item(_("Training plans"), "training:plan_list", "bi-calendar3", can_read_unit_records),
            Item(_("Course library"), "training:course_list", "bi-journal-bookmark"),
            Item(
                _("Credit-hour compliance"),
                "training:compliance",
                "bi-hourglass-split",
                can_read_unit_records,
            ),
            Item(_("Training figures"), "training:figures", "bi-graph-up", can_read_unit_records),
            Item(_("My credit hours"), "training:my_hours", "bi-person-check", has_own_record),
            Item(
                _("Training settings"),
                "training:settings",
                "bi-sliders",
                can_change_training_settings,
            ),
        ),
    ),
    Section(
        _("Front-line practice"),
        (
            Item(_("Programmes"), "practice:programme_list", "bi-signpost-split"),
            Item(_("Assignments"), "practice:assignment_list", "bi-person-workspace"),
            Item(_("Practice figures"), "practice:figures", "bi-bar-chart"),
        ),
    ),
    Section(
        _("Supervision"),
        (
            Item(_("Reports"), "supervision:case_list", "bi-envelope-exclamation", can_use_cases),
            Item(
                _("Name clearing"),
                "supervision:exoneration_list",
                "bi-patch-check",
                can_use_supervision,
            ),
            Item(
                _("Fault tolerance"),
                "supervision:leniency_list",
                "bi-shield-plus",
                can_use_supervision,
            ),
            Item(
                _("Talks and inquiry letters"),
                "supervision:talk_list",
                "bi-chat-square-text",
                can_use_supervision,
            ),
            Item(
                _("Travel documents"),
                "supervision:document_list",
                "bi-passport",
                can_use_supervision,
            ),
            Item(
                _("Family supervision"),
                "supervision:family_list",
                "bi-house-heart",
                can_use_supervision,
            ),
            Item(
                _("Supervision figures"),
                "supervision:figures",
                "bi-clipboard-data",
                can_use_supervision,
            ),
        ),
    ),
    Section(
        _("Organisations"),
        (
            Item(_("Units"), "orgs:unit_tree", "bi-building"),
            Item(_("Party organisations"), "orgs:party_tree", "bi-flag"),
        ),
    ),
    Section(
        _("Statistics"),
        (Item(_("Cadre structure"), "web:home", "bi-bar-chart-line"),),
    ),
    Section(
        _("System"),
        (Item(_("Audit log"), "audit:list", "bi-shield-check", can_read_audit),),
    ),
]


@dataclass
class NavItem:
    title: str
    url: str
    icon: str
    active: bool = False


@dataclass
class NavSection:
    title: str
    items: list[NavItem] = field(default_factory=list)


def build_navigation(user, path: str, sections: list[Section] | None = None) -> list[NavSection]:
    """The sections ``user`` may see, with the item whose URL best matches ``path`` active."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    result: list[NavSection] = []
    for section in SECTIONS if sections is None else sections:
        nav_section = NavSection(title=section.title)
        for item in section.items:
            if not item.visible(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            nav_section.items.append(NavItem(title=item.title, url=url, icon=item.icon))
        if nav_section.items:
            result.append(nav_section)
    _mark_active(result, path)
    return result


def _mark_active(sections: list[NavSection], path: str) -> None:
    """The longest URL that is the path itself or a folder above it wins ("/" only exactly)."""
    best: NavItem | None = None
    for section in sections:
        for item in section.items:
            matches = path == item.url or (
                item.url.endswith("/") and item.url != "/" and path.startswith(item.url)
            )
            if matches and (best is None or len(item.url) > len(best.url)):
                best = item
    if best is not None:
        best.active = True
