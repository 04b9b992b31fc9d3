from django.urls import path

from ganshi.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("structure.xlsx", views.home_export, name="home_export"),
]
