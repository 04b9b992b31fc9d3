"""Demo volumes of supervision, after the seeds: reports through the 12380 channels,
"累计为19名存在不实举报的干部澄清正名", "依规降低审查对象党纪处分档次8起，免予党纪处分4人，
…约谈提醒43人，提拔使用被诫勉或约谈对象7人，给予评优评先免责通关15人", "面对面交谈200
多人次", cadres' travel documents in custody, family supervisors.

Per county of 5,000 cadres (fewer in proportion for a smaller county), over the three
years up to ``timeline.REFERENCE_DATE``: about 330 reports (phone, web, letter, SMS,
visits) in every state of the workflow, older ones concluded, the last months' still
registered, accepted or in preliminary check (a few past their deadline); 19 cleared
names, each with its report; 6 false-accusation findings; 31 fault-tolerance cases
(4 exemptions, 8 mitigations, 6 lighter, 10 refused, 3 open; 15 cleared for
commendations; 7 of the tolerated cadres had been talked to or admonished); about 200
talks a year (43 reminder talks in the last); travel documents of the county's and
townships' leaders, most in custody, some on loan (two overdue), a few never deposited;
family supervisors for a third of the leaders and their activities. In the first
county the demo discipline handler ``jiwei`` is the case supervisor and handles the
checks, and ``zzb`` is the identity custodian.
"""

from __future__ import annotations

import datetime
import secrets

from django.utils import timezone

from ganshi.accounts.models import User
from ganshi.demo.loader import CountyContext, volume_generator
from ganshi.demo.names import SURNAMES
from ganshi.orgs.models import LeadershipLevel, UnitKind
from ganshi.supervision.choices import (
    CaseStatus,
    Channel,
    DocumentStatus,
    FamilyActivityKind,
    LeniencyDecision,
    LeniencyStatus,
    LoanStatus,
    OfficeRole,
    PublicityScope,
    TalkKind,
)
from ganshi.supervision.models import (
    DocumentLoan,
    Exoneration,
    FalseAccusationFinding,
    FalseAccusationSituation,
    FamilyActivity,
    FamilySupervisor,
    LeniencyCase,
    LeniencyCriterion,
    LeniencyEvent,
    OfficeMember,
    Report,
    ReportEvent,
    Talk,
    TravelDocument,
)
from ganshi.supervision.services import document_number_hash, receipt_hash

DAY = datetime.timedelta(days=1)
YEARS = 3
REPORTS_PER_YEAR = 110
CLEARED = 19
FINDINGS = 6
CHANNEL_WEIGHTS = (
    (Channel.PHONE, 35),
    (Channel.WEB, 30),
    (Channel.LETTER, 20),
    (Channel.SMS, 10),
    (Channel.VISIT, 5),
)
OUTCOME_WEIGHTS = (
    (CaseStatus.CLOSING, 45),
    (CaseStatus.TALK_OR_LETTER, 25),
    (CaseStatus.CASE_FILING, 15),
    (CaseStatus.EXONERATION, 15),
)
MATTERS = (
    "在{place}危房改造验收中收受红包",
    "在{place}低保评定中优亲厚友",
    "违规使用公车办私事，多次出现在{place}",
    "在{place}工程招投标中打招呼、插手干预",
    "工作日中午在{place}饮酒",
    "对群众办事推诿扯皮，在{place}窗口态度恶劣",
    "利用职务便利为亲属在{place}承揽项目",
    "在{place}征地补偿中虚报冒领",
)
PLACES = ("镇政府", "村委会", "县城", "扶贫产业园", "农贸市场", "项目工地")
DECISIONS = (
    (LeniencyDecision.EXEMPTION, 4),
    (LeniencyDecision.MITIGATION, 8),
    (LeniencyDecision.LIGHTER, 6),
    (LeniencyDecision.REFUSED, 10),
)
LENIENCY_MATTERS = (
    "在产业园区征地中先行先试，程序存在瑕疵",
    "应急抢险中未按规定程序采购物资",
    "推进项目建设中超前拨付资金",
    "脱贫攻坚产业项目试点失败造成损失",
    "招商引资中承诺政策超出权限",
)
TALK_REASONS = {
    TalkKind.HEART_TO_HEART: (
        "了解思想和工作情况",
        "新提任谈心",
        "关心关爱一线干部",
        "年度谈心谈话",
    ),
    TalkKind.REMINDER: ("工作作风方面的苗头性问题", "群众反映办事拖拉", "驻村考勤不到位"),
    TalkKind.ADMONITION: ("履职不力造成不良影响", "违反工作纪律"),
    TalkKind.INQUIRY_LETTER: ("信访反映的有关问题", "个人有关事项报告不一致"),
}
HOLDERS = ("县委书记", "县委组织部部长", "县纪委书记", "乡镇党委书记", "县委副书记")
RELATIONS = ("配偶", "父亲", "母亲", "子女")
ACTIVITIES = (
    (FamilyActivityKind.EDUCATION, "家庭助廉教育会"),
    (FamilyActivityKind.MEETING, "干部家属座谈会"),
    (FamilyActivityKind.TALK, "家访谈心"),
)
LEADERS = (
    LeadershipLevel.COUNTY_CHIEF,
    LeadershipLevel.COUNTY_DEPUTY,
    LeadershipLevel.TOWNSHIP_CHIEF,
    LeadershipLevel.TOWNSHIP_DEPUTY,
)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
    )


