"""The JSON API under /api/v1/ (django-ninja); OpenAPI at /api/v1/openapi.json.

Authentication: ``Authorization: Bearer <token>`` (``ganshi token create USER``) or the
web session (with the CSRF token on POST and PATCH). Errors: see ``core.api_errors``.

The interactive documentation (/api/v1/docs) is served only when ``ninja`` is an
installed app, because only then are Swagger UI's script and styles served from the
package; otherwise the page would load them from a CDN, and the running system makes
no external request.
"""

import functools
import json

from django.apps import apps
from django.http import Http404, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from ganshi.accounts.api_auth import API_AUTH
from ganshi.cadres.api import router as cadres_router
from ganshi.core.api_errors import install_error_handlers
from ganshi.interchange.lrmx_api import router as lrmx_router
from ganshi.orgs.api import router as orgs_router


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Chinese as UTF-8 characters rather than \\u escapes (escapes only when
    the data holds something UTF-8 cannot encode, such as a lone surrogate)."""

    def render(self, request, data, *, response_status):
        text = json.dumps(data, cls=self.encoder_class, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = json.dumps(data, cls=self.encoder_class)
        return text


def _json_refusals(view):
    """``view`` answering JSON where ninja answers HTML: 405 wrong method, 404 raised
    outside an operation (the API's root)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _not_found(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {"detail": _("This method is not allowed here.")},
                status=405,
                json_dumps_params={"ensure_ascii": False},
            )
            response["Allow"] = allowed
        return response

    return wrapper


@csrf_exempt
def _not_found(request, *args, **kwargs):
    return JsonResponse(
        {"detail": _("Not found.")}, status=404, json_dumps_params={"ensure_ascii": False}
    )


class GanshiAPI(NinjaAPI):
    """NinjaAPI whose every answer under its prefix is JSON, an unknown path included."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_refusals(pattern.callback)
        return [*patterns, re_path(r"^.*$", _not_found, name="not-found")]


api = GanshiAPI(
    title="ganshi API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    auth=API_AUTH,
    renderer=UnicodeJSONRenderer(),
    # No validator badge: Swagger UI would fetch it from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs" if apps.is_installed("ninja") else None,
)
install_error_handlers(api)
api.add_router("", orgs_router)
api.add_router("", cadres_router)
api.add_router("", lrmx_router)
api.add_router("/interchange/", "ganshi.interchange.api.router")
api.add_router("/training/", "ganshi.training.api.router")
api.add_router("/practice/", "ganshi.practice.api.router")
api.add_router("/supervision/", "ganshi.supervision.api.router")
