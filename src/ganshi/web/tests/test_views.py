import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.cadres.choices import CadreStatus, Gender, Rank
from ganshi.cadres.selectors import today_month
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.orgs.models import LeadershipLevel
from ganshi.web.navigation import Item, Section, build_navigation


def born_aged(years: int):
    """A birth month that makes the cadre ``years`` old (six months past the birthday)."""
    return today_month().add_months(-(12 * years + 6))


@pytest.fixture
def cadres(county):
    """Five cadres in post (one in the organ, two in each township) and one retired."""
    return [
        CadreFactory(
            unit=county["organ"],
            name="张一",
            gender=Gender.MALE,
            birth=born_aged(33),
            ethnicity="01",
            education="21",
            rank=Rank.FIRST_PRINCIPAL_STAFF,
            leadership_level=LeadershipLevel.TOWNSHIP_CHIEF,
        ),
        CadreFactory(
            unit=county["town1"],
            name="李二",
            gender=Gender.FEMALE,
            birth=born_aged(33),
            ethnicity="08",
            education="21",
            rank=Rank.FOURTH_PRINCIPAL_STAFF,
            leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
        ),
        CadreFactory(
            unit=county["village1"],
            name="王三",
            gender=Gender.FEMALE,
            birth=born_aged(52),
            ethnicity="08",
            education="31",
            rank=Rank.NONE,
            leadership_level=LeadershipLevel.VILLAGE,
        ),
        CadreFactory(
            unit=county["town2"],
            name="赵四",
            gender=Gender.MALE,
            birth=born_aged(28),
            ethnicity="12",
            education="14",
            rank=Rank.FIRST_STAFF,
            leadership_level=LeadershipLevel.NONE,
        ),
        CadreFactory(
            unit=county["village2"],
            name="钱五",
            gender=Gender.MALE,
            birth=born_aged(45),
            ethnicity="01",
            education="61",
            rank=Rank.NONE,
            leadership_level=LeadershipLevel.VILLAGE,
        ),
        CadreFactory(
            unit=county["town1"],
            name="孙六",
            gender=Gender.MALE,
            birth=born_aged(62),
            ethnicity="01",
            education="21",
            rank=Rank.FOURTH_PRINCIPAL_STAFF,
            status=CadreStatus.RETIRED,
        ),
    ]


def figures(dimension) -> list[tuple[str, int, float, str]]:
    return [(row.label, row.count, row.percent, row.href) for row in dimension.rows]


def dimension(response, key):
    return next(d for d in response.context["dashboard"].dimensions if d.key == key)


def test_home_url_names():
    assert reverse("web:home") == "/"
    assert reverse("web:home_export") == "/structure.xlsx"


def test_dashboard_counts_for_county_staff(client, county_staff, cadres):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/")
    # then
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.total == 5
    assert [(row.count, row.percent, row.href) for row in dashboard.headline] == [
        (5, 100.0, "/cadres/"),
        (2, 40.0, "/cadres/?gender=female"),
        (3, 60.0, "/cadres/?ethnicity=minority"),
        (3, 60.0, "/cadres/?age_band=young"),
    ]
    assert [row[1:] for row in figures(dimension(response, "rank"))] == [
        (1, 20.0, "/cadres/?rank=7"),
        (1, 20.0, "/cadres/?rank=10"),
        (1, 20.0, "/cadres/?rank=11"),
        (2, 40.0, "/cadres/?rank=99"),
    ]
    assert [(row[1], row[3]) for row in figures(dimension(response, "age_band"))] == [
        (1, "/cadres/?age_band=to30"),
        (2, "/cadres/?age_band=31-35"),
        (0, "/cadres/?age_band=36-40"),
        (1, "/cadres/?age_band=41-45"),
        (0, "/cadres/?age_band=46-50"),
        (1, "/cadres/?age_band=51-55"),
        (0, "/cadres/?age_band=56-60"),
        (0, "/cadres/?age_band=61%2B"),
    ]
    assert [(row[1], row[2], row[3]) for row in figures(dimension(response, "gender"))] == [
        (3, 60.0, "/cadres/?gender=male"),
        (2, 40.0, "/cadres/?gender=female"),
    ]
    assert [(row[1], row[3]) for row in figures(dimension(response, "education"))] == [
        (1, "/cadres/?education=postgraduate"),
        (2, "/cadres/?education=bachelor"),
        (1, "/cadres/?education=junior_college"),
        (0, "/cadres/?education=secondary"),
        (1, "/cadres/?education=high_school_or_below"),
    ]
    assert [
        (row[0], row[1], row[2], row[3]) for row in figures(dimension(response, "ethnicity"))
    ] == [
        ("汉族", 2, 40.0, "/cadres/?ethnicity=01"),
        (dimension(response, "ethnicity").rows[1].label, 3, 60.0, "/cadres/?ethnicity=minority"),
        ("壮族", 2, 40.0, "/cadres/?ethnicity=08"),
        ("侗族", 1, 20.0, "/cadres/?ethnicity=12"),
    ]
    assert [(row[1], row[3]) for row in figures(dimension(response, "leadership_level"))] == [
        (0, "/cadres/?leadership_level=county_chief"),
        (0, "/cadres/?leadership_level=county_deputy"),
        (1, "/cadres/?leadership_level=township_chief"),
        (1, "/cadres/?leadership_level=township_deputy"),
        (2, "/cadres/?leadership_level=village"),
        (1, "/cadres/?leadership_level=none"),
    ]


