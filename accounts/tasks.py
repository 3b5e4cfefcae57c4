from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from config.locks import single_run

from .models import Notification


@shared_task(name="accounts.tasks.notifications_purge_read")
@single_run("notifications_purge_read")
def notifications_purge_read(older_than_days: int = 90) -> int:
    """Read notifications older than the window are dropped; unread ones stay forever."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Notification.objects.filter(read=True, created_at__lt=cutoff).delete()
    return deleted


@shared_task(name="accounts.tasks.ping")
def ping(value: int) -> dict:
    """A round-trip probe: the CI leg sends it through Redis to a real worker."""
    return {"pong": value, "at": timezone.now().isoformat()}


# Segment jobs live beside their services; importing them here lets autodiscovery find them.
from .segments.tasks import rank_top_40, refresh_account_segments, refresh_segments  # noqa: E402, F401
