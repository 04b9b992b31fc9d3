"""Writing reports, moving cases, sealed identity, name clearing, retention.

Every service runs in one transaction and writes its audit event (and for workflow
moves its ``ReportEvent``) in it. Refusals raise a Chinese ``ValidationError`` naming
the field and write nothing.
"""

from __future__ import annotations

import datetime
import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import pgettext

from ganshi.accounts.scopes import cadre_scope_q, unit_in_scope
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
from ganshi.cadres.models import Cadre
from ganshi.core.field_encryption import keyed_hash
from ganshi.orgs.models import Unit
from ganshi.supervision import access
from ganshi.supervision.choices import (
    LENIENCY_TRANSITIONS,
    LOAN_TRANSITIONS,
    OPEN_LOAN_STATUSES,
    OUTCOME_STATUSES,
    RECEIPT_CODE_DIGITS,
    STAFF_CHANNELS,
    SUPERVISOR_TRANSITIONS,
    TOLERATING_DECISIONS,
    TRANSITIONS,
    AccessRequestStatus,
    ApplicantKind,
    CaseStatus,
    Channel,
    DocumentKind,
    DocumentStatus,
    FamilyActivityKind,
    LeniencyDecision,
    LeniencyStatus,
    LeniencyTransition,
    LoanStatus,
    LoanTransition,
    PublicityScope,
    TalkKind,
    Transition,
)
from ganshi.supervision.models import (
    DocumentLoan,
    DocumentLoanEvent,
    Exoneration,
    FalseAccusationFinding,
    FalseAccusationSituation,
    FamilyActivity,
    FamilySupervisor,
    IdentityAccessRequest,
    LeniencyCase,
    LeniencyEvent,
    RateLimitBucket,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportMessage,
    SupervisionSettings,
    Talk,
    TravelDocument,
)
from ganshi.supervision.uploads import UploadRefused, check_attachment

CONTENT_MAX = 20_000
MESSAGE_MAX = 5_000

# --- receipt codes and the rate limit -----------------------------------------------------


def receipt_hash(code: str) -> str:
    """The keyed hash a receipt code is found by (spaces and dashes ignored)."""
    digits = "".join(character for character in code if character.isdigit())
    return keyed_hash("supervision-receipt:" + digits)


def _new_receipt_code() -> str:
    return f"{secrets.randbelow(10**RECEIPT_CODE_DIGITS):0{RECEIPT_CODE_DIGITS}d}"


def format_receipt_code(code: str) -> str:
    return " ".join(code[index : index + 4] for index in range(0, len(code), 4))


def rate_limit_allows(*, address: str, scope: str, limit: int) -> bool:
    """Count one request from ``address`` in this hour's bucket; False once over ``limit``.

    The address is kept only as a keyed hash, in a table of its own, deleted after the
    hour: the report itself never learns where it came from."""
    now = timezone.now()
    window = now.replace(minute=0, second=0, microsecond=0)
    key = keyed_hash(f"supervision-rate:{scope}:{address}")
    with transaction.atomic():
        RateLimitBucket.objects.filter(window_start__lt=window).delete()
        updated = RateLimitBucket.objects.filter(key_hash=key, window_start=window).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(key_hash=key, window_start=window, count=1)
            except IntegrityError:
                RateLimitBucket.objects.filter(key_hash=key, window_start=window).update(
                    count=F("count") + 1
                )
        count = (
            RateLimitBucket.objects.filter(key_hash=key, window_start=window)
            .values_list("count", flat=True)
            .first()
        )
    return (count or 0) <= limit


# --- attachments (encrypted on disk) ------------------------------------------------------


def _fernet() -> Fernet:
    return Fernet(settings.GANSHI_FIELD_KEY.encode("ascii"))


def attachment_bytes(attachment: ReportAttachment) -> bytes:
    with attachment.stored.open("rb") as handle:
        token = handle.read()
    return _fernet().decrypt(token)


@dataclass
class Upload:
    name: str
    content: bytes


def read_uploads(files) -> list[Upload]:
    """Django UploadedFiles to name and bytes (read once, checked afterwards)."""
    result = []
    for upload in files:
        result.append(Upload(name=upload.name or "", content=upload.read()))
    return result


def _check_uploads(uploads: list[Upload], config: SupervisionSettings) -> list[str]:
    messages: list[str] = []
    if len(uploads) > config.attachment_max_count:
        messages.append(
            pgettext("supervision", "At most %(count)s files may be attached.")
            % {"count": config.attachment_max_count}
        )
    for upload in uploads:
        try:
            check_attachment(upload.name, upload.content, max_bytes=config.attachment_max_bytes)
        except UploadRefused as error:
            messages.append(error.message)
    return messages


def _store_attachments(report: Report, uploads: list[Upload]) -> None:
    for upload in uploads:
        content_type = check_attachment(upload.name, upload.content, max_bytes=2**31)
        attachment = ReportAttachment(
            report=report,
            original_name=upload.name[:200],
            content_type=content_type,
            size_bytes=len(upload.content),
        )
        token = _fernet().encrypt(upload.content)
        attachment.stored.save(f"{secrets.token_hex(16)}.bin", ContentFile(token), save=False)
        attachment.save()


# --- filing a report ----------------------------------------------------------------------


