"""Reads for people and alerts."""

from django.db.models import QuerySet

from .models import Notification, User


def notifications_for(*, user: User, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read=False).count()


def notification_inbox(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
