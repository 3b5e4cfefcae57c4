from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An in-app alert written by accounts.services.notify(), shown in the shell."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    account = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        help_text="The account the alert is about, if any.",
    )
    kind = models.CharField(max_length=64)
    text = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read", "-created_at"], name="notif_inbox")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}: {self.text[:40]}"
