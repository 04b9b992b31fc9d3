"""The public reporting pages (no login): /report/ and /report/follow/."""

from django.urls import path  # noqa: F401

app_name = "report"
urlpatterns: list = []
