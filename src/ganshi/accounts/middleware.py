"""Every page needs a logged-in user, except log-in itself, the API (own auth),
static files and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Pages anyone may open: the log-in form, the API (it answers 401 itself), static files,
# the health check, the language switch, and the public reporting pages (举报, no login).
OPEN_PREFIXES = ("/accounts/login", "/api/", "/static/", "/healthz", "/i18n/", "/report/")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