def test_dashboard_tables_link_every_figure(client, county_staff, cadres):
    # given
    client.force_login(county_staff)
    # when
    content = client.get("/").content.decode()
    # then
    for href in (
        "/cadres/?age_band=31-35",
        "/cadres/?gender=female",
        "/cadres/?education=bachelor",
        "/cadres/?ethnicity=minority",
        "/cadres/?ethnicity=08",
        "/cadres/?rank=7",
        "/cadres/?leadership_level=township_chief",
    ):
        assert f'href="{href}"' in content
    assert 'id="dashboard-data"' in content
    assert "vendor/echarts/echarts.min.js" in content


def test_dashboard_of_a_township_user_counts_only_the_township(client, town1_staff, cadres):
    # given
    client.force_login(town1_staff)
    # when
    response = client.get("/")
    # then
    dashboard = response.context["dashboard"]
    assert dashboard.total == 2
    assert [(row.count, row.href) for row in dashboard.headline[:2]] == [
        (2, "/cadres/"),
        (2, "/cadres/?gender=female"),
    ]


def test_dashboard_narrowed_to_a_unit_links_with_the_unit(client, county_staff, county, cadres):
    # given
    client.force_login(county_staff)
    town1 = county["town1"]
    # when
    response = client.get(f"/?unit={town1.pk}")
    # then
    dashboard = response.context["dashboard"]
    assert dashboard.total == 2
    assert dashboard.headline[1].href == f"/cadres/?unit={town1.pk}&gender=female"
    assert dashboard.list_href == f"/cadres/?unit={town1.pk}"


def test_dashboard_of_a_unit_outside_the_scope_is_404(client, town2_staff, county, cadres):
    # given
    client.force_login(town2_staff)
    # when
    response = client.get(f"/?unit={county['town1'].pk}")
    # then
    assert response.status_code == 404


