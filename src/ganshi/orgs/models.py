"""Units (单位), party organisations (党组织), posts (职位) and quotas (职数)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    COUNTY = "county", _("County")
    PARTY_ORGAN = "party_organ", _("County party organ")
    GOVERNMENT_ORGAN = "government_organ", _("County government department")
    OTHER_ORGAN = (
        "other_organ",
        _("People's congress, CPPCC, court, procuratorate or mass organisation"),
    )
    INSTITUTION = "institution", _("County public institution")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")


GRASSROOTS_KINDS = (UnitKind.TOWNSHIP, UnitKind.VILLAGE, UnitKind.COMMUNITY)


class AdminLevel(models.TextChoices):
    """Administrative level (机构规格) of a unit."""

    PROVINCIAL = "provincial", _("Provincial")
    DIVISION = "division", _("Division (处级)")
    DEPUTY_DIVISION = "deputy_division", _("Deputy division (副处级)")
    SECTION = "section", _("Section (科级)")
    DEPUTY_SECTION = "deputy_section", _("Deputy section (副科级)")
    STOCK = "stock", _("Stock (股级)")
    NONE = "none", _("No level")


class LeadershipLevel(models.TextChoices):
    """Leadership level of a post; ordered from highest."""

    COUNTY_CHIEF = "county_chief", _("County-level chief (县处级正职)")
    COUNTY_DEPUTY = "county_deputy", _("County-level deputy (县处级副职)")
    TOWNSHIP_CHIEF = "township_chief", _("Section-level chief (乡科级正职)")
    TOWNSHIP_DEPUTY = "township_deputy", _("Section-level deputy (乡科级副职)")
    VILLAGE = "village", _("Village two committees (村两委)")
    NONE = "none", _("Non-leadership")


LEADERSHIP_ORDER = {level: index for index, level in enumerate(LeadershipLevel.values)}


class Unit(MP_Node):
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    admin_level = models.CharField(
        _("administrative level"),
        max_length=20,
        choices=AdminLevel.choices,
        default=AdminLevel.NONE,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    node_order_by = None

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS


class PartyOrgKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee (党委)")
    LEADING_GROUP = "leading_group", _("Leading party group (党组)")
    GENERAL_BRANCH = "general_branch", _("General branch (党总支)")
    BRANCH = "branch", _("Branch (党支部)")


class PartyOrg(MP_Node):
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyOrgKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="party_orgs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    node_order_by = None

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="posts"
    )
    name = models.CharField(_("name"), max_length=80)
    leadership_level = models.CharField(
        _("leadership level"),
        max_length=20,
        choices=LeadershipLevel.choices,
        default=LeadershipLevel.NONE,
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["unit_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="orgs_post_unique_name_in_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.name}"

    @property
    def is_leadership(self) -> bool:
        return self.leadership_level != LeadershipLevel.NONE


class Quota(models.Model):
    """Approved number of leadership posts of one level in one unit (职数)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="quotas"
    )
    leadership_level = models.CharField(
        _("leadership level"), max_length=20, choices=LeadershipLevel.choices
    )
    approved = models.PositiveSmallIntegerField(_("approved"))
    document_number = models.CharField(_("approving document"), max_length=80, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "leadership_level"], name="orgs_quota_unique_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.get_leadership_level_display()} {self.approved}"
