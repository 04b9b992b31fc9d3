from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "ganshi.interchange"
    label = "interchange"
