"""Reads for imports and exports, scoped to the acting user."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import ExpressionWrapper, F, QuerySet, TextField
from django.http import Http404
from django.shortcuts import get_object_or_404

from ganshi.cadres.models import Cadre
from ganshi.cadres.selectors import SORTS, CadreFilters, cadre_filtered, cadre_queryset
from ganshi.interchange.models import ExportJob, ImportBatch, ImportKind, ImportRow
from ganshi.orgs.models import Unit
from ganshi.orgs.selectors import unit_queryset

EXPORT_CHUNK_SIZE = 2000


def import_units(*, actor) -> QuerySet[Unit]:
    """The units an import may put cadres in: the active units in the actor's scope."""
    return unit_queryset(actor=actor).filter(is_active=True).order_by("path")


def import_unit_by_code(*, actor, code: str) -> Unit | None:
    return import_units(actor=actor).filter(code=code.strip()).first()


def unit_by_code(*, actor, code: str) -> Unit | None:
    """Any unit in the actor's scope by code (an export may name an inactive unit)."""
    return unit_queryset(actor=actor).filter(code=code.strip()).first()


# The encrypted fields of a cadre; an import loads them undecrypted (see _undecrypted).
SENSITIVE_FIELDS = ("id_number", "phone", "home_address")
TOKEN_PREFIX = "_token_"  # noqa: S105 - an attribute name, not a secret


def _undecrypted(queryset: QuerySet[Cadre]) -> QuerySet[Cadre]:
    """The sensitive fields deferred, their stored tokens annotated as ``_token_<field>``:
    an import decrypts one only when a row needs it (most rows of a file imported again
    need none), ``roster_import.load_sensitive`` puts it in place. The timestamps, which
    an import never reads (``bulk_update`` sets ``updated_at``), are not loaded either."""
    return queryset.defer(*SENSITIVE_FIELDS, "created_at", "updated_at").annotate(
        **{
            f"{TOKEN_PREFIX}{name}": ExpressionWrapper(F(name), output_field=TextField())
            for name in SENSITIVE_FIELDS
        }
    )


def cadres_by_id_hash(hashes: Iterable[str], *, lock: bool = False) -> dict[str, Cadre]:
    """The cadres holding these ID-number hashes, by hash, registry-wide: an ID number is
    unique in the whole registry, so an import must see a clash outside the actor's scope
    (it reports one without saying where; the caller checks the scope of each match)."""
    queryset = _undecrypted(
        Cadre.objects.filter(id_number_hash__in=list(hashes)).select_related("unit")
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return {cadre.id_number_hash: cadre for cadre in queryset}


def cadres_by_name(
    *, actor, names: set[str], unit_ids: set[int], lock: bool = False
) -> list[Cadre]:
    """Cadres in scope called one of ``names`` in one of the units (rows without an ID
    number are matched by name, birth and unit)."""
    queryset = _undecrypted(
        cadre_queryset(actor=actor)
        .filter(name__in=list(names), unit_id__in=list(unit_ids))
        .select_related("unit")
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return list(queryset)


def roster_export_rows(
    *, actor, filters: CadreFilters, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[Cadre]:
    """Every cadre of the filtered list, streamed from the database in chunks (a
    server-side cursor on PostgreSQL), so memory does not grow with the list."""
    order = SORTS.get(filters.sort, SORTS["pinyin"])
    queryset = cadre_filtered(actor=actor, filters=filters).select_related("unit").order_by(*order)
    return queryset.iterator(chunk_size=chunk_size)


def roster_export_count(*, actor, filters: CadreFilters, limit: int | None = None) -> int:
    """The number of cadres the export writes; with ``limit``, counting stops past it."""
    queryset = cadre_filtered(actor=actor, filters=filters)
    if limit is not None:
        return queryset.order_by()[: limit + 1].count()
    return queryset.count()


def export_job_get(*, actor, pk) -> ExportJob:
    """A user's own export (its file is for nobody else)."""
    if actor is None or not actor.is_authenticated:
        raise Http404
    return get_object_or_404(ExportJob.objects.filter(created_by=actor), pk=pk)


# --- import batches ------------------------------------------------------------------------


def import_batch_queryset(*, actor, kind: str | None = ImportKind.ROSTER) -> QuerySet[ImportBatch]:
    """A user's own batches (a batch holds an uploaded file: nobody else sees it)."""
    if actor is None or not actor.is_authenticated:
        return ImportBatch.objects.none()
    queryset = ImportBatch.objects.filter(created_by=actor)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return queryset


def import_batch_list(
    *, actor, kind: str | None = ImportKind.ROSTER, limit: int = 20
) -> list[ImportBatch]:
    return list(import_batch_queryset(actor=actor, kind=kind).select_related("unit")[:limit])


def import_batch_get(*, actor, pk, kind: str | None = ImportKind.ROSTER) -> ImportBatch:
    return get_object_or_404(
        import_batch_queryset(actor=actor, kind=kind).select_related("unit"), pk=pk
    )


def import_row_list(
    *, batch: ImportBatch, status: str = "", offset: int = 0, limit: int = 100
) -> list[ImportRow]:
    """A page of a batch's rows (the batch must come from ``import_batch_get``)."""
    queryset = ImportRow.objects.filter(batch=batch)
    if status:
        queryset = queryset.filter(status=status)
    return list(queryset.order_by("position")[offset : offset + limit])


def import_row_count(*, batch: ImportBatch, status: str = "") -> int:
    queryset = ImportRow.objects.filter(batch=batch)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.count()
