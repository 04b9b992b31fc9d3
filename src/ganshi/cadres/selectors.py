"""Reads on the cadre registry, scoped to the actor."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from ganshi.accounts.scopes import cadre_scope_q, subtree_q, unit_scope_q
from ganshi.audit.models import AuditEvent
from ganshi.cadres.choices import AGE_BAND_LIMITS, AgeBand, CadreStatus, Rank
from ganshi.cadres.models import (
    Cadre,
    FamilyMember,
    PostTenure,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
    Tag,
)
from ganshi.core.code_tables import EDUCATION_BAND_CODES, HAN, EducationBand
from ganshi.core.expressions import Unindexed
from ganshi.core.lookups import prefix_upper_bound
from ganshi.core.pagination import COUNT_LIMIT, Page, bounded_count, keyset_page
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import GRASSROOTS_KINDS, Unit

MINORITY = "minority"
SORTS = {
    "pinyin": ("name_pinyin", "id"),
    "birth": ("birth", "id"),
    "-birth": ("-birth", "-id"),
    "rank": ("rank", "id"),
    "-created": ("-id",),
}
DEFAULT_SORT = "pinyin"


@dataclass
class CadreFilters:
    q: str = ""
    unit: Unit | None = None  # the unit and everything under it
    rank: int | None = None
    leadership_level: str = ""
    age_band: str = ""
    gender: str = ""
    ethnicity: str = ""  # a code, or "minority"
    education: str = ""  # an EducationBand
    political_status: str = ""
    category: str = ""
    tag: int | None = None
    status: str = CadreStatus.ACTIVE  # "" for every status
    sort: str = DEFAULT_SORT
    extra: dict = field(default_factory=dict)


def today_month() -> YearMonth:
    return YearMonth.from_date(datetime.date.today())  # noqa: DTZ011 - calendar month


def age_of(birth: YearMonth | None, at: YearMonth | None = None) -> int | None:
    if birth is None:
        return None
    return birth.years_until(at or today_month())


def age_band_q(band: str, at: YearMonth | None = None) -> Q:
    """Cadres whose age (whole years at ``at``) falls in ``band``."""
    youngest, oldest = AGE_BAND_LIMITS[band]
    at = at or today_month()
    condition = Q()
    if youngest is not None:  # age >= youngest: born no later than at - youngest years
        condition &= Q(birth__lte=at.add_months(-12 * youngest))
    if oldest is not None:  # age <= oldest: born after at - (oldest + 1) years
        condition &= Q(birth__gt=at.add_months(-12 * (oldest + 1)))
    return condition


def name_search_q(text: str) -> Q:
    """张三 by characters, "zhangsan" by full pinyin, "zs" by initials."""
    text = "".join(text.split())
    if not text:
        return Q()
    if text.isascii() and text.isalpha():
        key = text.lower()
        upper = prefix_upper_bound(key)  # the keys are lowercase ASCII: a range is exact
        return Q(name_pinyin__gte=key, name_pinyin__lt=upper) | Q(
            name_initials__gte=key, name_initials__lt=upper
        )
    return Q(name__prefix=text)


def cadre_queryset(*, actor) -> QuerySet[Cadre]:
    return Cadre.objects.filter(cadre_scope_q(actor))


def cadre_filtered(*, actor, filters: CadreFilters) -> QuerySet[Cadre]:
    queryset = cadre_queryset(actor=actor)
    if filters.q:
        queryset = queryset.filter(name_search_q(filters.q))
    if filters.unit is not None:
        queryset = queryset.filter(subtree_q(filters.unit.path, prefix="unit__"))
    if filters.rank is not None:
        queryset = queryset.filter(rank=filters.rank)
    if filters.leadership_level:
        queryset = queryset.filter(leadership_level=filters.leadership_level)
    if filters.age_band in AGE_BAND_LIMITS:
        queryset = queryset.filter(age_band_q(filters.age_band))
    if filters.gender:
        queryset = queryset.filter(gender=filters.gender)
    if filters.ethnicity == MINORITY:
        queryset = queryset.exclude(ethnicity=HAN)
    elif filters.ethnicity:
        queryset = queryset.filter(ethnicity=filters.ethnicity)
    if filters.education in EDUCATION_BAND_CODES:
        queryset = queryset.filter(education__in=EDUCATION_BAND_CODES[filters.education])
    if filters.political_status:
        queryset = queryset.filter(political_status=filters.political_status)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.tag is not None:
        queryset = queryset.filter(tags__pk=filters.tag)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


def cadre_list(*, actor, filters: CadreFilters, cursor: str | None = None, size: int = 50) -> Page:
    """One page of the filtered list (keyset pagination)."""
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    queryset = (
        cadre_filtered(actor=actor, filters=filters).select_related("unit").prefetch_related("tags")
    )
    return keyset_page(queryset, order=order, cursor=cursor, size=size)


def cadre_count(*, actor, filters: CadreFilters, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """The number of matching cadres up to ``limit``; the flag says whether it is exact."""
    return bounded_count(cadre_filtered(actor=actor, filters=filters), limit=limit)


def cadre_export_rows(*, actor, filters: CadreFilters, limit: int) -> QuerySet[Cadre]:
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return (
        cadre_filtered(actor=actor, filters=filters).select_related("unit").order_by(*order)[:limit]
    )


def cadre_get(*, actor, pk) -> Cadre:
    return get_object_or_404(cadre_queryset(actor=actor).select_related("unit"), pk=pk)


def cadre_get_full(*, actor, pk) -> Cadre:
    """A cadre with everything the detail page shows, in a fixed number of queries."""
    queryset = (
        cadre_queryset(actor=actor)
        .select_related("unit")
        .prefetch_related(
            "resume_entries",
            Prefetch(
                "post_tenures", queryset=PostTenure.objects.select_related("post", "post__unit")
            ),
            "rank_records",
            "family_members",
            "rewards_punishments",
            "tags",
        )
    )
    return get_object_or_404(queryset, pk=pk)


# The records under a cadre that the detail page edits, by URL name.
CADRE_RECORD_MODELS = {
    "resume": ResumeEntry,
    "family": FamilyMember,
    "reward": RewardPunishment,
    "rank": RankRecord,
    "tenure": PostTenure,
}


def cadre_record_get(*, actor, cadre: Cadre, kind: str, pk):
    """One record (résumé entry, family member …) of ``cadre``, in the actor's scope."""
    model = CADRE_RECORD_MODELS[kind]
    queryset = model.objects.filter(cadre_scope_q(actor, prefix="cadre__"), cadre=cadre)
    if model is PostTenure:
        queryset = queryset.select_related("post", "post__unit")
    return get_object_or_404(queryset, pk=pk)