def _weighted(rng, pairs):
    return rng.choices([value for value, _weight in pairs], [w for _v, w in pairs])[0]


def _ids_after(model, last_id: int) -> list[int]:
    return list(model.objects.filter(pk__gt=last_id).order_by("id").values_list("id", flat=True))


def _last_id(model) -> int:
    return model.objects.order_by("-id").values_list("id", flat=True).first() or 0


@volume_generator(order=400)
def supervision_records(context: CountyContext) -> None:
    rng = context.rng
    reference = context.reference_date
    scale = min(1.0, context.size.cadres / 5000)
    active = [c for c in context.cadres if c.status == "active" and c.id]
    leaders = [c for c in active if c.leadership_level in LEADERS]
    if len(active) < 20 or not leaders:
        return
    users = dict(User.objects.filter(username__in=("jiwei", "zzb")).values_list("username", "id"))
    handler = users.get("jiwei") if context.index == 0 else None
    if handler is not None:
        OfficeMember.objects.get_or_create(user_id=handler, role=OfficeRole.SUPERVISOR)
        if "zzb" in users:
            OfficeMember.objects.get_or_create(user_id=users["zzb"], role=OfficeRole.CUSTODIAN)
    tolerated_cadres = _leniency(context, rng, reference, leaders, handler or users.get("zzb"))
    _reports(context, rng, reference, scale, active, handler, tolerated_cadres)
    _talks(context, rng, reference, scale, active, tolerated_cadres)
    _documents(context, rng, reference, leaders, handler or users.get("zzb"))
    _family(context, rng, reference, leaders)


