from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "ganshi.supervision"
    label = "supervision"
