from django.apps import AppConfig


class QuotaConfig(AppConfig):
    name = "quota"

    def ready(self) -> None:
        from . import signals

        signals.connect()  # billing invoice changes → a quota recompute on commit
