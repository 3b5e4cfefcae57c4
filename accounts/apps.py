from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and accounts"

    def ready(self) -> None:
        import logging

        from django.conf import settings

        # Logging is configured by now (it is not while settings import), so the mode shows.
        logging.getLogger("tambook").info("tambook runtime mode: %s", settings.RUNTIME_MODE)
        from . import signals  # noqa: F401  (registers the role → group sync)
        from .segments import signals as segment_signals  # issue 16: membership events

        segment_signals.connect()

        from .health import receivers, tasks  # noqa: F401  (health tasks live outside accounts.tasks)

        receivers.connect()  # issue 17: inputs changed → recompute that account's health
