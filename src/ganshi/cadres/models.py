"""The cadre registry: the fields of the 干部任免审批表 and the records behind them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ganshi.cadres.choices import CadreCategory, CadreStatus, Gender, Rank, RewardKind
from ganshi.core.code_tables import (
    ETHNICITY_CHOICES,
    Degree,
    Education,
    PoliticalStatus,
    Relation,
)
from ganshi.core.field_encryption import EncryptedTextField
from ganshi.core.fields import YearMonthField
from ganshi.orgs.models import LeadershipLevel, Post, Unit


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cadre(models.Model):
    # Identity
    name = models.CharField(_("name"), max_length=40)
    name_pinyin = models.CharField(_("full pinyin"), max_length=120, editable=False)
    name_initials = models.CharField(_("pinyin initials"), max_length=40, editable=False)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth = YearMonthField(_("birth"))
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=ETHNICITY_CHOICES, default="01"
    )
    native_place = models.CharField(_("native place"), max_length=60, blank=True)
    birthplace = models.CharField(_("birthplace"), max_length=60, blank=True)
    political_status = models.CharField(
        _("political status"),
        max_length=2,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    party_entry = YearMonthField(_("party entry"), null=True, blank=True)
    work_start = YearMonthField(_("work start"), null=True, blank=True)
    health = models.CharField(_("health"), max_length=30, blank=True, default="健康")
    professional_title = models.CharField(_("professional title"), max_length=60, blank=True)
    specialties = models.TextField(_("specialties"), blank=True)
    # Education: full-time (全日制) and in-service (在职)
    fulltime_education = models.CharField(
        _("full-time education"), max_length=2, choices=Education.choices, blank=True
    )
    fulltime_degree = models.CharField(
        _("full-time degree"), max_length=2, choices=Degree.choices, blank=True
    )
    fulltime_school = models.CharField(_("full-time school and major"), max_length=120, blank=True)
    inservice_education = models.CharField(
        _("in-service education"), max_length=2, choices=Education.choices, blank=True
    )
    inservice_degree = models.CharField(
        _("in-service degree"), max_length=2, choices=Degree.choices, blank=True
    )
    inservice_school = models.CharField(
        _("in-service school and major"), max_length=120, blank=True
    )
    # Highest of the two, kept by the service for filters and statistics.
    education = models.CharField(
        _("education"), max_length=2, choices=Education.choices, blank=True, editable=False
    )
    # Post and rank
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cadres"
    )
    current_post = models.CharField(_("current post"), max_length=200, blank=True)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=CadreCategory.choices,
        default=CadreCategory.CIVIL_SERVANT,
    )
    rank = models.PositiveSmallIntegerField(_("rank"), choices=Rank.choices, default=Rank.NONE)
    leadership_level = models.CharField(
        _("leadership level"),
        max_length=20,
        choices=LeadershipLevel.choices,
        default=LeadershipLevel.NONE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CadreStatus.choices, default=CadreStatus.ACTIVE
    )
    # Contact (encrypted)
    phone = EncryptedTextField(_("phone"), blank=True)
    home_address = EncryptedTextField(_("home address"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/%Y/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="cadres")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        indexes = [
            # Names are searched by their first characters (LIKE '张三%'): on PostgreSQL
            # under a non-C collation only a pattern_ops index answers that.
            models.Index(
                fields=["name"], name="cadres_name_idx", opclasses=["varchar_pattern_ops"]
            ),
            # The pinyin keys are lowercase ASCII: searched as a range and listed in order,
            # both served by a plain index (a pattern_ops one cannot serve ORDER BY, and
            # PostgreSQL sorted the whole province for the list's first page).
            models.Index(fields=["name_pinyin", "id"], name="cadres_pinyin_idx"),
            models.Index(fields=["name_initials", "id"], name="cadres_initials_idx"),
            models.Index(fields=["unit", "id"], name="cadres_unit_idx"),
            models.Index(fields=["birth", "id"], name="cadres_birth_idx"),
            models.Index(fields=["rank", "id"], name="cadres_rank_idx"),
            models.Index(fields=["status", "id"], name="cadres_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class ResumeEntry(models.Model):
    """One line of the 简历; a sub-entry is one of the （其间：…） lines under it."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="resume_entries")
    start = YearMonthField(_("from"))
    end = YearMonthField(_("to"), null=True, blank=True)
    text = models.CharField(_("text"), max_length=500)
    is_sub_entry = models.BooleanField(_("sub-entry (其间)"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("resume entry")
        verbose_name_plural = _("resume entries")
        ordering = ["cadre_id", "sort_order", "start", "id"]

    def __str__(self) -> str:
        return f"{self.start}--{self.end or ''} {self.text}"


class PostTenure(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="post_tenures")
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="tenures"
    )
    start = YearMonthField(_("from"))
    end = YearMonthField(_("to"), null=True, blank=True)
    document_number = models.CharField(_("appointing document number"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post tenure")
        verbose_name_plural = _("post tenures")
        ordering = ["cadre_id", "-start", "id"]
        indexes = [models.Index(fields=["post", "end"], name="cadres_tenure_post_idx")]

    def __str__(self) -> str:
        return f"{self.post} {self.start}--{self.end or ''}"


class RankRecord(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="rank_records")
    rank = models.PositiveSmallIntegerField(_("rank"), choices=Rank.choices)
    start = YearMonthField(_("from"))
    document_number = models.CharField(_("document number"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("rank record")
        verbose_name_plural = _("rank records")
        ordering = ["cadre_id", "-start", "id"]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} {self.start}"


class FamilyMember(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="family_members")
    relation = models.CharField(_("relation"), max_length=2, choices=Relation.choices)
    name = models.CharField(_("name"), max_length=40)
    birth = YearMonthField(_("birth"), null=True, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=2, choices=PoliticalStatus.choices, blank=True
    )
    workplace = models.CharField(_("workplace and post"), max_length=200, blank=True)
    is_social_relation = models.BooleanField(_("important social relation"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["cadre_id", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.name}"


class RewardPunishment(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="rewards_punishments")
    kind = models.CharField(_("kind"), max_length=12, choices=RewardKind.choices)
    date = YearMonthField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    authority = models.CharField(_("granted by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("reward or punishment")
        verbose_name_plural = _("rewards and punishments")
        ordering = ["cadre_id", "-date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"
