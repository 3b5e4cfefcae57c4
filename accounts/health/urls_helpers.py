"""Links the pipeline puts in alerts (kept apart so the pipeline needs no view imports)."""

from django.urls import reverse


def account_health_link(account_id: int) -> str:
    return reverse("health:account", args=[account_id])
