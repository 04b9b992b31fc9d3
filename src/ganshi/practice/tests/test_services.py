"""Services: every validation (nothing written on refusal) and the audit event on success."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.practice import services
from ganshi.practice.choices import AssignmentStatus
from ganshi.practice.models import Assignment, AssignmentEvent, Batch, Programme
from ganshi.practice.tests.factories import AssignmentFactory, BatchFactory, programme

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 1)
AUGUST = datetime.date(2026, 8, 31)


@pytest.fixture
def batch(county):
    return BatchFactory(organiser=county["organ"], name="第八批", year=2026)


def _data(cadre, batch, **changes):
    return {
        "cadre": cadre,
        "batch": batch,
        "host_name": "珠海市斗门区白蕉镇",
        "start": MARCH,
        "planned_end": AUGUST,
        **changes,
    }


def test_the_programmes_are_seeded():
    # when
    names = list(Programme.objects.values_list("name", flat=True))

    # then
    assert names == [
        "乡村振兴一线",
        "基层治理一线",
        "东融发展一线",
        "项目建设一线",
        "应急处突一线",
        "双向历练·上挂",
        "双向历练·下派",
        "跟班学习",
        "异地岗位锻炼",
    ]


def test_batch_create_writes_the_batch_and_its_audit_event(county, county_staff):
    # when
    batch = services.batch_create(
        actor=county_staff,
        data={
            "programme": programme("secondment"),
            "name": "第八批",
            "year": 2026,
            "organiser": county["organ"],
        },
    )

    # then
    assert Batch.objects.get().name == "第八批"
    event = AuditEvent.objects.get(object_type="practice.batch")
    assert event.object_id == str(batch.pk)
    assert event.after["name"] == "第八批"
    assert event.after["organiser"] == county["organ"].pk


def test_batch_create_refuses_an_organiser_outside_scope_and_a_bad_year(county, town1_staff):
    # when
    with pytest.raises(ValidationError) as raised:
        services.batch_create(
            actor=town1_staff,
            data={
                "programme": programme(),
                "name": "第一批",
                "year": 1900,
                "organiser": county["town2"],
            },
        )

    # then
    assert raised.value.message_dict == {
        "organiser": ["该单位不存在或不在您的管理范围内。"],
        "year": ["请输入 1980 至 2100 之间的年份。"],
    }
    assert Batch.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_batch_create_refuses_a_second_batch_of_the_same_name(county, county_staff, batch):
    # when
    with pytest.raises(ValidationError) as raised:
        services.batch_create(
            actor=county_staff,
            data={
                "programme": batch.programme,
                "name": "第八批",
                "year": 2026,
                "organiser": county["organ"],
            },
        )

    # then
    assert raised.value.message_dict == {"name": ["该组织单位当年已有同名批次。"]}
    assert Batch.objects.count() == 1


def test_assignment_create_plans_it_with_an_event_and_an_audit_event(county, county_staff, batch):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张三")

    # when
    assignment = services.assignment_create(actor=county_staff, data=_data(cadre, batch))

    # then
    assert assignment.status == AssignmentStatus.PLANNED
    assert list(AssignmentEvent.objects.values_list("from_status", "to_status")) == [
        ("", "planned")
    ]
    event = AuditEvent.objects.get(object_type="practice.assignment")
    assert event.after["cadre"] == cadre.pk
    assert event.after["start"] == "2026-03-01"
    assert event.after["planned_end"] == "2026-08-31"


def test_assignment_create_refuses_an_end_before_the_start_and_no_host(county, county_staff, batch):
    # given
    cadre = CadreFactory(unit=county["town1"])

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_create(
            actor=county_staff,
            data=_data(cadre, batch, host_name="", planned_end=datetime.date(2026, 2, 1)),
        )

    # then
    assert raised.value.message_dict == {
        "host_unit": ["请选择接收单位，或填写外地接收单位名称。"],
        "planned_end": ["计划结束日期早于开始日期。"],
    }
    assert Assignment.objects.count() == 0
    assert AssignmentEvent.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_assignment_create_refuses_an_overlapping_assignment(county, county_staff, batch):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张三")
    AssignmentFactory(
        cadre=cadre,
        batch=batch,
        start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2026, 3, 31),
    )

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_create(actor=county_staff, data=_data(cadre, batch))

    # then
    assert raised.value.message_dict == {
        "cadre": [
            "张三 在 2026-01-01 至 2026-03-31 已有历练安排（乡村振兴一线 第八批），与所填日期重叠。"
        ]
    }
    assert Assignment.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_a_cancelled_assignment_does_not_overlap(county, county_staff, batch):
    # given
    cadre = CadreFactory(unit=county["town1"])
    AssignmentFactory(cadre=cadre, batch=batch, status=AssignmentStatus.CANCELLED)

    # when
    services.assignment_create(actor=county_staff, data=_data(cadre, batch))

    # then
    assert Assignment.objects.filter(status=AssignmentStatus.PLANNED).count() == 1


def test_assignment_create_refuses_a_cadre_and_host_outside_scope(county, town1_staff):
    # given
    batch = BatchFactory(organiser=county["town1"])
    outsider = CadreFactory(unit=county["town2"], name="王五")

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_create(
            actor=town1_staff,
            data=_data(outsider, batch, host_name="", host_unit=county["village2"]),
        )

    # then
    assert raised.value.message_dict == {
        "cadre": ["王五：该干部不存在或不在您的管理范围内。"],
        "host_unit": ["该单位不存在或不在您的管理范围内；请作为外地接收单位填写名称。"],
    }
    assert Assignment.objects.count() == 0


def test_assignment_create_refuses_a_batch_outside_scope(county, town1_staff):
    # given
    batch = BatchFactory(organiser=county["town2"])
    cadre = CadreFactory(unit=county["town1"])

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_create(actor=town1_staff, data=_data(cadre, batch))

    # then
    assert raised.value.message_dict == {"batch": ["该批次不存在或不在您的管理范围内。"]}
    assert Assignment.objects.count() == 0


def test_assignment_create_refuses_a_start_far_from_the_batch_year(county, county_staff, batch):
    # given
    cadre = CadreFactory(unit=county["town1"])

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_create(
            actor=county_staff,
            data=_data(
                cadre,
                batch,
                start=datetime.date(2020, 3, 1),
                planned_end=datetime.date(2020, 9, 1),
            ),
        )

    # then
    assert raised.value.message_dict == {"start": ["开始日期在 2020 年，但该批次为 2026 年。"]}


def test_a_leader_cannot_create_assignments(county, leader, batch):
    # given
    cadre = CadreFactory(unit=county["town1"])

    # when / then
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=leader, data=_data(cadre, batch))
    assert Assignment.objects.count() == 0


def test_assignment_create_many_adds_every_cadre_or_none(county, county_staff, batch):
    # given
    first = CadreFactory(unit=county["town1"], name="张三")
    second = CadreFactory(unit=county["town2"], name="李四")
    data = _data(None, batch)

    # when
    created = services.assignment_create_many(
        actor=county_staff, batch=batch, cadres=[first, second], data=data
    )

    # then
    assert sorted(a.cadre.name for a in created) == ["张三", "李四"]
    assert Assignment.objects.filter(batch=batch, status="planned").count() == 2
    assert AssignmentEvent.objects.count() == 2
    assert AuditEvent.objects.filter(object_type="practice.assignment").count() == 2


def test_assignment_create_many_writes_nothing_when_one_cadre_overlaps(county, county_staff, batch):
    # given
    first = CadreFactory(unit=county["town1"], name="张三")
    second = CadreFactory(unit=county["town2"], name="李四")
    AssignmentFactory(cadre=second, batch=batch)

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_create_many(
            actor=county_staff, batch=batch, cadres=[first, second], data=_data(None, batch)
        )

    # then
    assert raised.value.message_dict == {
        "cadres": [
            "李四 在 2026-03-01 至 2026-08-31 已有历练安排（乡村振兴一线 第八批），与所填日期重叠。"
        ]
    }
    assert Assignment.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_county_staff_add_a_programme_of_their_own(county_staff):
    # when
    created = services.programme_create(
        actor=county_staff,
        data={"code": "ecology", "name": "生态保护一线", "kind": "front_line", "sort_order": 55},
    )

    # then
    assert Programme.objects.get(code="ecology").name == "生态保护一线"
    assert created.is_front_line is True
    assert AuditEvent.objects.get(object_type="practice.programme").after["name"] == "生态保护一线"


def test_a_programme_name_is_unique(county_staff):
    # when
    with pytest.raises(ValidationError) as raised:
        services.programme_create(
            actor=county_staff,
            data={"code": "again", "name": "乡村振兴一线", "kind": "front_line", "sort_order": 1},
        )

    # then
    assert raised.value.message_dict == {"name": ["已有同名历练项目。"]}
    assert Programme.objects.count() == 9


def test_township_staff_cannot_add_programmes(town1_staff):
    # when / then
    with pytest.raises(PermissionDenied):
        services.programme_create(
            actor=town1_staff,
            data={"code": "town", "name": "镇级一线", "kind": "other", "sort_order": 1},
        )
    assert Programme.objects.count() == 9


def test_assignment_update_changes_the_host_and_records_only_the_change(
    county, county_staff, batch
):
    # given
    assignment = AssignmentFactory(
        cadre=CadreFactory(unit=county["town1"]), batch=batch, status="planned"
    )

    # when
    services.assignment_update(
        actor=county_staff,
        assignment=assignment,
        data={"host_name": "", "host_unit": county["village2"]},
    )

    # then
    assert Assignment.objects.get(pk=assignment.pk).host_unit == county["village2"]
    event = AuditEvent.objects.get()
    assert event.before == {"host_unit": None, "host_name": "珠海市斗门区白蕉镇"}
    assert event.after == {"host_unit": county["village2"].pk, "host_name": ""}


def test_assignment_update_refuses_an_end_before_the_start(county, county_staff, batch):
    # given
    assignment = AssignmentFactory(cadre=CadreFactory(unit=county["town1"]), batch=batch)

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_update(
            actor=county_staff,
            assignment=assignment,
            data={"planned_end": datetime.date(2026, 1, 1)},
        )

    # then
    assert raised.value.message_dict == {"planned_end": ["计划结束日期早于开始日期。"]}
    assert Assignment.objects.get(pk=assignment.pk).planned_end == AUGUST
    assert AuditEvent.objects.count() == 0


def test_a_finished_assignment_cannot_be_changed(county, county_staff, batch):
    # given
    assignment = AssignmentFactory(
        cadre=CadreFactory(unit=county["town1"]), batch=batch, status="completed"
    )

    # when
    with pytest.raises(ValidationError) as raised:
        services.assignment_update(actor=county_staff, assignment=assignment, data={"post": "x"})

    # then
    assert raised.value.messages == ["已结束的历练安排不能修改。"]
    assert Assignment.objects.get(pk=assignment.pk).post == ""


def test_batch_update_renames_and_refuses_a_new_programme_once_it_has_assignments(
    county, county_staff, batch
):
    # given
    AssignmentFactory(cadre=CadreFactory(unit=county["town1"]), batch=batch)

    # when
    services.batch_update(actor=county_staff, batch=batch, data={"name": "第九批"})
    with pytest.raises(ValidationError) as raised:
        services.batch_update(
            actor=county_staff, batch=batch, data={"programme": programme("shadowing")}
        )

    # then
    assert raised.value.message_dict == {"programme": ["已有历练安排的批次不能更改历练项目。"]}
    assert Batch.objects.get(pk=batch.pk).name == "第九批"
    assert Batch.objects.get(pk=batch.pk).programme.code == "rural_revitalisation"
    assert AuditEvent.objects.get().after == {"name": "第九批"}
