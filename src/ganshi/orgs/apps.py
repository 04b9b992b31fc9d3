from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "ganshi.orgs"
    label = "orgs"
