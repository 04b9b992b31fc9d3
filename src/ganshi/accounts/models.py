from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ganshi.accounts.roles import (
    AUDIT_READERS,
    REGISTRY_EDITORS,
    REGISTRY_READERS,
    SENSITIVE_READERS,
    Role,
)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEADER)
    scope_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("scope"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The user sees this unit and everything under it."),
    )
    cadre = models.OneToOneField(
        "cadres.Cadre",
        verbose_name=_("own cadre record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """Chinese order, family name first and no space (黄丽萍); Western names as Django."""
        if (self.last_name + self.first_name).isascii():
            return super().get_full_name()
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def can_read_registry(self) -> bool:
        return self.is_active and self.role in REGISTRY_READERS

    @property
    def can_read_unit_records(self) -> bool:
        """Reads the records of the units in scope (plans, compliance, figures), not only
        their own: every registry reader but a cadre's self-service account."""
        return self.can_read_registry and self.role != Role.CADRE_SELF

    @property
    def can_edit_registry(self) -> bool:
        return self.is_active and self.role in REGISTRY_EDITORS

    @property
    def can_see_sensitive(self) -> bool:
        return self.is_active and self.role in SENSITIVE_READERS

    @property
    def can_read_audit(self) -> bool:
        return self.is_active and self.role in AUDIT_READERS


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60, blank=True)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user.username} {self.prefix}…"
