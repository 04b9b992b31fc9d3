from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ganshi.audit.models import AuditEvent
from ganshi.cadres.selectors import CadreFilters
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.orgs.models import LeadershipLevel
from ganshi.training import services
from ganshi.training.models import Attendance, Enrolment, Feedback, Session, TrainingClass
from ganshi.training.tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingClassFactory,
    kind,
)

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=8))


def class_data(county, **overrides):
    data = {
        "title": "2026年乡科级干部进修班",
        "kind": kind("main"),
        "organiser": county["town1"],
        "venue": "镇党校",
        "start_date": datetime.date(2026, 5, 11),
        "end_date": datetime.date(2026, 5, 15),
        "is_full_time": True,
        "capacity": 40,
    }
    data.update(overrides)
    return data


def test_class_create_writes_the_class_its_sub_venues_and_an_event(county, town1_staff):
    # when
    created = services.class_create(
        actor=town1_staff, data=class_data(county), sub_venues=["一村分会场", " "]
    )
    # then
    assert TrainingClass.objects.get().title == "2026年乡科级干部进修班"
    assert list(created.sub_venues.values_list("name", flat=True)) == ["一村分会场"]
    event = AuditEvent.objects.get(object_type="training.trainingclass")
    assert event.action == "create"
    assert event.after["sub_venues"] == ["一村分会场"]
    assert event.after["capacity"] == 40


def test_class_create_names_every_bad_field_and_writes_nothing(county, town1_staff):
    # when
    with pytest.raises(ValidationError) as caught:
        services.class_create(
            actor=town1_staff,
            data=class_data(
                county,
                organiser=county["town2"],
                end_date=datetime.date(2026, 5, 1),
                capacity=0,
            ),
        )
    # then
    assert caught.value.message_dict == {
        "organiser": ["该单位不存在或不在您的管理范围内。"],
        "end_date": ["班次的结束日期不能早于开始日期。"],
        "capacity": ["请至少填写 1，或留空表示不限人数。"],
    }
    assert TrainingClass.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_class_update_refuses_a_class_outside_scope(county, town2_staff, town1_class):
    # when
    with pytest.raises(ValidationError) as caught:
        services.class_update(actor=town2_staff, training_class=town1_class, data={"title": "x"})
    # then
    assert caught.value.messages == ["该班次不在您的范围内。"]
    town1_class.refresh_from_db()
    assert town1_class.title != "x"
    assert AuditEvent.objects.count() == 0


def test_class_update_refuses_a_capacity_below_the_seats_taken(
    county, town1_staff, town1_class, town1_cadres
):
    # given
    services.enrol_cadres(
        actor=town1_staff, training_class=town1_class, cadre_ids=[c.pk for c in town1_cadres[:2]]
    )
    events = AuditEvent.objects.count()
    # when
    with pytest.raises(ValidationError) as caught:
        services.class_update(actor=town1_staff, training_class=town1_class, data={"capacity": 1})
    # then
    assert caught.value.message_dict == {"capacity": ["已有 2 名干部占用名额，容量不能更小。"]}
    town1_class.refresh_from_db()
    assert town1_class.capacity == 2
    assert AuditEvent.objects.count() == events


def session_data(**overrides):
    data = {
        "title": "学习贯彻党的二十届四中全会精神",
        "date": datetime.date(2026, 5, 11),
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(12, 0),
        "credit_hours": Decimal(4),
        "lecturer_name": "县委党校讲师",
    }
    data.update(overrides)
    return data


def test_session_save_creates_a_session_and_an_event(town1_staff, town1_class):
    # when
    session = services.session_save(
        actor=town1_staff, training_class=town1_class, data=session_data()
    )
    # then
    assert Session.objects.get().credit_hours == Decimal(4)
    assert session.lecturer == "县委党校讲师"
    event = AuditEvent.objects.get(object_type="training.session")
    assert event.after["credit_hours"] == "4"


