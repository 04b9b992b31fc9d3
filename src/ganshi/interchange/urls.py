from django.urls import path

from ganshi.interchange import lrmx_urls, views

app_name = "interchange"
urlpatterns: list = [
    path("roster/import/", views.roster_import, name="roster_import"),
    path("roster/imports/<int:pk>/", views.roster_batch, name="roster_batch"),
    path(
        "roster/imports/<int:pk>/progress/",
        views.roster_batch_progress,
        name="roster_batch_progress",
    ),
    path("roster/imports/<int:pk>/apply/", views.roster_batch_apply, name="roster_batch_apply"),
    path(
        "roster/imports/<int:pk>/error-report/",
        views.roster_batch_error_report,
        name="roster_batch_error_report",
    ),
    path("roster/export/", views.roster_export, name="roster_export"),
    path("roster/exports/<int:pk>/", views.roster_export_job, name="roster_export_job"),
    path(
        "roster/exports/<int:pk>/progress/",
        views.roster_export_job_progress,
        name="roster_export_job_progress",
    ),
    path(
        "roster/exports/<int:pk>/file/",
        views.roster_export_job_file,
        name="roster_export_job_file",
    ),
    path("roster/template/", views.roster_template, name="roster_template"),
    *lrmx_urls.urlpatterns,
]
