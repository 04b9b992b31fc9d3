"""URLs of the 任免审批表 files; included into ``interchange.urls`` (names ``interchange:…``)."""

from django.urls import path

from ganshi.interchange import lrmx_views

urlpatterns = [
    path("lrmx/import/", lrmx_views.lrmx_import_view, name="lrmx_import"),
    path("lrmx/import/<str:token>/", lrmx_views.lrmx_preview_view, name="lrmx_preview"),
    path("lrmx/import/<str:token>/apply/", lrmx_views.lrmx_apply_view, name="lrmx_apply"),
    path("lrmx/export/", lrmx_views.lrmx_export_view, name="lrmx_export"),
    path("print/", lrmx_views.print_form_view, name="print_form"),
]