def _reports(context, rng, reference, scale, active, handler, avoid) -> None:
    count = max(12, round(REPORTS_PER_YEAR * YEARS * scale))
    start = reference - datetime.timedelta(days=365 * YEARS)
    rows, plans = [], []
    subjects = [c for c in active if c.id not in avoid]
    # The first reports cover every state, whatever the county's size.
    forced = [
        (CaseStatus.REGISTERED, 0, 19),
        (CaseStatus.ACCEPTED, 0, 19),
        (CaseStatus.REGISTERED, 0, 19),
        (CaseStatus.ACCEPTED, 0, 19),
        (CaseStatus.PRELIMINARY_CHECK, 20, 74),
        (CaseStatus.REJECTED, 75, 700),
        (CaseStatus.TALK_OR_LETTER, 75, 150),
        (CaseStatus.CASE_FILING, 75, 150),
        (CaseStatus.CLOSING, 75, 150),
        (CaseStatus.EXONERATION, 75, 150),
    ]
    for index in range(count):
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        subject = rng.choice(subjects)
        matched = rng.random() < 0.85
        named = channel != Channel.WEB and rng.random() < 0.3
        if index < len(forced):
            status, low, high = forced[index]
            received = reference - DAY * rng.randint(low, high)
            age = (reference - received).days
        else:
            received = start + DAY * rng.randrange(365 * YEARS)
            age = (reference - received).days
            if age < 20:
                status = rng.choice((CaseStatus.REGISTERED, CaseStatus.ACCEPTED))
            elif age < 75:
                status = CaseStatus.PRELIMINARY_CHECK
            elif rng.random() < 0.08:
                status = CaseStatus.REJECTED
            else:
                status = CaseStatus.CONCLUDED if age > 150 else _weighted(rng, OUTCOME_WEIGHTS)
        outcome = ""
        if status == CaseStatus.CONCLUDED or status in dict(OUTCOME_WEIGHTS):
            outcome = status if status != CaseStatus.CONCLUDED else _weighted(rng, OUTCOME_WEIGHTS)
        deadline = received + 30 * DAY if status not in (CaseStatus.REGISTERED, CaseStatus.ACCEPTED, CaseStatus.REJECTED) else None  # fmt: skip
        if status == CaseStatus.PRELIMINARY_CHECK and rng.random() < 0.15:
            deadline = reference - DAY * rng.randint(1, 10)  # overdue
        closed = received + DAY * rng.randint(40, 120) if status in (CaseStatus.CONCLUDED, CaseStatus.REJECTED) else None  # fmt: skip
        content = rng.choice(MATTERS).format(place=rng.choice(PLACES))
        code = f"{secrets.randbelow(10**16):016d}"
        rows.append(
            (
                channel,
                status,
                f"反映{subject.name}{content}。",
                subject.name,
                subject.unit.name,
                subject.id if matched else None,
                not named,
                SURNAMES.pick(rng) + rng.choice("明华强军芳丽") if named else "",
                f"139{rng.randrange(10**8):08d}" if named else "",
                receipt_hash(code),
                outcome,
                deadline.isoformat() if deadline else None,
                received.isoformat(),
                _moment(closed) if closed else None,
            )
        )
        plans.append((status, outcome, received, closed, matched, subject))
    last = _last_id(Report)
    context.insert(
        Report,
        (
            "channel",
            "status",
            "content",
            "subject_name",
            "subject_unit",
            "subject_cadre_id",
            "is_anonymous",
            "reporter_name",
            "reporter_contact",
            "receipt_hash",
            "outcome",
            "check_deadline",
            "received_on",
            "closed_at",
        ),
        rows,
    )
    ids = _ids_after(Report, last)
    events, handler_rows, exonerations, findings = [], [], [], []
    cleared = 0
    situations = list(FalseAccusationSituation.objects.values_list("id", flat=True))
    for report_id, (status, outcome, received, closed, matched, subject) in zip(
        ids, plans, strict=True
    ):
        chain = [("", CaseStatus.REGISTERED, received)]
        if status == CaseStatus.REJECTED:
            chain.append((CaseStatus.REGISTERED, CaseStatus.REJECTED, closed))
        elif status != CaseStatus.REGISTERED:
            chain.append((CaseStatus.REGISTERED, CaseStatus.ACCEPTED, received + 2 * DAY))
            if status not in (CaseStatus.ACCEPTED,):
                chain.append(
                    (CaseStatus.ACCEPTED, CaseStatus.PRELIMINARY_CHECK, received + 5 * DAY)
                )
                if handler is not None:
                    handler_rows.append((report_id, handler))
            if outcome:
                chain.append((CaseStatus.PRELIMINARY_CHECK, outcome, received + 30 * DAY))
            if status == CaseStatus.CONCLUDED:
                chain.append((outcome, CaseStatus.CONCLUDED, closed))
        events.extend(
            (report_id, handler, before, after, "", _moment(day)) for before, after, day in chain
        )
        if outcome == CaseStatus.EXONERATION and matched and cleared < CLEARED:
            cleared += 1
            decided = received + 45 * DAY
            exonerations.append(
                (
                    report_id,
                    subject.id,
                    "经核查，反映问题不属实，予以澄清正名，消除负面影响。",
                    rng.choice(PublicityScope.values),
                    decided.isoformat(),
                    handler,
                )
            )
            if len(findings) < FINDINGS and situations and handler is not None:
                findings.append(
                    (
                        report_id,
                        rng.choice(situations),
                        "举报人捏造事实，恶意中伤",
                        "县公安局",
                        (decided + 10 * DAY).isoformat(),
                        handler,
                    )
                )
    context.insert(
        ReportEvent,
        ("report_id", "actor_id", "from_status", "to_status", "comment", "created_at"),
        events,
    )
    if handler_rows:
        context.insert(Report.handlers.through, ("report_id", "user_id"), handler_rows)
    if handler is not None and exonerations:
        context.insert(
            Exoneration,
            ("report_id", "cadre_id", "decision", "publicity_scope", "decided_on", "created_by_id"),
            exonerations,
        )
    if findings:
        context.insert(
            FalseAccusationFinding,
            ("report_id", "situation_id", "facts", "referred_to", "referred_on", "created_by_id"),
            findings,
        )


