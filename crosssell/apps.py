from django.apps import AppConfig


class CrosssellConfig(AppConfig):
    name = "crosssell"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (J-2: a contact change recomputes its account)
