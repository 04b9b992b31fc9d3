from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ganshi.accounts"
    label = "accounts"
