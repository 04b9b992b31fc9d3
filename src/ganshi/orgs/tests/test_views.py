import pytest
from django.urls import reverse

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.choices import CadreStatus
from ganshi.cadres.models import PostTenure
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel, PartyOrg, PartyOrgKind, Post, Quota, UnitKind
from ganshi.orgs.tests.factories import PostFactory, QuotaFactory, make_unit

SEATED_SINCE = YearMonth(2022, 1)


def seat(cadre, post, start=SEATED_SINCE):
    return PostTenure.objects.create(cadre=cadre, post=post, start=start)


@pytest.fixture
def party(county):
    """县委 → 一镇党委 → 一村党支部, 二镇党委 → 二村党支部."""
    committee = PartyOrg.add_root(
        instance=PartyOrg(
            name="中共示范县委员会", code="P000", kind=PartyOrgKind.COMMITTEE, unit=county["root"]
        )
    )
    town1 = committee.add_child(
        instance=PartyOrg(
            name="中共一镇委员会", code="P100", kind=PartyOrgKind.COMMITTEE, unit=county["town1"]
        )
    )
    branch1 = town1.add_child(
        instance=PartyOrg(
            name="一村党支部", code="P101", kind=PartyOrgKind.BRANCH, unit=county["village1"]
        )
    )
    town2 = PartyOrg.objects.get(pk=committee.pk).add_child(
        instance=PartyOrg(
            name="中共二镇委员会", code="P200", kind=PartyOrgKind.COMMITTEE, unit=county["town2"]
        )
    )
    branch2 = town2.add_child(
        instance=PartyOrg(
            name="二村党支部", code="P201", kind=PartyOrgKind.BRANCH, unit=county["village2"]
        )
    )
    return {
        "committee": committee,
        "town1": town1,
        "branch1": branch1,
        "town2": town2,
        "branch2": branch2,
    }


def test_url_names():
    assert reverse("orgs:unit_tree") == "/orgs/units/"
    assert reverse("orgs:unit_detail", args=[3]) == "/orgs/units/3/"
    assert reverse("orgs:unit_children", args=[3]) == "/orgs/units/3/children/"
    assert reverse("orgs:quota_set", args=[3]) == "/orgs/units/3/quotas/"
    assert reverse("orgs:post_create", args=[3]) == "/orgs/units/3/posts/"
    assert reverse("orgs:party_tree") == "/orgs/party/"
    assert reverse("orgs:party_detail", args=[3]) == "/orgs/party/3/"
    assert reverse("orgs:party_children", args=[3]) == "/orgs/party/3/children/"


# --- unit tree ---------------------------------------------------------------------


def test_tree_shows_the_scope_root_expanded_one_level(client, county_staff, county):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/orgs/units/")
    # then
    assert response.status_code == 200
    assert [
        (root.name, [child.name for child in children])
        for root, children in response.context["expanded"]
    ] == [("示范县", ["县委组织部", "一镇", "二镇"])]
    content = response.content.decode()
    assert "一村" not in content
    assert f'hx-get="/orgs/units/{county["town1"].pk}/children/"' in content


def test_tree_children_load_one_level(client, county_staff, county):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(
        f"/orgs/units/{county['town1'].pk}/children/", headers={"HX-Request": "true"}
    )
    # then
    assert response.status_code == 200
    assert [node.name for node in response.context["nodes"]] == ["一村"]
    assert "<html" not in response.content.decode()


def test_tree_of_a_township_user_is_its_township(client, town2_staff):
    # given
    client.force_login(town2_staff)
    # when
    response = client.get("/orgs/units/")
    # then
    assert [
        (root.name, [child.name for child in children])
        for root, children in response.context["expanded"]
    ] == [("二镇", ["二村"])]
    assert "一镇" not in response.content.decode()


def test_children_of_a_neighbouring_township_are_404(client, town2_staff, county):
    # given
    client.force_login(town2_staff)
    # when
    response = client.get(f"/orgs/units/{county['town1'].pk}/children/")
    # then
    assert response.status_code == 404


