from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ganshi.audit"
    label = "audit"
