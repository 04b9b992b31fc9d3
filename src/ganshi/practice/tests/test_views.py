"""The pages: scope, bounded queries, forms with inline errors, exports."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.practice.choices import AssignmentStatus
from ganshi.practice.models import Assignment, Batch
from ganshi.practice.tests.factories import AssignmentFactory, BatchFactory, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_townships(county):
    """A county batch with a cadre of each township, and a batch of township one."""
    county_batch = BatchFactory(organiser=county["organ"], name="第一批", year=2026)
    town1_batch = BatchFactory(organiser=county["town1"], name="镇第一批", year=2026)
    zhang = CadreFactory(unit=county["town1"], name="张三")
    wang = CadreFactory(unit=county["town2"], name="王五")
    AssignmentFactory(cadre=zhang, batch=county_batch)
    AssignmentFactory(cadre=wang, batch=county_batch)
    return {"county_batch": county_batch, "town1_batch": town1_batch, "zhang": zhang, "wang": wang}


def test_the_assignment_list_shows_only_the_townships_own_cadres(
    client, town1_staff, two_townships, django_assert_max_num_queries
):
    # given
    client.force_login(town1_staff)

    # when
    with django_assert_max_num_queries(12):
        response = client.get(reverse("practice:assignment_list"))

    # then
    assert response.status_code == 200
    assert [a.cadre.name for a in response.context["page"].items] == ["张三"]
    assert "王五" not in response.content.decode()


def test_the_assignment_list_stays_within_a_fixed_number_of_queries(
    client, county, county_staff, django_assert_max_num_queries
):
    # given
    batch = BatchFactory(organiser=county["organ"])
    for index in range(30):
        AssignmentFactory(
            cadre=CadreFactory(unit=county["town1"]),
            batch=batch,
            host_unit=county["village1"],
            host_name="",
            start=datetime.date(2026, 1, 1) + datetime.timedelta(days=index),
        )
    client.force_login(county_staff)

    # when
    with django_assert_max_num_queries(12):
        response = client.get(reverse("practice:assignment_list"))

    # then
    assert len(response.context["page"].items) == 30


def test_another_townships_assignment_answers_404(client, town2_staff, two_townships):
    # given
    client.force_login(town2_staff)
    zhang_assignment = Assignment.objects.get(cadre=two_townships["zhang"])

    # when
    response = client.get(reverse("practice:assignment_detail", args=[zhang_assignment.pk]))

    # then
    assert response.status_code == 404


def test_another_townships_batch_answers_404(client, town2_staff, two_townships):
    # given
    client.force_login(town2_staff)

    # when
    response = client.get(reverse("practice:batch_detail", args=[two_townships["town1_batch"].pk]))

    # then
    assert response.status_code == 404


def test_the_programme_page_lists_the_batches_in_scope(
    client, town1_staff, two_townships, django_assert_max_num_queries
):
    # given
    client.force_login(town1_staff)

    # when
    with django_assert_max_num_queries(10):
        response = client.get(reverse("practice:programme_list"))

    # then
    assert [batch.name for batch in response.context["page"].items] == ["镇第一批"]
    assert len(response.context["programmes"]) == 9


def test_the_ending_soon_tab_lists_what_ends_within_30_days(client, county, county_staff):
    # given
    today = timezone.localdate()
    batch = BatchFactory(organiser=county["organ"], year=today.year)
    soon = CadreFactory(unit=county["town1"], name="张三")
    later = CadreFactory(unit=county["town1"], name="李四")
    done = CadreFactory(unit=county["town1"], name="王五")
    start = today - datetime.timedelta(days=100)
    AssignmentFactory(
        cadre=soon, batch=batch, start=start, planned_end=today + datetime.timedelta(days=30)
    )
    AssignmentFactory(
        cadre=later, batch=batch, start=start, planned_end=today + datetime.timedelta(days=31)
    )
    AssignmentFactory(
        cadre=done,
        batch=batch,
        start=start,
        planned_end=today + datetime.timedelta(days=3),
        status=AssignmentStatus.COMPLETED,
    )
    client.force_login(county_staff)

    # when
    response = client.get(reverse("practice:assignment_list"), {"ending_soon": "on"})

    # then
    assert [a.cadre.name for a in response.context["page"].items] == ["张三"]
    assert response.context["ending_soon"] == 1


def test_a_bad_filter_is_shown_and_not_applied(client, county_staff, two_townships):
    # given
    client.force_login(county_staff)

    # when
    response = client.get(reverse("practice:assignment_list"), {"year": "abc", "status": "x"})

    # then
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"year", "status"}
    assert len(response.context["page"].items) == 2


def test_the_export_writes_the_filtered_list_and_an_audit_event(
    client, county_staff, two_townships
):
    # given
    client.force_login(county_staff)

    # when
    response = client.get(
        reverse("practice:assignment_export"), {"unit": two_townships["zhang"].unit_id}
    )

    # then
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "单位", "出生年月")
    assert [row[0] for row in rows[1:]] == ["张三"]
    assert rows[1][4] == "乡村振兴一线"
    assert AuditEvent.objects.get(action="export").after["rows"] == 1


def test_staff_create_a_batch_and_are_sent_to_choose_cadres(client, county, county_staff):
    # given
    client.force_login(county_staff)

    # when
    response = client.post(
        reverse("practice:batch_create"),
        {
            "programme": programme("secondment").pk,
            "name": "第八批",
            "year": "2026",
            "organiser": county["organ"].pk,
        },
    )

    # then
    batch = Batch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("practice:candidates", args=[batch.pk])
    assert batch.name == "第八批"


def test_the_batch_form_shows_each_error_next_to_its_field(client, county, town1_staff):
    # given
    client.force_login(town1_staff)

    # when
    response = client.post(
        reverse("practice:batch_create"),
        {"programme": programme().pk, "name": "", "year": "20x6", "organiser": county["town2"].pk},
    )

    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["此项为必填项。"],
        "year": ["请填写整数。"],
        "organiser": ["该单位不存在或不在您的管理范围内。"],
    }
    assert Batch.objects.count() == 0


def test_the_candidate_list_marks_young_and_never_served_cadres(
    client, county, county_staff, django_assert_max_num_queries
):
    # given
    at = YearMonth.today()
    batch = BatchFactory(organiser=county["organ"])
    young = CadreFactory(unit=county["town1"], name="张三", birth=at.add_months(-12 * 30))
    served = CadreFactory(unit=county["town1"], name="李四", birth=at.add_months(-12 * 30))
    CadreFactory(unit=county["town1"], name="王五", birth=at.add_months(-12 * 36 - 1))
    AssignmentFactory(
        cadre=served,
        batch=BatchFactory(organiser=county["organ"], year=2024),
        start=datetime.date(2024, 3, 1),
        planned_end=datetime.date(2024, 9, 1),
        status=AssignmentStatus.COMPLETED,
    )
    client.force_login(county_staff)

    # when
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("practice:candidates", args=[batch.pk]),
            {"young": "on", "never_served": "on"},
        )

    # then
    assert [cadre.name for cadre in response.context["page"].items] == ["张三"]
    assert response.context["page"].items[0].has_front_line is False
    assert young.pk in {cadre.pk for cadre in response.context["page"].items}


def test_staff_add_ticked_candidates_to_the_batch(client, county, county_staff):
    # given
    batch = BatchFactory(organiser=county["organ"], year=2026)
    first = CadreFactory(unit=county["town1"], name="张三")
    second = CadreFactory(unit=county["town2"], name="李四")
    client.force_login(county_staff)

    # when
    response = client.post(
        reverse("practice:candidates", args=[batch.pk]),
        {
            "cadres": [first.pk, second.pk],
            "host_unit": county["village1"].pk,
            "start": "2026-03-01",
            "planned_end": "2026-08-31",
        },
    )

    # then
    assert response.status_code == 302
    assert sorted(Assignment.objects.values_list("cadre__name", flat=True)) == ["张三", "李四"]


def test_adding_candidates_with_bad_dates_shows_the_errors_and_writes_nothing(
    client, county, county_staff
):
    # given
    batch = BatchFactory(organiser=county["organ"], year=2026)
    cadre = CadreFactory(unit=county["town1"])
    client.force_login(county_staff)

    # when
    response = client.post(
        reverse("practice:candidates", args=[batch.pk]),
        {
            "cadres": [cadre.pk],
            "host_name": "斗门区",
            "start": "2026-09-01",
            "planned_end": "2026-03-01",
        },
    )

    # then
    assert response.status_code == 422
    assert response.context["add_form"].errors == {"planned_end": ["计划结束日期早于开始日期。"]}
    assert Assignment.objects.count() == 0


def test_a_leader_cannot_open_the_candidate_list(client, county, leader):
    # given
    batch = BatchFactory(organiser=county["organ"])
    client.force_login(leader)

    # when
    response = client.get(reverse("practice:candidates", args=[batch.pk]))

    # then
    assert response.status_code == 403


def test_a_neighbouring_townships_export_holds_only_its_cadres(client, town2_staff, two_townships):
    # given
    client.force_login(town2_staff)

    # when
    response = client.get(reverse("practice:assignment_export"))

    # then
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[0] for row in list(sheet.iter_rows(values_only=True))[1:]] == ["王五"]


def test_the_assignment_list_pages_by_start_date(client, county, county_staff):
    # given
    batch = BatchFactory(organiser=county["organ"], year=2026)
    for index in range(55):
        AssignmentFactory(
            cadre=CadreFactory(unit=county["town1"]),
            batch=batch,
            start=datetime.date(2026, 1, 1) + datetime.timedelta(days=index),
            planned_end=datetime.date(2026, 12, 31),
        )
    client.force_login(county_staff)

    # when
    first = client.get(reverse("practice:assignment_list"))
    second = client.get(
        reverse("practice:assignment_list"), {"cursor": first.context["page"].next_cursor}
    )

    # then
    assert first.context["page"].items[0].start == datetime.date(2026, 2, 24)
    assert [a.start for a in second.context["page"].items] == [
        datetime.date(2026, 1, 5),
        datetime.date(2026, 1, 4),
        datetime.date(2026, 1, 3),
        datetime.date(2026, 1, 2),
        datetime.date(2026, 1, 1),
    ]
    assert second.context["page"].next_cursor is None


def test_the_assignment_page_moves_an_assignment_and_shows_errors_inline(
    client, county_staff, two_townships
):
    # given
    assignment = Assignment.objects.get(cadre=two_townships["zhang"])
    client.force_login(county_staff)
    url = reverse("practice:assignment_transition", args=[assignment.pk])

    # when
    refused = client.post(url, {"action": "complete", "date": "2026-05-01"})
    done = client.post(url, {"action": "complete", "date": "2026-05-01", "outcome": "qualified"})

    # then
    assert refused.status_code == 422
    assert refused.context["transition_form"].errors == {"outcome": ["请选择历练成效。"]}
    assert done.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.COMPLETED


@pytest.mark.parametrize(
    "url",
    [
        "/practice/assignments/99999999999999999999999/",
        "/practice/batches/99999999999999999999999/",
        "/practice/assignments/?unit=99999999999999999999999&batch=x&year=99999999999",
        "/practice/assignments/?cursor=WzEsMl0",
        "/practice/figures/?year=abc&unit=-1",
        "/practice/batches/new/?programme=99999999999999999999999",
    ],
)
def test_bad_addresses_never_answer_500(client, county_staff, url):
    # given
    client.force_login(county_staff)

    # when
    response = client.get(url)

    # then
    assert response.status_code in (200, 404)


def test_huge_cadre_ids_in_the_add_form_are_ignored(client, county, county_staff):
    # given
    batch = BatchFactory(organiser=county["organ"], year=2026)
    client.force_login(county_staff)

    # when
    response = client.post(
        reverse("practice:candidates", args=[batch.pk]),
        {
            "cadres": ["99999999999999999999999", "abc"],
            "host_name": "斗门区",
            "start": "2026-03-01",
            "planned_end": "2026-08-31",
        },
    )

    # then
    assert response.status_code == 422
    assert response.context["add_form"].non_field_errors() == ["请至少选择一名干部。"]
    assert Assignment.objects.count() == 0


def test_the_unit_filter_takes_the_whole_subtree(client, county, county_staff):
    # given
    batch = BatchFactory(organiser=county["organ"])
    AssignmentFactory(cadre=CadreFactory(unit=county["town1"], name="张三"), batch=batch)
    AssignmentFactory(cadre=CadreFactory(unit=county["village1"], name="李四"), batch=batch)
    AssignmentFactory(cadre=CadreFactory(unit=county["town2"], name="王五"), batch=batch)
    client.force_login(county_staff)

    # when
    response = client.get(reverse("practice:assignment_list"), {"unit": county["town1"].pk})

    # then
    assert sorted(a.cadre.name for a in response.context["page"].items) == ["张三", "李四"]


def test_an_htmx_request_gets_only_the_results(client, county_staff, two_townships):
    # given
    client.force_login(county_staff)

    # when
    response = client.get(
        reverse("practice:assignment_list"), {"status": "serving"}, headers={"HX-Request": "true"}
    )

    # then
    assert [t.name for t in response.templates][0] == "practice/_assignment_results.html"
    assert response["Vary"].count("HX-Request") == 1
    assert len(response.context["page"].items) == 2


def test_staff_rename_a_batch_and_the_change_is_audited(client, county_staff, two_townships):
    # given
    batch = two_townships["county_batch"]
    client.force_login(county_staff)
    events = AuditEvent.objects.count()
    # when
    response = client.post(
        reverse("practice:batch_edit", args=[batch.pk]),
        {
            "programme": batch.programme_id,
            "name": "第一批（调整）",
            "year": "2026",
            "organiser": batch.organiser_id,
        },
    )
    # then
    batch.refresh_from_db()
    assert (response.status_code, response.url) == (
        302,
        reverse("practice:batch_detail", args=[batch.pk]),
    )
    assert batch.name == "第一批（调整）"
    assert AuditEvent.objects.count() == events + 1


def test_a_batch_with_assignments_keeps_its_programme(client, county_staff, two_townships):
    # given
    batch = two_townships["county_batch"]
    client.force_login(county_staff)
    # when
    response = client.post(
        reverse("practice:batch_edit", args=[batch.pk]),
        {
            "programme": programme("secondment").pk,
            "name": batch.name,
            "year": "2026",
            "organiser": batch.organiser_id,
        },
    )
    # then
    batch.refresh_from_db()
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "programme": ["已有历练安排的批次不能更改历练项目。"]
    }
    assert batch.programme_id != programme("secondment").pk


def test_an_assignment_with_its_end_before_its_start_is_refused_inline(
    client, county_staff, two_townships
):
    # given
    assignment = Assignment.objects.get(cadre=two_townships["zhang"])
    client.force_login(county_staff)
    # when
    response = client.post(
        reverse("practice:assignment_edit", args=[assignment.pk]),
        {"host_name": "珠海市斗门区", "start": "2026-05-01", "planned_end": "2026-04-01"},
    )
    # then
    assignment.refresh_from_db()
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["planned_end"]
    assert (assignment.start, assignment.planned_end) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 8, 31),
    )


def test_staff_move_an_assignments_dates(client, county_staff, two_townships):
    # given
    assignment = Assignment.objects.get(cadre=two_townships["zhang"])
    client.force_login(county_staff)
    # when
    response = client.post(
        reverse("practice:assignment_edit", args=[assignment.pk]),
        {"host_name": "珠海市斗门区", "start": "2026-03-01", "planned_end": "2026-09-30"},
    )
    # then
    assignment.refresh_from_db()
    assert response.status_code == 302
    assert (assignment.host_name, assignment.planned_end) == (
        "珠海市斗门区",
        datetime.date(2026, 9, 30),
    )


def test_another_townships_assignment_cannot_be_edited(client, town2_staff, two_townships):
    # given
    assignment = Assignment.objects.get(cadre=two_townships["zhang"])
    client.force_login(town2_staff)
    # when
    response = client.get(reverse("practice:assignment_edit", args=[assignment.pk]))
    # then
    assert response.status_code == 404
