from django.urls import path

from ganshi.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("verify/", views.chain_verify, name="verify"),
]