def tag_list() -> QuerySet[Tag]:
    """Every tag (tags are shared across the county; the cadres behind them are scoped)."""
    return Tag.objects.order_by("name")


def unit_names(*, actor, ids) -> dict[int, str]:
    """Names of the units among ``ids`` the actor may see (for the change history)."""
    wanted = {int(pk) for pk in ids if str(pk).isdigit()}
    if not wanted:
        return {}
    return dict(Unit.objects.filter(unit_scope_q(actor), pk__in=wanted).values_list("pk", "name"))


def tag_get_by_name(*, name: str) -> Tag | None:
    """The tag called ``name``, or None (tags are shared; the cadres behind them are scoped)."""
    return Tag.objects.filter(name=name.strip()).first()


def cadre_history(*, actor, cadre: Cadre, limit: int = 200) -> list[AuditEvent]:
    """The change history of one cadre; nothing for a cadre outside the actor's scope."""
    if not cadre_queryset(actor=actor).filter(pk=cadre.pk).exists():
        return []
    return list(
        AuditEvent.objects.filter(
            object_type=cadre._meta.label_lower, object_id=str(cadre.pk)
        ).order_by("-id")[:limit]
    )


@dataclass(frozen=True)
class DerivedFigures:
    age: int | None
    years_in_current_post: int | None
    years_at_current_rank: int | None
    grassroots_years: int


