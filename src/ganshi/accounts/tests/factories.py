from __future__ import annotations

import factory

from ganshi.accounts.models import User
from ganshi.accounts.roles import Role

PASSWORD = "ganshi-test-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COUNTY_STAFF
    password = factory.django.Password(PASSWORD)
