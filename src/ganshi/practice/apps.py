from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "ganshi.practice"
    label = "practice"
