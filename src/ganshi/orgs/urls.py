from django.urls import path

from ganshi.orgs import views

app_name = "orgs"
urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", views.unit_children, name="unit_children"),
    path("units/<int:pk>/quotas/", views.quota_set, name="quota_set"),
    path("units/<int:pk>/posts/", views.post_create, name="post_create"),
    path("party/", views.party_tree, name="party_tree"),
    path("party/<int:pk>/", views.party_detail, name="party_detail"),
    path("party/<int:pk>/children/", views.party_children, name="party_children"),
]
