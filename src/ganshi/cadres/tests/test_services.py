"""Writes on the cadre registry: validation naming every bad field, nothing half-written,
one audit event per change."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.audit.models import AuditEvent
from ganshi.cadres.models import Cadre, FamilyMember, PostTenure, RankRecord, ResumeEntry, Tag
from ganshi.cadres.services import (
    cadre_create,
    cadre_reveal_sensitive,
    cadre_update,
    child_delete,
    family_member_save,
    post_tenure_create,
    post_tenure_end,
    rank_record_create,
    resume_entry_save,
    tag_get_or_create,
)
from ganshi.core.field_encryption import keyed_hash
from ganshi.core.id_numbers import IdNumber
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel
from ganshi.orgs.tests.factories import PostFactory, QuotaFactory

ID_NUMBER = IdNumber.build("450421", datetime.date(1985, 3, 12), 13)  # a man born 1985-03-12
OTHER_ID_NUMBER = IdNumber.build("450421", datetime.date(1990, 7, 1), 24)  # a woman, 1990-07
FUTURE = YearMonth(2100, 1)
DEPUTY = LeadershipLevel.TOWNSHIP_DEPUTY
CHIEF = LeadershipLevel.TOWNSHIP_CHIEF


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


def cadre_data(county, **overrides):
    data = {
        "name": "张三",
        "gender": "male",
        "birth": YearMonth(1985, 3),
        "id_number": ID_NUMBER,
        "unit": county["town1"],
        "work_start": YearMonth(2007, 7),
        "political_status": "13",
    }
    return data | overrides


def nothing_written() -> tuple[int, int]:
    return Cadre.objects.count(), AuditEvent.objects.count()


def refused(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


@pytest.fixture
def cadre(county, county_staff):
    """A cadre created through the service (one CREATE event)."""
    return cadre_create(
        actor=county_staff,
        data=cadre_data(county, phone="13812345678", home_address="一镇幸福路十二号院"),
    )


# --- cadre_create -----------------------------------------------------------------------


def test_cadre_create_writes_one_cadre_and_one_event(county, town1_staff):
    # given
    data = cadre_data(
        county,
        fulltime_education="31",
        inservice_education="21",
        phone="13812345678",
        notes="备注",
    )
    # when
    created = cadre_create(actor=town1_staff, data=data)
    # then
    cadre = Cadre.objects.get()
    assert cadre == created
    assert (cadre.name, cadre.name_pinyin, cadre.name_initials) == ("张三", "zhangsan", "zs")
    assert cadre.education == "21"
    assert (cadre.id_number, cadre.id_number_hash) == (ID_NUMBER, keyed_hash(ID_NUMBER))
    assert (cadre.birth, cadre.gender, cadre.unit) == (YearMonth(1985, 3), "male", county["town1"])
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_name, event.object_type, event.object_id) == (
        "create",
        "town1",
        "cadres.cadre",
        str(cadre.pk),
    )
    assert event.before is None
    assert event.after == {
        "name": "张三",
        "gender": "male",
        "birth": "1985.03",
        "id_number": "4504**********" + ID_NUMBER[-4:],
        "ethnicity": "01",
        "native_place": "",
        "birthplace": "",
        "political_status": "13",
        "party_entry": None,
        "work_start": "2007.07",
        "health": "健康",
        "professional_title": "",
        "specialties": "",
        "fulltime_education": "31",
        "fulltime_degree": "",
        "fulltime_school": "",
        "inservice_education": "21",
        "inservice_degree": "",
        "inservice_school": "",
        "unit": county["town1"].pk,
        "current_post": "",
        "category": "civil_servant",
        "rank": 99,
        "leadership_level": "none",
        "status": "active",
        "phone": "138****5678",
        "home_address": "",
        "photo": "",
        "notes": "备注",
        "tags": [],
    }


def test_education_is_the_higher_of_the_two(county, county_staff):
    # given / when
    cadre = cadre_create(
        actor=county_staff,
        data=cadre_data(county, fulltime_education="14", inservice_education="21"),
    )
    # then
    assert cadre.education == "14"


def test_birth_and_gender_come_from_the_id_number_when_blank(county, county_staff):
    # given
    data = cadre_data(county, gender="", id_number=OTHER_ID_NUMBER, work_start=None)
    del data["birth"]
    # when
    cadre = cadre_create(actor=county_staff, data=data)
    # then
    cadre.refresh_from_db()
    assert (cadre.birth, cadre.gender) == (YearMonth(1990, 7), "female")


def test_the_id_number_is_stored_normalised(county, county_staff):
    # given the standard's example typed with a lower-case x and spaces
    number = "11010519491231002X"
    # when
    cadre = cadre_create(
        actor=county_staff,
        data=cadre_data(
            county,
            id_number=" 11010519491231002x ",
            gender="female",
            birth=YearMonth(1949, 12),
            work_start=YearMonth(1968, 9),
        ),
    )
    # then
    cadre.refresh_from_db()
    assert (cadre.id_number, cadre.id_number_hash) == (number, keyed_hash(number))


def test_a_cadre_without_an_id_number_has_no_hash(county, county_staff):
    # given / when
    first = cadre_create(actor=county_staff, data=cadre_data(county, id_number=""))
    second = cadre_create(actor=county_staff, data=cadre_data(county, id_number="", name="李四"))
    # then
    assert (first.id_number_hash, second.id_number_hash) == (None, None)


def test_year_months_may_be_given_as_text(county, county_staff):
    # given / when
    cadre = cadre_create(
        actor=county_staff, data=cadre_data(county, birth="1985.03", work_start="2007年7月")
    )
    # then
    cadre.refresh_from_db()
    assert (cadre.birth, cadre.work_start) == (YearMonth(1985, 3), YearMonth(2007, 7))


def test_text_that_is_no_year_month_is_refused(county, county_staff):
    # given / when
    errors = refused(cadre_create, actor=county_staff, data=cadre_data(county, work_start="去年"))
    # then
    assert errors == {"work_start": ["“去年” is not a year-month; write it as 1985.03."]}
    assert nothing_written() == (0, 0)


def test_spaces_in_a_name_are_dropped(county, county_staff):
    # given / when
    cadre = cadre_create(actor=county_staff, data=cadre_data(county, name=" 张 三 "))
    # then
    assert (cadre.name, cadre.name_pinyin) == ("张三", "zhangsan")


def test_markup_is_stored_as_typed(county, county_staff):
    # given
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    # when
    cadre = cadre_create(actor=county_staff, data=cadre_data(county, notes=text, specialties=text))
    # then
    cadre.refresh_from_db()
    assert (cadre.notes, cadre.specialties) == (text, text)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"id_number": ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")},
            {
                "id_number": [
                    f"The ID number's check character is wrong (it should be {ID_NUMBER[17]})."
                ]
            },
        ),
        (
            {"id_number": "45042119850312"},
            {"id_number": ["An ID number has 18 characters; this one has 14."]},
        ),
        (
            {"birth": YearMonth(1986, 3)},
            {"id_number": ["The ID number gives birth 1985.03 but the birth field says 1986.03."]},
        ),
        (
            {"gender": "female"},
            {"id_number": ["The ID number is a man's but the gender field says Female."]},
        ),
        (
            {"birth": FUTURE, "id_number": "", "work_start": None},
            {"birth": ["This date is in the future."]},
        ),
        ({"work_start": FUTURE}, {"work_start": ["This date is in the future."]}),
        (
            {"political_status": "01", "party_entry": FUTURE},
            {"party_entry": ["This date is in the future."]},
        ),
        (
            {"work_start": YearMonth(2001, 2)},
            {"work_start": ["Work cannot start before the age of 16 (born 1985.03)."]},
        ),
        (
            {"political_status": "01", "party_entry": YearMonth(2003, 2)},
            {"party_entry": ["Party entry cannot be before the age of 18 (born 1985.03)."]},
        ),
        (
            {"political_status": "01"},
            {"party_entry": ["A party member needs a party entry date."]},
        ),
        (
            {"political_status": "02"},
            {"party_entry": ["A party member needs a party entry date."]},
        ),
        ({"name": ""}, {"name": ["This field cannot be blank."]}),
        ({"name": "   "}, {"name": ["This field cannot be blank."]}),
        ({"ethnicity": "99"}, {"ethnicity": ["Value '99' is not a valid choice."]}),
        ({"gender": "other"}, {"gender": ["Value 'other' is not a valid choice."]}),
        ({"unit": None}, {"unit": ["This field is required."]}),
    ],
)
def test_each_bad_field_is_refused_and_nothing_written(county, county_staff, overrides, errors):
    # given one bad field
    data = cadre_data(county, **overrides)
    # when
    result = refused(cadre_create, actor=county_staff, data=data)
    # then
    assert result == errors
    assert nothing_written() == (0, 0)


@pytest.mark.parametrize(
    "overrides",
    [
        {"work_start": YearMonth(2001, 3)},
        {"political_status": "01", "party_entry": YearMonth(2003, 3)},
    ],
)
def test_the_age_limits_are_inclusive(county, county_staff, overrides):
    # given work at 16 exactly, or party entry at 18 exactly
    # when
    cadre_create(actor=county_staff, data=cadre_data(county, **overrides))
    # then
    assert Cadre.objects.count() == 1


def test_a_missing_unit_is_refused(county, county_staff):
    # given
    data = cadre_data(county)
    del data["unit"]
    # when
    errors = refused(cadre_create, actor=county_staff, data=data)
    # then
    assert errors == {"unit": ["This field is required."]}
    assert nothing_written() == (0, 0)


def test_a_duplicate_id_number_is_refused(county, county_staff, cadre):
    # given a cadre holding ID_NUMBER
    # when: the same number typed again (lower case, spaces)
    errors = refused(
        cadre_create,
        actor=county_staff,
        data=cadre_data(county, name="李四", id_number=f" {ID_NUMBER.lower()} "),
    )
    # then
    assert errors == {"id_number": ["Another cadre in the registry already has this ID number."]}
    assert nothing_written() == (1, 1)


def test_several_bad_fields_are_all_reported(county, county_staff):
    # given
    data = cadre_data(
        county,
        name="",
        id_number="45042119850312001",
        work_start=FUTURE,
        ethnicity="99",
        political_status="01",
    )
    # when
    errors = refused(cadre_create, actor=county_staff, data=data)
    # then
    assert errors == {
        "name": ["This field cannot be blank."],
        "id_number": ["An ID number has 18 characters; this one has 17."],
        "work_start": ["This date is in the future."],
        "ethnicity": ["Value '99' is not a valid choice."],
        "party_entry": ["A party member needs a party entry date."],
    }
    assert nothing_written() == (0, 0)


def test_a_unit_outside_a_township_users_scope_is_refused(county, town2_staff):
    # given / when
    errors = refused(cadre_create, actor=town2_staff, data=cadre_data(county))
    # then
    assert errors == {"unit": ["This unit does not exist or is outside your scope."]}
    assert nothing_written() == (0, 0)


def test_an_unknown_field_is_refused(county, county_staff):
    # given / when
    errors = refused(
        cadre_create,
        actor=county_staff,
        data=cadre_data(county, salary=9000, id_number_hash="x"),
    )
    # then
    assert errors == {"id_number_hash": ["Unknown field."], "salary": ["Unknown field."]}
    assert nothing_written() == (0, 0)


@pytest.mark.parametrize("role", [Role.LEADER, Role.AUDITOR, Role.CADRE_SELF])
def test_roles_that_may_not_edit_are_refused(county, role):
    # given
    actor = UserFactory(username="reader", role=role, scope_unit=county["root"])
    # when
    errors = refused(cadre_create, actor=actor, data=cadre_data(county))
    # then
    assert errors == {"__all__": ["Your role cannot change the registry."]}
    assert nothing_written() == (0, 0)


def photo_upload(image_format: str = "PNG", *, name: str = "me.png") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera"
    output = io.BytesIO()
    Image.new("RGB", (30, 40), "blue").save(output, format=image_format, exif=exif)
    return SimpleUploadedFile(name, output.getvalue())


def test_a_photo_is_stored_re_encoded(county, county_staff, settings):
    # given a PNG with camera metadata
    # when
    cadre = cadre_create(actor=county_staff, data=cadre_data(county), photo=photo_upload())
    # then
    cadre.refresh_from_db()
    assert re.fullmatch(r"photos/\d{4}/[0-9a-f]{32}\.jpg", cadre.photo.name)
    with cadre.photo.open("rb") as handle, Image.open(handle) as image:
        assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (30, 40), {})
    assert AuditEvent.objects.get().after["photo"] == cadre.photo.name


def test_a_bad_photo_is_refused_and_no_file_is_kept(county, county_staff, settings):
    # given a text file named like a photo, and another bad field
    upload = SimpleUploadedFile("me.jpg", b"hello" * 100)
    # when
    errors = refused(
        cadre_create,
        actor=county_staff,
        data=cadre_data(county, work_start=FUTURE),
        photo=upload,
    )
    # then
    assert errors == {
        "work_start": ["This date is in the future."],
        "photo": ["The photo must be a JPEG or PNG image."],
    }
    assert nothing_written() == (0, 0)
    assert not (settings.MEDIA_ROOT / "photos").exists()


def test_tags_are_set_and_recorded(county, county_staff):
    # given
    tags = [
        tag_get_or_create(actor=county_staff, name="选调生"),
        tag_get_or_create(actor=county_staff, name="优秀年轻干部"),
    ]
    # when
    cadre = cadre_create(actor=county_staff, data=cadre_data(county), tags=tags)
    # then
    assert sorted(cadre.tags.values_list("name", flat=True)) == ["优秀年轻干部", "选调生"]
    event = AuditEvent.objects.filter(object_type="cadres.cadre").get()
    assert event.after["tags"] == ["优秀年轻干部", "选调生"]
    assert Tag.objects.count() == 2


# --- cadre_update -----------------------------------------------------------------------


def test_cadre_update_records_only_what_changed(cadre, county_staff):
    # given
    # when
    cadre_update(
        actor=county_staff,
        cadre=cadre,
        data={"rank": 9, "notes": "调任", "name": "张三", "birth": YearMonth(1985, 3)},
    )
    # then
    cadre.refresh_from_db()
    assert (cadre.rank, cadre.notes) == (9, "调任")
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.before, event.after) == (
        "update",
        {"rank": 99, "notes": ""},
        {"rank": 9, "notes": "调任"},
    )


def test_a_change_of_name_changes_the_search_keys(cadre, county_staff):
    # given / when
    cadre_update(actor=county_staff, cadre=cadre, data={"name": "曾国藩"})
    # then
    cadre.refresh_from_db()
    assert (cadre.name_pinyin, cadre.name_initials) == ("zengguofan", "zgf")


def test_an_update_that_changes_nothing_records_nothing(cadre, county_staff):
    # given / when
    cadre_update(actor=county_staff, cadre=cadre, data={"name": "张三", "rank": 99})
    # then
    assert AuditEvent.objects.count() == 1


def test_a_changed_phone_is_recorded_even_when_its_mask_is_the_same(cadre, county_staff):
    # given a phone 13812345678 and a new one with the same first three and last four
    # when
    cadre_update(actor=county_staff, cadre=cadre, data={"phone": "13899995678"})
    # then
    cadre.refresh_from_db()
    assert cadre.phone == "13899995678"
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.before, event.after) == (
        "update",
        {"phone": "138****5678"},
        {"phone": "138****5678"},
    )


def test_cadre_update_with_a_bad_field_changes_nothing(cadre, county_staff):
    # given
    # when
    errors = refused(
        cadre_update,
        actor=county_staff,
        cadre=cadre,
        data={"rank": 9, "work_start": FUTURE},
    )
    # then
    assert errors == {"work_start": ["This date is in the future."]}
    cadre.refresh_from_db()
    assert (cadre.rank, cadre.work_start) == (99, YearMonth(2007, 7))
    assert AuditEvent.objects.count() == 1


def test_cadre_update_keeps_its_own_id_number(cadre, county_staff):
    # given / when: saving the same number is no duplicate
    cadre_update(actor=county_staff, cadre=cadre, data={"id_number": ID_NUMBER, "rank": 9})
    # then
    cadre.refresh_from_db()
    assert cadre.rank == 9


def test_cadre_update_refuses_another_cadres_id_number(cadre, county, county_staff):
    # given
    other = cadre_create(
        actor=county_staff,
        data=cadre_data(
            county,
            name="黄丽",
            gender="female",
            birth=YearMonth(1990, 7),
            id_number=OTHER_ID_NUMBER,
        ),
    )
    # when
    errors = refused(
        cadre_update,
        actor=county_staff,
        cadre=other,
        data={"id_number": ID_NUMBER, "gender": "male", "birth": YearMonth(1985, 3)},
    )
    # then
    assert errors == {"id_number": ["Another cadre in the registry already has this ID number."]}
    other.refresh_from_db()
    assert other.id_number == OTHER_ID_NUMBER
    assert AuditEvent.objects.count() == 2


def test_cadre_update_outside_scope_is_refused(cadre, town2_staff):
    # given a town1 cadre
    # when
    errors = refused(cadre_update, actor=town2_staff, cadre=cadre, data={"rank": 9})
    # then
    assert errors == {"__all__": ["This cadre is outside your scope."]}
    cadre.refresh_from_db()
    assert cadre.rank == 99
    assert AuditEvent.objects.count() == 1


def test_cadre_update_cannot_move_a_cadre_out_of_scope(cadre, county, town1_staff):
    # given a town1 cadre
    # when
    errors = refused(
        cadre_update, actor=town1_staff, cadre=cadre, data={"unit": county["village2"]}
    )
    # then
    assert errors == {"unit": ["This unit does not exist or is outside your scope."]}
    cadre.refresh_from_db()
    assert cadre.unit == county["town1"]


def test_cadre_update_replaces_tags(cadre, county_staff):
    # given
    first = tag_get_or_create(actor=county_staff, name="选调生")
    second = tag_get_or_create(actor=county_staff, name="后备干部")
    cadre_update(actor=county_staff, cadre=cadre, data={}, tags=[first])
    # when
    cadre_update(actor=county_staff, cadre=cadre, data={}, tags=[second])
    # then
    assert list(cadre.tags.values_list("name", flat=True)) == ["后备干部"]
    event = AuditEvent.objects.filter(action="update").order_by("id").last()
    assert (event.before, event.after) == ({"tags": ["选调生"]}, {"tags": ["后备干部"]})


def test_cadre_update_without_tags_keeps_them(cadre, county_staff):
    # given
    tag = tag_get_or_create(actor=county_staff, name="选调生")
    cadre_update(actor=county_staff, cadre=cadre, data={}, tags=[tag])
    # when
    cadre_update(actor=county_staff, cadre=cadre, data={"rank": 9})
    # then
    assert list(cadre.tags.values_list("name", flat=True)) == ["选调生"]


# --- tags -------------------------------------------------------------------------------


def test_tag_get_or_create_audits_only_a_new_tag(county_staff):
    # given / when
    first = tag_get_or_create(actor=county_staff, name=" 选调生 ")
    second = tag_get_or_create(actor=county_staff, name="选调生")
    # then
    assert first == second
    assert first.name == "选调生"
    assert [(event.action, event.after) for event in AuditEvent.objects.all()] == [
        ("create", {"name": "选调生"})
    ]


@pytest.mark.parametrize("name", ["", "   ", "长" * 31])
def test_a_bad_tag_name_is_refused(county_staff, name):
    # given / when
    errors = refused(tag_get_or_create, actor=county_staff, name=name)
    # then
    assert errors == {"tags": ["A tag is 1 to 30 characters."]}
    assert (Tag.objects.count(), AuditEvent.objects.count()) == (0, 0)


# --- post tenures -----------------------------------------------------------------------


@pytest.fixture
def deputy_post(county):
    QuotaFactory(unit=county["town1"], leadership_level=DEPUTY, approved=1)
    return PostFactory(unit=county["town1"], name="副镇长", leadership_level=DEPUTY)


def test_post_tenure_create_seats_the_cadre(cadre, deputy_post, county_staff):
    # given a vacancy
    # when
    tenure = post_tenure_create(
        actor=county_staff,
        cadre=cadre,
        post=deputy_post,
        start=YearMonth(2020, 1),
        document_number="县委〔2020〕1号",
    )
    # then
    assert PostTenure.objects.get() == tenure
    cadre.refresh_from_db()
    assert (cadre.leadership_level, cadre.current_post) == ("township_deputy", "一镇副镇长")
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.object_type, event.object_id, event.object_repr) == (
        "create",
        "cadres.cadre",
        str(cadre.pk),
        "张三 · post tenure",
    )
    assert event.after == {
        "cadre": cadre.pk,
        "post": deputy_post.pk,
        "start": "2020.01",
        "end": None,
        "document_number": "县委〔2020〕1号",
    }


def test_post_tenure_create_in_a_full_unit_is_refused(cadre, deputy_post, county, county_staff):
    # given the only deputy seat taken
    holder = cadre_create(
        actor=county_staff,
        data=cadre_data(
            county,
            name="黄丽",
            gender="female",
            birth=YearMonth(1990, 7),
            id_number=OTHER_ID_NUMBER,
        ),
    )
    post_tenure_create(actor=county_staff, cadre=holder, post=deputy_post, start=YearMonth(2019, 1))
    counts = (PostTenure.objects.count(), AuditEvent.objects.count())
    # when
    errors = refused(
        post_tenure_create,
        actor=county_staff,
        cadre=cadre,
        post=deputy_post,
        start=YearMonth(2020, 1),
    )
    # then
    assert errors == {
        "post": [
            "一镇 has 1 approved Section-level deputy (乡科级副职) posts and 1 are filled: "
            "no vacancy."
        ]
    }
    assert (PostTenure.objects.count(), AuditEvent.objects.count()) == counts
    cadre.refresh_from_db()
    assert (cadre.leadership_level, cadre.current_post) == ("none", "")


def test_a_past_tenure_needs_no_vacancy(cadre, county, county_staff):
    # given a unit with no deputy quota at all
    post = PostFactory(unit=county["town2"], name="副镇长", leadership_level=DEPUTY)
    # when
    post_tenure_create(
        actor=county_staff,
        cadre=cadre,
        post=post,
        start=YearMonth(2010, 1),
        end=YearMonth(2015, 6),
    )
    # then
    cadre.refresh_from_db()
    assert PostTenure.objects.count() == 1
    assert (cadre.leadership_level, cadre.current_post) == ("none", "")


def test_holding_the_same_post_twice_is_refused(cadre, county, county_staff):
    # given
    QuotaFactory(unit=county["town1"], leadership_level=DEPUTY, approved=5)
    post = PostFactory(unit=county["town1"], name="副镇长", leadership_level=DEPUTY)
    post_tenure_create(actor=county_staff, cadre=cadre, post=post, start=YearMonth(2020, 1))
    # when
    errors = refused(
        post_tenure_create, actor=county_staff, cadre=cadre, post=post, start=YearMonth(2021, 1)
    )
    # then
    assert errors == {"post": ["This cadre already holds this post."]}
    assert PostTenure.objects.count() == 1


def test_the_highest_current_post_sets_the_level(cadre, county, county_staff):
    # given
    QuotaFactory(unit=county["town1"], leadership_level=DEPUTY, approved=1)
    QuotaFactory(unit=county["town1"], leadership_level=CHIEF, approved=1)
    deputy = PostFactory(unit=county["town1"], name="党委副书记", leadership_level=DEPUTY)
    chief = PostFactory(unit=county["town1"], name="镇长", leadership_level=CHIEF)
    # when
    post_tenure_create(actor=county_staff, cadre=cadre, post=deputy, start=YearMonth(2019, 1))
    post_tenure_create(actor=county_staff, cadre=cadre, post=chief, start=YearMonth(2020, 1))
    # then
    cadre.refresh_from_db()
    assert (cadre.leadership_level, cadre.current_post) == (
        "township_chief",
        "一镇镇长、一镇党委副书记",
    )


def test_a_post_outside_scope_is_refused(county, town2_staff, deputy_post):
    # given a town2 cadre
    own = cadre_create(actor=town2_staff, data=cadre_data(county, unit=county["town2"]))
    # when: seated in a town1 post
    errors = refused(
        post_tenure_create, actor=town2_staff, cadre=own, post=deputy_post, start=YearMonth(2020, 1)
    )
    # then
    assert errors == {"post": ["This post does not exist or is outside your scope."]}
    assert (PostTenure.objects.count(), AuditEvent.objects.count()) == (0, 1)


def test_a_cadre_outside_scope_is_refused(cadre, county, town2_staff):
    # given a town2 post and a town1 cadre
    QuotaFactory(unit=county["town2"], leadership_level=DEPUTY, approved=1)
    post = PostFactory(unit=county["town2"], name="副镇长", leadership_level=DEPUTY)
    # when
    errors = refused(
        post_tenure_create, actor=town2_staff, cadre=cadre, post=post, start=YearMonth(2020, 1)
    )
    # then
    assert errors == {"__all__": ["This cadre is outside your scope."]}
    assert (PostTenure.objects.count(), AuditEvent.objects.count()) == (0, 1)


def test_post_tenure_end_frees_the_level(cadre, deputy_post, county_staff):
    # given
    tenure = post_tenure_create(
        actor=county_staff, cadre=cadre, post=deputy_post, start=YearMonth(2020, 1)
    )
    # when
    post_tenure_end(actor=county_staff, tenure=tenure, end=YearMonth(2024, 6))
    # then
    tenure.refresh_from_db()
    cadre.refresh_from_db()
    assert tenure.end == YearMonth(2024, 6)
    assert cadre.leadership_level == "none"
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.before, event.after) == (
        "update",
        {"end": None},
        {"end": "2024.06"},
    )


def test_post_tenure_end_before_its_start_is_refused(cadre, deputy_post, county_staff):
    # given
    tenure = post_tenure_create(
        actor=county_staff, cadre=cadre, post=deputy_post, start=YearMonth(2020, 1)
    )
    events = AuditEvent.objects.count()
    # when
    errors = refused(
        post_tenure_end,
        actor=county_staff,
        tenure=PostTenure.objects.get(pk=tenure.pk),
        end=YearMonth(2019, 12),
    )
    # then
    assert errors == {"end": ["The end cannot be before the start."]}
    tenure.refresh_from_db()
    cadre.refresh_from_db()
    assert tenure.end is None
    assert cadre.leadership_level == "township_deputy"
    assert AuditEvent.objects.count() == events


def test_post_tenure_end_in_the_future_is_refused(cadre, deputy_post, county_staff):
    # given
    tenure = post_tenure_create(
        actor=county_staff, cadre=cadre, post=deputy_post, start=YearMonth(2020, 1)
    )
    # when
    errors = refused(
        post_tenure_end,
        actor=county_staff,
        tenure=PostTenure.objects.get(pk=tenure.pk),
        end=FUTURE,
    )
    # then
    assert errors == {"end": ["This date is in the future."]}
    assert PostTenure.objects.get().end is None


# --- ranks ------------------------------------------------------------------------------


def test_rank_record_create_sets_the_rank(cadre, county_staff):
    # given
    # when
    rank_record_create(actor=county_staff, cadre=cadre, rank=10, start=YearMonth(2015, 1))
    rank_record_create(actor=county_staff, cadre=cadre, rank=9, start=YearMonth(2020, 1))
    rank_record_create(actor=county_staff, cadre=cadre, rank=11, start=YearMonth(2010, 1))
    # then: the newest by start, not the last typed
    cadre.refresh_from_db()
    assert cadre.rank == 9
    assert RankRecord.objects.count() == 3
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.object_repr, event.after) == (
        "create",
        "张三 · rank record",
        {"cadre": cadre.pk, "rank": 11, "start": "2010.01", "document_number": ""},
    )


def test_rank_record_in_the_future_is_refused(cadre, county_staff):
    # given / when
    errors = refused(rank_record_create, actor=county_staff, cadre=cadre, rank=9, start=FUTURE)
    # then
    assert errors == {"start": ["This date is in the future."]}
    cadre.refresh_from_db()
    assert (cadre.rank, RankRecord.objects.count(), AuditEvent.objects.count()) == (99, 0, 1)


def test_an_unknown_rank_is_refused(cadre, county_staff):
    # given / when
    errors = refused(
        rank_record_create, actor=county_staff, cadre=cadre, rank=42, start=YearMonth(2020, 1)
    )
    # then
    assert errors == {"rank": ["Value 42 is not a valid choice."]}
    assert RankRecord.objects.count() == 0


# --- other records under a cadre --------------------------------------------------------


def test_resume_entry_end_before_start_is_refused(cadre, county_staff):
    # given / when
    errors = refused(
        resume_entry_save,
        actor=county_staff,
        cadre=cadre,
        data={"start": YearMonth(2010, 1), "end": YearMonth(2009, 1), "text": "某镇科员"},
    )
    # then
    assert errors == {"end": ["The end cannot be before the start."]}
    assert (ResumeEntry.objects.count(), AuditEvent.objects.count()) == (0, 1)


def test_family_member_save_audits_under_the_cadre(cadre, county_staff):
    # given / when
    member = family_member_save(
        actor=county_staff,
        cadre=cadre,
        data={"relation": "12", "name": "李梅", "birth": YearMonth(1987, 5)},
    )
    # then
    assert FamilyMember.objects.get() == member
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.object_type, event.object_id, event.object_repr) == (
        "create",
        "cadres.cadre",
        str(cadre.pk),
        "张三 · family member",
    )


def test_child_delete_is_audited(cadre, county_staff):
    # given
    member = family_member_save(
        actor=county_staff, cadre=cadre, data={"relation": "12", "name": "李梅"}
    )
    # when
    child_delete(actor=county_staff, cadre=cadre, record=member)
    # then
    assert FamilyMember.objects.count() == 0
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.object_id, event.after) == ("delete", str(cadre.pk), None)
    assert event.before == {
        "cadre": cadre.pk,
        "relation": "12",
        "name": "李梅",
        "birth": None,
        "political_status": "",
        "workplace": "",
        "is_social_relation": False,
        "sort_order": 0,
    }


def test_child_delete_of_a_rank_record_restores_the_previous_rank(cadre, county_staff):
    # given
    rank_record_create(actor=county_staff, cadre=cadre, rank=10, start=YearMonth(2015, 1))
    newest = rank_record_create(actor=county_staff, cadre=cadre, rank=9, start=YearMonth(2020, 1))
    # when
    child_delete(actor=county_staff, cadre=cadre, record=newest)
    # then
    cadre.refresh_from_db()
    assert cadre.rank == 10


def test_child_delete_of_another_cadres_record_is_refused(cadre, county, county_staff):
    # given a record of another cadre
    other = cadre_create(
        actor=county_staff,
        data=cadre_data(
            county,
            name="黄丽",
            gender="female",
            birth=YearMonth(1990, 7),
            id_number=OTHER_ID_NUMBER,
        ),
    )
    member = family_member_save(
        actor=county_staff, cadre=other, data={"relation": "12", "name": "李梅"}
    )
    events = AuditEvent.objects.count()
    # when
    errors = refused(child_delete, actor=county_staff, cadre=cadre, record=member)
    # then
    assert errors == {"__all__": ["This cadre is outside your scope."]}
    assert (FamilyMember.objects.count(), AuditEvent.objects.count()) == (1, events)


def test_child_delete_outside_scope_is_refused(cadre, county_staff, town2_staff):
    # given
    member = family_member_save(
        actor=county_staff, cadre=cadre, data={"relation": "12", "name": "李梅"}
    )
    # when
    errors = refused(child_delete, actor=town2_staff, cadre=cadre, record=member)
    # then
    assert errors == {"__all__": ["This cadre is outside your scope."]}
    assert (FamilyMember.objects.count(), AuditEvent.objects.count()) == (1, 2)


# --- sensitive fields -------------------------------------------------------------------


def test_reveal_sensitive_is_an_audited_read(cadre, county_staff):
    # given
    # when
    values = cadre_reveal_sensitive(actor=county_staff, cadre=cadre, fields=("id_number", "phone"))
    # then
    assert values == {"id_number": ID_NUMBER, "phone": "13812345678"}
    event = AuditEvent.objects.order_by("id").last()
    assert (event.action, event.actor_name, event.object_id, event.after) == (
        "read_sensitive",
        "zzb",
        str(cadre.pk),
        {"fields": ["id_number", "phone"]},
    )


@pytest.mark.parametrize("user", ["leader", "auditor"])
def test_reveal_sensitive_is_refused_for_roles_without_the_right(cadre, request, user):
    # given
    actor = request.getfixturevalue(user)
    # when
    errors = refused(cadre_reveal_sensitive, actor=actor, cadre=cadre, fields=("id_number",))
    # then
    assert errors == {"__all__": ["Your role cannot see sensitive fields."]}
    assert AuditEvent.objects.count() == 1


def test_reveal_sensitive_outside_scope_is_refused(cadre, town2_staff):
    # given a town1 cadre
    # when
    errors = refused(cadre_reveal_sensitive, actor=town2_staff, cadre=cadre, fields=("id_number",))
    # then
    assert errors == {"__all__": ["This cadre is outside your scope."]}
    assert AuditEvent.objects.count() == 1


def test_reveal_sensitive_only_reveals_sensitive_fields(cadre, county_staff):
    # given / when
    errors = refused(
        cadre_reveal_sensitive,
        actor=county_staff,
        cadre=cadre,
        fields=("id_number", "id_number_hash"),
    )
    # then
    assert errors == {"fields": ["id_number_hash is not a sensitive field."]}
    assert AuditEvent.objects.count() == 1
