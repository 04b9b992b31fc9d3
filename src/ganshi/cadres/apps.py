from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "ganshi.cadres"
    label = "cadres"
