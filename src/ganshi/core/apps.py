from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ganshi.core"
    label = "core"

    def ready(self) -> None:
        # Registers the deployment checks of `ganshi check --deploy`.
        from ganshi.core import checks  # noqa: F401
