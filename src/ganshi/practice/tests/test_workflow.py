"""The assignment workflow: each transition's happy path, each illegal move (nothing
written), the permission check; and the evaluations."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.practice import services
from ganshi.practice.choices import TRANSITIONS, AssignmentStatus
from ganshi.practice.models import Assignment, AssignmentEvent, Evaluation
from ganshi.practice.tests.factories import AssignmentFactory, BatchFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 1)


@pytest.fixture
def assignment(county):
    batch = BatchFactory(organiser=county["organ"], name="第一批", year=2026)
    return AssignmentFactory(
        cadre=CadreFactory(unit=county["town1"], name="张三"),
        batch=batch,
        start=START,
        planned_end=datetime.date(2026, 8, 31),
        status=AssignmentStatus.PLANNED,
    )


def _state(assignment):
    row = Assignment.objects.get(pk=assignment.pk)
    return (row.status, row.start, row.actual_end, row.outcome)


def test_the_transitions_table():
    assert TRANSITIONS == {
        "start": ("planned", "serving"),
        "complete": ("serving", "completed"),
        "recall": ("serving", "recalled"),
        "cancel": ("planned", "cancelled"),
    }


def test_start_moves_a_planned_assignment_to_serving(assignment, county_staff):
    # when
    services.assignment_transition(
        actor=county_staff, assignment=assignment, action="start", date=datetime.date(2026, 3, 2)
    )

    # then
    assert _state(assignment) == ("serving", datetime.date(2026, 3, 2), None, "")
    event = AssignmentEvent.objects.get()
    assert (event.actor, event.from_status, event.to_status) == (
        county_staff,
        "planned",
        "serving",
    )
    audit = AuditEvent.objects.get()
    assert audit.before == {"start": "2026-03-01", "status": "planned"}
    assert audit.after == {"start": "2026-03-02", "status": "serving"}


def test_complete_records_the_end_and_the_outcome(assignment, county_staff):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.SERVING)

    # when
    services.assignment_transition(
        actor=county_staff,
        assignment=assignment,
        action="complete",
        date=datetime.date(2026, 8, 30),
        outcome="excellent",
        outcome_note="群众评价高",
    )

    # then
    assert _state(assignment) == ("completed", START, datetime.date(2026, 8, 30), "excellent")
    assert Assignment.objects.get(pk=assignment.pk).outcome_note == "群众评价高"
    assert list(AssignmentEvent.objects.values_list("from_status", "to_status")) == [
        ("serving", "completed")
    ]


def test_complete_without_an_outcome_writes_nothing(assignment, county_staff):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.SERVING)

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_transition(
            actor=county_staff,
            assignment=assignment,
            action="complete",
            date=datetime.date(2026, 2, 1),
        )

    # then
    assert raised.value.message_dict == {
        "date": ["截止日期早于起始日期。"],
        "outcome": ["请选择历练成效。"],
    }
    assert _state(assignment) == ("serving", START, None, "")
    assert AssignmentEvent.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_recall_needs_a_reason(assignment, county_staff):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.SERVING)

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_transition(
            actor=county_staff, assignment=assignment, action="recall", date=START
        )

    # then
    assert raised.value.message_dict == {"comment": ["请填写召回理由。"]}
    assert _state(assignment) == ("serving", START, None, "")


def test_recall_ends_a_serving_assignment(assignment, county_staff):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.SERVING)

    # when
    services.assignment_transition(
        actor=county_staff,
        assignment=assignment,
        action="recall",
        date=datetime.date(2026, 5, 1),
        comment="工作需要",
    )

    # then
    assert _state(assignment) == ("recalled", START, datetime.date(2026, 5, 1), "")
    assert AssignmentEvent.objects.get().comment == "工作需要"


def test_cancel_a_planned_assignment(assignment, county_staff):
    # when
    services.assignment_transition(
        actor=county_staff, assignment=assignment, action="cancel", comment="身体原因"
    )

    # then
    assert _state(assignment)[0] == "cancelled"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("planned", "complete"),
        ("planned", "recall"),
        ("serving", "start"),
        ("serving", "cancel"),
        ("completed", "start"),
        ("completed", "recall"),
        ("recalled", "complete"),
        ("cancelled", "start"),
    ],
)
def test_an_illegal_move_writes_nothing(assignment, county_staff, status, action):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=status)
    before = _state(assignment)

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_transition(
            actor=county_staff,
            assignment=assignment,
            action=action,
            date=START,
            comment="x",
            outcome="qualified",
        )

    # then
    assert list(raised.value.message_dict) == ["action"]
    assert _state(assignment) == before
    assert AssignmentEvent.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_an_unknown_action_writes_nothing(assignment, county_staff):
    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_transition(actor=county_staff, assignment=assignment, action="fly")

    # then
    assert raised.value.message_dict == {"action": ["未知的操作。"]}
    assert _state(assignment)[0] == "planned"


def test_a_future_date_is_refused(assignment, county_staff):
    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_transition(
            actor=county_staff,
            assignment=assignment,
            action="start",
            date=timezone.localdate() + datetime.timedelta(days=1),
        )

    # then
    assert raised.value.message_dict == {"date": ["该时间晚于今天。", "到岗日期晚于计划结束日期。"]}
    assert _state(assignment)[0] == "planned"


def test_a_leader_cannot_move_an_assignment(assignment, leader):
    # when / then
    with pytest.raises(PermissionDenied):
        services.assignment_transition(actor=leader, assignment=assignment, action="start")
    assert _state(assignment)[0] == "planned"
    assert AssignmentEvent.objects.count() == 0


def test_another_township_cannot_move_an_assignment(assignment, town2_staff):
    # when / then
    with pytest.raises(PermissionDenied):
        services.assignment_transition(actor=town2_staff, assignment=assignment, action="start")
    assert _state(assignment)[0] == "planned"


def test_the_own_township_can_move_its_cadres_assignment(assignment, town1_staff):
    # when
    services.assignment_transition(
        actor=town1_staff, assignment=assignment, action="start", date=START
    )

    # then
    assert _state(assignment)[0] == "serving"


# --- evaluations --------------------------------------------------------------------------


def _evaluate(actor, assignment, **changes):
    data = {
        "stage": "mid_term",
        "grade": "good",
        "evaluator": "县委组织部干部股",
        "date": datetime.date(2026, 5, 1),
        "comment": "工作扎实",
        **changes,
    }
    return services.evaluation_record(actor=actor, assignment=assignment, data=data)


def test_record_the_mid_term_and_the_final_evaluation(assignment, county_staff):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.SERVING)

    # when
    _evaluate(county_staff, assignment)
    _evaluate(
        county_staff, assignment, stage="final", grade="excellent", date=datetime.date(2026, 8, 1)
    )

    # then
    assert list(Evaluation.objects.values_list("stage", "grade")) == [
        ("mid_term", "good"),
        ("final", "excellent"),
    ]
    assert AuditEvent.objects.filter(object_type="practice.evaluation").count() == 2


def test_an_evaluation_in_an_impossible_order_writes_nothing(assignment, county_staff):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.SERVING)
    _evaluate(county_staff, assignment, date=datetime.date(2026, 6, 1))

    # when
    with pytest.raises(ValidationError) as raised:
        _evaluate(county_staff, assignment, stage="final", date=datetime.date(2026, 5, 1))

    # then
    assert raised.value.message_dict == {"date": ["期满考核日期早于中期考核日期。"]}
    assert Evaluation.objects.count() == 1


def test_a_second_evaluation_of_a_stage_and_one_before_the_start_are_refused(
    assignment, county_staff
):
    # given
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.SERVING)
    _evaluate(county_staff, assignment)

    # when
    with pytest.raises(ValidationError) as raised:
        _evaluate(county_staff, assignment, date=datetime.date(2026, 1, 1), grade="best")

    # then
    assert raised.value.message_dict == {
        "grade": ["值 'best' 不是有效选项。"],
        "stage": ["该历练安排已有此阶段的考核。"],
        "date": ["考核日期早于历练开始日期。"],
    }
    assert Evaluation.objects.count() == 1


def test_a_planned_assignment_cannot_be_evaluated(assignment, county_staff):
    # when
    with pytest.raises(ValidationError) as raised:
        _evaluate(county_staff, assignment)

    # then
    assert raised.value.message_dict == {"stage": ["状态为“拟选派”的历练安排不能考核。"]}
    assert Evaluation.objects.count() == 0