def _clean_report_data(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    content = (data.get("content") or "").strip()
    subject_name = (data.get("subject_name") or "").strip()
    subject_unit = (data.get("subject_unit") or "").strip()
    is_anonymous = bool(data.get("is_anonymous"))
    reporter_name = (data.get("reporter_name") or "").strip()
    reporter_contact = (data.get("reporter_contact") or "").strip()
    if not content:
        errors.setdefault("content", []).append(pgettext("supervision", "Say what happened."))
    elif len(content) > CONTENT_MAX:
        errors.setdefault("content", []).append(
            pgettext("supervision", "What happened is limited to %(count)s characters.")
            % {"count": CONTENT_MAX}
        )
    if not subject_name:
        errors.setdefault("subject_name", []).append(
            pgettext("supervision", "Give the name of the person reported.")
        )
    elif len(subject_name) > 60:
        errors.setdefault("subject_name", []).append(
            pgettext("supervision", "The name is limited to 60 characters.")
        )
    if len(subject_unit) > 120:
        errors.setdefault("subject_unit", []).append(
            pgettext("supervision", "The unit is limited to 120 characters.")
        )
    if is_anonymous:
        # An anonymous report keeps nothing that could name its author.
        reporter_name = reporter_contact = ""
    elif not reporter_name:
        errors.setdefault("reporter_name", []).append(
            pgettext("supervision", "Give your name, or choose to report anonymously.")
        )
    if len(reporter_name) > 60:
        errors.setdefault("reporter_name", []).append(
            pgettext("supervision", "The name is limited to 60 characters.")
        )
    if len(reporter_contact) > 120:
        errors.setdefault("reporter_contact", []).append(
            pgettext("supervision", "The contact is limited to 120 characters.")
        )
    return {
        "content": content,
        "subject_name": subject_name,
        "subject_unit": subject_unit,
        "is_anonymous": is_anonymous,
        "reporter_name": reporter_name,
        "reporter_contact": reporter_contact,
    }


def _create_report(
    *, actor, channel: str, values: dict[str, Any], uploads: list[Upload], received_on
) -> tuple[Report, str]:
    with transaction.atomic():
        for _attempt in range(5):
            code = _new_receipt_code()
            if not Report.objects.filter(receipt_hash=receipt_hash(code)).exists():
                break
        report = Report.objects.create(
            channel=channel,
            status=CaseStatus.REGISTERED,
            received_on=received_on,
            receipt_hash=receipt_hash(code),
            registered_by=actor if actor is not None and actor.is_authenticated else None,
            **values,
        )
        _store_attachments(report, uploads)
        ReportEvent.objects.create(
            report=report,
            actor=report.registered_by,
            from_status="",
            to_status=CaseStatus.REGISTERED,
            comment=report.get_channel_display(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=report,
            after={"channel": channel, "attachments": len(uploads)},
        )
    return report, code


def report_submit(*, data: dict[str, Any], uploads: list[Upload]) -> tuple[Report, str]:
    """A report from the public page. Returns the report and its receipt code, which
    exists nowhere else afterwards (only its keyed hash is stored)."""
    config = SupervisionSettings.current()
    errors: dict[str, list[str]] = {}
    values = _clean_report_data(data, errors)
    upload_errors = _check_uploads(uploads, config)
    if upload_errors:
        errors["attachments"] = upload_errors
    if errors:
        raise ValidationError(errors)
    return _create_report(
        actor=None,
        channel=Channel.WEB,
        values=values,
        uploads=uploads,
        received_on=timezone.localdate(),
    )


def report_register(*, actor, data: dict[str, Any], uploads: list[Upload]) -> tuple[Report, str]:
    """A report staff type in (letter, visit, phone, SMS); only case supervisors."""
    if not access.is_supervisor(actor):
        raise PermissionDenied
    config = SupervisionSettings.current()
    errors: dict[str, list[str]] = {}
    values = _clean_report_data(data, errors)
    channel = data.get("channel") or ""
    if channel not in STAFF_CHANNELS:
        errors.setdefault("channel", []).append(
            pgettext("supervision", "Choose the channel the report came by.")
        )
    received_on = data.get("received_on")
    if not isinstance(received_on, datetime.date):
        errors.setdefault("received_on", []).append(
            pgettext("supervision", "Give the date the report was received.")
        )
    elif received_on > timezone.localdate():
        errors.setdefault("received_on", []).append(
            pgettext("supervision", "The date received cannot be in the future.")
        )
    upload_errors = _check_uploads(uploads, config)
    if upload_errors:
        errors["attachments"] = upload_errors
    if errors:
        raise ValidationError(errors)
    return _create_report(
        actor=actor, channel=channel, values=values, uploads=[*uploads], received_on=received_on
    )


def report_from_sms(*, actor, sender: str, text: str) -> tuple[Report, str]:
    """A text message to 12380, posted by the SMS gateway. The sender's number is the
    reporter's (sealed) contact; the subject is matched by staff from the text."""
    if not access.is_gateway(actor):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    sender = (sender or "").strip()
    text = (text or "").strip()
    if not sender or len(sender) > 40:
        errors.setdefault("sender", []).append(
            pgettext("supervision", "Give the sender's number (at most 40 characters).")
        )
    if not text or len(text) > CONTENT_MAX:
        errors.setdefault("text", []).append(
            pgettext("supervision", "Give the message text (at most %(count)s characters).")
            % {"count": CONTENT_MAX}
        )
    if errors:
        raise ValidationError(errors)
    values = {
        "content": text,
        "subject_name": pgettext("supervision", "(to be matched from the message)"),
        "subject_unit": "",
        "is_anonymous": False,
        "reporter_name": "",
        "reporter_contact": sender,
    }
    return _create_report(
        actor=actor,
        channel=Channel.SMS,
        values=values,
        uploads=[],
        received_on=timezone.localdate(),
    )


# --- the two-way thread -------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": pgettext("supervision", "Write a message.")})
    if len(body) > MESSAGE_MAX:
        raise ValidationError(
            {
                "body": pgettext("supervision", "A message is limited to %(count)s characters.")
                % {"count": MESSAGE_MAX}
            }
        )
    return body


def report_message_from_reporter(*, report: Report, body: str) -> ReportMessage:
    body = _clean_body(body)
    with transaction.atomic():
        message = ReportMessage.objects.create(report=report, from_reporter=True, body=body)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            instance=message,
            object_repr=report.number,
            after={"from_reporter": True},
        )
    return message


def report_message_from_handler(*, actor, report: Report, body: str) -> ReportMessage:
    _require_case_access(actor, report)
    body = _clean_body(body)
    if report.destroyed_at is not None:
        raise ValidationError(
            {"body": pgettext("supervision", "The reporter's channel was closed at retention.")}
        )
    with transaction.atomic():
        message = ReportMessage.objects.create(
            report=report, from_reporter=False, author=actor, body=body
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=message,
            object_repr=report.number,
            after={"from_reporter": False},
        )
    return message


# --- access and reading -------------------------------------------------------------------


def _is_handler(actor, report: Report) -> bool:
    return report.handlers.filter(pk=actor.pk).exists()


def _require_case_access(actor, report: Report) -> None:
    """404 (not 403) for anyone not on the case: its existence is not disclosed."""
    if not (access.is_supervisor(actor) or _is_handler(actor, report)):
        raise Http404


def report_read(*, actor, report: Report, what: str = "case") -> None:
    """Record that ``actor`` viewed the case (every view is an audit event)."""
    audit_record(
        actor=actor,
        action=AuditAction.READ_SENSITIVE,
        instance=report,
        after={"viewed": what},
    )


def _move_target(instance, transitions: dict, action: str, statuses, refusal: str) -> str:
    """The status ``action`` takes ``instance`` to in its transitions table; a Chinese
    ValidationError on "action" (``refusal``, naming both statuses) when the table has no
    such move from the instance's status."""
    sources, target = transitions[action]
    if instance.status not in sources:
        raise ValidationError(
            {
                "action": refusal
                % {"status": instance.get_status_display(), "to": statuses(target).label}
            }
        )
    return target


# --- workflow -----------------------------------------------------------------------------


def _move(
    *,
    actor,
    report_id: int,
    action: str,
    comment: str = "",
    changes: dict[str, Any] | None = None,
) -> Report:
    """Lock the case, check the move against TRANSITIONS and the actor, save, log."""
    comment = (comment or "").strip()
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise Http404
        _require_case_access(actor, report)
        if action in SUPERVISOR_TRANSITIONS and not access.is_supervisor(actor):
            raise PermissionDenied
        target = _move_target(
            report,
            TRANSITIONS,
            action,
            CaseStatus,
            pgettext("supervision", "A case that is “%(status)s” cannot be moved to “%(to)s”."),
        )
        if len(comment) > 300:
            raise ValidationError(
                {"comment": pgettext("supervision", "The comment is limited to 300 characters.")}
            )
        from_status = report.status
        report.status = target
        fields = ["status", "updated_at"]
        if target in OUTCOME_STATUSES:
            report.outcome = target
            fields.append("outcome")
        if target in (CaseStatus.REJECTED, CaseStatus.CONCLUDED):
            report.closed_at = timezone.now()
            fields.append("closed_at")
        for name, value in (changes or {}).items():
            setattr(report, name, value)
            fields.append(name)
        report.save(update_fields=fields)
        ReportEvent.objects.create(
            report=report, actor=actor, from_status=from_status, to_status=target, comment=comment
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=report,
            before={"status": from_status},
            after={"status": target, "action": str(action)},
        )
    return report


def report_accept(*, actor, report_id: int, comment: str = "") -> Report:
    return _move(actor=actor, report_id=report_id, action=Transition.ACCEPT, comment=comment)


def report_reject(*, actor, report_id: int, comment: str) -> Report:
    if not (comment or "").strip():
        raise ValidationError(
            {"comment": pgettext("supervision", "Give the reason the report is not accepted.")}
        )
    return _move(actor=actor, report_id=report_id, action=Transition.REJECT, comment=comment)


def report_start_check(
    *, actor, report_id: int, handlers: list, deadline: datetime.date | None, comment: str = ""
) -> Report:
    """Assign the handlers and the deadline (default: the county's check period)."""
    errors: dict[str, list[str]] = {}
    if not handlers:
        errors["handlers"] = [pgettext("supervision", "Assign at least one handler.")]
    elif any(not user.is_active for user in handlers):
        errors["handlers"] = [pgettext("supervision", "A handler's account is disabled.")]
    today = timezone.localdate()
    if deadline is None:
        deadline = today + datetime.timedelta(days=SupervisionSettings.current().check_days)
    elif deadline < today:
        errors["deadline"] = [pgettext("supervision", "The deadline cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = _move(
            actor=actor,
            report_id=report_id,
            action=Transition.START_CHECK,
            comment=comment,
            changes={"check_deadline": deadline},
        )
        report.handlers.set(handlers)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=report,
            after={"handlers": sorted(user.pk for user in handlers)},
        )
    return report


def report_talk(*, actor, report_id: int, comment: str = "") -> Report:
    return _move(actor=actor, report_id=report_id, action=Transition.TALK, comment=comment)


def report_file_case(*, actor, report_id: int, comment: str = "") -> Report:
    return _move(actor=actor, report_id=report_id, action=Transition.FILE_CASE, comment=comment)


def report_close(*, actor, report_id: int, comment: str = "") -> Report:
    return _move(actor=actor, report_id=report_id, action=Transition.CLOSE, comment=comment)


def report_exonerate(*, actor, report_id: int, comment: str = "") -> Report:
    return _move(actor=actor, report_id=report_id, action=Transition.EXONERATE, comment=comment)


def report_conclude(*, actor, report_id: int, comment: str = "") -> Report:
    return _move(actor=actor, report_id=report_id, action=Transition.CONCLUDE, comment=comment)


TRANSITION_SERVICES: dict[str, Callable[..., Report]] = {
    Transition.ACCEPT: report_accept,
    Transition.REJECT: report_reject,
    Transition.TALK: report_talk,
    Transition.FILE_CASE: report_file_case,
    Transition.CLOSE: report_close,
    Transition.EXONERATE: report_exonerate,
    Transition.CONCLUDE: report_conclude,
}


def report_match_subject(*, actor, report_id: int, cadre) -> Report:
    """Link the person reported to a registry cadre (never shown to the reporter)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise Http404
        _require_case_access(actor, report)
        errors: dict[str, list[str]] = {}
        _check_cadre(actor, cadre, errors)
        if errors:
            raise ValidationError(errors)
        before = report.subject_cadre_id
        report.subject_cadre = cadre
        report.save(update_fields=["subject_cadre", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=report,
            before={"subject_cadre": before},
            after={"subject_cadre": cadre.pk if cadre else None},
        )
    return report


# --- sealed identity ----------------------------------------------------------------------


def identity_request_create(*, actor, report: Report, reason: str) -> IdentityAccessRequest:
    _require_case_access(actor, report)
    reason = (reason or "").strip()
    if not report.has_identity:
        raise ValidationError(
            {"reason": pgettext("supervision", "This report holds no identity to reveal.")}
        )
    if len(reason) < 10:
        raise ValidationError(
            {
                "reason": pgettext(
                    "supervision", "Explain why the identity is needed (at least 10 characters)."
                )
            }
        )
    if IdentityAccessRequest.objects.filter(
        report=report, requester=actor, status=AccessRequestStatus.PENDING
    ).exists():
        raise ValidationError(
            {"reason": pgettext("supervision", "You already have a request waiting.")}
        )
    with transaction.atomic():
        request = IdentityAccessRequest.objects.create(
            report=report, requester=actor, reason=reason
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=request,
            object_repr=report.number,
            after={"reason": reason},
        )
    return request


def identity_request_decide(
    *, actor, request_id: int, approve: bool, reason: str
) -> IdentityAccessRequest:
    """The custodian's decision, with a reason. The custodian never sees the identity."""
    if not access.is_custodian(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"decision_reason": pgettext("supervision", "Give the reason for the decision.")}
        )
    with transaction.atomic():
        request = (
            IdentityAccessRequest.objects.select_for_update()
            .select_related("report")
            .filter(pk=request_id)
            .first()
        )
        if request is None:
            raise Http404
        if request.status != AccessRequestStatus.PENDING:
            raise ValidationError(
                {"decision_reason": pgettext("supervision", "This request was already decided.")}
            )
        if request.requester_id == actor.pk:
            raise ValidationError(
                {
                    "decision_reason": pgettext(
                        "supervision", "A custodian cannot decide their own request."
                    )
                }
            )
        request.status = AccessRequestStatus.APPROVED if approve else AccessRequestStatus.REFUSED
        request.decided_by = actor
        request.decision_reason = reason
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decision_reason", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=request,
            object_repr=request.report.number,
            before={"status": AccessRequestStatus.PENDING},
            after={"status": request.status, "reason": reason},
        )
    return request