def test_tree_queries_are_bounded(client, county_staff, county, django_assert_max_num_queries):
    # given
    for number in range(20):
        make_unit(
            county["root"],
            name=f"局{number}",
            code=f"B{number:03d}",
            kind=UnitKind.GOVERNMENT_ORGAN,
        )
    client.force_login(county_staff)
    # when / then
    with django_assert_max_num_queries(7):
        response = client.get("/orgs/units/")
    assert len(response.context["expanded"][0][1]) == 23


def test_auditor_sees_no_unit_tree(client, auditor):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/orgs/units/")
    # then
    assert response.status_code == 404


# --- unit page ---------------------------------------------------------------------


def test_unit_detail_shows_breadcrumb_children_posts_and_holders(client, county_staff, county):
    # given
    town1 = county["town1"]
    secretary = PostFactory(
        unit=town1, name="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    PostFactory(
        unit=town1, name="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, sort_order=2
    )
    cadre = CadreFactory(unit=town1, name="黄丽")
    seat(cadre, secretary)
    client.force_login(county_staff)
    # when
    response = client.get(f"/orgs/units/{town1.pk}/")
    # then
    assert response.status_code == 200
    assert [unit.name for unit in response.context["ancestors"]] == ["示范县"]
    assert [unit.name for unit in response.context["children"]] == ["一村"]
    assert [
        (post.name, [t.cadre.name for t in post.current_tenures])
        for post in response.context["posts"]
    ] == [
        ("党委书记", ["黄丽"]),
        ("副镇长", []),
    ]
    content = response.content.decode()
    assert f'href="/cadres/{cadre.pk}/"' in content
    assert f'href="/cadres/?unit={town1.pk}"' in content


def test_unit_detail_leaves_out_past_and_retired_holders(client, county_staff, county):
    # given
    post = PostFactory(
        unit=county["town1"], name="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    PostTenure.objects.create(
        cadre=CadreFactory(unit=county["town1"]),
        post=post,
        start=YearMonth(2015, 1),
        end=YearMonth(2020, 1),
    )
    seat(CadreFactory(unit=county["town1"], status=CadreStatus.RETIRED), post)
    client.force_login(county_staff)
    # when
    response = client.get(f"/orgs/units/{county['town1'].pk}/")
    # then
    assert [list(post.current_tenures) for post in response.context["posts"]] == [[]]


def test_unit_of_a_neighbouring_township_is_404(client, town2_staff, county):
    # given
    client.force_login(town2_staff)
    # when
    responses = [
        client.get(f"/orgs/units/{county[key].pk}/") for key in ("town1", "village1", "root")
    ]
    # then
    assert [response.status_code for response in responses] == [404, 404, 404]


def test_county_staff_sees_both_townships(client, county_staff, county):
    # given
    client.force_login(county_staff)
    # when
    responses = [
        client.get(f"/orgs/units/{county[key].pk}/") for key in ("town1", "town2", "village2")
    ]
    # then
    assert [response.status_code for response in responses] == [200, 200, 200]


def test_township_breadcrumb_stops_at_the_scope(client, town1_staff, county):
    # given
    client.force_login(town1_staff)
    # when
    response = client.get(f"/orgs/units/{county['village1'].pk}/")
    # then
    assert [unit.name for unit in response.context["ancestors"]] == ["一镇"]


