from django.apps import AppConfig

PUBLIC_PREFIX = "/report/"


class SupervisionConfig(AppConfig):
    name = "ganshi.supervision"
    label = "supervision"

    def ready(self) -> None:
        # The public reporting pages need no login. The login middleware keeps its list
        # of open prefixes in accounts.middleware; the pages are registered there from
        # here so that the list names them while the app is installed.
        from ganshi.accounts import middleware

        if PUBLIC_PREFIX not in middleware.OPEN_PREFIXES:
            middleware.OPEN_PREFIXES = (*middleware.OPEN_PREFIXES, PUBLIC_PREFIX)
