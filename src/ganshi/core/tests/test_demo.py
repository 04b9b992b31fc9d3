"""The demo generator: deterministic, consistent with the registry's rules, loadable."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from ganshi.accounts.models import User
from ganshi.accounts.roles import Role
from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.choices import Rank
from ganshi.cadres.models import Cadre, FamilyMember, PostTenure, RankRecord, ResumeEntry
from ganshi.core.field_encryption import keyed_hash
from ganshi.core.id_numbers import IdNumber
from ganshi.core.pinyin import name_keys
from ganshi.core.year_month import YearMonth
from ganshi.demo import loader
from ganshi.demo.county import CountySize
from ganshi.demo.province import county_specs
from ganshi.demo.rows import CADRE_FIELDS, generate_people
from ganshi.demo.users import DEMO_PASSWORD
from ganshi.orgs.models import LEADERSHIP_ORDER, LeadershipLevel, PartyOrg, Quota, Unit, UnitKind
from ganshi.orgs.selectors import filled_seats

SMALL = CountySize.small(cadres=200)
EDUCATION_ORDER = {
    code: index for index, code in enumerate(["11", "14", "21", "31", "41", "47", "61", "71", "81"])
}


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def small_demo(db, fast_hasher):
    return loader.load(scale=loader.COUNTY, seed=7, size=SMALL)


def test_same_seed_gives_the_same_people_and_another_seed_others():
    # given
    spec = county_specs(1)[0]

    # when
    _structure, first = generate_people(7, spec, SMALL)
    _structure, again = generate_people(7, spec, SMALL)
    _structure, other = generate_people(8, spec, SMALL)

    # then
    assert [(c.name, c.id_number, c.birth) for c in first] == [
        (c.name, c.id_number, c.birth) for c in again
    ]
    assert [c.resume for c in first] == [c.resume for c in again]
    assert [c.id_number for c in first] != [c.id_number for c in other]


def test_loaded_cadres_are_the_generated_ones(small_demo):
    # given
    _structure, planned = generate_people(7, county_specs(1)[0], SMALL)

    # when
    loaded = list(Cadre.objects.order_by("id").values_list("name", "id_number"))

    # then
    assert loaded == [(cadre.name, cadre.id_number) for cadre in planned]
    assert small_demo.cadres == 200


def test_trees_are_intact(small_demo):
    # when
    unit_problems = Unit.objects.find_problems()
    party_problems = PartyOrg.objects.find_problems()

    # then
    assert unit_problems == ([], [], [], [], [])
    assert party_problems == ([], [], [], [], [])
    root = Unit.objects.get_root_nodes().get()
    assert (root.code, root.name, root.kind) == ("450422", "云岭县", UnitKind.COUNTY)
    assert Unit.objects.count() == small_demo.units
    assert PartyOrg.objects.get_root_nodes().get().unit == root
    assert not PartyOrg.objects.exclude(unit__path__startswith=root.path).exists()


def test_unit_codes_are_stable_and_follow_the_pattern(small_demo):
    # when
    codes = list(Unit.objects.order_by("path").values_list("code", flat=True))

    # then
    pattern = re.compile(r"^450422(-\d{3}|-T\d{2}|-T\d{2}-V\d{2})?$")
    assert all(pattern.match(code) for code in codes)
    assert codes[:3] == ["450422", "450422-001", "450422-002"]
    townships = Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path")
    assert [unit.code for unit in townships] == ["450422-T01", "450422-T02"]


def test_every_id_number_is_valid_unique_and_agrees_with_birth_and_gender(small_demo):
    # when
    cadres = list(Cadre.objects.all())

    # then
    for cadre in cadres:
        parsed = IdNumber.parse(cadre.id_number)
        assert YearMonth.from_date(parsed.birth_date) == cadre.birth
        assert parsed.gender == cadre.gender
        assert cadre.id_number_hash == keyed_hash(cadre.id_number)
        assert cadre.id_number.startswith("45")
    assert len({cadre.id_number for cadre in cadres}) == len(cadres)


def test_current_tenures_agree_with_leadership_level_and_current_post(small_demo):
    # given
    current: dict[int, list[PostTenure]] = {}
    for tenure in PostTenure.objects.filter(end__isnull=True).select_related("post", "post__unit"):
        current.setdefault(tenure.cadre_id, []).append(tenure)

    # when
    cadres = list(Cadre.objects.all())

    # then
    for cadre in cadres:
        tenures = current.get(cadre.pk, [])
        if cadre.status == "retired":
            assert tenures == []
            assert cadre.leadership_level == LeadershipLevel.NONE
            continue
        levels = [tenure.post.leadership_level for tenure in tenures]
        assert cadre.leadership_level == min(levels, key=LEADERSHIP_ORDER.__getitem__)
        assert cadre.current_post == "、".join(f"{t.post.unit.name}{t.post.name}" for t in tenures)
        assert cadre.unit_id == tenures[0].post.unit_id


def test_dates_respect_the_age_rules(small_demo):
    # when
    cadres = list(Cadre.objects.all())

    # then
    for cadre in cadres:
        assert cadre.birth.years_until(cadre.work_start) >= 18
        if cadre.political_status in ("01", "02"):
            assert cadre.birth.years_until(cadre.party_entry) >= 18
        else:
            assert cadre.party_entry is None
        assert cadre.work_start <= YearMonth(2026, 6)
    ages = [
        cadre.birth.years_until(YearMonth(2026, 6)) for cadre in cadres if cadre.status == "active"
    ]
    assert min(ages) >= 22
    assert max(ages) <= 60


def test_resume_tenures_and_ranks_tell_one_story(small_demo):
    # given
    entries: dict[int, list[ResumeEntry]] = {}
    for entry in ResumeEntry.objects.order_by("cadre_id", "sort_order"):
        entries.setdefault(entry.cadre_id, []).append(entry)
    tenures: dict[int, list[PostTenure]] = {}
    for tenure in PostTenure.objects.order_by("cadre_id", "start"):
        tenures.setdefault(tenure.cadre_id, []).append(tenure)
    ranks: dict[int, list[RankRecord]] = {}
    for record in RankRecord.objects.order_by("cadre_id", "start"):
        ranks.setdefault(record.cadre_id, []).append(record)

    # when
    cadres = list(Cadre.objects.all())

    # then
    for cadre in cadres:
        resume = entries[cadre.pk]
        lines = [entry for entry in resume if not entry.is_sub_entry]
        assert 3 <= len(resume) <= 8
        assert [entry.end is None for entry in lines] == [False] * (len(lines) - 1) + [True]
        assert all(a.start <= b.start for a, b in zip(lines, lines[1:], strict=False))
        assert all(a.end <= b.start for a, b in zip(lines, lines[1:], strict=False))
        starts = {entry.start for entry in lines}
        held = tenures.get(cadre.pk, [])
        assert all(tenure.start in starts for tenure in held)
        assert all(t.start < t.end for t in held if t.end is not None)
        assert {t.start for t in held if t.end is None} <= {
            max((t.start for t in held), default=None)
        }
        history = ranks.get(cadre.pk, [])
        if history:
            assert [r.rank for r in history] == sorted((r.rank for r in history), reverse=True)
            assert history[-1].rank == cadre.rank
            assert history[0].start >= YearMonth(2019, 6)


def test_ranks_fit_category_and_leadership_level(small_demo):
    # when
    cadres = list(Cadre.objects.all())

    # then
    bands = {
        LeadershipLevel.COUNTY_CHIEF: (3, 4),
        LeadershipLevel.COUNTY_DEPUTY: (4, 6),
        LeadershipLevel.TOWNSHIP_CHIEF: (6, 8),
        LeadershipLevel.TOWNSHIP_DEPUTY: (7, 10),
        LeadershipLevel.NONE: (6, 12),
    }
    for cadre in cadres:
        if cadre.category != "civil_servant":
            assert cadre.rank == Rank.NONE
            assert not cadre.rank_records.exists()
        elif cadre.status == "active":
            low, high = bands[cadre.leadership_level]
            assert low <= cadre.rank <= high, (cadre.name, cadre.leadership_level, cadre.rank)
    assert {
        cadre.category
        for cadre in cadres
        if cadre.unit.kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY)
    } == {"village"}


def test_derived_fields_match_the_services_rules(small_demo):
    # when
    cadres = list(Cadre.objects.all())

    # then
    for cadre in cadres:
        assert (cadre.name_pinyin, cadre.name_initials) == name_keys(cadre.name)
        levels = [code for code in (cadre.fulltime_education, cadre.inservice_education) if code]
        assert cadre.education == min(levels, key=EDUCATION_ORDER.__getitem__)
    assert FamilyMember.objects.count() >= 2 * len(cadres)


def test_quotas_show_vacancies_and_two_or_three_overruns(small_demo):
    # given
    units = list(Unit.objects.all())
    filled = filled_seats(units=units)

    # when
    quotas = {
        (quota.unit_id, quota.leadership_level): quota.approved for quota in Quota.objects.all()
    }

    # then
    overruns = [key for key, approved in quotas.items() if filled.get(key, 0) > approved]
    vacancies = [key for key, approved in quotas.items() if filled.get(key, 0) < approved]
    assert 2 <= len(overruns) <= 3
    assert vacancies
    assert set(filled) <= set(quotas)


def test_demo_users_have_their_roles_scopes_and_password(small_demo):
    # given
    root = Unit.objects.get(code="450422")
    first_township = Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path").first()

    # when
    users = {user.username: user for user in User.objects.all()}

    # then
    assert {name: (user.role, user.scope_unit) for name, user in users.items()} == {
        "admin": (Role.SYSTEM_ADMIN, root),
        "zzb": (Role.COUNTY_STAFF, root),
        "town1": (Role.TOWNSHIP_STAFF, first_township),
        "jiwei": (Role.DISCIPLINE_HANDLER, root),
        "leader": (Role.LEADER, root),
        "auditor": (Role.AUDITOR, root),
    }
    assert all(user.last_name and user.first_name for user in users.values())
    assert authenticate(None, username="town1", password=DEMO_PASSWORD) == users["town1"]


def test_the_load_is_one_audit_event_with_the_counts(small_demo):
    # when
    events = list(AuditEvent.objects.filter(object_type="demo"))

    # then
    assert len(events) == 1
    assert events[0].action == AuditAction.SYSTEM
    assert events[0].actor_id is None
    assert events[0].after["cadres.Cadre"] == 200
    assert events[0].after["seed"] == 7


def test_command_loads_an_empty_database_and_if_empty_then_does_nothing(db, fast_hasher, capsys):
    # given
    call_command("demo", scale="county", cadres_per_county=150, if_empty=True, no_progress=True)
    counts = (
        Unit.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )

    # when
    call_command("demo", scale="county", if_empty=True)

    # then
    output = capsys.readouterr().out
    assert "150 cadres" in output
    assert "zzb" in output
    assert "the demo was not loaded" in output
    assert (
        Unit.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_command_refuses_a_database_that_holds_units(small_demo):
    # given
    counts = (Unit.objects.count(), Cadre.objects.count(), AuditEvent.objects.count())

    # when
    with pytest.raises(CommandError, match="empty database"):
        call_command("demo", verbosity=0)

    # then
    assert (Unit.objects.count(), Cadre.objects.count(), AuditEvent.objects.count()) == counts


def test_province_puts_the_counties_under_one_root_with_users_scoped_to_the_first(db, fast_hasher):
    # when
    result = loader.load(scale=loader.PROVINCE_SCALE, seed=3, size=SMALL, counties=2, workers=0)

    # then
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert PartyOrg.objects.find_problems() == ([], [], [], [], [])
    province = Unit.objects.get_root_nodes().get()
    counties = list(Unit.objects.filter(depth=2).order_by("path"))
    assert province.kind == UnitKind.PROVINCE
    assert [county.code for county in counties] == [spec.code for spec in county_specs(2)]
    first_township = Unit.objects.filter(
        kind=UnitKind.TOWNSHIP, path__startswith=counties[0].path
    ).order_by("path")[0]
    scopes = dict(User.objects.values_list("username", "scope_unit"))
    assert scopes["admin"] == scopes["leader"] == province.pk
    assert scopes["zzb"] == counties[0].pk
    assert scopes["town1"] == first_township.pk
    assert result.cadres == 400
    assert Cadre.objects.values("id_number_hash").distinct().count() == 400


def test_volume_generators_run_once_per_county_with_ids(db, fast_hasher, monkeypatch):
    # given
    calls = []

    def record(context):
        calls.append(
            (context.spec.code, len(context.cadres), context.cadres[0].id, context.rng.random())
        )

    monkeypatch.setitem(loader._GENERATORS, "test", loader.VolumeGenerator("test", 1, record))

    # when
    loader.load(scale=loader.PROVINCE_SCALE, seed=3, size=SMALL, counties=2, workers=0)

    # then
    assert [call[:2] for call in calls] == [(spec.code, 200) for spec in county_specs(2)]
    assert all(Cadre.objects.filter(pk=call[2]).exists() for call in calls)
    assert calls[0][3] == loader.county_rng(3, county_specs(1)[0], "test").random()


def test_cadre_rows_cover_every_column_without_a_default():
    # given
    automatic = {"id", "created_at", "updated_at"}

    # when
    columns = {field.attname for field in Cadre._meta.concrete_fields} - automatic

    # then
    assert set(CADRE_FIELDS) == columns


@pytest.mark.parametrize("seed", [1, 2])
def test_a_full_size_county_keeps_the_rules(seed):
    # when
    structure, cadres = generate_people(seed, county_specs(1)[0], CountySize())

    # then
    assert len(cadres) == 5000
    assert 40 <= len(structure.county_units) <= 45
    assert len(structure.townships) == 13
    assert 130 <= len(structure.villages) <= 182
    assert len({cadre.id_number for cadre in cadres}) == 5000
    for cadre in cadres:
        parsed = IdNumber.parse(cadre.id_number)
        assert (parsed.birth_date.year * 12 + parsed.birth_date.month - 1, parsed.gender) == (
            cadre.birth,
            cadre.gender,
        )
        assert cadre.work_start - cadre.birth >= 18 * 12
        assert cadre.party_entry is None or cadre.party_entry - cadre.birth >= 18 * 12
        assert 3 <= len(cadre.resume) <= 8
        assert 2 <= len(cadre.family) <= 5
    women = sum(cadre.gender == "female" for cadre in cadres) / len(cadres)
    han = sum(cadre.ethnicity == "01" for cadre in cadres) / len(cadres)
    assert 0.3 <= women <= 0.45
    assert 0.5 <= han <= 0.7
