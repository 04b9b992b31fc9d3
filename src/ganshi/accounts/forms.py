"""Log-in form: one message for a wrong user name or password, another for a locked account."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong user name or password. Note that both may be case-sensitive."),
        "locked": _(
            "This account is locked after too many failed log-ins. Try again after %(until)s, "
            "or ask the system administrator to unlock it."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "current-password"}
        )

    locked_until = None

    def get_invalid_login_error(self):
        locked_until = getattr(self.request, "ganshi_locked_until", None)
        if locked_until is not None:
            self.locked_until = locked_until
            until = formats.date_format(timezone.localtime(locked_until), "Y-m-d H:i")
            return forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"until": until}
            )
        return super().get_invalid_login_error()
