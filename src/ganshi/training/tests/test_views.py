from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from ganshi.audit.models import AuditEvent
from ganshi.training.models import Attendance, Course, Enrolment, TrainingClass, TrainingPlan
from ganshi.training.services import signin_token
from ganshi.training.tests.factories import (
    EnrolmentFactory,
    SessionFactory,
    TrainingClassFactory,
    kind,
)

pytestmark = pytest.mark.django_db


def test_class_list_is_scoped_and_bounded(
    client,
    town1_staff,
    town2_staff,
    small_year,
    django_assert_max_num_queries,
):
    # given
    client.force_login(town2_staff)
    # when
    with django_assert_max_num_queries(18):
        response = client.get(reverse("training:class_list"))
    # then
    assert response.status_code == 200
    assert [c.organiser.name for c in response.context["page"].items] == ["二村"]


def test_class_detail_of_another_township_is_404(client, town2_staff, town1_class):
    # given
    client.force_login(town2_staff)
    # when
    response = client.get(reverse("training:class_detail", args=[town1_class.pk]))
    # then
    assert response.status_code == 404


def test_class_detail_shows_sessions_and_enrolments(
    client, town1_staff, town1_class, town1_cadres, django_assert_max_num_queries
):
    # given
    SessionFactory(training_class=town1_class)
    for cadre in town1_cadres:
        EnrolmentFactory(training_class=town1_class, cadre=cadre)
    client.force_login(town1_staff)
    # when
    with django_assert_max_num_queries(16):
        response = client.get(reverse("training:class_detail", args=[town1_class.pk]))
    # then
    assert response.status_code == 200
    assert response.context["summary"].counts["enrolled"] == 3
    assert "张三" in response.content.decode()


def test_class_create_shows_errors_inline_and_writes_nothing(client, county, town1_staff):
    # given
    client.force_login(town1_staff)
    # when
    response = client.post(
        reverse("training:class_create"),
        {
            "title": "周末课堂第1期",
            "kind": kind("weekend").pk,
            "organiser": county["town1"].pk,
            "start_date": "2026-05-10",
            "end_date": "2026-05-09",
        },
    )
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {"end_date": ["班次的结束日期不能早于开始日期。"]}
    assert TrainingClass.objects.count() == 0


def test_class_create_then_redirect(client, county, town1_staff):
    # given
    client.force_login(town1_staff)
    # when
    response = client.post(
        reverse("training:class_create"),
        {
            "title": "周末课堂第1期",
            "kind": kind("weekend").pk,
            "organiser": county["town1"].pk,
            "start_date": "2026-05-09",
            "end_date": "2026-05-09",
            "sub_venues": "一村分会场\n",
        },
    )
    # then
    created = TrainingClass.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("training:class_detail", args=[created.pk])
    assert list(created.sub_venues.values_list("name", flat=True)) == ["一村分会场"]


def test_register_page_saves_marks(client, town1_staff, town1_class, town1_cadres):
    # given
    session = SessionFactory(training_class=town1_class)
    zhang = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    li = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[1])
    client.force_login(town1_staff)
    # when
    response = client.post(
        reverse("training:session_register", args=[session.pk]),
        {f"mark-{zhang.pk}": "present", f"mark-{li.pk}": "leave", f"reason-{li.pk}": "公务"},
    )
    # then
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("cadre__name", "status")) == {
        "张三": "present",
        "李四": "leave",
    }


def test_register_page_shows_a_missing_reason(client, town1_staff, town1_class, town1_cadres):
    # given
    session = SessionFactory(training_class=town1_class)
    li = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[1])
    client.force_login(town1_staff)
    # when
    response = client.post(
        reverse("training:session_register", args=[session.pk]), {f"mark-{li.pk}": "leave"}
    )
    # then
    assert response.status_code == 400
    assert response.context["errors"] == ["请填写李四请假的事由。"]
    assert Attendance.objects.count() == 0


