"""Log-in and log-out (Django's views with the lockout-aware form)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from ganshi.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): the top bar's log-out button posts a form."""
