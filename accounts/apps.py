from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (registers the role → group sync)
