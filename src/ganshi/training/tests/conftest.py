from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.orgs.models import LeadershipLevel
from ganshi.training.tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingClassFactory,
    kind,
)


@pytest.fixture
def town1_class(county):
    """A full-time class organised by 一镇, capacity 2."""
    return TrainingClassFactory(organiser=county["town1"], is_full_time=True, capacity=2)


@pytest.fixture
def town1_cadres(county):
    return [CadreFactory(unit=county["town1"], name=name) for name in ("张三", "李四", "王五")]


@pytest.fixture
def cadre_user(town1_cadres):
    cadre = town1_cadres[0]
    return UserFactory(
        username="zhangsan", role=Role.CADRE_SELF, scope_unit=cadre.unit, cadre=cadre
    )


@pytest.fixture
def small_year(county):
    """2026 in 示范县: two classes in 一镇 (主体班, 周末课堂), one in 二镇 (周末课堂), one
    county class (主体班) in 2025. 张三 (一镇, 乡科级正职) attended two; 李四 (一镇, 乡科级
    副职) enrolled but never came; 王五 (二镇, 乡科级正职) attended one; 赵六 (县委组织部,
    县处级) attended the 2025 class."""
    zhang = CadreFactory(
        unit=county["town1"], name="张三", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    li = CadreFactory(
        unit=county["town1"], name="李四", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    wang = CadreFactory(
        unit=county["town2"], name="王五", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    zhao = CadreFactory(
        unit=county["organ"], name="赵六", leadership_level=LeadershipLevel.COUNTY_DEPUTY, rank=5
    )
    main1 = TrainingClassFactory(
        organiser=county["town1"],
        kind=kind("main"),
        start_date=datetime.date(2026, 3, 2),
        end_date=datetime.date(2026, 3, 6),
    )
    weekend1 = TrainingClassFactory(
        organiser=county["town1"],
        kind=kind("weekend"),
        start_date=datetime.date(2026, 4, 11),
        end_date=datetime.date(2026, 4, 11),
    )
    weekend2 = TrainingClassFactory(
        organiser=county["village2"],
        kind=kind("weekend"),
        start_date=datetime.date(2026, 4, 18),
        end_date=datetime.date(2026, 4, 18),
    )
    county_2025 = TrainingClassFactory(
        organiser=county["organ"],
        kind=kind("main"),
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2025, 9, 5),
    )

    def attend(training_class, cadre, hours, status="present"):
        session = SessionFactory(
            training_class=training_class,
            credit_hours=Decimal(hours),
            start_time=datetime.time(8, 0),
            end_time=datetime.time(18, 0),
        )
        enrolment = EnrolmentFactory(
            training_class=training_class,
            cadre=cadre,
            attended_hours=Decimal(hours) if status == "present" else 0,
        )
        AttendanceFactory(
            session=session,
            enrolment=enrolment,
            status=status,
            credit_hours=Decimal(hours) if status == "present" else 0,
        )
        return enrolment

    attend(main1, zhang, 12)
    attend(weekend1, zhang, 3)
    attend(weekend1, li, 3, status="absent")
    attend(weekend2, wang, "2.5")
    attend(county_2025, zhao, 13)
    return {"zhang": zhang, "li": li, "wang": wang, "zhao": zhao, "main1": main1}