def test_quota_overrun_is_marked(client, county_staff, county):
    # given
    town1 = county["town1"]
    QuotaFactory(unit=town1, leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, approved=1)
    QuotaFactory(unit=town1, leadership_level=LeadershipLevel.TOWNSHIP_CHIEF, approved=2)
    deputy = PostFactory(
        unit=town1, name="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    deputy2 = PostFactory(
        unit=town1, name="副书记", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    seat(CadreFactory(unit=town1), deputy)
    seat(CadreFactory(unit=town1), deputy2)
    client.force_login(county_staff)
    # when
    response = client.get(f"/orgs/units/{town1.pk}/")
    # then
    lines = response.context["quota_lines"]
    assert [
        (line.leadership_level, line.approved, line.filled, line.vacant, line.overrun)
        for line in lines
    ] == [
        ("township_chief", 2, 0, 2, 0),
        ("township_deputy", 1, 2, 0, 1),
    ]
    content = response.content.decode()
    assert '<tr class="overrun" id="quota-township_deputy">' in content
    assert '<tr id="quota-township_chief">' in content


def test_child_units_quota_summary(client, county_staff, county):
    # given
    QuotaFactory(unit=county["town1"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, approved=1)
    QuotaFactory(unit=county["town2"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, approved=3)
    post = PostFactory(
        unit=county["town1"], name="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    post2 = PostFactory(
        unit=county["town1"], name="副书记", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    seat(CadreFactory(unit=county["town1"]), post)
    seat(CadreFactory(unit=county["town1"]), post2)
    client.force_login(county_staff)
    # when
    response = client.get(f"/orgs/units/{county['root'].pk}/")
    # then
    table = response.context["child_quotas"]
    assert [level for level, _label in table.levels] == ["township_deputy"]
    assert [
        (row.unit.name, [(cell.approved, cell.filled, cell.vacant) for cell in row.cells])
        for row in table.rows
    ] == [("一镇", [(1, 2, 0)]), ("二镇", [(3, 0, 3)])]
    assert [(line.approved, line.filled, line.vacant, line.overrun) for line in table.totals] == [
        (4, 2, 3, 1)
    ]
    assert "quota-filled overrun" in response.content.decode()


def test_unit_detail_queries_are_bounded(
    client, county_staff, county, django_assert_max_num_queries
):
    # given
    town1 = county["town1"]
    for number in range(10):
        post = PostFactory(
            unit=town1, name=f"职位{number}", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
        )
        seat(CadreFactory(unit=town1), post)
        QuotaFactory(unit=make_unit(town1, name=f"村{number}", code=f"V{number:03d}"), approved=1)
    client.force_login(county_staff)
    # when / then
    with django_assert_max_num_queries(14):
        response = client.get(f"/orgs/units/{town1.pk}/")
    assert len(response.context["posts"]) == 10


# --- editing -----------------------------------------------------------------------


def test_editor_sets_a_quota(client, county_staff, county):
    # given
    client.force_login(county_staff)
    town1 = county["town1"]
    # when
    response = client.post(
        f"/orgs/units/{town1.pk}/quotas/",
        {
            "quota-leadership_level": "township_deputy",
            "quota-approved": "4",
            "quota-document_number": "编办〔2024〕3号",
        },
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/orgs/units/{town1.pk}/#unit-quotas"
    assert list(
        Quota.objects.values_list("unit_id", "leadership_level", "approved", "document_number")
    ) == [(town1.pk, "township_deputy", 4, "编办〔2024〕3号")]
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="orgs.quota").count() == 1
    )


def test_quota_form_rejects_a_negative_number(client, county_staff, county):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        f"/orgs/units/{county['town1'].pk}/quotas/",
        {"quota-leadership_level": "township_deputy", "quota-approved": "-1"},
    )
    # then
    assert response.status_code == 200
    form = response.context["quota_form"]
    assert list(form.errors) == ["approved"]
    assert 'class="mb-2 has-error"' in response.content.decode()
    assert not Quota.objects.exists()
    assert not AuditEvent.objects.exists()


def test_quota_form_rejects_an_unknown_level(client, county_staff, county):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        f"/orgs/units/{county['town1'].pk}/quotas/",
        {"quota-leadership_level": "none", "quota-approved": "1"},
    )
    # then
    assert list(response.context["quota_form"].errors) == ["leadership_level"]
    assert not Quota.objects.exists()


def test_read_only_leader_cannot_set_a_quota(client, leader, county):
    # given
    client.force_login(leader)
    # when
    response = client.post(
        f"/orgs/units/{county['town1'].pk}/quotas/",
        {"quota-leadership_level": "township_deputy", "quota-approved": "4"},
    )
    # then
    assert response.status_code == 403
    assert not Quota.objects.exists()
    assert not AuditEvent.objects.exists()


def test_leader_sees_no_edit_forms(client, leader, county):
    # given
    client.force_login(leader)
    # when
    response = client.get(f"/orgs/units/{county['town1'].pk}/")
    # then
    assert 'id="quota-form"' not in response.content.decode()


def test_neighbouring_township_cannot_set_a_quota(client, town2_staff, county):
    # given
    client.force_login(town2_staff)
    # when
    response = client.post(
        f"/orgs/units/{county['town1'].pk}/quotas/",
        {"quota-leadership_level": "township_deputy", "quota-approved": "4"},
    )
    # then
    assert response.status_code == 404
    assert not Quota.objects.exists()
    assert not AuditEvent.objects.exists()


def test_editor_adds_a_post(client, town1_staff, county):
    # given
    client.force_login(town1_staff)
    town1 = county["town1"]
    # when
    response = client.post(
        f"/orgs/units/{town1.pk}/posts/",
        {
            "post-name": "组织委员",
            "post-leadership_level": "township_deputy",
            "post-sort_order": "3",
        },
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/orgs/units/{town1.pk}/#unit-posts"
    assert list(Post.objects.values_list("unit_id", "name", "leadership_level", "sort_order")) == [
        (town1.pk, "组织委员", "township_deputy", 3)
    ]
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="orgs.post").count() == 1
    )


