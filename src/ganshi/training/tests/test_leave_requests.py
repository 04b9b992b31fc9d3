"""The leave-request workflow: submit (the cadre, or the organisers), approve or refuse;
every illegal move refused with nothing changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ganshi.audit.models import AuditEvent
from ganshi.training import services
from ganshi.training.models import Attendance, LeaveRequest, LeaveRequestEvent
from ganshi.training.tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(town1_class):
    """A session of the class a week from now (the class moved to fit it)."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    town1_class.start_date = town1_class.end_date = day
    town1_class.save()
    return SessionFactory(training_class=town1_class, date=day, credit_hours=Decimal(4))


def test_a_cadre_asks_for_leave(cadre_user, town1_class, upcoming):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    # when
    request = services.leave_request_submit(actor=cadre_user, session=upcoming, reason="县里开会")
    # then
    assert (request.status, request.reason) == ("pending", "县里开会")
    event = LeaveRequestEvent.objects.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "pending", cadre_user)
    assert AuditEvent.objects.get(object_type="training.leaverequest").after["status"] == "pending"


def test_a_request_without_a_reason_writes_nothing(cadre_user, town1_class, upcoming):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    # when
    with pytest.raises(ValidationError) as caught:
        services.leave_request_submit(actor=cadre_user, session=upcoming, reason="  ")
    # then
    assert caught.value.message_dict == {"reason": ["请填写请假事由。"]}
    assert LeaveRequest.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_second_request_for_the_same_session_is_refused(cadre_user, town1_class, upcoming):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    services.leave_request_submit(actor=cadre_user, session=upcoming, reason="开会")
    # when
    with pytest.raises(ValidationError) as caught:
        services.leave_request_submit(actor=cadre_user, session=upcoming, reason="开会")
    # then
    assert caught.value.message_dict == {"session": ["该课程已有请假申请。"]}
    assert LeaveRequest.objects.count() == 1


def test_a_cadre_cannot_ask_once_the_session_began(cadre_user, town1_class):
    # given
    today = timezone.localdate()
    town1_class.start_date = town1_class.end_date = today
    town1_class.save()
    session = SessionFactory(training_class=town1_class, date=today, start_time=datetime.time(0, 0))
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    # when
    with pytest.raises(ValidationError) as caught:
        services.leave_request_submit(actor=cadre_user, session=session, reason="开会")
    # then
    assert caught.value.message_dict == {"session": ["课程已开始，请联系主办方登记请假。"]}
    assert LeaveRequest.objects.count() == 0


def test_approval_marks_the_register(town1_staff, cadre_user, town1_class, upcoming):
    # given
    enrolment = EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    request = services.leave_request_submit(actor=cadre_user, session=upcoming, reason="开会")
    # when
    services.leave_request_decide(actor=town1_staff, leave_request=request, approve=True)
    # then
    request.refresh_from_db()
    enrolment.refresh_from_db()
    assert request.status == "approved"
    attendance = Attendance.objects.get()
    assert (attendance.status, attendance.leave_reason) == ("leave", "开会")
    # one session of 4 hours is all of the class: past 1/7, so withdrawn
    assert (enrolment.status, enrolment.withdrawal_reason) == ("withdrawn", "leave_rule")
    assert list(LeaveRequestEvent.objects.values_list("to_status", flat=True)) == [
        "pending",
        "approved",
    ]


def test_refusal_leaves_the_register_alone(town1_staff, cadre_user, town1_class, upcoming):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    request = services.leave_request_submit(actor=cadre_user, session=upcoming, reason="开会")
    # when
    services.leave_request_decide(
        actor=town1_staff, leave_request=request, approve=False, comment="主体班不得请假"
    )
    # then
    request.refresh_from_db()
    assert request.status == "refused"
    assert Attendance.objects.count() == 0
    assert LeaveRequestEvent.objects.last().comment == "主体班不得请假"


def test_deciding_twice_is_refused(town1_staff, cadre_user, town1_class, upcoming):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    request = services.leave_request_submit(actor=cadre_user, session=upcoming, reason="开会")
    services.leave_request_decide(actor=town1_staff, leave_request=request, approve=False)
    events = LeaveRequestEvent.objects.count()
    # when
    with pytest.raises(ValidationError) as caught:
        services.leave_request_decide(actor=town1_staff, leave_request=request, approve=True)
    # then
    assert caught.value.message_dict == {"status": ["状态为“未批准”的请假申请不能改为“已批准”。"]}
    request.refresh_from_db()
    assert request.status == "refused"
    assert LeaveRequestEvent.objects.count() == events
    assert Attendance.objects.count() == 0


def test_a_neighbouring_township_cannot_decide(town2_staff, cadre_user, town1_class, upcoming):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    request = services.leave_request_submit(actor=cadre_user, session=upcoming, reason="开会")
    # when
    with pytest.raises(ValidationError) as caught:
        services.leave_request_decide(actor=town2_staff, leave_request=request, approve=True)
    # then
    assert caught.value.messages == ["该班次不在您的范围内。"]
    request.refresh_from_db()
    assert request.status == "pending"


def test_leave_through_the_pages(client, town1_staff, cadre_user, town1_class, upcoming):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    client.force_login(cadre_user)
    client.post(
        reverse("training:leave_request", args=[town1_class.pk]),
        {"session": upcoming.pk, "reason": "开会"},
    )
    request = LeaveRequest.objects.get()
    client.force_login(town1_staff)
    # when
    response = client.post(
        reverse("training:leave_decide", args=[request.pk]), {"decision": "refuse"}
    )
    detail = client.get(reverse("training:class_detail", args=[town1_class.pk]))
    # then
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "refused"
    assert [item.reason for item in detail.context["leave_requests"]] == ["开会"]
