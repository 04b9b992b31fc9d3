from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ganshi.core"
    label = "core"

    def ready(self) -> None:
        # Registers the deployment checks of `ganshi check --deploy` and ``__prefix``.
        from ganshi.core import checks, lookups  # noqa: F401