def test_dashboard_with_a_malformed_unit_is_404(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/?unit=abc")
    # then
    assert response.status_code == 404


def test_dashboard_queries_are_bounded(client, county_staff, county, django_assert_max_num_queries):
    # given
    CadreFactory.create_batch(30, unit=county["village1"])
    client.force_login(county_staff)
    # when / then
    with django_assert_max_num_queries(12):
        response = client.get("/")
    assert response.context["dashboard"].total == 30


def test_dashboard_without_cadres_says_so(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/")
    # then
    assert response.context["dashboard"].total == 0
    assert 'id="dashboard-data"' not in response.content.decode()


def test_auditor_home_links_to_the_audit_log(client, auditor):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/")
    # then
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "web/home_other.html"
    assert 'href="/audit/"' in response.content.decode()
    assert "dashboard" not in response.context


def test_export_writes_one_sheet_per_dimension(client, county_staff, cadres):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/structure.xlsx")
    # then
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%E7%A4%BA%E8%8C%83%E5%8E%BF" in disposition  # 示范县
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 7
    gender = workbook.worksheets[3]
    rows = list(gender.iter_rows(min_row=3, values_only=True))
    assert [row[1:] for row in rows] == [(3, 60.0), (2, 40.0), (5, 100.0)]


def test_export_for_a_township_user_has_only_its_figures(client, town1_staff, cadres):
    # given
    client.force_login(town1_staff)
    # when
    response = client.get("/structure.xlsx")
    # then
    workbook = load_workbook(io.BytesIO(response.content))
    summary = list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert summary[0][1] == 2


def test_auditor_cannot_export_figures(client, auditor):
    # given
    client.force_login(auditor)
    # when
    response = client.get("/structure.xlsx")
    # then
    assert response.status_code == 404


def titles(navigation) -> list[list[str]]:
    return [[str(item.title) for item in section.items] for section in navigation]


def test_navigation_for_county_staff(rf, county_staff):
    # when
    navigation = build_navigation(county_staff, "/orgs/units/5/")
    # then
    assert [item.url for section in navigation for item in section.items] == [
        "/cadres/",
        "/cadres/new/",
        "/interchange/roster/import/",
        "/interchange/lrmx/import/",
        "/training/",
        "/training/plans/",
        "/training/courses/",
        "/training/compliance/",
        "/training/figures/",
        "/training/settings/",
        "/practice/",
        "/practice/assignments/",
        "/practice/figures/",
        "/supervision/",
        "/supervision/clearing/",
        "/supervision/leniency/",
        "/supervision/talks/",
        "/supervision/documents/",
        "/supervision/family/",
        "/supervision/figures/",
        "/orgs/units/",
        "/orgs/party/",
        "/",
    ]
    assert [item.url for section in navigation for item in section.items if item.active] == [
        "/orgs/units/"
    ]


def test_navigation_for_leader_has_no_new_cadre(leader):
    # when
    navigation = build_navigation(leader, "/cadres/new/")
    # then
    urls = [item.url for section in navigation for item in section.items]
    assert "/cadres/new/" not in urls
    assert "/audit/" not in urls


def test_navigation_for_auditor_is_the_audit_log(auditor):
    # when
    navigation = build_navigation(auditor, "/audit/")
    # then
    assert [[(item.url, item.active) for item in section.items] for section in navigation] == [
        [("/audit/", True)]
    ]


def test_navigation_marks_the_most_specific_item_active(county_staff):
    # when
    navigation = build_navigation(county_staff, "/cadres/new/")
    # then
    assert [item.url for section in navigation for item in section.items if item.active] == [
        "/cadres/new/"
    ]


def test_navigation_leaves_out_items_whose_pages_are_not_installed(county_staff):
    # given
    sections = [
        Section(
            "Later",
            (Item("Training", "training:list", "bi-book"), Item("Home", "web:home", "bi-house")),
        )
    ]
    # when
    navigation = build_navigation(county_staff, "/", sections)
    # then
    assert [(item.url, item.active) for item in navigation[0].items] == [("/", True)]


def test_navigation_is_rendered_in_the_sidebar(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    content = client.get("/orgs/units/").content.decode()
    # then
    assert 'class="nav-link text-white active" href="/orgs/units/"' in content


def test_not_found_page_uses_the_app_layout(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/no/such/page/")
    # then
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert 'class="error-page"' in response.content.decode()


def test_server_error_page_renders_without_a_request():
    # given
    from django.template import loader

    # when
    content = loader.get_template("500.html").render({})
    # then
    assert "500" in content
    assert "ganshi/ganshi.css" in content


def test_healthz(client, db):
    # when
    response = client.get("/healthz")
    # then
    assert response.json() == {"status": "ok", "database": "ok"}


def test_cadre_self_home_links_to_the_own_record(client, county):
    # given
    from ganshi.accounts.roles import Role
    from ganshi.accounts.tests.factories import UserFactory

    cadre = CadreFactory(unit=county["town1"])
    client.force_login(
        UserFactory(username="self", role=Role.CADRE_SELF, scope_unit=county["town1"], cadre=cadre)
    )
    # when
    response = client.get("/")
    # then
    assert response.context["own_record_url"] == f"/cadres/{cadre.pk}/"
    assert f'href="/cadres/{cadre.pk}/"' in response.content.decode()


def test_navigation_for_a_cadre_shows_only_their_own_pages(county):
    # given a cadre's self-service account
    cadre = CadreFactory(unit=county["town1"])
    user = UserFactory(role=Role.CADRE_SELF, scope_unit=county["town1"], cadre=cadre)
    # when
    navigation = build_navigation(user, "/")
    # then: no plans, compliance, figures or settings, which would refuse them
    assert [item.url for section in navigation for item in section.items] == [
        "/cadres/",
        "/training/",
        "/training/courses/",
        "/training/my-hours/",
        "/practice/",
        "/practice/assignments/",
        "/practice/figures/",
        "/orgs/units/",
        "/orgs/party/",
        "/",
    ]