def _leniency(context, rng, reference, leaders, actor) -> set[int]:
    """The fault-tolerance cases; returns the tolerated cadres that had been talked to."""
    if actor is None:
        return set()
    criteria = list(LeniencyCriterion.objects.values_list("id", flat=True))
    pool = rng.sample(leaders, min(len(leaders), 31))
    plan = [decision for decision, count in DECISIONS for _n in range(count)]
    plan += [""] * 3
    rows, meta = [], []
    commendations = 0
    for cadre, decision in zip(pool, plan, strict=False):
        applied = reference - DAY * rng.randint(20, 3 * 365)
        tolerated = decision in (
            LeniencyDecision.EXEMPTION,
            LeniencyDecision.MITIGATION,
            LeniencyDecision.LIGHTER,
        )
        commend = tolerated and commendations < 15
        commendations += commend
        status = (
            LeniencyStatus.DECIDED
            if decision
            else rng.choice((LeniencyStatus.APPLIED, LeniencyStatus.INVESTIGATING))
        )
        decided = applied + DAY * rng.randint(15, 60) if decision else None
        if decided and decided > reference:
            decided = reference
        rows.append(
            (
                cadre.id,
                rng.choice(("cadre", "unit")),
                rng.choice(LENIENCY_MATTERS),
                applied.isoformat(),
                status,
                "经调查核实，属于探索性失误，未谋取私利" if decision else "",
                decision,
                "符合“三个区分开来”要求"
                if tolerated
                else ("明知故犯，不符合容错条件" if decision else ""),
                decided.isoformat() if decided else None,
                tolerated,
                commend,
                actor,
            )
        )
        meta.append((cadre.id, status, tolerated, applied, decided))
    last = _last_id(LeniencyCase)
    context.insert(
        LeniencyCase,
        (
            "cadre_id",
            "applicant_kind",
            "matter",
            "applied_on",
            "status",
            "findings",
            "decision",
            "reasons",
            "decided_on",
            "remains_eligible_for_promotion",
            "cleared_for_commendation",
            "created_by_id",
        ),
        rows,
    )
    ids = _ids_after(LeniencyCase, last)
    events, met = [], []
    for case_id, (_cadre, status, tolerated, applied, decided) in zip(ids, meta, strict=True):
        events.append((case_id, actor, "", LeniencyStatus.APPLIED, "", _moment(applied)))
        if status != LeniencyStatus.APPLIED:
            events.append(
                (case_id, actor, LeniencyStatus.APPLIED, LeniencyStatus.INVESTIGATING, "", _moment(applied + 3 * DAY))
            )  # fmt: skip
        if status == LeniencyStatus.DECIDED:
            events.append(
                (case_id, actor, LeniencyStatus.INVESTIGATING, LeniencyStatus.DECIDED, "", _moment(decided))
            )  # fmt: skip
        if tolerated:
            met.extend((case_id, criterion) for criterion in rng.sample(criteria, 3))
    context.insert(
        LeniencyEvent,
        ("case_id", "actor_id", "from_status", "to_status", "comment", "created_at"),
        events,
    )
    context.insert(
        LeniencyCase.criteria_met.through, ("leniencycase_id", "leniencycriterion_id"), met
    )
    tolerated_ids = [cadre for cadre, _s, tolerated, _a, _d in meta if tolerated]
    return set(tolerated_ids[:7])


def _talks(context, rng, reference, scale, active, talked_tolerated) -> None:
    rows = []
    others = [c for c in active if c.id not in talked_tolerated]
    per_year = {
        TalkKind.HEART_TO_HEART: 150,
        TalkKind.REMINDER: 43,
        TalkKind.ADMONITION: 7,
        TalkKind.INQUIRY_LETTER: 10,
    }
    for year_back in range(YEARS):
        for kind, count in per_year.items():
            for _n in range(max(1, round(count * scale))):
                held = reference - DAY * (365 * year_back + rng.randrange(365))
                cadre = rng.choice(others)
                rows.append(_talk_row(rng, kind, cadre.id, held))
    for cadre_id in talked_tolerated:
        kind = rng.choice((TalkKind.REMINDER, TalkKind.ADMONITION))
        rows.append(_talk_row(rng, kind, cadre_id, reference - DAY * rng.randint(200, 700)))
    context.insert(
        Talk,
        ("kind", "cadre_id", "held_by", "held_on", "reason", "summary", "follow_up", "reply", "replied_on"),
        rows,
    )  # fmt: skip


def _talk_row(rng, kind, cadre_id, held):
    letter = kind == TalkKind.INQUIRY_LETTER
    replied = held + DAY * rng.randint(7, 15)
    return (
        kind,
        cadre_id,
        rng.choice(HOLDERS),
        held.isoformat(),
        rng.choice(TALK_REASONS[kind]),
        "本人如实说明了情况，表示接受组织教育" if not letter else "",
        "三个月后回访" if kind == TalkKind.REMINDER else "",
        "经本人书面说明，所反映问题不属实" if letter else "",
        replied.isoformat() if letter else None,
    )


