from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ganshi.web"
    label = "web"
