import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.audit.services import audit_record


def ids(response) -> list[int]:
    return [event.pk for event, _changes in response.context["rows"]]


@pytest.fixture
def events(county_staff, town1_staff, county):
    """Four events, oldest first."""
    return [
        audit_record(actor=county_staff, action=AuditAction.LOGIN, instance=county_staff),
        audit_record(
            actor=county_staff,
            action=AuditAction.UPDATE,
            instance=county["town1"],
            before={"name": "一乡", "admin_level": "deputy_section"},
            after={"name": "一镇", "admin_level": "section"},
        ),
        audit_record(
            actor=town1_staff,
            action=AuditAction.CREATE,
            object_type="orgs.post",
            object_id=7,
            after={"name": "副镇长"},
        ),
        audit_record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            instance=town1_staff,
            after={"failed_login_count": 1},
        ),
    ]


def test_url_names():
    assert reverse("audit:list") == "/audit/"
    assert reverse("audit:verify") == "/audit/verify/"


def test_auditor_sees_the_log_newest_first(client, auditor, events):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/audit/")
    # then
    assert response.status_code == 200
    assert ids(response) == [event.pk for event in reversed(events)]


@pytest.mark.parametrize(
    "role", [Role.COUNTY_STAFF, Role.LEADER, Role.TOWNSHIP_STAFF, Role.DISCIPLINE_HANDLER]
)
def test_other_roles_get_404(client, county, role):
    # given
    client.force_login(UserFactory(username="someone", role=role, scope_unit=county["root"]))
    # when
    responses = [client.get("/audit/"), client.post("/audit/verify/")]
    # then
    assert [response.status_code for response in responses] == [404, 404]


def test_system_admin_sees_the_log(client, events):
    # given
    client.force_login(UserFactory(username="admin", role=Role.SYSTEM_ADMIN))
    # when
    response = client.get("/audit/")
    # then
    assert len(ids(response)) == 4


def test_row_shows_the_changes_old_to_new(client, auditor, events):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/audit/")
    # then
    changes = dict((event.pk, rows) for event, rows in response.context["rows"])[events[1].pk]
    assert [(change.field, change.old, change.new) for change in changes] == [
        ("name", "一乡", "一镇"),
        ("admin_level", "deputy_section", "section"),
    ]
    content = response.content.decode()
    assert '<span class="old">一乡</span> → <span class="new">一镇</span>' in content


def test_filter_by_actor(client, auditor, events):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/audit/", {"actor": "town1"})
    # then
    assert ids(response) == [events[2].pk]


def test_filter_by_action(client, auditor, events):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/audit/", {"action": "login_failed"})
    # then
    assert ids(response) == [events[3].pk]


def test_filter_by_object(client, auditor, events, county):
    # given
    client.force_login(auditor)
    # when
    by_type = client.get("/audit/", {"object_type": "orgs.unit"})
    by_object = client.get("/audit/", {"object_type": "orgs.post", "object_id": "7"})
    # then
    assert ids(by_type) == [events[1].pk]
    assert ids(by_object) == [events[2].pk]


def test_filter_by_date_range(client, auditor, events):
    # given
    client.force_login(auditor)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    yesterday = today - datetime.timedelta(days=1)
    # when
    today_only = client.get(
        "/audit/", {"date_from": today.isoformat(), "date_to": today.isoformat()}
    )
    from_tomorrow = client.get("/audit/", {"date_from": tomorrow.isoformat()})
    until_yesterday = client.get("/audit/", {"date_to": yesterday.isoformat()})
    # then
    assert len(ids(today_only)) == 4
    assert ids(from_tomorrow) == []
    assert ids(until_yesterday) == []


def test_reversed_date_range_is_an_error_and_shows_nothing(client, auditor, events):
    # given
    client.force_login(auditor)
    today = timezone.localdate()
    # when
    response = client.get(
        "/audit/",
        {
            "date_from": today.isoformat(),
            "date_to": (today - datetime.timedelta(days=3)).isoformat(),
        },
    )
    # then
    assert list(response.context["form"].errors) == ["date_to"]
    assert ids(response) == []


def test_keyset_pages(client, auditor, county_staff, django_assert_max_num_queries):
    # given
    created = [
        audit_record(
            actor=county_staff, action=AuditAction.SYSTEM, object_type="core.x", object_id=number
        )
        for number in range(60)
    ]
    client.force_login(auditor)
    # when
    with django_assert_max_num_queries(7):
        first = client.get("/audit/", {"action": "system"})
    second = client.get(f"/audit/?{first.context['next_query']}")
    # then
    assert ids(first) == [event.pk for event in reversed(created[10:])]
    assert ids(second) == [event.pk for event in reversed(created[:10])]
    assert second.context["next_query"] == ""
    assert "action=system" in first.context["next_query"]


def test_verify_reports_an_intact_chain(client, auditor, events):
    # given
    client.force_login(auditor)
    # when
    response = client.post("/audit/verify/", headers={"HX-Request": "true"})
    # then
    assert response.status_code == 200
    assert response.context["checked"] == 4
    assert response.context["reason"] == ""
    assert 'class="alert alert-success' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_verify_reports_the_first_broken_event(client, auditor, events, monkeypatch):
    # given
    monkeypatch.setattr("ganshi.audit.views.verify_chain", lambda: (1, events[1], "hash"))
    client.force_login(auditor)
    # when
    response = client.post("/audit/verify/")
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="alert alert-danger' in content
    assert f"{events[1].pk}" in content
    assert "<html" in content


def test_verify_is_post_only(client, auditor):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/audit/verify/")
    # then
    assert response.status_code == 405


def test_reading_the_log_writes_nothing(client, auditor, events):
    # given
    client.force_login(auditor)
    # when
    client.get("/audit/")
    client.post("/audit/verify/")
    # then
    assert AuditEvent.objects.count() == 4
