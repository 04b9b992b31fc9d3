from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "ganshi.training"
    label = "training"
