"""Exporting 任免审批表: .lrmx files (one, or a .zip of several) and the printed form
(.docx, PDF), for cadres in the actor's scope, each export an audited EXPORT event."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from ganshi.accounts.scopes import cadre_scope_q
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
from ganshi.cadres.models import Cadre
from ganshi.interchange.lrmx import LrmxDocument, document_from_cadre, write_lrmx

DEFAULT_MAX_FORMS = 500
LRMX_TYPE = "application/xml"
ZIP_TYPE = "application/zip"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("pdf", "docx")


def max_forms() -> int:
    return int(getattr(settings, "GANSHI_LRMX_MAX_EXPORT", DEFAULT_MAX_FORMS))


@dataclass
class Download:
    filename: str
    content: bytes
    content_type: str


def parse_cadre_ids(values) -> list[int]:
    """Cadre ids from ``?cadre=1&cadre=2`` (also ``?cadre=1,2``), in order, once each;
    ValidationError naming ``cadre`` for anything that is not an id."""
    ids: list[int] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or int(part) > 2**63 - 1:
                raise ValidationError(
                    {"cadre": _("“%(value)s” is not a cadre id.") % {"value": part}}
                )
            if int(part) not in ids:
                ids.append(int(part))
    if not ids:
        raise ValidationError({"cadre": _("Choose at least one cadre.")})
    if len(ids) > max_forms():
        raise ValidationError(
            {
                "cadre": _("At most %(limit)s cadres at a time; you chose %(count)s.")
                % {"limit": max_forms(), "count": len(ids)}
            }
        )
    return ids


def parse_age_date(text: str) -> datetime.date | None:
    """The 计算年龄时间 of a print request, ``2026-06-20``; blank: today."""
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            {"at": _("“%(text)s” is not a date; write it as 2026-06-20.") % {"text": text}}
        ) from None


def cadres_for_forms(*, actor, ids: list[int]) -> list[Cadre]:
    """The cadres ``ids`` with what a form shows, in the given order; 404 when any of
    them does not exist or is outside the actor's scope."""
    queryset = (
        Cadre.objects.filter(cadre_scope_q(actor), pk__in=ids)
        .select_related("unit")
        .prefetch_related("resume_entries", "family_members", "rewards_punishments")
    )
    found = {cadre.pk: cadre for cadre in queryset}
    if len(found) != len(ids):
        raise Http404
    return [found[pk] for pk in ids]


def stored_photo(cadre: Cadre) -> bytes | None:
    if not cadre.photo:
        return None
    try:
        with cadre.photo.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def _filled_by(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) if actor is not None else ""


def forms_of(
    *, actor, cadres: list[Cadre], appointment=None, at: datetime.date | None = None
) -> list[LrmxDocument]:
    """The forms of ``cadres``; ID numbers only for a role that may see them."""
    include_id = bool(actor is not None and actor.can_see_sensitive)
    return [
        document_from_cadre(
            cadre,
            appointment=appointment,
            at=at,
            filled_by=_filled_by(actor),
            include_id_number=include_id,
            photo=stored_photo(cadre),
        )
        for cadre in cadres
    ]


def _record_export(*, actor, cadres: list[Cadre], kind: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=Cadre._meta.label_lower,
        object_id=cadres[0].pk if len(cadres) == 1 else "",
        object_repr=(
            cadres[0].name if len(cadres) == 1 else _("%(count)s cadres") % {"count": len(cadres)}
        ),
        after={
            "format": kind,
            "cadres": [cadre.pk for cadre in cadres],
            "id_numbers": bool(actor.can_see_sensitive),
        },
    )


def _file_names(cadres: list[Cadre], suffix: str) -> list[str]:
    names: list[str] = []
    for cadre in cadres:
        name = f"{cadre.name}{suffix}"
        if name in names:
            name = f"{cadre.name}-{cadre.pk}{suffix}"
        names.append(name)
    return names


@transaction.atomic
def lrmx_export(*, actor, ids: list[int], appointment=None) -> Download:
    """One cadre as ``<name>.lrmx``; several as a .zip of them."""
    cadres = cadres_for_forms(actor=actor, ids=ids)
    documents = forms_of(actor=actor, cadres=cadres, appointment=appointment)
    _record_export(actor=actor, cadres=cadres, kind="lrmx")
    if len(cadres) == 1:
        return Download(_file_names(cadres, ".lrmx")[0], write_lrmx(documents[0]), LRMX_TYPE)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, document in zip(_file_names(cadres, ".lrmx"), documents, strict=True):
            archive.writestr(name, write_lrmx(document))
    stamp = datetime.date.today().strftime("%Y%m%d")  # noqa: DTZ011 - a calendar date
    return Download(f"任免审批表-{stamp}.zip", buffer.getvalue(), ZIP_TYPE)


@transaction.atomic
def form_print(
    *,
    actor,
    ids: list[int],
    file_format: str,
    appointment=None,
    at: datetime.date | None = None,
) -> Download:
    """The printed 干部任免审批表 of the cadres: one PDF (a form per cadre) or one .docx."""
    from ganshi.interchange.appointment_form import render_docx, render_pdf

    if file_format not in FORMATS:
        raise ValidationError({"format": _("Choose pdf or docx.")})
    cadres = cadres_for_forms(actor=actor, ids=ids)
    documents = forms_of(actor=actor, cadres=cadres, appointment=appointment, at=at)
    _record_export(actor=actor, cadres=cadres, kind=file_format)
    if file_format == "pdf":
        content, content_type = render_pdf(documents), PDF_TYPE
    else:
        content, content_type = render_docx(documents), DOCX_TYPE
    if len(cadres) == 1:
        name = f"{cadres[0].name}-干部任免审批表.{file_format}"
    else:
        stamp = datetime.date.today().strftime("%Y%m%d")  # noqa: DTZ011 - a calendar date
        name = f"干部任免审批表-{len(cadres)}人-{stamp}.{file_format}"
    return Download(name, content, content_type)


__all__ = [
    "Download",
    "FORMATS",
    "cadres_for_forms",
    "form_print",
    "forms_of",
    "lrmx_export",
    "parse_age_date",
    "parse_cadre_ids",
]
