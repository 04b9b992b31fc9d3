"""The cadre page: the form's fields, masked values and the audited reveal, the photo,
the records' tabs, the change history."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, override
from PIL import Image

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres import services
from ganshi.cadres.choices import Rank
from ganshi.cadres.models import FamilyMember, PostTenure, RankRecord, ResumeEntry, Tag
from ganshi.cadres.selectors import today_month
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.code_tables import Relation
from ganshi.orgs.tests.factories import PostFactory

XSS = "<script>alert(1)</script>"


def t(message: str, **params) -> str:
    """``message`` as the site shows it (its language), with ``params`` filled in."""
    with override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def detail(cadre) -> str:
    return reverse("cadres:detail", args=[cadre.pk])


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "red").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def zhangsan(county):
    cadre = CadreFactory(
        unit=county["town1"],
        name="张三",
        phone="13812345678",
        home_address="广西壮族自治区示范县一镇幸福路8号",
        native_place="广西示范",
        birthplace="广西示范",
        specialties="乡村振兴",
        fulltime_education="21",
        fulltime_degree="4",
        fulltime_school="广西大学农学院农学专业",
        inservice_education="14",
        inservice_school="中央党校研究生院",
        current_post="一镇党委副书记",
        professional_title="农艺师",
    )
    return cadre


def test_detail_shows_the_fields_of_the_appointment_form(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(detail(zhangsan))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    age = zhangsan.birth.years_until(today_month())
    for text in ("张三", t("Male"), f"{zhangsan.birth} ({t('%(age)s years', age=age)})", "汉族", "广西示范",
                 "乡村振兴", "大学本科", "学士", "广西大学农学院农学专业", "硕士研究生",
                 "中央党校研究生院", "一镇党委副书记", "农艺师", "一镇"):  # fmt: skip
        assert text in html


def test_sensitive_values_are_masked_with_a_show_button(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    html = client.get(detail(zhangsan)).content.decode()
    # then
    assert zhangsan.id_number not in html
    assert zhangsan.id_number[:4] + "**********" + zhangsan.id_number[-4:] in html
    assert "13812345678" not in html
    assert "138****5678" in html
    assert "幸福路8号" not in html
    assert "广西壮族自治****" in html
    assert 'id="reveal-button"' in html
    assert f'hx-post="{reverse("cadres:reveal", args=[zhangsan.pk])}"' in html


def test_leader_gets_no_show_button_and_the_endpoint_refuses(client, leader, zhangsan):
    # given
    client.force_login(leader)
    events = AuditEvent.objects.count()
    # when
    page = client.get(detail(zhangsan)).content.decode()
    response = client.post(reverse("cadres:reveal", args=[zhangsan.pk]))
    # then
    assert 'id="reveal-button"' not in page
    assert "138****5678" in page
    assert response.status_code == 403
    assert AuditEvent.objects.count() == events


def test_reveal_returns_the_clear_values_and_is_audited(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        reverse("cadres:reveal", args=[zhangsan.pk]), headers={"HX-Request": "true"}
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert zhangsan.id_number in html
    assert "13812345678" in html
    assert "广西壮族自治区示范县一镇幸福路8号" in html
    event = AuditEvent.objects.get(action=AuditAction.READ_SENSITIVE)
    assert event.actor == county_staff
    assert event.object_type == "cadres.cadre"
    assert event.object_id == str(zhangsan.pk)
    assert event.after == {"fields": ["id_number", "phone", "home_address"]}
    assert "no-store" in response["Cache-Control"]


def test_reveal_without_javascript_renders_the_whole_page(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(reverse("cadres:reveal", args=[zhangsan.pk]))
    # then
    html = response.content.decode()
    assert "<html" in html
    assert "13812345678" in html
    assert AuditEvent.objects.filter(action=AuditAction.READ_SENSITIVE).count() == 1


def test_reveal_needs_post(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(reverse("cadres:reveal", args=[zhangsan.pk]))
    # then
    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action=AuditAction.READ_SENSITIVE).exists()


@pytest.mark.parametrize("name", ["cadres:detail", "cadres:photo", "cadres:edit"])
def test_town2_staff_gets_404_for_a_town1_cadre(client, town2_staff, zhangsan, name):
    # given
    zhangsan.photo.save("x.jpg", ContentFile(jpeg_bytes()))
    client.force_login(town2_staff)
    # when
    response = client.get(reverse(name, args=[zhangsan.pk]))
    # then
    assert response.status_code == 404


def test_town2_staff_cannot_reveal_a_town1_cadre(client, town2_staff, zhangsan):
    # given
    client.force_login(town2_staff)
    # when
    response = client.post(reverse("cadres:reveal", args=[zhangsan.pk]))
    # then
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.READ_SENSITIVE).exists()


def test_photo_is_served_through_the_scoped_view(client, town1_staff, zhangsan):
    # given
    zhangsan.photo.save("x.jpg", ContentFile(jpeg_bytes()))
    client.force_login(town1_staff)
    # when
    page = client.get(detail(zhangsan)).content.decode()
    response = client.get(reverse("cadres:photo", args=[zhangsan.pk]))
    # then
    assert f'src="{reverse("cadres:photo", args=[zhangsan.pk])}"' in page
    assert "/media/" not in page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == jpeg_bytes()
    assert "private" in response["Cache-Control"]


def test_no_photo_gives_404(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(reverse("cadres:photo", args=[zhangsan.pk]))
    # then
    assert response.status_code == 404


def test_tabs_show_the_records(client, county_staff, county, zhangsan):
    # given
    ResumeEntry.objects.create(cadre=zhangsan, start="2007.07", end="2010.03", text="一镇干部")
    ResumeEntry.objects.create(
        cadre=zhangsan, start="2008.09", end="2010.07", text="在职读研", is_sub_entry=True
    )
    post = PostFactory(unit=county["town1"], name="党委副书记")
    PostTenure.objects.create(
        cadre=zhangsan, post=post, start="2020.01", document_number="示组〔2020〕1号"
    )
    RankRecord.objects.create(cadre=zhangsan, rank=Rank.FOURTH_PRINCIPAL_STAFF, start="2019.06")
    FamilyMember.objects.create(
        cadre=zhangsan, relation=Relation.WIFE, name="李梅", workplace="县医院"
    )
    zhangsan.rewards_punishments.create(kind="reward", date="2021.12", description="优秀公务员")
    zhangsan.tags.add(Tag.objects.create(name="后备干部"))
    client.force_login(county_staff)
    # when
    html = client.get(detail(zhangsan)).content.decode()
    # then
    for text in ("2007.07--2010.03", "一镇干部", "resume-sub", "在职读研", "党委副书记",
                 "示组〔2020〕1号", "2019.06", "妻子", "李梅", "县医院", "优秀公务员",
                 "后备干部"):  # fmt: skip
        assert text in html


def test_derived_figures_are_computed(client, county_staff, county, zhangsan):
    # given
    now = today_month()
    post = PostFactory(unit=county["town1"], name="党委副书记")
    PostTenure.objects.create(cadre=zhangsan, post=post, start=now.add_months(-12 * 3 - 1))
    RankRecord.objects.create(cadre=zhangsan, rank=zhangsan.rank, start=now.add_months(-12 * 2 - 5))
    client.force_login(county_staff)
    # when
    response = client.get(detail(zhangsan))
    # then
    derived = response.context["derived"]
    assert derived.age == zhangsan.birth.years_until(now)
    assert derived.years_in_current_post == 3
    assert derived.years_at_current_rank == 2
    assert derived.grassroots_years == 3
    assert 'id="derived-post-years">3<' in response.content.decode()


def test_history_tab_shows_old_and_new_values(client, county_staff, zhangsan):
    # given
    services.cadre_update(
        actor=county_staff, cadre=zhangsan, data={"specialties": "党建", "unit": zhangsan.unit}
    )
    client.force_login(county_staff)
    # when
    html = client.get(detail(zhangsan)).content.decode()
    # then
    label = capfirst(t("specialties"))
    assert f'<li>{label}: <span class="old">乡村振兴</span> → <span class="new">党建</span>' in html
    assert county_staff.username in html


def test_user_text_is_escaped_everywhere_on_the_page(client, county_staff, county):
    # given
    cadre = CadreFactory(unit=county["town1"], specialties=XSS, notes=XSS, current_post=XSS)
    ResumeEntry.objects.create(cadre=cadre, start="2007.07", text=XSS)
    client.force_login(county_staff)
    # when
    html = client.get(detail(cadre)).content.decode()
    listing = client.get(reverse("cadres:list")).content.decode()
    # then
    assert XSS not in html
    assert XSS not in listing
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing


def test_editor_sees_edit_links_and_leader_does_not(client, county_staff, leader, zhangsan):
    # given
    edit = reverse("cadres:edit", args=[zhangsan.pk])
    # when
    client.force_login(county_staff)
    staff_html = client.get(detail(zhangsan)).content.decode()
    client.force_login(leader)
    leader_html = client.get(detail(zhangsan)).content.decode()
    # then
    assert f'href="{edit}"' in staff_html
    assert f'href="{edit}"' not in leader_html
    assert reverse("cadres:record_add", args=[zhangsan.pk, "resume"]) not in leader_html


def test_detail_query_count_does_not_grow_with_records(
    client, county_staff, county, zhangsan, django_assert_max_num_queries
):
    # given: many records of every kind
    post = PostFactory(unit=county["town1"], name="党委副书记")
    for index in range(15):
        ResumeEntry.objects.create(cadre=zhangsan, start="2007.07", text=f"第{index}段")
        PostTenure.objects.create(cadre=zhangsan, post=post, start="2010.01", end="2011.01")
        RankRecord.objects.create(cadre=zhangsan, rank=Rank.FIRST_STAFF, start="2009.01")
        FamilyMember.objects.create(cadre=zhangsan, relation=Relation.SON, name=f"子{index}")
        zhangsan.rewards_punishments.create(kind="reward", date="2021.12", description="嘉奖")
        zhangsan.tags.add(Tag.objects.create(name=f"标签{index}"))
        services.cadre_update(
            actor=county_staff,
            cadre=zhangsan,
            data={"notes": f"第{index}次", "unit": zhangsan.unit},
        )
    client.force_login(county_staff)
    # when / then
    with django_assert_max_num_queries(16):
        response = client.get(detail(zhangsan))
    assert response.status_code == 200
