"""Writes on units, posts and quotas; the quota check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.audit.models import AuditEvent
from ganshi.cadres.choices import CadreStatus
from ganshi.cadres.models import PostTenure
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import AdminLevel, LeadershipLevel, Post, Quota, Unit, UnitKind
from ganshi.orgs.selectors import QuotaLine, quota_summary
from ganshi.orgs.services import post_create, quota_check, quota_set, unit_create, unit_update
from ganshi.orgs.tests.factories import PostFactory, QuotaFactory

DEPUTY = LeadershipLevel.TOWNSHIP_DEPUTY
CHIEF = LeadershipLevel.TOWNSHIP_CHIEF


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


SINCE = YearMonth(2020, 1)


def seat(post: Post, *, start=SINCE, end=None, status=CadreStatus.ACTIVE):
    cadre = CadreFactory(unit=post.unit, status=status)
    return PostTenure.objects.create(cadre=cadre, post=post, start=start, end=end)


def events() -> list[tuple[str, str, str]]:
    return [
        (event.action, event.object_type, event.actor_name)
        for event in AuditEvent.objects.order_by("id")
    ]


# --- quota_check ------------------------------------------------------------------------


def test_a_vacancy_passes(county):
    # given two approved deputies, one seated
    town1 = county["town1"]
    QuotaFactory(unit=town1, leadership_level=DEPUTY, approved=2)
    seat(PostFactory(unit=town1, name="副镇长", leadership_level=DEPUTY))
    # when / then: no error
    quota_check(unit=town1, leadership_level=DEPUTY)


def test_a_full_unit_is_refused_naming_the_unit_and_numbers(county):
    # given two approved deputies, both seated
    town1 = county["town1"]
    QuotaFactory(unit=town1, leadership_level=DEPUTY, approved=2)
    seat(PostFactory(unit=town1, name="副镇长", leadership_level=DEPUTY))
    seat(PostFactory(unit=town1, name="党委副书记", leadership_level=DEPUTY))
    # when
    with pytest.raises(ValidationError) as caught:
        quota_check(unit=town1, leadership_level=DEPUTY)
    # then
    assert caught.value.message_dict == {
        "post": [
            "一镇 has 2 approved Section-level deputy (乡科级副职) posts and 2 are filled: "
            "no vacancy."
        ]
    }


def test_adding_several_counts_them_all(county):
    # given two approved deputies, one seated
    town1 = county["town1"]
    QuotaFactory(unit=town1, leadership_level=DEPUTY, approved=2)
    seat(PostFactory(unit=town1, name="副镇长", leadership_level=DEPUTY))
    # when
    with pytest.raises(ValidationError) as caught:
        quota_check(unit=town1, leadership_level=DEPUTY, adding=2)
    # then
    assert caught.value.message_dict == {
        "post": [
            "一镇 has 2 approved Section-level deputy (乡科级副职) posts and 1 are filled: "
            "no vacancy."
        ]
    }


def test_a_missing_quota_means_none_approved(county):
    # given no quota at all
    # when
    with pytest.raises(ValidationError) as caught:
        quota_check(unit=county["town1"], leadership_level=CHIEF)
    # then
    assert caught.value.message_dict == {
        "post": [
            "一镇 has 0 approved Section-level chief (乡科级正职) posts and 0 are filled: "
            "no vacancy."
        ]
    }


def test_non_leadership_posts_are_never_checked(county):
    # given no quota and a non-leadership post already seated
    seat(PostFactory(unit=county["town1"], name="科员", leadership_level=LeadershipLevel.NONE))
    # when / then: no error
    quota_check(unit=county["town1"], leadership_level=LeadershipLevel.NONE, adding=5)


def test_ended_tenures_and_inactive_cadres_free_their_seat(county):
    # given one approved deputy whose holders have left or retired
    town1 = county["town1"]
    QuotaFactory(unit=town1, leadership_level=DEPUTY, approved=1)
    post = PostFactory(unit=town1, name="副镇长", leadership_level=DEPUTY)
    seat(post, end=YearMonth(2022, 1))
    seat(post, status=CadreStatus.RETIRED)
    seat(post, status=CadreStatus.LEFT)
    # when / then: no error
    quota_check(unit=town1, leadership_level=DEPUTY)


def test_another_units_holders_do_not_count(county):
    # given town2's deputy seat filled and town1's empty
    QuotaFactory(unit=county["town1"], leadership_level=DEPUTY, approved=1)
    QuotaFactory(unit=county["town2"], leadership_level=DEPUTY, approved=1)
    seat(PostFactory(unit=county["town2"], name="副镇长", leadership_level=DEPUTY))
    # when / then: no error
    quota_check(unit=county["town1"], leadership_level=DEPUTY)


# --- quota_set --------------------------------------------------------------------------


def test_quota_set_creates_and_audits(county, county_staff):
    # given / when
    quota = quota_set(
        actor=county_staff,
        unit=county["town1"],
        leadership_level=DEPUTY,
        approved=3,
        document_number="县编〔2024〕5号",
    )
    # then
    assert Quota.objects.get() == quota
    assert (quota.approved, quota.document_number) == (3, "县编〔2024〕5号")
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "create",
        "orgs.quota",
        str(quota.pk),
    )
    assert event.before is None
    assert event.after == {
        "unit": county["town1"].pk,
        "leadership_level": "township_deputy",
        "approved": 3,
        "document_number": "县编〔2024〕5号",
    }


def test_quota_set_updates_and_audits_before_and_after(county, county_staff):
    # given
    quota_set(actor=county_staff, unit=county["town1"], leadership_level=DEPUTY, approved=3)
    # when
    quota_set(actor=county_staff, unit=county["town1"], leadership_level=DEPUTY, approved=4)
    # then
    assert Quota.objects.get().approved == 4
    event = AuditEvent.objects.order_by("id").last()
    assert event.action == "update"
    assert (event.before["approved"], event.after["approved"]) == (3, 4)


def test_township_staff_sets_quotas_in_their_own_township(county, town1_staff):
    # given / when
    quota_set(actor=town1_staff, unit=county["village1"], leadership_level=DEPUTY, approved=1)
    # then
    assert Quota.objects.get().unit == county["village1"]
    assert events() == [("create", "orgs.quota", "town1")]


@pytest.mark.parametrize("unit", ["town1", "village1", "root"])
def test_quota_set_outside_scope_is_refused(county, town2_staff, unit):
    # given / when
    with pytest.raises(ValidationError) as caught:
        quota_set(actor=town2_staff, unit=county[unit], leadership_level=DEPUTY, approved=9)
    # then
    assert caught.value.message_dict == {"unit": ["This unit is outside your scope."]}
    assert Quota.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_quota_set_outside_scope_leaves_an_existing_quota(county, county_staff, town2_staff):
    # given
    quota_set(actor=county_staff, unit=county["town1"], leadership_level=DEPUTY, approved=2)
    # when
    with pytest.raises(ValidationError):
        quota_set(actor=town2_staff, unit=county["town1"], leadership_level=DEPUTY, approved=9)
    # then
    assert Quota.objects.get().approved == 2
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("user", ["leader", "auditor"])
def test_read_only_roles_cannot_set_quotas(county, request, user):
    # given
    actor = request.getfixturevalue(user)
    # when
    with pytest.raises(ValidationError) as caught:
        quota_set(actor=actor, unit=county["town1"], leadership_level=DEPUTY, approved=1)
    # then
    assert caught.value.message_dict == {"unit": ["This unit is outside your scope."]}
    assert Quota.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_negative_quota_is_refused(county, county_staff):
    # given / when
    with pytest.raises(ValidationError) as caught:
        quota_set(actor=county_staff, unit=county["town1"], leadership_level=DEPUTY, approved=-1)
    # then
    assert caught.value.message_dict == {"approved": ["The approved number cannot be negative."]}
    assert Quota.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_an_unknown_level_is_refused(county, county_staff):
    # given / when
    with pytest.raises(ValidationError) as caught:
        quota_set(actor=county_staff, unit=county["town1"], leadership_level="king", approved=1)
    # then
    assert caught.value.message_dict == {
        "leadership_level": ["Value 'king' is not a valid choice."]
    }
    assert Quota.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# --- post_create ------------------------------------------------------------------------


def test_post_create_audits(county, county_staff):
    # given / when
    post = post_create(
        actor=county_staff, unit=county["town1"], name="副镇长", leadership_level=DEPUTY
    )
    # then
    assert Post.objects.get() == post
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id, event.object_repr) == (
        "create",
        "orgs.post",
        str(post.pk),
        "一镇副镇长",
    )
    assert event.after == {
        "unit": county["town1"].pk,
        "name": "副镇长",
        "leadership_level": "township_deputy",
        "seats": 1,
        "sort_order": 0,
    }


def test_post_create_outside_scope_is_refused(county, town2_staff):
    # given / when
    with pytest.raises(ValidationError) as caught:
        post_create(actor=town2_staff, unit=county["town1"], name="副镇长", leadership_level=DEPUTY)
    # then
    assert caught.value.message_dict == {"unit": ["This unit is outside your scope."]}
    assert Post.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_duplicate_post_name_in_a_unit_is_refused(county, county_staff):
    # given
    post_create(actor=county_staff, unit=county["town1"], name="副镇长", leadership_level=DEPUTY)
    # when
    with pytest.raises(ValidationError) as caught:
        post_create(actor=county_staff, unit=county["town1"], name="副镇长", leadership_level=CHIEF)
    # then
    assert caught.value.message_dict == {
        "__all__": ["Post with this Unit and Name already exists."]
    }
    assert Post.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_the_same_post_name_in_another_unit_is_fine(county, county_staff):
    # given
    post_create(actor=county_staff, unit=county["town1"], name="副镇长", leadership_level=DEPUTY)
    # when
    post_create(actor=county_staff, unit=county["town2"], name="副镇长", leadership_level=DEPUTY)
    # then
    assert Post.objects.count() == 2


def test_a_blank_post_name_is_refused(county, county_staff):
    # given / when
    with pytest.raises(ValidationError) as caught:
        post_create(actor=county_staff, unit=county["town1"], name="", leadership_level=DEPUTY)
    # then
    assert caught.value.message_dict == {"name": ["This field cannot be blank."]}
    assert Post.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# --- unit_create / unit_update ----------------------------------------------------------


def test_unit_create_adds_a_child_and_audits(county, town1_staff):
    # given / when
    unit = unit_create(
        actor=town1_staff,
        parent=county["town1"],
        name="三村",
        code="T103",
        kind=UnitKind.VILLAGE,
    )
    # then
    unit = Unit.objects.get(pk=unit.pk)
    assert (unit.depth, unit.get_parent()) == (3, county["town1"])
    assert unit.path.startswith(county["town1"].path)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id, event.actor_name) == (
        "create",
        "orgs.unit",
        str(unit.pk),
        "town1",
    )
    assert event.after == {
        "path": unit.path,
        "depth": 3,
        "numchild": 0,
        "name": "三村",
        "short_name": "",
        "code": "T103",
        "kind": "village",
        "admin_level": "none",
        "is_active": True,
    }


def test_unit_create_outside_scope_is_refused(county, town2_staff):
    # given / when
    with pytest.raises(ValidationError) as caught:
        unit_create(
            actor=town2_staff, parent=county["town1"], name="三村", code="T103", kind="village"
        )
    # then
    assert caught.value.message_dict == {"unit": ["This unit is outside your scope."]}
    assert Unit.objects.count() == 6
    assert AuditEvent.objects.count() == 0


def test_only_a_whole_tree_administrator_may_create_a_root(county, county_staff, town1_staff):
    # given users scoped to a subtree
    # when
    with pytest.raises(ValidationError) as county_error:
        unit_create(actor=county_staff, parent=None, name="邻县", code="N000", kind="county")
    with pytest.raises(ValidationError) as township_error:
        unit_create(actor=town1_staff, parent=None, name="邻县", code="N000", kind="county")
    # then
    assert county_error.value.message_dict == {"unit": ["This unit is outside your scope."]}
    assert township_error.value.message_dict == {"unit": ["This unit is outside your scope."]}
    assert Unit.objects.count() == 6
    assert AuditEvent.objects.count() == 0


def test_a_system_administrator_creates_a_root(county):
    # given
    admin = UserFactory(username="admin", role=Role.SYSTEM_ADMIN)
    # when
    unit = unit_create(actor=admin, parent=None, name="邻县", code="N000", kind="county")
    # then
    assert (unit.depth, Unit.get_root_nodes().count()) == (1, 2)
    assert events() == [("create", "orgs.unit", "admin")]


def test_a_duplicate_code_is_refused(county, county_staff):
    # given / when
    with pytest.raises(ValidationError) as caught:
        unit_create(
            actor=county_staff, parent=county["town1"], name="三村", code="T101", kind="village"
        )
    # then
    assert caught.value.message_dict == {"code": ["Unit with this Code already exists."]}
    assert Unit.objects.count() == 6
    assert AuditEvent.objects.count() == 0


def test_unit_update_records_only_changes(county, town1_staff):
    # given
    village = county["village1"]
    # when
    unit_update(actor=town1_staff, unit=village, name="一村社区", admin_level=AdminLevel.NONE)
    # then
    assert Unit.objects.get(pk=village.pk).name == "一村社区"
    event = AuditEvent.objects.get()
    assert (event.action, event.before, event.after) == (
        "update",
        {"name": "一村"},
        {"name": "一村社区"},
    )


def test_unit_update_cannot_move_a_unit_in_the_tree(county, town1_staff):
    # given
    village = county["village1"]
    path = village.path
    # when
    with pytest.raises(ValidationError) as caught:
        unit_update(actor=town1_staff, unit=village, path=county["town2"].path + "0009", depth=3)
    # then
    assert caught.value.message_dict == {"depth": ["Unknown field."], "path": ["Unknown field."]}
    assert Unit.objects.get(pk=village.pk).path == path
    assert AuditEvent.objects.count() == 0


def test_unit_update_outside_scope_is_refused(county, town2_staff):
    # given / when
    with pytest.raises(ValidationError):
        unit_update(actor=town2_staff, unit=county["village1"], name="改名")
    # then
    assert Unit.objects.get(pk=county["village1"].pk).name == "一村"
    assert AuditEvent.objects.count() == 0


# --- quota_summary ----------------------------------------------------------------------


def test_quota_summary_figures(county, county_staff):
    # given town1: 1 chief approved and seated; 2 deputies approved, 3 seated (one over);
    # a village-level post seated with no quota; town2: 2 deputies approved, none seated
    town1, town2 = county["town1"], county["town2"]
    QuotaFactory(unit=town1, leadership_level=CHIEF, approved=1)
    QuotaFactory(unit=town1, leadership_level=DEPUTY, approved=2)
    QuotaFactory(unit=town2, leadership_level=DEPUTY, approved=2)
    seat(PostFactory(unit=town1, name="镇长", leadership_level=CHIEF))
    deputy = PostFactory(unit=town1, name="副镇长", leadership_level=DEPUTY)
    seat(deputy)
    seat(deputy)
    seat(PostFactory(unit=town1, name="武装部长", leadership_level=DEPUTY))
    seat(deputy, end=YearMonth(2021, 1))
    seat(PostFactory(unit=town1, name="村支书", leadership_level=LeadershipLevel.VILLAGE))
    seat(PostFactory(unit=town1, name="科员", leadership_level=LeadershipLevel.NONE))
    # when
    summary = quota_summary(actor=county_staff, units=[town1, town2, county["organ"]])
    # then
    assert summary == {
        town1.pk: [
            QuotaLine("township_chief", "Section-level chief (乡科级正职)", 1, 1),
            QuotaLine("township_deputy", "Section-level deputy (乡科级副职)", 2, 3),
            QuotaLine("village", "Village two committees (村两委)", 0, 1),
        ],
        town2.pk: [QuotaLine("township_deputy", "Section-level deputy (乡科级副职)", 2, 0)],
        county["organ"].pk: [],
    }
    assert [(line.vacant, line.overrun) for line in summary[town1.pk]] == [(0, 0), (0, 1), (0, 1)]
    assert [(line.vacant, line.overrun) for line in summary[town2.pk]] == [(2, 0)]


def test_quota_summary_leaves_out_units_outside_scope(county, town2_staff):
    # given
    QuotaFactory(unit=county["town1"], leadership_level=DEPUTY, approved=2)
    QuotaFactory(unit=county["town2"], leadership_level=DEPUTY, approved=1)
    # when
    summary = quota_summary(actor=town2_staff, units=[county["town1"], county["town2"]])
    # then
    assert summary == {
        county["town2"].pk: [
            QuotaLine("township_deputy", "Section-level deputy (乡科级副职)", 1, 0)
        ]
    }