def test_qr_page_and_sign_in_by_the_cadre(client, town1_staff, cadre_user, town1_class):
    # given: a session running today all day
    today = timezone.localdate()
    town1_class.start_date = town1_class.end_date = today
    town1_class.save()
    session = SessionFactory(
        training_class=town1_class,
        date=today,
        start_time=datetime.time(0, 0),
        end_time=datetime.time(23, 59, 59),
        credit_hours=Decimal(3),
    )
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    client.force_login(town1_staff)
    qr = client.get(reverse("training:session_qr", args=[session.pk]))
    url = qr.context["url"]
    client.force_login(cadre_user)
    # when
    page = client.get(url)
    response = client.post(url.split("?")[0], {"t": signin_token(session)})
    again = client.post(url.split("?")[0], {"t": signin_token(session)})
    # then
    assert "<svg" in qr.content.decode()
    assert page.status_code == 200
    assert response.status_code == 200
    assert response.context["attendance"].credit_hours == Decimal(3)
    assert again.status_code == 400
    assert Attendance.objects.count() == 1


def test_sign_in_page_of_a_class_not_enrolled_is_404(client, cadre_user, town1_class):
    # given
    session = SessionFactory(training_class=town1_class)
    client.force_login(cadre_user)
    # when
    response = client.get(reverse("training:sign_in", args=[session.pk]))
    # then
    assert response.status_code == 404


def _list_file(rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.xlsx"
    return buffer


def test_enrol_from_an_excel_list(client, town1_staff, town1_class, town1_cadres):
    # given
    client.force_login(town1_staff)
    upload = _list_file([["姓名", "身份证号"], ["李四", town1_cadres[1].id_number]])
    # when
    response = client.post(
        reverse("training:enrol_upload", args=[town1_class.pk]),
        {"file": upload, "waiting_list": "on"},
    )
    # then
    assert response.status_code == 302
    assert list(Enrolment.objects.values_list("cadre__name", flat=True)) == ["李四"]


def test_enrol_from_a_bad_excel_list_names_the_rows(client, town1_staff, town1_class, town1_cadres):
    # given
    client.force_login(town1_staff)
    upload = _list_file([["姓名", "身份证号"], ["李四", "123"]])
    # when
    response = client.post(
        reverse("training:enrol_upload", args=[town1_class.pk]), {"file": upload}
    )
    # then
    assert response.status_code == 400
    assert response.context["upload"].errors["file"][0].startswith("第 2 行：身份证号：")
    assert Enrolment.objects.count() == 0


def test_enrol_from_a_file_that_is_no_spreadsheet(client, town1_staff, town1_class):
    # given
    client.force_login(town1_staff)
    upload = io.BytesIO(b"hello")
    upload.name = "list.pdf"
    # when
    response = client.post(
        reverse("training:enrol_upload", args=[town1_class.pk]), {"file": upload}
    )
    # then
    assert response.status_code == 400
    assert response.context["upload"].errors["file"] == [
        "“list.pdf”不是电子表格：请上传 .xlsx、.xls 或 .csv 文件。"
    ]


def test_enrol_by_criteria_page(client, county, town1_staff, town1_cadres):
    # given
    training_class = TrainingClassFactory(organiser=county["town1"])
    client.force_login(town1_staff)
    # when
    response = client.post(
        reverse("training:enrol_criteria", args=[training_class.pk]),
        {"c-unit": county["town1"].pk, "waiting_list": "on"},
    )
    # then
    assert response.status_code == 302
    assert Enrolment.objects.count() == 3


def test_compliance_page_export_and_scope(
    client,
    town2_staff,
    small_year,
    django_assert_max_num_queries,
):
    # given
    client.force_login(town2_staff)
    # when
    with django_assert_max_num_queries(18):
        response = client.get(reverse("training:compliance"), {"year": 2026})
    export = client.get(reverse("training:compliance_export"), {"year": 2026})
    # then
    assert [c.name for c in response.context["page"].items] == ["王五"]
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2] == ("二镇", "王五", "乡科级正职", "每年 90 学时", 2.5, 2.5, 87.5, "否")
    assert AuditEvent.objects.get(action="export").after == {"rows": 1, "year": 2026}


