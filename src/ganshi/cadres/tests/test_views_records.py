"""Records under a cadre from its page: résumé entries, family, rewards, ranks, posts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.choices import Rank
from ganshi.cadres.models import FamilyMember, PostTenure, RankRecord, ResumeEntry, RewardPunishment
from ganshi.cadres.selectors import today_month
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.code_tables import Relation
from ganshi.orgs.models import LeadershipLevel
from ganshi.orgs.tests.factories import PostFactory, QuotaFactory

XSS = "<script>alert(1)</script>"


def t(message: str, **params) -> str:
    """``message`` as the site shows it (its language), with ``params`` filled in."""
    with override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


@pytest.fixture
def zhangsan(county):
    return CadreFactory(unit=county["town1"], name="张三")


def add_url(cadre, kind: str) -> str:
    return reverse("cadres:record_add", args=[cadre.pk, kind])


def state():
    return (
        ResumeEntry.objects.count(),
        FamilyMember.objects.count(),
        RewardPunishment.objects.count(),
        RankRecord.objects.count(),
        PostTenure.objects.count(),
        AuditEvent.objects.count(),
    )


def test_add_a_resume_entry_stores_text_as_typed(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        add_url(zhangsan, "resume"), {"start": "2007.07", "end": "2010.03", "text": XSS}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:detail", args=[zhangsan.pk]) + "#tab-resume"
    entry = ResumeEntry.objects.get()
    assert (str(entry.start), str(entry.end), entry.text, entry.sort_order) == (
        "2007.07",
        "2010.03",
        XSS,
        0,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id) == (AuditAction.CREATE, str(zhangsan.pk))
    page = client.get(reverse("cadres:detail", args=[zhangsan.pk])).content.decode()
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_resume_entry_ending_before_it_starts_is_refused_inline(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    before = state()
    # when
    response = client.post(
        add_url(zhangsan, "resume"), {"start": "2010.07", "end": "2007.03", "text": "一镇干部"}
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {"end": [t("The end cannot be before the start.")]}
    assert 'id="id_end-error"' in response.content.decode()
    assert state() == before


def test_edit_a_resume_entry(client, county_staff, zhangsan):
    # given
    entry = ResumeEntry.objects.create(cadre=zhangsan, start="2007.07", text="一镇干部")
    client.force_login(county_staff)
    url = reverse("cadres:record_edit", args=[zhangsan.pk, "resume", entry.pk])
    # when
    page = client.get(url)
    response = client.post(
        url, {"start": "2007.07", "end": "", "text": "一镇党政办干部", "is_sub_entry": "on"}
    )
    # then
    assert 'value="2007.07"' in page.content.decode()
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.text, entry.is_sub_entry) == ("一镇党政办干部", True)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.UPDATE
    assert event.after == {"text": "一镇党政办干部", "is_sub_entry": True}


def test_delete_a_resume_entry_asks_first_then_deletes(client, county_staff, zhangsan):
    # given
    entry = ResumeEntry.objects.create(cadre=zhangsan, start="2007.07", text="一镇干部")
    client.force_login(county_staff)
    url = reverse("cadres:record_delete", args=[zhangsan.pk, "resume", entry.pk])
    # when
    confirm = client.get(url)
    kept = ResumeEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(url)
    # then
    assert confirm.status_code == 200
    assert kept
    assert "一镇干部" in confirm.content.decode()
    assert response.status_code == 302
    assert not ResumeEntry.objects.exists()
    assert AuditEvent.objects.get().action == AuditAction.DELETE


def test_add_a_family_member(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        add_url(zhangsan, "family"),
        {"relation": Relation.WIFE, "name": "李梅", "birth": "1987.02",
         "political_status": "01", "workplace": "县人民医院护士"},
    )  # fmt: skip
    # then
    assert response.status_code == 302
    member = FamilyMember.objects.get()
    assert (member.relation, member.name, str(member.birth), member.workplace) == (
        Relation.WIFE,
        "李梅",
        "1987.02",
        "县人民医院护士",
    )


def test_family_member_born_in_the_future_is_refused(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    before = state()
    # when
    response = client.post(
        add_url(zhangsan, "family"),
        {"relation": Relation.SON, "name": "张小", "birth": str(today_month().add_months(3))},
    )
    # then
    assert response.context["form"].errors == {"birth": [t("This date is in the future.")]}
    assert state() == before


def test_add_and_edit_a_reward(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    client.post(
        add_url(zhangsan, "reward"),
        {"kind": "reward", "date": "2021.12", "description": "嘉奖", "authority": "县委"},
    )
    record = RewardPunishment.objects.get()
    client.post(
        reverse("cadres:record_edit", args=[zhangsan.pk, "reward", record.pk]),
        {"kind": "reward", "date": "2021.12", "description": "记三等功", "authority": "县委"},
    )
    # then
    record.refresh_from_db()
    assert record.description == "记三等功"
    assert AuditEvent.objects.count() == 2


def test_add_a_rank_record_updates_the_rank(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.post(
        reverse("cadres:rank_add", args=[zhangsan.pk]),
        {
            "rank": str(Rank.THIRD_PRINCIPAL_STAFF),
            "start": "2022.06",
            "document_number": "示人〔2022〕3号",
        },
    )
    # then
    assert response.status_code == 302
    assert response["Location"].endswith("#tab-ranks")
    zhangsan.refresh_from_db()
    assert zhangsan.rank == Rank.THIRD_PRINCIPAL_STAFF
    assert RankRecord.objects.get().document_number == "示人〔2022〕3号"


def test_rank_record_in_the_future_is_refused(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    before = state()
    # when
    response = client.post(
        reverse("cadres:rank_add", args=[zhangsan.pk]),
        {"rank": str(Rank.THIRD_PRINCIPAL_STAFF), "start": str(today_month().add_months(1))},
    )
    # then
    assert response.context["form"].errors == {"start": [t("This date is in the future.")]}
    assert state() == before


def test_seat_in_a_post_and_end_the_tenure(client, county_staff, county, zhangsan):
    # given
    post = PostFactory(
        unit=county["town1"], name="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    QuotaFactory(unit=county["town1"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, approved=1)
    client.force_login(county_staff)
    # when
    seated = client.post(
        reverse("cadres:tenure_add", args=[zhangsan.pk]),
        {"post": post.pk, "start": "2021.03", "document_number": "示组〔2021〕5号"},
    )
    tenure = PostTenure.objects.get()
    zhangsan.refresh_from_db()
    current_post = zhangsan.current_post
    ended = client.post(
        reverse("cadres:tenure_end", args=[zhangsan.pk, tenure.pk]), {"end": "2024.03"}
    )
    # then
    assert seated.status_code == 302
    assert seated["Location"].endswith("#tab-posts")
    assert current_post == "一镇副镇长"
    assert ended.status_code == 302
    tenure.refresh_from_db()
    assert str(tenure.end) == "2024.03"
    assert tenure.document_number == "示组〔2021〕5号"


def test_seating_over_the_quota_shows_the_quota_message(client, county_staff, county, zhangsan):
    # given
    post = PostFactory(
        unit=county["town1"], name="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    QuotaFactory(unit=county["town1"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, approved=1)
    other = CadreFactory(unit=county["town1"], name="李四")
    PostTenure.objects.create(cadre=other, post=post, start="2020.01")
    client.force_login(county_staff)
    before = state()
    # when
    response = client.post(
        reverse("cadres:tenure_add", args=[zhangsan.pk]), {"post": post.pk, "start": "2021.03"}
    )
    # then
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["post"]
    assert "一镇" in errors["post"][0]
    assert state() == before


def test_seating_offers_only_posts_in_scope(client, town2_staff, county):
    # given
    cadre = CadreFactory(unit=county["town2"])
    PostFactory(unit=county["town1"], name="一镇副镇长")
    own = PostFactory(unit=county["town2"], name="二镇副镇长")
    client.force_login(town2_staff)
    # when
    response = client.get(reverse("cadres:tenure_add", args=[cadre.pk]))
    # then
    assert list(response.context["form"].fields["post"].queryset) == [own]


def test_seating_in_an_out_of_scope_post_is_refused(client, town2_staff, county):
    # given
    cadre = CadreFactory(unit=county["town2"])
    post = PostFactory(unit=county["town1"], name="副镇长")
    client.force_login(town2_staff)
    before = state()
    # when
    response = client.post(
        reverse("cadres:tenure_add", args=[cadre.pk]), {"post": post.pk, "start": "2021.03"}
    )
    # then
    assert response.context["form"].errors == {
        "post": [t("This post does not exist or is outside your scope.")]
    }
    assert state() == before


def test_ending_a_tenure_before_it_started_is_refused(client, county_staff, county, zhangsan):
    # given
    post = PostFactory(unit=county["town1"], name="副镇长")
    tenure = PostTenure.objects.create(cadre=zhangsan, post=post, start="2021.03")
    client.force_login(county_staff)
    before = state()
    # when
    response = client.post(
        reverse("cadres:tenure_end", args=[zhangsan.pk, tenure.pk]), {"end": "2020.01"}
    )
    # then
    assert response.context["form"].errors == {"end": [t("The end cannot be before the start.")]}
    tenure.refresh_from_db()
    assert tenure.end is None
    assert state() == before


@pytest.mark.parametrize(
    "url",
    [
        lambda cadre, record: reverse("cadres:record_add", args=[cadre.pk, "resume"]),
        lambda cadre, record: reverse("cadres:record_edit", args=[cadre.pk, "resume", record.pk]),
        lambda cadre, record: reverse("cadres:record_delete", args=[cadre.pk, "resume", record.pk]),
        lambda cadre, record: reverse("cadres:rank_add", args=[cadre.pk]),
        lambda cadre, record: reverse("cadres:tenure_add", args=[cadre.pk]),
    ],
)
def test_town2_staff_gets_404_for_a_town1_cadres_records(client, town2_staff, zhangsan, url):
    # given
    record = ResumeEntry.objects.create(cadre=zhangsan, start="2007.07", text="一镇干部")
    client.force_login(town2_staff)
    before = state()
    # when
    page = client.get(url(zhangsan, record))
    posted = client.post(url(zhangsan, record), {"start": "2007.07", "text": "改", "rank": "7"})
    # then
    assert (page.status_code, posted.status_code) == (404, 404)
    assert state() == before


def test_a_record_of_another_cadre_is_404(client, county_staff, county, zhangsan):
    # given
    other = CadreFactory(unit=county["town1"], name="李四")
    record = ResumeEntry.objects.create(cadre=other, start="2007.07", text="李四的简历")
    client.force_login(county_staff)
    # when
    response = client.get(reverse("cadres:record_edit", args=[zhangsan.pk, "resume", record.pk]))
    # then
    assert response.status_code == 404


def test_an_unknown_record_kind_is_404(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(reverse("cadres:record_add", args=[zhangsan.pk, "salary"]))
    # then
    assert response.status_code == 404


def test_leader_cannot_add_records(client, leader, zhangsan):
    # given
    client.force_login(leader)
    before = state()
    # when
    response = client.post(add_url(zhangsan, "resume"), {"start": "2007.07", "text": "一镇干部"})
    # then
    assert response.status_code == 403
    assert state() == before
