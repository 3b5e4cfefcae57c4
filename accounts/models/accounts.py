"""The customer account (accounts.md §1.2). Ownership fields are what permissions read."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class NewOwner(models.TextChoices):
    US_TAM = "US TAM", "US TAM"
    US_CSM = "US CSM", "US CSM"
    EU_TAM = "EU TAM", "EU TAM"
    EU_CSM = "EU CSM", "EU CSM"
    READY_TO_MOVE = "Ready to move", "Ready to move"


def _user_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class Account(models.Model):
    posthog_organization_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    owner = _user_fk("owned_accounts")
    overlay_tam = _user_fk("overlay_accounts")
    account_executive = _user_fk("executive_accounts")
    onboarding_specialist = _user_fk("onboarding_accounts")
    new_owner = models.CharField(max_length=16, choices=NewOwner.choices, blank=True)
    is_top_40 = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
