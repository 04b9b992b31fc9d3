from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class CadreCategory(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution staff")
    VILLAGE = "village", _("Village (community) two-committee cadre")


class CadreStatus(models.TextChoices):
    ACTIVE = "active", _("In post")
    RETIRED = "retired", _("Retired")
    LEFT = "left", _("Transferred out")


class Rank(models.IntegerChoices):
    """公务员职级, highest first (公务员职务与职级并行规定 art. 7)."""

    FIRST_INSPECTOR = 1, _("First-grade inspector (一级巡视员)")
    SECOND_INSPECTOR = 2, _("Second-grade inspector (二级巡视员)")
    FIRST_RESEARCHER = 3, _("First-grade researcher (一级调研员)")
    SECOND_RESEARCHER = 4, _("Second-grade researcher (二级调研员)")
    THIRD_RESEARCHER = 5, _("Third-grade researcher (三级调研员)")
    FOURTH_RESEARCHER = 6, _("Fourth-grade researcher (四级调研员)")
    FIRST_PRINCIPAL_STAFF = 7, _("First-grade principal staff member (一级主任科员)")
    SECOND_PRINCIPAL_STAFF = 8, _("Second-grade principal staff member (二级主任科员)")
    THIRD_PRINCIPAL_STAFF = 9, _("Third-grade principal staff member (三级主任科员)")
    FOURTH_PRINCIPAL_STAFF = 10, _("Fourth-grade principal staff member (四级主任科员)")
    FIRST_STAFF = 11, _("First-grade staff member (一级科员)")
    SECOND_STAFF = 12, _("Second-grade staff member (二级科员)")
    NONE = 99, _("No rank")


# Minimum years at the rank below before promotion to this rank (art. 18).
RANK_MIN_YEARS_BELOW = {
    Rank.FIRST_INSPECTOR: 4,
    Rank.SECOND_INSPECTOR: 4,
    Rank.FIRST_RESEARCHER: 3,
    Rank.SECOND_RESEARCHER: 2,
    Rank.THIRD_RESEARCHER: 2,
    Rank.FOURTH_RESEARCHER: 2,
    Rank.FIRST_PRINCIPAL_STAFF: 2,
    Rank.SECOND_PRINCIPAL_STAFF: 2,
    Rank.THIRD_PRINCIPAL_STAFF: 2,
    Rank.FOURTH_PRINCIPAL_STAFF: 2,
    Rank.FIRST_STAFF: 2,
}


class RewardKind(models.TextChoices):
    REWARD = "reward", _("Reward")
    PUNISHMENT = "punishment", _("Punishment")


class AgeBand(models.TextChoices):
    UP_TO_30 = "to30", _("30 and under")
    FROM_31_TO_35 = "31-35", _("31–35")
    FROM_36_TO_40 = "36-40", _("36–40")
    FROM_41_TO_45 = "41-45", _("41–45")
    FROM_46_TO_50 = "46-50", _("46–50")
    FROM_51_TO_55 = "51-55", _("51–55")
    FROM_56_TO_60 = "56-60", _("56–60")
    FROM_61 = "61+", _("61 and over")
    YOUNG = "young", _("Young cadres (35 and under)")


# Inclusive age limits of each band (None: open).
AGE_BAND_LIMITS: dict[str, tuple[int | None, int | None]] = {
    AgeBand.UP_TO_30: (None, 30),
    AgeBand.FROM_31_TO_35: (31, 35),
    AgeBand.FROM_36_TO_40: (36, 40),
    AgeBand.FROM_41_TO_45: (41, 45),
    AgeBand.FROM_46_TO_50: (46, 50),
    AgeBand.FROM_51_TO_55: (51, 55),
    AgeBand.FROM_56_TO_60: (56, 60),
    AgeBand.FROM_61: (61, None),
    AgeBand.YOUNG: (None, 35),
}