def _documents(context, rng, reference, leaders, actor) -> None:
    rows, plans = [], []
    for cadre in leaders:
        kinds = ["passport"] + (["hk_macao"] if rng.random() < 0.5 else [])
        for kind in kinds:
            issued = reference - DAY * rng.randint(100, 3000)
            expires = issued + DAY * 365 * (10 if kind == "passport" else 5)
            if expires < reference:
                expires = reference + DAY * rng.randint(20, 400)
            roll = rng.random()
            status = (
                DocumentStatus.HELD
                if roll < 0.04
                else DocumentStatus.ON_LOAN
                if roll < 0.09 and actor
                else DocumentStatus.IN_CUSTODY
            )
            prefix = "E" if kind == "passport" else "C"
            number = f"{prefix}{context.index:02d}{rng.randrange(10**7):07d}"
            rows.append(
                (
                    cadre.id,
                    kind,
                    number,
                    document_number_hash(number),
                    issued.isoformat(),
                    expires.isoformat(),
                    status,
                    (issued + 10 * DAY).isoformat() if status != DocumentStatus.HELD else None,
                )
            )
            plans.append(status)
    # Document numbers are random: drop a repeat rather than break the unique hash.
    seen, unique_rows, unique_plans = set(), [], []
    for row, status in zip(rows, plans, strict=True):
        if row[3] in seen:
            continue
        seen.add(row[3])
        unique_rows.append(row)
        unique_plans.append(status)
    last = _last_id(TravelDocument)
    context.insert(
        TravelDocument,
        ("cadre_id", "kind", "number", "number_hash", "issued_on", "expires_on", "status", "deposited_on"),
        unique_rows,
    )  # fmt: skip
    if actor is None:
        return
    ids = _ids_after(TravelDocument, last)
    loans = []
    overdue = 0
    for document_id, status in zip(ids, unique_plans, strict=True):
        if status == DocumentStatus.ON_LOAN:
            lent = reference - DAY * rng.randint(3, 20)
            due = reference + DAY * rng.randint(3, 20)
            if overdue < 2:
                due, overdue = reference - DAY * rng.randint(1, 5), overdue + 1
            loans.append(
                (
                    document_id,
                    "因公出访",
                    due.isoformat(),
                    LoanStatus.LENT,
                    lent.isoformat(),
                    None,
                    actor,
                )
            )
        elif status == DocumentStatus.IN_CUSTODY and rng.random() < 0.2:
            lent = reference - DAY * rng.randint(60, 700)
            loans.append(
                (document_id, "因私出境探亲", (lent + 15 * DAY).isoformat(), LoanStatus.RETURNED,
                 lent.isoformat(), (lent + DAY * rng.randint(5, 15)).isoformat(), actor)
            )  # fmt: skip
    context.insert(
        DocumentLoan,
        ("document_id", "purpose", "due_on", "status", "lent_on", "returned_on", "requested_by_id"),
        loans,
    )


def _family(context, rng, reference, leaders) -> None:
    chosen = [cadre for cadre in leaders if rng.random() < 0.33]
    rows = [
        (
            cadre.id,
            SURNAMES.pick(rng) + rng.choice("秀兰桂英美玲建华"),
            rng.choice(RELATIONS),
            f"138{rng.randrange(10**8):08d}",
            (reference - DAY * rng.randint(30, 900)).isoformat(),
            True,
        )
        for cadre in chosen
    ]
    last = _last_id(FamilySupervisor)
    context.insert(
        FamilySupervisor,
        ("cadre_id", "name", "relation", "phone", "appointed_on", "is_active"),
        rows,
    )
    supervisor_ids = _ids_after(FamilySupervisor, last)
    townships = [u for u in context.units if u.kind == UnitKind.TOWNSHIP and u.id]
    units = townships + [context.structure.root]
    if not units or not supervisor_ids:
        return
    activity_rows = []
    for year_back in range(YEARS):
        for _n in range(6):
            kind, title = rng.choice(ACTIVITIES)
            held = reference - DAY * (365 * year_back + rng.randrange(365))
            activity_rows.append((kind, title, held.isoformat(), rng.choice(units).id, ""))
    last_activity = _last_id(FamilyActivity)
    context.insert(FamilyActivity, ("kind", "title", "held_on", "unit_id", "notes"), activity_rows)
    links = []
    for activity_id in _ids_after(FamilyActivity, last_activity):
        for supervisor_id in rng.sample(
            supervisor_ids, min(len(supervisor_ids), rng.randint(3, 12))
        ):
            links.append((activity_id, supervisor_id))
    context.insert(
        FamilyActivity.supervisors.through, ("familyactivity_id", "familysupervisor_id"), links
    )
