"""The class kinds and the rules' parameters: changed by the county organisation
department only, audited, and the compliance view follows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ganshi.audit.models import AuditEvent
from ganshi.training import services
from ganshi.training.models import TrainingKind, TrainingParameters
from ganshi.training.selectors import ComplianceFilters, compliance_list

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_glossary_defaults():
    # when
    row = TrainingParameters.objects.get(pk=1)
    # then
    assert (row.annual_hours, row.five_year_hours, row.leave_numerator, row.leave_denominator) == (
        Decimal(90),
        Decimal(550),
        1,
        7,
    )
    assert list(TrainingKind.objects.values_list("name", flat=True)) == [
        "主体班",
        "专题培训",
        "周末课堂",
        "振兴专班",
        "村级讲台",
        "书记讲堂",
        "网络培训",
        "视频分会场",
    ]


def test_county_staff_change_the_annual_requirement(county_staff, small_year):
    # when
    services.parameters_update(actor=county_staff, data={"annual_hours": Decimal(100)})
    page = compliance_list(actor=county_staff, filters=ComplianceFilters(year=2026, q="张三"))
    # then
    assert [(c.required, c.shortfall) for c in page.items] == [(Decimal(100), Decimal(85))]
    event = AuditEvent.objects.get(object_type="training.trainingparameters")
    assert (event.before, event.after) == ({"annual_hours": "90.0"}, {"annual_hours": "100"})


def test_township_staff_cannot_change_the_parameters(town1_staff):
    # when
    with pytest.raises(ValidationError) as caught:
        services.parameters_update(actor=town1_staff, data={"annual_hours": Decimal(10)})
    # then
    assert caught.value.messages == ["只有县委组织部可以修改这些设置。"]
    assert TrainingParameters.objects.get(pk=1).annual_hours == Decimal(90)


def test_a_leave_share_of_one_or_more_is_refused(county_staff):
    # when
    with pytest.raises(ValidationError) as caught:
        services.parameters_update(
            actor=county_staff, data={"leave_numerator": 7, "leave_denominator": 7}
        )
    # then
    assert caught.value.message_dict == {"leave_numerator": ["请假比例须小于 1。"]}
    assert TrainingParameters.objects.get(pk=1).leave_numerator == 1


def test_a_county_adds_a_kind(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        reverse("training:settings"), {"form": "kind", "code": "history", "name": "党史宣讲"}
    )
    duplicate = client.post(
        reverse("training:settings"), {"form": "kind", "code": "main", "name": "主体班"}
    )
    # then
    assert response.status_code == 302
    assert TrainingKind.objects.get(code="history").name == "党史宣讲"
    assert duplicate.status_code == 400
    assert duplicate.context["kind_form"].errors == {
        "code": ["已有使用该代码的类型。"],
        "name": ["已有使用该名称的类型。"],
    }


def test_a_stopped_kind_is_not_offered_for_new_classes(client, county_staff):
    # given
    client.force_login(county_staff)
    online = TrainingKind.objects.get(code="online")
    # when
    client.post(reverse("training:settings"), {"form": "toggle", "kind": online.pk, "active": "0"})
    page = client.get(reverse("training:class_create"))
    # then
    assert online not in page.context["form"].fields["kind"].queryset
    assert client.get(reverse("training:settings")).status_code == 200


def test_township_staff_see_the_settings_but_cannot_post(client, town1_staff):
    # given
    client.force_login(town1_staff)
    # when
    page = client.get(reverse("training:settings"))
    post = client.post(reverse("training:settings"), {"form": "kind", "code": "x", "name": "x"})
    # then
    assert page.status_code == 200
    assert post.status_code == 403
    assert not TrainingKind.objects.filter(code="x").exists()
