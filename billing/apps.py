from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def check_stripe_writes_disabled() -> None:
    """B-67: until the Stripe gateway exists (the Stripe sync issue), every write is recorded as a
    pending StripeWriteTask; turning writes on now would promise writes nothing can make."""
    if getattr(settings, "STRIPE_WRITES_ENABLED", False):
        raise ImproperlyConfigured(
            "STRIPE_WRITES_ENABLED=true is refused: this build has no Stripe gateway yet; Stripe writes "
            "are recorded as pending tasks (billing.StripeWriteTask). Unset it or set it to false."
        )


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        check_stripe_writes_disabled()
