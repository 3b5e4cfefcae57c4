"""Writes for people and alerts. Each service owns its transaction; side effects run on commit."""

import logging
from functools import partial

import requests
from django.conf import settings
from django.db import transaction

from .models import Notification, User

log = logging.getLogger(__name__)


def notify(
    *,
    recipient: User,
    kind: str,
    text: str,
    link: str = "",
    account=None,
    acting_user: User | None = None,
) -> Notification:
    """Every alert goes through here: an in-app Notification row, and Slack when configured.

    `account` is accepted now so callers never change; the Domain model adds the FK it fills.
    """
    if not kind:
        raise ValueError("kind: a notification needs a kind")
    if not text:
        raise ValueError("text: a notification needs text")
    with transaction.atomic():
        fields = {"recipient": recipient, "kind": kind, "text": text, "link": link}
        if account is not None and hasattr(Notification, "account"):
            fields["account"] = account
        notification = Notification.objects.create(**fields)
        if settings.SLACK_WEBHOOK_URL:
            transaction.on_commit(lambda: _post_to_slack(notification))
    return notification


def notify_many(*, notifications: list[Notification]) -> list[Notification]:
    """`notify` for a batch job's alerts: one INSERT however many (a chunk's queries stay fixed),
    then each is posted to Slack on commit, as `notify` does."""
    for notification in notifications:
        if not notification.kind or not notification.text:
            raise ValueError("kind, text: a notification needs both")
    if not notifications:
        return []
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        if settings.SLACK_WEBHOOK_URL:
            for notification in created:
                transaction.on_commit(partial(_post_to_slack, notification))
    return created


def _post_to_slack(notification: Notification) -> None:
    url = notification.link
    if url.startswith("/"):
        url = settings.SITE_URL.rstrip("/") + url
    body = f"*{notification.kind}* for {notification.recipient}: {notification.text}"
    if url:
        body += f" <{url}|open>"
    try:
        response = requests.post(settings.SLACK_WEBHOOK_URL, json={"text": body}, timeout=5)
        response.raise_for_status()
    except requests.RequestException:
        # The in-app row is the record; a Slack outage must not undo or block it.
        log.exception("Slack webhook failed for notification %s", notification.pk)


def notification_mark_read(*, notification: Notification, acting_user: User) -> None:
    if notification.recipient_id != acting_user.pk:
        raise PermissionError("notification: only its recipient may mark it read")
    Notification.objects.filter(pk=notification.pk).update(read=True)


def notifications_mark_all_read(*, acting_user: User) -> int:
    return Notification.objects.filter(recipient=acting_user, read=False).update(read=True)


def contact_org_owner_set(*, contact, is_org_owner: bool, acting_user: User | None):
    """A TAM marks who owns the customer's PostHog org (crosssell.md; issue 18), with history,
    until the usage feed carries it (cross-sell recomputes the account on commit, J-2)."""
    with transaction.atomic():
        contact.is_org_owner = is_org_owner
        contact.save(update_fields=["is_org_owner"])
    return contact


def account_company_tags_set(*, account, tags: list[str], acting_user: User | None):
    """A TAM edits the enrichment tags ("AI", "LLM", "ML" … crosssell.md `ai_signal`), with
    history (issue 18)."""
    cleaned = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if any(len(t) > 40 for t in cleaned):
        from django.core.exceptions import ValidationError

        raise ValidationError({"company_tags": ["A tag has at most 40 characters."]})
    with transaction.atomic():
        account.company_tags = cleaned
        account.save(update_fields=["company_tags"])
        from crosssell.pipeline import recompute_account_on_commit  # crosssell sits right of accounts

        recompute_account_on_commit(account.pk)
    return account
