from __future__ import annotations

import datetime

import factory

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.supervision.choices import CaseStatus, Channel, OfficeRole
from ganshi.supervision.models import OfficeMember, Report
from ganshi.supervision.services import receipt_hash


class ReportFactory(factory.django.DjangoModelFactory):
    """A case written directly (tests of the workflow build theirs through the services)."""

    class Meta:
        model = Report
        skip_postgeneration_save = True

    channel = Channel.LETTER
    status = CaseStatus.REGISTERED
    content = "某局长在工程招标中收受好处费"
    subject_name = "张三"
    subject_unit = "县交通运输局"
    is_anonymous = True
    received_on = datetime.date(2026, 3, 2)
    receipt_hash = factory.Sequence(lambda n: receipt_hash(f"{n:016d}"))

    @factory.post_generation
    def handlers(self, create, extracted, **kwargs):
        if create and extracted:
            self.handlers.set(extracted)


def office_member(
    username: str, role: str, *, user_role: str = Role.DISCIPLINE_HANDLER, scope_unit=None
):
    """A user holding ``role`` in the reporting office."""
    user = UserFactory(username=username, role=user_role, scope_unit=scope_unit)
    OfficeMember.objects.create(user=user, role=role)
    return user


def supervisor_user(username: str = "jw_chief", scope_unit=None):
    return office_member(username, OfficeRole.SUPERVISOR, scope_unit=scope_unit)


def custodian_user(username: str = "jw_custodian", scope_unit=None):
    return office_member(username, OfficeRole.CUSTODIAN, scope_unit=scope_unit)


def handler_user(username: str = "jw_handler", scope_unit=None):
    return UserFactory(username=username, role=Role.DISCIPLINE_HANDLER, scope_unit=scope_unit)
