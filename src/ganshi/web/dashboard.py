"""The cadre-structure dashboard: figures from ``cadre_structure`` as rows of
(label, count, percentage, link to the cadre list), for charts, tables and Excel."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ganshi.cadres.choices import AgeBand, Gender, Rank
from ganshi.cadres.selectors import MINORITY, Structure
from ganshi.core.code_tables import ETHNICITY_CHOICES, HAN, EducationBand
from ganshi.orgs.models import LeadershipLevel, Unit

# How many minority groups the ethnicity chart names; the rest are one slice.
ETHNICITY_CHART_GROUPS = 6
ETHNICITY_NAMES = dict(ETHNICITY_CHOICES)


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: float
    href: str = ""
    is_detail: bool = False  # an "of which" line under the row above


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    chart: str  # "bar", "hbar" or "pie"
    rows: list[Row]
    chart_rows: list[Row] = field(default_factory=list)

    def chart_data(self) -> dict:
        return {
            "key": self.key,
            "chart": self.chart,
            "rows": [
                {"name": row.label, "value": row.count, "percent": row.percent, "href": row.href}
                for row in (self.chart_rows or self.rows)
            ],
        }


@dataclass(frozen=True)
class Dashboard:
    total: int
    unit: Unit | None
    headline: list[Row]
    dimensions: list[Dimension]
    list_href: str

    def chart_data(self) -> list[dict]:
        return [dimension.chart_data() for dimension in self.dimensions]


class _Links:
    def __init__(self, unit: Unit | None):
        self.base = reverse("cadres:list")
        self.scope = {"unit": unit.pk} if unit is not None else {}

    def __call__(self, **params) -> str:
        return f"{self.base}?{urlencode({**self.scope, **params})}"

    def all(self) -> str:
        return f"{self.base}?{urlencode(self.scope)}" if self.scope else self.base


def percent(count: int, total: int) -> float:
    return round(count * 100 / total, 1) if total else 0.0


def _rows(
    counts: dict[str, int],
    total: int,
    categories: list[tuple[str, str]],
    link,
    *,
    keep_zero: bool = True,
) -> list[Row]:
    """One row per category in order, then one for values outside the categories."""
    rows = [
        Row(str(label), counts.get(key, 0), percent(counts.get(key, 0), total), link(key))
        for key, label in categories
        if keep_zero or counts.get(key, 0)
    ]
    known = {key for key, _label in categories}
    unknown = sum(count for key, count in counts.items() if key not in known)
    if unknown:
        rows.append(Row(str(_("Not recorded")), unknown, percent(unknown, total)))
    return rows


def _ethnicity(counts: dict[str, int], total: int, link) -> tuple[list[Row], list[Row]]:
    han = counts.get(HAN, 0)
    groups = sorted(
        ((code, count) for code, count in counts.items() if code != HAN and count),
        key=lambda item: (-item[1], item[0]),
    )
    minority = sum(count for _code, count in groups)
    han_row = Row(ETHNICITY_NAMES[HAN], han, percent(han, total), link(ethnicity=HAN))
    minority_row = Row(
        str(_("Ethnic minorities")), minority, percent(minority, total), link(ethnicity=MINORITY)
    )
    group_rows = [
        Row(
            ETHNICITY_NAMES.get(code, code),
            count,
            percent(count, total),
            link(ethnicity=code),
            is_detail=True,
        )
        for code, count in groups
    ]
    chart_rows = [
        han_row,
        *[Row(r.label, r.count, r.percent, r.href) for r in group_rows[:ETHNICITY_CHART_GROUPS]],
    ]
    rest = sum(row.count for row in group_rows[ETHNICITY_CHART_GROUPS:])
    if rest:
        chart_rows.append(
            Row(str(_("Other minorities")), rest, percent(rest, total), link(ethnicity=MINORITY))
        )
    return [han_row, minority_row, *group_rows], chart_rows


def build_dashboard(structure: Structure, *, unit: Unit | None = None) -> Dashboard:
    total = structure.total
    link = _Links(unit)
    age_bands = [(band.value, band.label) for band in AgeBand if band != AgeBand.YOUNG]
    ethnicity_rows, ethnicity_chart = _ethnicity(structure.by_ethnicity, total, link)
    dimensions = [
        Dimension(
            "rank",
            str(_("Rank")),
            "hbar",
            _rows(
                structure.by_rank,
                total,
                [(str(rank.value), rank.label) for rank in Rank],
                lambda key: link(rank=key),
                keep_zero=False,
            ),
        ),
        Dimension(
            "age_band",
            str(_("Age")),
            "bar",
            _rows(structure.by_age_band, total, age_bands, lambda key: link(age_band=key)),
        ),
        Dimension(
            "gender",
            str(_("Gender")),
            "pie",
            _rows(structure.by_gender, total, Gender.choices, lambda key: link(gender=key)),
        ),
        Dimension(
            "education",
            str(_("Education")),
            "bar",
            _rows(
                structure.by_education,
                total,
                EducationBand.choices,
                lambda key: link(education=key),
            ),
        ),
        Dimension("ethnicity", str(_("Ethnicity")), "pie", ethnicity_rows, ethnicity_chart),
        Dimension(
            "leadership_level",
            str(_("Leadership level")),
            "hbar",
            _rows(
                structure.by_leadership_level,
                total,
                LeadershipLevel.choices,
                lambda key: link(leadership_level=key),
            ),
        ),
    ]
    young = structure.by_age_band.get(AgeBand.UP_TO_30, 0) + structure.by_age_band.get(
        AgeBand.FROM_31_TO_35, 0
    )
    women = structure.by_gender.get(Gender.FEMALE, 0)
    minority = sum(count for code, count in structure.by_ethnicity.items() if code != HAN)
    headline = [
        Row(str(_("Cadres in post")), total, 100.0 if total else 0.0, link.all()),
        Row(str(_("Women")), women, percent(women, total), link(gender=Gender.FEMALE)),
        Row(
            str(_("Ethnic minorities")),
            minority,
            percent(minority, total),
            link(ethnicity=MINORITY),
        ),
        Row(str(AgeBand.YOUNG.label), young, percent(young, total), link(age_band=AgeBand.YOUNG)),
    ]
    return Dashboard(
        total=total, unit=unit, headline=headline, dimensions=dimensions, list_href=link.all()
    )