def test_session_save_refuses_hours_that_do_not_add_up_and_dates_outside_the_class(
    town1_staff, town1_class, town1_cadres
):
    # when: 3 hours (180 minutes) give at most 4.0 credit hours at 45 minutes each
    with pytest.raises(ValidationError) as caught:
        services.session_save(
            actor=town1_staff,
            training_class=town1_class,
            data=session_data(
                credit_hours=Decimal("4.5"),
                date=datetime.date(2026, 5, 20),
                lecturer_cadre=town1_cadres[1],
            ),
        )
    # then
    assert caught.value.message_dict == {
        "date": ["班次时间为 2026-05-11 至 2026-05-15，课程日期须在其中。"],
        "credit_hours": ["180 分钟的课程最多计 4.0 学时（每 45 分钟 1 学时）。"],
        "lecturer_name": ["请填写干部库中的授课人或外请授课人，二者选一。"],
    }
    assert Session.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_session_save_refuses_an_end_before_the_start(town1_staff, town1_class):
    # when
    with pytest.raises(ValidationError) as caught:
        services.session_save(
            actor=town1_staff,
            training_class=town1_class,
            data=session_data(end_time=datetime.time(8, 0)),
        )
    # then
    assert caught.value.message_dict == {"end_time": ["课程结束时间须晚于开始时间。"]}
    assert Session.objects.count() == 0


def test_enrol_past_capacity_puts_the_rest_on_the_waiting_list(
    town1_staff, town1_class, town1_cadres
):
    # when
    result = services.enrol_cadres(
        actor=town1_staff, training_class=town1_class, cadre_ids=[c.pk for c in town1_cadres]
    )
    # then
    assert [e.cadre.name for e in result.enrolled] == ["张三", "李四"]
    assert [e.cadre.name for e in result.waiting] == ["王五"]
    assert AuditEvent.objects.filter(object_type="training.enrolment").count() == 3


def test_enrol_past_capacity_without_a_waiting_list_writes_nothing(
    town1_staff, town1_class, town1_cadres
):
    # when
    with pytest.raises(ValidationError) as caught:
        services.enrol_cadres(
            actor=town1_staff,
            training_class=town1_class,
            cadre_ids=[c.pk for c in town1_cadres],
            waiting_list=False,
        )
    # then
    assert caught.value.message_dict == {
        "cadres": [
            "该班次共 2 个名额，尚余 2 个，3 名干部无法全部报名。请少选几人，或将其余人员列入候补。"
        ]
    }
    assert Enrolment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_enrol_refuses_a_cadre_outside_scope(county, town1_staff, town1_class):
    # given
    outsider = CadreFactory(unit=county["town2"], name="赵六")
    # when
    with pytest.raises(ValidationError) as caught:
        services.enrol_cadres(
            actor=town1_staff, training_class=town1_class, cadre_ids=[outsider.pk]
        )
    # then
    assert caught.value.message_dict == {
        "cadres": [f"以下干部不存在或不在您的范围内：{outsider.pk}。"]
    }
    assert Enrolment.objects.count() == 0


def test_withdrawal_promotes_the_first_on_the_waiting_list(town1_staff, town1_class, town1_cadres):
    # given
    result = services.enrol_cadres(
        actor=town1_staff, training_class=town1_class, cadre_ids=[c.pk for c in town1_cadres]
    )
    # when
    promoted = services.enrolment_withdraw(actor=town1_staff, enrolment=result.enrolled[0])
    # then
    assert promoted.cadre.name == "王五"
    statuses = dict(Enrolment.objects.values_list("cadre__name", "status"))
    assert statuses == {"张三": "withdrawn", "李四": "enrolled", "王五": "enrolled"}


def test_withdrawing_twice_is_refused(town1_staff, town1_class, town1_cadres):
    # given
    enrolment = EnrolmentFactory(
        training_class=town1_class, cadre=town1_cadres[0], status="withdrawn"
    )
    # when
    with pytest.raises(ValidationError) as caught:
        services.enrolment_withdraw(actor=town1_staff, enrolment=enrolment)
    # then
    assert caught.value.message_dict == {"status": ["状态为“已退学”的报名不能改为“已退学”。"]}
    assert AuditEvent.objects.count() == 0


