"""Log-in with lockout after repeated failures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from ganshi.accounts import services


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses a locked account and counts failed passwords."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None or password is None:
            return None
        user = user_model._default_manager.filter(username=username).first()
        if user is None:
            user_model().set_password(password)  # same time as a real check
            return None
        if user.locked_until and user.locked_until > timezone.now():
            services.login_refused_locked(user=user)
            if request is not None:
                request.ganshi_locked_until = user.locked_until
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            services.login_succeeded(user=user)
            return user
        services.login_failed(
            user=user,
            attempts=settings.GANSHI_LOCKOUT_ATTEMPTS,
            lock_for=datetime.timedelta(minutes=settings.GANSHI_LOCKOUT_MINUTES),
        )
        if user.locked_until and request is not None:
            request.ganshi_locked_until = user.locked_until
        return None