def cadre_derived(cadre: Cadre, at: YearMonth | None = None) -> DerivedFigures:
    """Age, years in post, years at rank, grassroots years: computed, never stored.

    Uses the prefetched tenures and rank records of ``cadre_get_full``.
    """
    at = at or today_month()
    tenures: list[PostTenure] = list(cadre.post_tenures.all())
    current = [tenure.start for tenure in tenures if tenure.end is None]
    ranks: list[RankRecord] = sorted(
        cadre.rank_records.all(), key=lambda record: record.start, reverse=True
    )
    rank_since = ranks[0].start if ranks and ranks[0].rank == cadre.rank else None
    # Months in grassroots posts up to ``at``; posts held at the same time count once.
    grassroots = sorted(
        (tenure for tenure in tenures if tenure.post.unit.kind in GRASSROOTS_KINDS),
        key=lambda tenure: tenure.start,
    )
    months = 0
    covered: YearMonth | None = None
    for tenure in grassroots:
        start = tenure.start if covered is None else max(tenure.start, covered)
        end = min(tenure.end or at, at)
        months += max(start.months_until(end), 0)
        covered = end if covered is None else max(covered, end)
    return DerivedFigures(
        age=age_of(cadre.birth, at),
        years_in_current_post=min(current).years_until(at) if current else None,
        years_at_current_rank=rank_since.years_until(at) if rank_since else None,
        grassroots_years=months // 12,
    )


# --- statistics for the dashboard -------------------------------------------------------


def age_band_case(at: YearMonth | None = None) -> Case:
    bands = [band for band in AgeBand.values if band != AgeBand.YOUNG]
    return Case(
        *[When(age_band_q(band, at), then=Value(band)) for band in bands],
        default=Value(""),
        output_field=CharField(),
    )


def education_band_case() -> Case:
    return Case(
        *[
            When(education__in=codes, then=Value(band))
            for band, codes in EDUCATION_BAND_CODES.items()
        ],
        default=Value(""),
        output_field=CharField(),
    )


STRUCTURE_DIMENSIONS = (
    "by_rank",
    "by_age_band",
    "by_gender",
    "by_education",
    "by_ethnicity",
    "by_leadership_level",
)


@dataclass(frozen=True)
class Structure:
    total: int
    by_rank: dict[str, int]
    by_age_band: dict[str, int]
    by_gender: dict[str, int]
    by_education: dict[str, int]
    by_ethnicity: dict[str, int]
    by_leadership_level: dict[str, int]


def cadre_structure(*, actor, unit: Unit | None = None) -> Structure:
    """Counts of active cadres in scope by the GLOSSARY's statistics dimensions.

    One GROUP BY over all six dimensions (a few thousand combinations at most), summed
    here: one pass over the cadres instead of six (a province's 500,000 on SQLite:
    0.8 s instead of 1.3 s)."""
    queryset = cadre_filtered(actor=actor, filters=CadreFilters(unit=unit))
    rows = (
        queryset.order_by()
        .values(
            # the rank index would save the sort and cost a walk of every cadre
            by_rank=Unindexed("rank", output_field=IntegerField()),
            by_age_band=age_band_case(),
            by_gender=F("gender"),
            by_education=education_band_case(),
            by_ethnicity=F("ethnicity"),
            by_leadership_level=F("leadership_level"),
        )
        .annotate(count=Count("id"))
    )
    counts: dict[str, Counter] = {dimension: Counter() for dimension in STRUCTURE_DIMENSIONS}
    for row in rows:
        for dimension in STRUCTURE_DIMENSIONS:
            counts[dimension][str(row[dimension])] += row["count"]
    by_rank = counts["by_rank"]
    return Structure(
        total=sum(by_rank.values()),
        by_rank={str(rank.value): by_rank.get(str(rank.value), 0) for rank in Rank},
        **{dimension: dict(counts[dimension]) for dimension in STRUCTURE_DIMENSIONS[1:]},
    )


__all__ = [
    "CadreFilters",
    "EducationBand",
    "MINORITY",
    "SORTS",
    "cadre_list",
    "cadre_count",
    "cadre_get",
    "cadre_get_full",
    "cadre_history",
    "cadre_derived",
    "cadre_structure",
    "cadre_export_rows",
    "cadre_record_get",
    "tag_list",
    "unit_names",
    "age_band_q",
    "name_search_q",
]