def test_enrol_by_criteria_takes_the_township_leaders_in_scope(county, county_staff):
    # given
    training_class = TrainingClassFactory(organiser=county["organ"])
    chief = CadreFactory(
        unit=county["town1"], name="韦一", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    deputy = CadreFactory(
        unit=county["town2"], name="韦二", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    CadreFactory(unit=county["town2"], name="韦三")
    # when
    result = services.enrol_by_criteria(
        actor=county_staff,
        training_class=training_class,
        filters=CadreFilters(leadership_level=LeadershipLevel.TOWNSHIP_CHIEF),
    )
    # then
    assert sorted(e.cadre_id for e in result.enrolled) == sorted([chief.pk, deputy.pk])
    assert result.waiting == []


def test_enrol_by_criteria_with_no_match_writes_nothing(county, town1_staff, town1_class):
    # when
    with pytest.raises(ValidationError) as caught:
        services.enrol_by_criteria(
            actor=town1_staff,
            training_class=town1_class,
            filters=CadreFilters(leadership_level=LeadershipLevel.COUNTY_CHIEF),
        )
    # then
    assert caught.value.messages == ["您范围内没有符合这些条件的干部。"]
    assert Enrolment.objects.count() == 0


def test_read_enrolment_list_finds_the_header_and_the_rows():
    # when
    entries, problems = services.read_enrolment_list(
        [
            (1, ["2026年参训名单"]),
            (2, ["序号", "姓名", "身份证号"]),
            (3, [1, "张 三", "45042119850301123X"]),
            (4, [None, None, None]),
        ]
    )
    # then
    assert entries == [(3, "张三", "45042119850301123X")]
    assert problems == []


def test_read_enrolment_list_without_a_header_says_so():
    # when
    entries, problems = services.read_enrolment_list([(1, ["名字", "号码"])])
    # then
    assert entries == []
    assert problems == ["前 10 行中没有找到含“姓名”和“身份证号”两列的表头。"]


def test_enrol_from_list_names_every_bad_row_and_writes_nothing(
    county, town1_staff, town1_class, town1_cadres
):
    # given
    zhang, li = town1_cadres[0], town1_cadres[1]
    entries = [
        (2, "张三", zhang.id_number),
        (3, "王八", li.id_number),
        (4, "", "123"),
        (5, "张三", zhang.id_number),
    ]
    # when
    with pytest.raises(ValidationError) as caught:
        services.enrol_from_list(actor=town1_staff, training_class=town1_class, entries=entries)
    # then
    messages = caught.value.message_dict["file"]
    assert messages[0] == "第 4 行：姓名为空。"
    assert messages[1].startswith("第 4 行：身份证号：")
    assert messages[2:] == [
        "第 3 行：该身份证号属于李四，而不是王八。",
        "第 5 行：与第 2 行是同一名干部。",
    ]
    assert Enrolment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_enrol_from_list_enrols_the_rows(town1_staff, town1_class, town1_cadres):
    # when
    result = services.enrol_from_list(
        actor=town1_staff,
        training_class=town1_class,
        entries=[(2, "李四", town1_cadres[1].id_number)],
    )
    # then
    assert [e.cadre.name for e in result.enrolled] == ["李四"]


@pytest.fixture
def seven_sessions(town1_class):
    """A full-time class of 7 sessions × 4 hours = 28 hours; 1/7 is 4 hours."""
    return [
        SessionFactory(
            training_class=town1_class,
            date=datetime.date(2026, 5, 11 + i // 2),
            start_time=datetime.time(9 if i % 2 == 0 else 14, 0),
            end_time=datetime.time(12 if i % 2 == 0 else 17, 0),
        )
        for i in range(7)
    ]


def test_register_marks_and_hours(town1_staff, town1_class, town1_cadres, seven_sessions):
    # given
    zhang = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    li = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[1])
    # when
    result = services.register_save(
        actor=town1_staff,
        session=seven_sessions[0],
        marks={zhang.pk: "present", li.pk: "absent"},
    )
    # then
    assert result.changed == 2
    zhang.refresh_from_db()
    assert zhang.attended_hours == Decimal(4)
    attendance = Attendance.objects.get(enrolment=zhang)
    assert (attendance.method, attendance.credit_hours) == ("register", Decimal(4))
    assert AuditEvent.objects.filter(object_type="training.attendance").count() == 2


def test_register_leave_needs_a_reason(town1_staff, town1_class, town1_cadres, seven_sessions):
    # given
    zhang = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    # when
    with pytest.raises(ValidationError) as caught:
        services.register_save(
            actor=town1_staff, session=seven_sessions[0], marks={zhang.pk: "leave"}
        )
    # then
    assert caught.value.message_dict == {"leave_reason": ["请填写张三请假的事由。"]}
    assert Attendance.objects.count() == 0


def test_leave_of_exactly_a_seventh_keeps_the_cadre(
    town1_staff, town1_class, town1_cadres, seven_sessions
):
    # given
    zhang = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    # when: 4 of 28 hours
    result = services.register_save(
        actor=town1_staff,
        session=seven_sessions[0],
        marks={zhang.pk: "leave"},
        leave_reasons={zhang.pk: "公务"},
    )
    # then
    assert result.withdrawn == []
    zhang.refresh_from_db()
    assert (zhang.status, zhang.leave_hours) == ("enrolled", Decimal(4))


def test_leave_past_a_seventh_withdraws_and_promotes(
    town1_staff, town1_class, town1_cadres, seven_sessions
):
    # given
    zhang = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[1])
    waiting = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[2], status="waiting")
    services.register_save(
        actor=town1_staff,
        session=seven_sessions[0],
        marks={zhang.pk: "leave"},
        leave_reasons={zhang.pk: "公务"},
    )
    # when: 8 of 28 hours
    result = services.register_save(
        actor=town1_staff,
        session=seven_sessions[1],
        marks={zhang.pk: "leave"},
        leave_reasons={zhang.pk: "生病"},
    )
    # then
    assert result.withdrawn == [zhang.pk]
    zhang.refresh_from_db()
    waiting.refresh_from_db()
    assert (zhang.status, zhang.withdrawal_reason) == ("withdrawn", "leave_rule")
    assert waiting.status == "enrolled"


