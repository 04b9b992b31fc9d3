from django.urls import include, path

from ganshi.api import api
from ganshi.web.views import healthz

urlpatterns = [
    path("", include("ganshi.web.urls")),
    path("accounts/", include("ganshi.accounts.urls")),
    path("orgs/", include("ganshi.orgs.urls")),
    path("cadres/", include("ganshi.cadres.urls")),
    path("audit/", include("ganshi.audit.urls")),
    path("interchange/", include("ganshi.interchange.urls")),
    path("training/", include("ganshi.training.urls")),
    path("practice/", include("ganshi.practice.urls")),
    path("supervision/", include("ganshi.supervision.urls")),
    path("report/", include("ganshi.supervision.public_urls")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