def test_post_with_a_name_already_in_the_unit_is_refused(client, county_staff, county):
    # given
    PostFactory(unit=county["town1"], name="组织委员")
    client.force_login(county_staff)
    # when
    response = client.post(
        f"/orgs/units/{county['town1'].pk}/posts/",
        {"post-name": "组织委员", "post-leadership_level": "none"},
    )
    # then
    assert response.status_code == 200
    assert list(response.context["post_form"].errors) == ["name"]
    assert Post.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_post_without_a_name_is_refused(client, county_staff, county):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        f"/orgs/units/{county['town1'].pk}/posts/",
        {"post-name": "", "post-leadership_level": "none"},
    )
    # then
    assert list(response.context["post_form"].errors) == ["name"]
    assert not Post.objects.exists()


# --- party organisations -------------------------------------------------------------


def test_party_tree_expands_the_top_one_level(client, county_staff, party):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/orgs/party/")
    # then
    assert [
        (root.name, [child.name for child in children])
        for root, children in response.context["expanded"]
    ] == [("中共示范县委员会", ["中共一镇委员会", "中共二镇委员会"])]
    assert "一村党支部" not in response.content.decode()


def test_party_children_load_lazily(client, county_staff, party):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(f"/orgs/party/{party['town1'].pk}/children/")
    # then
    assert [node.name for node in response.context["nodes"]] == ["一村党支部"]


def test_party_tree_of_a_township_user(client, town2_staff, party):
    # given
    client.force_login(town2_staff)
    # when
    response = client.get("/orgs/party/")
    # then
    assert [
        (root.name, [child.name for child in children])
        for root, children in response.context["expanded"]
    ] == [("中共二镇委员会", ["二村党支部"])]


def test_party_org_of_a_neighbouring_township_is_404(client, town2_staff, party):
    # given
    client.force_login(town2_staff)
    # when
    responses = [
        client.get(f"/orgs/party/{party['town1'].pk}/"),
        client.get(f"/orgs/party/{party['branch1'].pk}/"),
        client.get(f"/orgs/party/{party['town1'].pk}/children/"),
    ]
    # then
    assert [response.status_code for response in responses] == [404, 404, 404]


def test_party_org_detail(client, county_staff, party, county):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(f"/orgs/party/{party['town1'].pk}/")
    # then
    assert response.status_code == 200
    assert [org.name for org in response.context["ancestors"]] == ["中共示范县委员会"]
    assert [org.name for org in response.context["children"]] == ["一村党支部"]
    assert f'href="/orgs/units/{county["town1"].pk}/"' in response.content.decode()


def test_party_tree_queries_are_bounded(
    client, county_staff, party, county, django_assert_max_num_queries
):
    # given
    committee = PartyOrg.objects.get(pk=party["committee"].pk)
    for number in range(15):
        committee = PartyOrg.objects.get(pk=committee.pk)
        committee.add_child(
            instance=PartyOrg(
                name=f"支部{number}",
                code=f"Q{number:03d}",
                kind=PartyOrgKind.BRANCH,
                unit=county["organ"],
            )
        )
    client.force_login(county_staff)
    # when / then
    with django_assert_max_num_queries(9):
        response = client.get("/orgs/party/")
    assert len(response.context["expanded"][0][1]) == 17
