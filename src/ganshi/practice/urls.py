from django.urls import path

from ganshi.practice import views

app_name = "practice"
urlpatterns = [
    path("", views.programme_list_view, name="programme_list"),
    path("programmes/new/", views.programme_create_view, name="programme_create"),
    path("batches/new/", views.batch_create_view, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail_view, name="batch_detail"),
    path("batches/<int:pk>/edit/", views.batch_edit_view, name="batch_edit"),
    path("batches/<int:pk>/candidates/", views.candidates_view, name="candidates"),
    path("assignments/", views.assignment_list_view, name="assignment_list"),
    path("assignments/export.xlsx", views.assignment_export_view, name="assignment_export"),
    path("assignments/<int:pk>/", views.assignment_detail_view, name="assignment_detail"),
    path("assignments/<int:pk>/edit/", views.assignment_edit_view, name="assignment_edit"),
    path(
        "assignments/<int:pk>/transition/",
        views.assignment_transition_view,
        name="assignment_transition",
    ),
    path(
        "assignments/<int:pk>/evaluations/new/",
        views.evaluation_create_view,
        name="evaluation_create",
    ),
    path("figures/", views.figures_view, name="figures"),
    path("figures/export.xlsx", views.figures_export_view, name="figures_export"),
]