def test_leave_in_a_part_time_class_never_withdraws(county, town1_staff, town1_cadres):
    # given
    training_class = TrainingClassFactory(organiser=county["town1"], is_full_time=False)
    session = SessionFactory(training_class=training_class)
    zhang = EnrolmentFactory(training_class=training_class, cadre=town1_cadres[0])
    # when: all of its hours
    result = services.register_save(
        actor=town1_staff,
        session=session,
        marks={zhang.pk: "leave"},
        leave_reasons={zhang.pk: "公务"},
    )
    # then
    assert result.withdrawn == []
    zhang.refresh_from_db()
    assert zhang.status == "enrolled"


# --- QR sign-in --------------------------------------------------------------------------


@pytest.fixture
def qr_session(town1_class):
    return SessionFactory(
        training_class=town1_class,
        date=datetime.date(2026, 5, 12),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        credit_hours=Decimal(2),
    )


def at(hour, minute=0):
    return datetime.datetime(2026, 5, 12, hour, minute, tzinfo=TZ)


def test_qr_sign_in_inside_the_window(cadre_user, town1_class, qr_session):
    # given
    enrolment = EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    token = services.signin_token(qr_session)
    # when: 8:30 is when sign-in opens (30 minutes early)
    attendance = services.qr_sign_in(
        actor=cadre_user, session=qr_session, token=token, now=at(8, 30)
    )
    # then
    assert (attendance.status, attendance.method, attendance.credit_hours) == (
        "present",
        "qr",
        Decimal(2),
    )
    enrolment.refresh_from_db()
    assert enrolment.attended_hours == Decimal(2)
    assert AuditEvent.objects.get(object_type="training.attendance").after == {
        "status": "present",
        "method": "qr",
    }


@pytest.mark.parametrize("when", [at(8, 29), at(11, 1)])
def test_qr_sign_in_outside_the_window_is_refused(cadre_user, town1_class, qr_session, when):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    token = services.signin_token(qr_session)
    # when
    with pytest.raises(ValidationError) as caught:
        services.qr_sign_in(actor=cadre_user, session=qr_session, token=token, now=when)
    # then
    assert caught.value.message_dict == {"token": ["本课程签到时间为 2026-05-12 08:30 至 11:00。"]}
    assert Attendance.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_second_qr_sign_in_is_refused(cadre_user, town1_class, qr_session):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    token = services.signin_token(qr_session)
    services.qr_sign_in(actor=cadre_user, session=qr_session, token=token, now=at(9, 5))
    # when
    with pytest.raises(ValidationError) as caught:
        services.qr_sign_in(actor=cadre_user, session=qr_session, token=token, now=at(9, 10))
    # then
    assert caught.value.messages == ["您已于 09:05 签到，无需重复签到。"]
    assert Attendance.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="training.attendance").count() == 1


