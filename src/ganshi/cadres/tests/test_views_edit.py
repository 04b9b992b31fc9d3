"""Creating and editing a cadre: every bad field named inline, nothing written."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext, override
from PIL import Image

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.choices import Gender
from ganshi.cadres.models import Cadre, Tag
from ganshi.cadres.selectors import today_month
from ganshi.cadres.tests.factories import CadreFactory, valid_id_number
from ganshi.core.id_numbers import check_character

CREATE = reverse("cadres:create")
XSS = "<script>alert(1)</script>"


def t(message: str, **params) -> str:
    """``message`` as the site shows it (its language), with ``params`` filled in."""
    with override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def valid_data(target_unit, **changes) -> dict:
    data = {
        "name": "赵六",
        "gender": Gender.MALE,
        "birth": "1990.05",
        "id_number": valid_id_number(datetime.date(1990, 5, 12), Gender.MALE, 7),
        "ethnicity": "01",
        "native_place": "广西示范",
        "birthplace": "广西示范",
        "political_status": "13",
        "party_entry": "",
        "work_start": "2012.07",
        "health": "健康",
        "professional_title": "",
        "specialties": "",
        "fulltime_education": "21",
        "fulltime_degree": "4",
        "fulltime_school": "广西大学",
        "inservice_education": "",
        "inservice_degree": "",
        "inservice_school": "",
        "unit": target_unit.pk,
        "current_post": "一镇干部",
        "category": "civil_servant",
        "rank": "11",
        "status": "active",
        "phone": "13812345678",
        "home_address": "",
        "notes": "",
        "tags": "",
    }
    data.update(changes)
    return data


def png_with_exif(size=(60, 80), *, noisy: bool = False) -> bytes:
    if noisy:  # incompressible
        image = Image.frombytes("RGB", size, random.Random(1).randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "blue")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x8825] = {2: (22.0, 48.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", exif=exif)
    return buffer.getvalue()


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (20, 20)).save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.fixture
def counts():
    def current():
        return Cadre.objects.count(), AuditEvent.objects.count(), Tag.objects.count()

    return current


def future() -> str:
    return str(today_month().add_months(2))


BAD_ID = "45042119900512001X"
# field, changes to the valid data, the message (computed in the test: the site's language)
INVALID_CASES = {
    "name missing": ("name", {"name": ""}, lambda: t("This field is required.")),
    "birth month 13": (
        "birth",
        {"birth": "1990.13", "id_number": ""},
        lambda: t("The month %(month)s does not exist.", month=13),
    ),
    "birth not a year-month": (
        "birth",
        {"birth": "九零年", "id_number": ""},
        lambda: t("“%(text)s” is not a year-month; write it as 1985.03.", text="九零年"),
    ),
    "birth in the future": (
        "birth",
        {"birth": future(), "id_number": "", "work_start": ""},
        lambda: t("This date is in the future."),
    ),
    "ID check character": (
        "id_number",
        {"id_number": BAD_ID},
        lambda: t(
            "The ID number's check character is wrong (it should be %(expected)s).",
            expected=check_character(BAD_ID[:17]),
        ),
    ),
    "ID too short": (
        "id_number",
        {"id_number": "4504211990"},
        lambda: t("An ID number has 18 characters; this one has %(count)s.", count=10),
    ),
    "ID against birth": (
        "id_number",
        {"birth": "1991.05"},
        lambda: t(
            "The ID number gives birth %(id_birth)s but the birth field says %(birth)s.",
            id_birth="1990.05",
            birth="1991.05",
        ),
    ),
    "ID against gender": (
        "id_number",
        {"gender": Gender.FEMALE},
        lambda: t(
            "The ID number is a %(id_gender)s's but the gender field says %(gender)s.",
            id_gender=t("man"),
            gender=t("Female"),
        ),
    ),
    "work before 16": (
        "work_start",
        {"work_start": "2005.01"},
        lambda: t(
            "Work cannot start before the age of %(age)s (born %(birth)s).",
            age=16,
            birth="1990.05",
        ),
    ),
    "party entry before 18": (
        "party_entry",
        {"political_status": "01", "party_entry": "2007.01"},
        lambda: t(
            "Party entry cannot be before the age of %(age)s (born %(birth)s).",
            age=18,
            birth="1990.05",
        ),
    ),
    "party member without entry": (
        "party_entry",
        {"political_status": "01"},
        lambda: t("A party member needs a party entry date."),
    ),
    "unknown unit": (
        "unit",
        {"unit": "999999"},
        lambda: t("This unit does not exist or is outside your scope."),
    ),
    "unknown ethnicity": (
        "ethnicity",
        {"ethnicity": "99"},
        lambda: t(
            "Select a valid choice. %(value)s is not one of the available choices.", value="99"
        ),
    ),
    "tag too long": ("tags", {"tags": "标" * 31}, lambda: t("A tag is 1 to 30 characters.")),
}


@pytest.mark.parametrize(
    ("field", "changes", "message"), list(INVALID_CASES.values()), ids=list(INVALID_CASES)
)
def test_create_with_invalid_input_names_the_field_and_writes_nothing(
    client, town1_staff, county, counts, field, changes, message
):
    # given
    client.force_login(town1_staff)
    before = counts()
    # when
    response = client.post(CREATE, valid_data(county["town1"], **changes))
    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message()]}
    assert counts() == before
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert f'id="id_{field}-error"' in html


def test_create_with_a_duplicate_id_number_names_it(client, county_staff, county, counts):
    # given
    data = valid_data(county["town1"])
    CadreFactory(unit=county["town2"], id_number=data["id_number"], birth="1990.05")
    client.force_login(county_staff)
    before = counts()
    # when
    response = client.post(CREATE, data)
    # then
    assert response.context["form"].errors["id_number"] == [
        t("Another cadre in the registry already has this ID number.")
    ]
    assert counts() == before


def test_create_out_of_scope_unit_is_refused_on_the_unit_field(client, town2_staff, county, counts):
    # given
    client.force_login(town2_staff)
    before = counts()
    # when
    response = client.post(CREATE, valid_data(county["town1"]))
    # then
    assert response.context["form"].errors["unit"] == [
        t("This unit does not exist or is outside your scope.")
    ]
    assert counts() == before


def test_every_bad_field_is_named_at_once(client, county_staff, county, counts):
    # given
    client.force_login(county_staff)
    before = counts()
    data = valid_data(
        county["town1"], gender=Gender.FEMALE, work_start="2001.01", party_entry="2003.01",
        political_status="01",
    )  # fmt: skip
    # when
    response = client.post(CREATE, data)
    # then
    assert set(response.context["form"].errors) == {"id_number", "work_start", "party_entry"}
    assert counts() == before


def test_valid_create_writes_one_cadre_and_one_event(client, county_staff, county, counts):
    # given
    client.force_login(county_staff)
    cadres, events, _tags = counts()
    # when
    response = client.post(CREATE, valid_data(county["town1"], specialties=XSS))
    # then
    cadre = Cadre.objects.get(name="赵六")
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:detail", args=[cadre.pk])
    assert Cadre.objects.count() == cadres + 1
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id) == (AuditAction.CREATE, str(cadre.pk))
    assert cadre.specialties == XSS
    assert str(cadre.birth) == "1990.05"
    assert cadre.unit == county["town1"]
    assert cadre.phone == "13812345678"
    assert cadre.education == "21"
    page = client.get(response["Location"]).content.decode()
    assert t("%(name)s was added.", name="赵六") in page
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_create_derives_birth_and_gender_from_the_id_number(client, county_staff, county):
    # given
    client.force_login(county_staff)
    # when
    client.post(CREATE, valid_data(county["town1"], birth="", gender=""))
    # then
    cadre = Cadre.objects.get(name="赵六")
    assert (str(cadre.birth), cadre.gender) == ("1990.05", Gender.MALE)


def test_create_with_tags_creates_new_ones_in_the_same_step(client, county_staff, county):
    # given
    Tag.objects.create(name="后备干部")
    client.force_login(county_staff)
    # when
    client.post(CREATE, valid_data(county["town1"], tags="后备干部，年轻干部, 年轻干部"))
    # then
    cadre = Cadre.objects.get(name="赵六")
    assert sorted(tag.name for tag in cadre.tags.all()) == ["后备干部", "年轻干部"]
    assert Tag.objects.count() == 2


@pytest.mark.parametrize("user", ["leader", "auditor"])
def test_only_registry_editors_may_create(client, request, county, counts, user):
    # given
    client.force_login(request.getfixturevalue(user))
    before = counts()
    # when
    page = client.get(CREATE)
    response = client.post(CREATE, valid_data(county["town1"]))
    # then
    assert page.status_code == 403
    assert response.status_code == 403
    assert counts() == before


def test_create_form_lays_out_the_sections(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    html = client.get(CREATE).content.decode()
    # then
    assert 'placeholder="1985.03"' in html
    assert 'enctype="multipart/form-data"' in html
    assert t("Education and degree") in html
    assert 'name="clear_phone"' not in html


# --- edit -------------------------------------------------------------------------------


@pytest.fixture
def zhangsan(county):
    return CadreFactory(
        unit=county["town1"], name="张三", specialties="乡村振兴", phone="13812345678"
    )


def edit_data(cadre, **changes) -> dict:
    data = valid_data(
        cadre.unit,
        name=cadre.name,
        birth=str(cadre.birth),
        id_number="",
        work_start=str(cadre.work_start),
        gender=cadre.gender,
        rank=str(cadre.rank),
        phone="",
        specialties=cadre.specialties,
        fulltime_education="",
        fulltime_degree="",
        fulltime_school="",
        current_post="",
        native_place="",
        birthplace="",
    )
    data.update(changes)
    return data


def test_edit_form_never_sends_the_sensitive_values(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    html = client.get(reverse("cadres:edit", args=[zhangsan.pk])).content.decode()
    # then
    assert zhangsan.id_number not in html
    assert "13812345678" not in html
    assert 'placeholder="138****5678"' in html
    assert 'name="clear_phone"' in html
    assert 'value="乡村振兴"' not in html  # a textarea
    assert "乡村振兴</textarea>" in html


def test_edit_records_a_history_entry_with_old_and_new(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    id_number = zhangsan.id_number
    # when
    response = client.post(
        reverse("cadres:edit", args=[zhangsan.pk]), edit_data(zhangsan, specialties="党建")
    )
    # then
    assert response.status_code == 302, response.context["form"].errors
    zhangsan.refresh_from_db()
    assert zhangsan.specialties == "党建"
    assert zhangsan.id_number == id_number  # an empty box keeps the stored value
    assert zhangsan.phone == "13812345678"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert (event.before, event.after) == ({"specialties": "乡村振兴"}, {"specialties": "党建"})
    history = client.get(reverse("cadres:detail", args=[zhangsan.pk]) + "#tab-history")
    assert '<span class="old">乡村振兴</span> → <span class="new">党建</span>' in (
        history.content.decode()
    )


def test_edit_can_clear_a_sensitive_value(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    client.post(reverse("cadres:edit", args=[zhangsan.pk]), edit_data(zhangsan, clear_phone="on"))
    # then
    zhangsan.refresh_from_db()
    assert zhangsan.phone == ""


def test_edit_with_invalid_input_changes_nothing(client, county_staff, zhangsan, counts):
    # given
    client.force_login(county_staff)
    before = counts()
    # when
    response = client.post(
        reverse("cadres:edit", args=[zhangsan.pk]),
        edit_data(zhangsan, specialties="党建", work_start="1995.01"),
    )
    # then
    assert response.context["form"].errors["work_start"] == [
        t("Work cannot start before the age of %(age)s (born %(birth)s).", age=16, birth="1985.03")
    ]
    zhangsan.refresh_from_db()
    assert zhangsan.specialties == "乡村振兴"
    assert counts() == before


def test_town2_staff_cannot_edit_a_town1_cadre(client, town2_staff, zhangsan, counts):
    # given
    client.force_login(town2_staff)
    before = counts()
    # when
    response = client.post(
        reverse("cadres:edit", args=[zhangsan.pk]), edit_data(zhangsan, specialties="党建")
    )
    # then
    assert response.status_code == 404
    zhangsan.refresh_from_db()
    assert zhangsan.specialties == "乡村振兴"
    assert counts() == before


def test_leader_cannot_edit(client, leader, zhangsan, counts):
    # given
    client.force_login(leader)
    before = counts()
    # when
    response = client.post(
        reverse("cadres:edit", args=[zhangsan.pk]), edit_data(zhangsan, specialties="党建")
    )
    # then
    assert response.status_code == 403
    assert counts() == before


def test_edit_replaces_the_tags(client, county_staff, zhangsan):
    # given
    zhangsan.tags.add(Tag.objects.create(name="旧标签"))
    client.force_login(county_staff)
    # when
    client.post(reverse("cadres:edit", args=[zhangsan.pk]), edit_data(zhangsan, tags="新标签"))
    # then
    assert [tag.name for tag in zhangsan.tags.all()] == ["新标签"]


# --- photos -----------------------------------------------------------------------------


def test_png_photo_with_exif_is_stored_as_jpeg_without_exif(client, county_staff, county):
    # given
    client.force_login(county_staff)
    upload = SimpleUploadedFile("me.png", png_with_exif(), content_type="image/png")
    # when
    response = client.post(CREATE, valid_data(county["town1"], photo=upload))
    # then
    assert response.status_code == 302
    cadre = Cadre.objects.get(name="赵六")
    with cadre.photo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (60, 80)
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
    photo = client.get(reverse("cadres:photo", args=[cadre.pk]))
    assert b"SecretCamera" not in b"".join(photo.streaming_content)


@pytest.mark.parametrize(
    ("filename", "content"),
    [("me.gif", gif_bytes()), ("me.jpg", b"this is not an image at all"), ("me.jpg", gif_bytes())],
)
def test_a_photo_that_is_not_jpeg_or_png_is_refused(
    client, county_staff, county, counts, filename, content
):
    # given
    client.force_login(county_staff)
    before = counts()
    # when
    response = client.post(
        CREATE, valid_data(county["town1"], photo=SimpleUploadedFile(filename, content))
    )
    # then
    assert response.context["form"].errors["photo"] == [t("The photo must be a JPEG or PNG image.")]
    assert counts() == before


def test_an_oversize_photo_is_refused(client, county_staff, county, counts, settings):
    # given
    settings.GANSHI_PHOTO_MAX_BYTES = 2048
    content = png_with_exif(size=(100, 100), noisy=True)
    client.force_login(county_staff)
    before = counts()
    # when
    response = client.post(
        CREATE, valid_data(county["town1"], photo=SimpleUploadedFile("big.png", content))
    )
    # then
    assert response.context["form"].errors["photo"] == [
        t(
            "The photo is %(size)s KB; the limit is %(limit)s KB.",
            size=len(content) // 1024,
            limit=2,
        )
    ]
    assert counts() == before
    assert len(content) > 2048