def test_figures_page_and_export(
    client,
    county_staff,
    small_year,
    django_assert_max_num_queries,
):
    # given
    client.force_login(county_staff)
    # when
    with django_assert_max_num_queries(24):
        response = client.get(reverse("training:figures"), {"year": 2026})
    export = client.get(reverse("training:figures_export"), {"year": 2026})
    # then
    charts = response.context["charts"]
    assert charts["by_kind"][0]["classes_href"] == (
        f"{reverse('training:class_list')}?year=2026&kind={kind('main').pk}"
    )
    assert (
        charts["totals"]["people_href"] == f"{reverse('training:compliance')}?year=2026&trained=1"
    )
    workbook = load_workbook(io.BytesIO(export.content))
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert summary[1:4] == [("班次", 3), ("培训人次", 3), ("参训人数", 2)]


def test_person_times_page_lists_the_records(
    client,
    county_staff,
    small_year,
    django_assert_max_num_queries,
):
    # given
    client.force_login(county_staff)
    # when
    with django_assert_max_num_queries(20):
        response = client.get(
            reverse("training:person_times"), {"year": 2026, "kind": kind("weekend").pk}
        )
    # then
    assert sorted(e.cadre.name for e in response.context["page"].items) == ["张三", "王五"]


def test_my_hours_for_the_cadre(client, cadre_user, town1_class):
    # given
    session = SessionFactory(training_class=town1_class, credit_hours=Decimal(4))
    enrolment = EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        cadre=cadre_user.cadre,
        date=session.date,
        status="present",
        credit_hours=Decimal(4),
    )
    client.force_login(cadre_user)
    # when
    response = client.get(reverse("training:my_hours"), {"year": 2026})
    # then
    assert response.context["hours"].hours_year == Decimal(4)
    assert client.get(reverse("training:compliance")).status_code == 403


def test_certificate_pdf_of_a_completed_enrolment(client, town1_staff, town1_class, town1_cadres):
    # given
    enrolment = EnrolmentFactory(
        training_class=town1_class, cadre=town1_cadres[0], status="completed", attended_hours=12
    )
    client.force_login(town1_staff)
    # when
    response = client.get(reverse("training:certificate", args=[enrolment.pk]))
    # then
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_plans_and_courses(client, county, town1_staff):
    # given
    client.force_login(town1_staff)
    # when
    plan = client.post(
        reverse("training:plan_create"),
        {
            "year": 2026,
            "title": "一镇2026年干部培训计划",
            "organiser": county["town1"].pk,
            "planned_classes": 12,
            "planned_person_times": 900,
        },
    )
    course = client.post(
        reverse("training:course_create"),
        {
            "title": "基层治理实务",
            "owner": county["town1"].pk,
            "credit_hours": "2",
            "topics": "基层治理，乡村振兴",
            "is_featured": "on",
        },
    )
    listing = client.get(reverse("training:course_list"), {"topic": "乡村振兴"})
    # then
    assert (plan.status_code, course.status_code) == (302, 302)
    assert TrainingPlan.objects.get().planned_person_times == 900
    assert sorted(Course.objects.get().topics.values_list("name", flat=True)) == [
        "乡村振兴",
        "基层治理",
    ]
    assert [c.title for c in listing.context["page"].items] == ["基层治理实务"]
    assert client.get(reverse("training:plan_list")).status_code == 200


def test_a_cadre_sees_only_the_classes_they_are_enrolled_in(
    client, county, cadre_user, town1_class
):
    # given
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    TrainingClassFactory(organiser=county["town1"], title="另一个班")
    client.force_login(cadre_user)
    # when
    response = client.get(reverse("training:class_list"))
    detail = client.get(reverse("training:class_detail", args=[town1_class.pk]))
    # then
    assert [c.pk for c in response.context["page"].items] == [town1_class.pk]
    assert detail.templates[0].name == "training/class_mine.html"
    assert client.get(reverse("training:figures")).status_code == 403