def test_a_qr_code_from_another_session_is_refused(cadre_user, town1_class, qr_session):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    other = SessionFactory(training_class=town1_class, date=datetime.date(2026, 5, 12))
    # when
    with pytest.raises(ValidationError) as caught:
        services.qr_sign_in(
            actor=cadre_user, session=qr_session, token=services.signin_token(other), now=at(9)
        )
    # then
    assert caught.value.message_dict == {"token": ["该二维码属于另一节课程。"]}
    assert Attendance.objects.count() == 0


def test_a_forged_qr_code_is_refused(cadre_user, town1_class, qr_session):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    # when
    with pytest.raises(ValidationError) as caught:
        services.qr_sign_in(actor=cadre_user, session=qr_session, token="abc:def", now=at(9))
    # then
    assert caught.value.message_dict == {"token": ["该二维码无效。"]}
    assert Attendance.objects.count() == 0


def test_a_cadre_on_the_waiting_list_cannot_sign_in(cadre_user, town1_class, qr_session):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre, status="waiting")
    # when
    with pytest.raises(ValidationError) as caught:
        services.qr_sign_in(
            actor=cadre_user, session=qr_session, token=services.signin_token(qr_session), now=at(9)
        )
    # then
    assert caught.value.messages == ["您未报名参加本班次。"]
    assert Attendance.objects.count() == 0


# --- completion and feedback -------------------------------------------------------------


def test_class_complete_marks_those_who_attended(
    county, town1_staff, town1_class, town1_cadres, qr_session
):
    # given
    attended = EnrolmentFactory(
        training_class=town1_class, cadre=town1_cadres[0], attended_hours=Decimal(2)
    )
    absent = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[1])
    # when
    count = services.class_complete(actor=town1_staff, training_class=town1_class)
    # then
    assert count == 1
    attended.refresh_from_db()
    absent.refresh_from_db()
    assert (attended.status, absent.status) == ("completed", "enrolled")


def test_class_complete_before_the_end_is_refused(county, town1_staff, town1_cadres):
    # given
    future = timezone.localdate() + datetime.timedelta(days=10)
    training_class = TrainingClassFactory(
        organiser=county["town1"], start_date=future, end_date=future
    )
    EnrolmentFactory(training_class=training_class, cadre=town1_cadres[0], attended_hours=1)
    # when
    with pytest.raises(ValidationError) as caught:
        services.class_complete(actor=town1_staff, training_class=training_class)
    # then
    assert caught.value.messages == [f"班次于 {future} 结束，请在结束后再办理结业。"]
    assert Enrolment.objects.get().status == "enrolled"


def test_feedback_once_per_enrolment_and_anonymous(cadre_user, town1_class):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre, status="completed")
    data = {"content_score": 5, "teaching_score": 4, "organisation_score": 5, "comment": "很好"}
    # when
    services.feedback_submit(actor=cadre_user, training_class=town1_class, data=data)
    with pytest.raises(ValidationError) as caught:
        services.feedback_submit(actor=cadre_user, training_class=town1_class, data=data)
    # then
    assert caught.value.messages == ["您已填写过本次问卷。"]
    feedback = Feedback.objects.get()
    assert (feedback.content_score, feedback.comment) == (5, "很好")
    event = AuditEvent.objects.get(object_type="training.feedback")
    assert event.after == {"training_class": town1_class.pk, "answered": True}
    assert event.object_id == ""


def test_feedback_scores_out_of_range_are_refused(cadre_user, town1_class):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    # when
    with pytest.raises(ValidationError) as caught:
        services.feedback_submit(
            actor=cadre_user,
            training_class=town1_class,
            data={"content_score": 6, "teaching_score": 0, "organisation_score": 3},
        )
    # then
    assert caught.value.message_dict == {
        "content_score": ["请打 1 至 5 分。"],
        "teaching_score": ["请打 1 至 5 分。"],
    }
    assert Feedback.objects.count() == 0


def test_attendance_factory_counts_hours(town1_class, town1_cadres, qr_session):
    # given
    enrolment = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    # when
    attendance = AttendanceFactory(session=qr_session, enrolment=enrolment)
    # then
    assert attendance.credit_hours == Decimal(2)
