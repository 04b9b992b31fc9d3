from django.urls import path

from ganshi.cadres import views

app_name = "cadres"
urlpatterns = [
    path("", views.cadre_list_view, name="list"),
    path("export.xlsx", views.cadre_export_view, name="export"),
    path("new/", views.cadre_create_view, name="create"),
    path("<int:pk>/", views.cadre_detail_view, name="detail"),
    path("<int:pk>/edit/", views.cadre_edit_view, name="edit"),
    path("<int:pk>/photo.jpg", views.cadre_photo_view, name="photo"),
    path("<int:pk>/reveal/", views.cadre_reveal_view, name="reveal"),
    path("<int:pk>/ranks/new/", views.rank_add_view, name="rank_add"),
    path("<int:pk>/tenures/new/", views.tenure_add_view, name="tenure_add"),
    path("<int:pk>/tenures/<int:record_pk>/end/", views.tenure_end_view, name="tenure_end"),
    path("<int:pk>/<str:kind>/new/", views.record_save_view, name="record_add"),
    path("<int:pk>/<str:kind>/<int:record_pk>/", views.record_save_view, name="record_edit"),
    path(
        "<int:pk>/<str:kind>/<int:record_pk>/delete/",
        views.record_delete_view,
        name="record_delete",
    ),
]
