"""The demo logins, every one with the password ``ganshi-demo``."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from ganshi.accounts.models import User
from ganshi.accounts.roles import Role
from ganshi.orgs.models import Unit

DEMO_PASSWORD = "ganshi-demo"  # noqa: S105 - published in the README


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    created: bool  # False: a user of that name already existed and was left alone


# username, role, last name, first name, scope ("top": the province or the county,
# "county": the (first) county, "township": its first township)
DEMO_USERS = (
    ("admin", Role.SYSTEM_ADMIN, "韦", "志强", "top"),
    ("zzb", Role.COUNTY_STAFF, "黄", "丽萍", "county"),
    ("town1", Role.TOWNSHIP_STAFF, "覃", "海燕", "township"),
    ("jiwei", Role.DISCIPLINE_HANDLER, "莫", "建国", "county"),
    ("leader", Role.LEADER, "李", "国华", "top"),
    ("auditor", Role.AUDITOR, "蒙", "晓琳", "top"),
)


def create_demo_users(*, top: Unit, county: Unit, township: Unit) -> list[DemoLogin]:
    """Create the demo users that do not exist yet (existing ones are not touched).

    The password is public, so one Argon2 hash (about a second on a small machine)
    serves all six users instead of six.
    """
    scopes = {"top": top, "county": county, "township": township}
    encoded = make_password(DEMO_PASSWORD)
    existing = set(
        User.objects.filter(username__in=[row[0] for row in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    logins = []
    for username, role, last_name, first_name, scope in DEMO_USERS:
        unit = scopes[scope]
        if username not in existing:
            user = User(
                username=username,
                role=role,
                last_name=last_name,
                first_name=first_name,
                scope_unit=unit,
            )
            user.password = encoded
            user.save()
        logins.append(DemoLogin(username, str(role.label), unit.name, username not in existing))
    return logins
