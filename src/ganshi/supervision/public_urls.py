"""The public reporting pages (no login): /report/ and /report/follow/."""

from django.urls import path

from ganshi.supervision import public_views

app_name = "report"
urlpatterns = [
    path("", public_views.submit_view, name="submit"),
    path("follow/", public_views.follow_view, name="follow"),
]