def report_identity_reveal(*, actor, report: Report) -> dict[str, str]:
    """The reporter's name and contact, for a handler holding an approved request."""
    _require_case_access(actor, report)
    approved = IdentityAccessRequest.objects.filter(
        report=report, requester=actor, status=AccessRequestStatus.APPROVED
    ).exists()
    if not approved:
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=AuditAction.READ_SENSITIVE,
        instance=report,
        after={"viewed": "reporter_identity"},
    )
    return {"reporter_name": report.reporter_name, "reporter_contact": report.reporter_contact}


# --- false accusation and name clearing ---------------------------------------------------


def false_accusation_record(
    *,
    actor,
    report: Report,
    situation: FalseAccusationSituation | None,
    facts: str,
    referred_to: str,
    referred_on: datetime.date | None,
) -> FalseAccusationFinding:
    _require_case_access(actor, report)
    errors: dict[str, list[str]] = {}
    if situation is None or not situation.is_active:
        errors["situation"] = [pgettext("supervision", "Choose the situation.")]
    if not (facts or "").strip():
        errors["facts"] = [pgettext("supervision", "Describe the facts found.")]
    if not (referred_to or "").strip():
        errors["referred_to"] = [pgettext("supervision", "Say where the matter was referred.")]
    if referred_on is None:
        errors["referred_on"] = [pgettext("supervision", "Give the date of the referral.")]
    if report.status not in (CaseStatus.EXONERATION, CaseStatus.CONCLUDED) or (
        report.outcome != CaseStatus.EXONERATION
    ):
        errors.setdefault("situation", []).append(
            pgettext("supervision", "Only a report found untrue (name cleared) can be found false.")
        )
    if FalseAccusationFinding.objects.filter(report=report).exists():
        errors.setdefault("situation", []).append(
            pgettext("supervision", "This report already has a finding.")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        finding = FalseAccusationFinding.objects.create(
            report=report,
            situation=cast(FalseAccusationSituation, situation),
            facts=facts.strip(),
            referred_to=referred_to.strip()[:120],
            referred_on=cast(datetime.date, referred_on),
            created_by=actor,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=finding)
    return finding


def exoneration_create(
    *,
    actor,
    report: Report,
    cadre,
    decision: str,
    publicity_scope: str,
    decided_on: datetime.date | None,
) -> Exoneration:
    """Clear ``cadre``'s name of ``report`` (the case must have found the report untrue)."""
    _require_case_access(actor, report)
    errors: dict[str, list[str]] = {}
    if cadre is None:
        errors["cadre"] = [pgettext("supervision", "Choose the cadre whose name is cleared.")]
    if not (decision or "").strip():
        errors["decision"] = [pgettext("supervision", "Write the decision.")]
    if publicity_scope not in PublicityScope.values:
        errors["publicity_scope"] = [
            pgettext("supervision", "Choose where the clearing is made public.")
        ]
    if decided_on is None:
        errors["decided_on"] = [pgettext("supervision", "Give the date of the decision.")]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [pgettext("supervision", "The date cannot be in the future.")]
    if report.outcome != CaseStatus.EXONERATION:
        errors.setdefault("decision", []).append(
            pgettext("supervision", "Only a case that ended in clearing the name can clear it.")
        )
    if cadre is not None and Exoneration.objects.filter(report=report, cadre=cadre).exists():
        errors.setdefault("cadre", []).append(
            pgettext("supervision", "This cadre's name was already cleared of this report.")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        exoneration = Exoneration.objects.create(
            report=report,
            cadre=cadre,
            decision=decision.strip(),
            publicity_scope=publicity_scope,
            decided_on=cast(datetime.date, decided_on),
            created_by=actor,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=exoneration)
    return exoneration


# --- retention ----------------------------------------------------------------------------


def reports_destroy_expired(*, now: datetime.datetime | None = None) -> int:
    """Destroy the attachments, the reporter's identity and the receipt code of cases
    closed longer ago than the county's retention period; each leaves an audited
    tombstone (``destroyed_at`` and an audit event). Returns how many were destroyed."""
    now = now or timezone.now()
    config = SupervisionSettings.current()
    cutoff = now - datetime.timedelta(days=config.retention_days)
    ids = list(
        Report.objects.filter(
            closed_at__isnull=False, closed_at__lt=cutoff, destroyed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    for report_id in ids:
        files: list[str] = []
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            attachments = list(report.attachments.all())
            files = [str(attachment.stored.name) for attachment in attachments]
            count = len(attachments)
            report.attachments.all().delete()
            report.reporter_name = ""
            report.reporter_contact = ""
            report.receipt_hash = None
            report.destroyed_at = now
            report.save(
                update_fields=[
                    "reporter_name",
                    "reporter_contact",
                    "receipt_hash",
                    "destroyed_at",
                    "updated_at",
                ]
            )
            audit_record(
                actor=None,
                action=AuditAction.DELETE,
                instance=report,
                after={
                    "tombstone": True,
                    "attachments_destroyed": count,
                    "identity_destroyed": True,
                    "closed_at": report.closed_at.isoformat() if report.closed_at else None,
                },
            )
            transaction.on_commit(functools.partial(_delete_files, files))
    return len(ids)


def _delete_files(names: list[str]) -> None:
    storage = ReportAttachment.stored.field.storage
    for name in names:
        storage.delete(name)


# --- registers: common checks -------------------------------------------------------------


def _require_register(actor) -> None:
    if not access.can_use_supervision(actor):
        raise PermissionDenied


def _check_cadre(actor, cadre, errors: dict[str, list[str]], field: str = "cadre") -> None:

    if cadre is None:
        errors.setdefault(field, []).append(pgettext("supervision", "Choose the cadre."))
    elif not Cadre.objects.filter(cadre_scope_q(actor), pk=cadre.pk).exists():
        errors.setdefault(field, []).append(
            pgettext("supervision", "This cadre does not exist or is outside your scope.")
        )


def _required_text(
    data: dict[str, Any], name: str, message: str, errors: dict[str, list[str]], limit: int
) -> str:
    value = (data.get(name) or "").strip()
    if not value:
        errors.setdefault(name, []).append(message)
    elif len(value) > limit:
        errors.setdefault(name, []).append(
            pgettext("supervision", "At most %(count)s characters.") % {"count": limit}
        )
    return value


def _past_date(
    data: dict[str, Any], name: str, message: str, errors: dict[str, list[str]]
) -> datetime.date | None:
    value = data.get(name)
    if not isinstance(value, datetime.date):
        errors.setdefault(name, []).append(message)
        return None
    if value > timezone.localdate():
        errors.setdefault(name, []).append(
            pgettext("supervision", "The date cannot be in the future.")
        )
    return value


# --- fault tolerance (容错纠错) -----------------------------------------------------------


def leniency_apply(*, actor, data: dict[str, Any]):
    """An application for fault tolerance about a matter, by the cadre or their unit."""

    _require_register(actor)
    errors: dict[str, list[str]] = {}
    cadre = data.get("cadre")
    _check_cadre(actor, cadre, errors)
    if data.get("applicant_kind") not in ApplicantKind.values:
        errors["applicant_kind"] = [pgettext("supervision", "Choose who applied.")]
    matter = _required_text(
        data, "matter", pgettext("supervision", "Describe the matter."), errors, 5000
    )
    applied_on = _past_date(
        data, "applied_on", pgettext("supervision", "Give the date of the application."), errors
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = LeniencyCase.objects.create(
            cadre=cast(Cadre, cadre),
            applicant_kind=data["applicant_kind"],
            matter=matter,
            applied_on=cast(datetime.date, applied_on),
            created_by=actor,
        )
        LeniencyEvent.objects.create(
            case=case, actor=actor, from_status="", to_status=LeniencyStatus.APPLIED
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=case)
    return case


def _leniency_move(*, actor, case_id: int, action: str, comment: str = "", changes=None):

    _require_register(actor)
    with transaction.atomic():
        case = (
            LeniencyCase.objects.select_for_update()
            .filter(cadre_scope_q(actor, prefix="cadre__"), pk=case_id)
            .first()
        )
        if case is None:
            raise Http404
        target = _move_target(
            case,
            LENIENCY_TRANSITIONS,
            action,
            LeniencyStatus,
            pgettext("supervision", "A case that is “%(status)s” cannot be moved to “%(to)s”."),
        )
        from_status = case.status
        case.status = target
        fields = ["status", "updated_at"]
        for name, value in (changes or {}).items():
            if name == "criteria_met":
                continue
            setattr(case, name, value)
            fields.append(name)
        case.save(update_fields=fields)
        if changes and "criteria_met" in changes:
            case.criteria_met.set(changes["criteria_met"])
        LeniencyEvent.objects.create(
            case=case, actor=actor, from_status=from_status, to_status=target, comment=comment[:300]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=case,
            before={"status": from_status},
            after={"status": target, "decision": case.decision},
        )
    return case


def leniency_investigate(*, actor, case_id: int, comment: str = ""):

    return _leniency_move(
        actor=actor, case_id=case_id, action=LeniencyTransition.INVESTIGATE, comment=comment
    )


def leniency_withdraw(*, actor, case_id: int, comment: str = ""):

    return _leniency_move(
        actor=actor, case_id=case_id, action=LeniencyTransition.WITHDRAW, comment=comment
    )


def leniency_decide(*, actor, case_id: int, data: dict[str, Any]):
    """The decision with its reasons, the checklist items found met and the effects.
    Tolerance needs at least one criterion met; no tolerance leaves no eligibility."""

    errors: dict[str, list[str]] = {}
    decision = data.get("decision") or ""
    if decision not in LeniencyDecision.values:
        errors["decision"] = [pgettext("supervision", "Choose the decision.")]
    findings = _required_text(
        data, "findings", pgettext("supervision", "Write the investigation findings."), errors, 5000
    )
    reasons = _required_text(
        data, "reasons", pgettext("supervision", "Give the reasons for the decision."), errors, 5000
    )
    decided_on = _past_date(
        data, "decided_on", pgettext("supervision", "Give the date of the decision."), errors
    )
    criteria = list(data.get("criteria_met") or [])
    eligible = bool(data.get("remains_eligible_for_promotion"))
    commendation = bool(data.get("cleared_for_commendation"))
    if decision in TOLERATING_DECISIONS and not criteria:
        errors.setdefault("criteria_met", []).append(
            pgettext("supervision", "Tolerance needs at least one criterion met.")
        )
    if decision == LeniencyDecision.REFUSED and (eligible or commendation):
        errors.setdefault("decision", []).append(
            pgettext("supervision", "Without tolerance the cadre keeps no protected eligibility.")
        )
    if errors:
        raise ValidationError(errors)
    return _leniency_move(
        actor=actor,
        case_id=case_id,
        action=LeniencyTransition.DECIDE,
        comment=str(LeniencyDecision(decision).label),
        changes={
            "decision": decision,
            "findings": findings,
            "reasons": reasons,
            "decided_on": decided_on,
            "remains_eligible_for_promotion": eligible,
            "cleared_for_commendation": commendation,
            "criteria_met": criteria,
        },
    )


# --- talks and inquiry letters ------------------------------------------------------------


def talk_create(*, actor, data: dict[str, Any]):

    _require_register(actor)
    errors: dict[str, list[str]] = {}
    cadre = data.get("cadre")
    _check_cadre(actor, cadre, errors)
    kind = data.get("kind") or ""
    if kind not in TalkKind.values:
        errors["kind"] = [pgettext("supervision", "Choose the kind of talk.")]
    held_by = _required_text(
        data, "held_by", pgettext("supervision", "Say who held the talk."), errors, 80
    )
    held_on = _past_date(
        data, "held_on", pgettext("supervision", "Give the date of the talk."), errors
    )
    reason = _required_text(
        data, "reason", pgettext("supervision", "Give the reason."), errors, 2000
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        talk = Talk.objects.create(
            kind=kind,
            cadre=cast(Cadre, cadre),
            held_by=held_by,
            held_on=cast(datetime.date, held_on),
            reason=reason,
            summary=(data.get("summary") or "").strip(),
            follow_up=(data.get("follow_up") or "").strip(),
            created_by=actor,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=talk)
    return talk


def talk_record_reply(*, actor, talk, reply: str, replied_on: datetime.date | None):
    """The cadre's written reply to an inquiry letter (函询)."""

    _require_register(actor)
    errors: dict[str, list[str]] = {}
    if talk.kind != TalkKind.INQUIRY_LETTER:
        errors["reply"] = [pgettext("supervision", "Only an inquiry letter has a reply.")]
    reply = _required_text(
        {"reply": reply}, "reply", pgettext("supervision", "Write the reply."), errors, 5000
    )
    replied = _past_date(
        {"replied_on": replied_on},
        "replied_on",
        pgettext("supervision", "Give the date of the reply."),
        errors,
    )
    if replied is not None and replied < talk.held_on:
        errors.setdefault("replied_on", []).append(
            pgettext("supervision", "The reply cannot come before the letter.")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        talk.reply = reply
        talk.replied_on = replied
        talk.save(update_fields=["reply", "replied_on"])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=talk, after={"reply": True})
    return talk


# --- travel documents ---------------------------------------------------------------------


def document_number_hash(number: str) -> str:
    return keyed_hash("supervision-travel-document:" + "".join(number.split()).upper())


def document_register(*, actor, data: dict[str, Any]):

    _require_register(actor)
    errors: dict[str, list[str]] = {}
    cadre = data.get("cadre")
    _check_cadre(actor, cadre, errors)
    kind = data.get("kind") or ""
    if kind not in DocumentKind.values:
        errors["kind"] = [pgettext("supervision", "Choose the kind of document.")]
    number = "".join((data.get("number") or "").split()).upper()
    if not number or len(number) > 20 or not number.isalnum():
        errors["number"] = [
            pgettext("supervision", "Give the document number (letters and digits, at most 20).")
        ]
    elif TravelDocument.objects.filter(number_hash=document_number_hash(number)).exists():
        errors["number"] = [pgettext("supervision", "A document with this number is registered.")]
    issued_on = _past_date(
        data, "issued_on", pgettext("supervision", "Give the date of issue."), errors
    )
    expires_on = data.get("expires_on")
    if not isinstance(expires_on, datetime.date):
        errors["expires_on"] = [pgettext("supervision", "Give the expiry date.")]
    elif issued_on is not None and expires_on <= issued_on:
        errors["expires_on"] = [pgettext("supervision", "The expiry must come after the issue.")]
    deposit = bool(data.get("deposit"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        document = TravelDocument.objects.create(
            cadre=cast(Cadre, cadre),
            kind=kind,
            number=number,
            number_hash=document_number_hash(number),
            issued_on=cast(datetime.date, issued_on),
            expires_on=cast(datetime.date, expires_on),
            status=DocumentStatus.IN_CUSTODY if deposit else DocumentStatus.HELD,
            deposited_on=timezone.localdate() if deposit else None,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=document)
    return document


def _document_for_update(actor, document_id: int):

    document = (
        TravelDocument.objects.select_for_update()
        .filter(cadre_scope_q(actor, prefix="cadre__"), pk=document_id)
        .first()
    )
    if document is None:
        raise Http404
    return document


def document_deposit(*, actor, document_id: int):
    """A document handed in to central custody (集中保管)."""

    _require_register(actor)
    with transaction.atomic():
        document = _document_for_update(actor, document_id)
        if document.status != DocumentStatus.HELD:
            raise ValidationError(
                {
                    "status": pgettext(
                        "supervision", "Only a document the cadre holds can be deposited."
                    )
                }
            )
        document.status = DocumentStatus.IN_CUSTODY
        document.deposited_on = timezone.localdate()
        document.save(update_fields=["status", "deposited_on", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=document,
            before={"status": DocumentStatus.HELD},
            after={"status": DocumentStatus.IN_CUSTODY},
        )
    return document


def loan_request(*, actor, document_id: int, purpose: str, due_on: datetime.date | None):

    _require_register(actor)
    errors: dict[str, list[str]] = {}
    purpose = _required_text(
        {"purpose": purpose},
        "purpose",
        pgettext("supervision", "Give the purpose and destination."),
        errors,
        200,
    )
    if due_on is None:
        errors["due_on"] = [pgettext("supervision", "Give the date the document is due back.")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [pgettext("supervision", "The due date cannot be in the past.")]
    with transaction.atomic():
        document = _document_for_update(actor, document_id)
        if document.status != DocumentStatus.IN_CUSTODY:
            errors.setdefault("document", []).append(
                pgettext("supervision", "Only a document in custody can be borrowed.")
            )
        elif document.loans.filter(status__in=OPEN_LOAN_STATUSES).exists():
            errors.setdefault("document", []).append(
                pgettext("supervision", "This document already has an open request.")
            )
        if due_on is not None and due_on > document.expires_on:
            errors.setdefault("due_on", []).append(
                pgettext("supervision", "The document expires before the due date.")
            )
        if errors:
            raise ValidationError(errors)
        loan = DocumentLoan.objects.create(
            document=document,
            purpose=purpose,
            due_on=cast(datetime.date, due_on),
            requested_by=actor,
        )
        DocumentLoanEvent.objects.create(
            loan=loan, actor=actor, from_status="", to_status=LoanStatus.REQUESTED
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=loan)
    return loan


def _loan_move(*, actor, loan_id: int, action: str, comment: str = ""):

    _require_register(actor)
    with transaction.atomic():
        loan = (
            DocumentLoan.objects.select_for_update()
            .filter(cadre_scope_q(actor, prefix="document__cadre__"), pk=loan_id)
            .first()
        )
        if loan is None:
            raise Http404
        target = _move_target(
            loan,
            LOAN_TRANSITIONS,
            action,
            LoanStatus,
            pgettext("supervision", "A loan that is “%(status)s” cannot be moved to “%(to)s”."),
        )
        if (
            action in (LoanTransition.APPROVE, LoanTransition.REFUSE)
            and loan.requested_by_id == actor.pk
        ):
            raise ValidationError(
                {"action": pgettext("supervision", "A request is decided by someone else.")}
            )
        document = _document_for_update(actor, loan.document_id)
        from_status = loan.status
        loan.status = target
        fields = ["status", "updated_at"]
        today = timezone.localdate()
        if action == LoanTransition.LEND:
            loan.lent_on = today
            fields.append("lent_on")
            document.status = DocumentStatus.ON_LOAN
        elif action == LoanTransition.RETURN:
            loan.returned_on = today
            fields.append("returned_on")
            document.status = DocumentStatus.IN_CUSTODY
        loan.save(update_fields=fields)
        if action in (LoanTransition.LEND, LoanTransition.RETURN):
            document.save(update_fields=["status", "updated_at"])
        DocumentLoanEvent.objects.create(
            loan=loan, actor=actor, from_status=from_status, to_status=target, comment=comment[:300]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=loan,
            before={"status": from_status},
            after={"status": target},
        )
    return loan


def loan_approve(*, actor, loan_id: int, comment: str = ""):

    return _loan_move(actor=actor, loan_id=loan_id, action=LoanTransition.APPROVE, comment=comment)


def loan_refuse(*, actor, loan_id: int, comment: str = ""):

    return _loan_move(actor=actor, loan_id=loan_id, action=LoanTransition.REFUSE, comment=comment)


def loan_lend(*, actor, loan_id: int, comment: str = ""):

    return _loan_move(actor=actor, loan_id=loan_id, action=LoanTransition.LEND, comment=comment)


def loan_return(*, actor, loan_id: int, comment: str = ""):

    return _loan_move(actor=actor, loan_id=loan_id, action=LoanTransition.RETURN, comment=comment)


LOAN_SERVICES = {
    "approve": loan_approve,
    "refuse": loan_refuse,
    "lend": loan_lend,
    "return": loan_return,
}


# --- family supervision -------------------------------------------------------------------


def family_supervisor_create(*, actor, data: dict[str, Any]):

    _require_register(actor)
    errors: dict[str, list[str]] = {}
    cadre = data.get("cadre")
    _check_cadre(actor, cadre, errors)
    name = _required_text(data, "name", pgettext("supervision", "Give the name."), errors, 40)
    relation = _required_text(
        data, "relation", pgettext("supervision", "Give the relation to the cadre."), errors, 20
    )
    appointed_on = _past_date(
        data, "appointed_on", pgettext("supervision", "Give the date of appointment."), errors
    )
    phone = (data.get("phone") or "").strip()
    if len(phone) > 30:
        errors["phone"] = [pgettext("supervision", "At most %(count)s characters.") % {"count": 30}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        supervisor = FamilySupervisor.objects.create(
            cadre=cast(Cadre, cadre),
            name=name,
            relation=relation,
            phone=phone,
            appointed_on=cast(datetime.date, appointed_on),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=supervisor)
    return supervisor


def family_activity_create(*, actor, data: dict[str, Any]):

    _require_register(actor)
    errors: dict[str, list[str]] = {}
    kind = data.get("kind") or ""
    if kind not in FamilyActivityKind.values:
        errors["kind"] = [pgettext("supervision", "Choose the kind of activity.")]
    title = _required_text(data, "title", pgettext("supervision", "Give the title."), errors, 120)
    held_on = _past_date(
        data, "held_on", pgettext("supervision", "Give the date of the activity."), errors
    )
    unit = data.get("unit")
    if unit is None or not unit_in_scope(actor, unit):
        errors["unit"] = [
            pgettext("supervision", "This unit does not exist or is outside your scope.")
        ]
    supervisors = list(data.get("supervisors") or [])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = FamilyActivity.objects.create(
            kind=kind,
            title=title,
            held_on=cast(datetime.date, held_on),
            unit=cast(Unit, unit),
            notes=(data.get("notes") or "").strip(),
        )
        activity.supervisors.set(supervisors)
        audit_record(actor=actor, action=AuditAction.CREATE, instance=activity)
    return activity


def figures_export_record(*, actor, year: int | None) -> None:
    """The .xlsx export of the supervision figures, in the audit log."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="supervision.figures",
        object_repr="supervision figures",
        after={"year": year},
    )
