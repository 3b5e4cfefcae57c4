"""Writes from the account page. Each checks the §1.1 matrix, owns its transaction, validates
before saving (nothing half-written) and records the actor in the object's history (D-26)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import (
    Account,
    Contact,
    ContactStatus,
    Note,
    TimelineEvent,
    TimelineEventType,
    User,
)

BUSINESS_INFO_FIELDS = (
    "description", "website", "hq_location", "hq_country", "business_type", "business_type_other",
    "business_model", "stage", "acquired_by", "funding", "last_funding_on", "investors",
    "employee_count", "key_products_services", "pricing",
)


def _require(user: User, permission: str, account: Account, what: str) -> None:
    if not user.has_perm(permission, account):
        raise PermissionDenied(f"You may not {what} on {account}.")


def account_business_info_update(*, account: Account, changes: dict, acting_user: User) -> Account:
    """§1.2 Business info, edited per the matrix (own / team / all / RevOps)."""
    _require(acting_user, "accounts.change_business_info", account, "edit business info")
    unknown = sorted(set(changes) - set(BUSINESS_INFO_FIELDS))
    if unknown:
        raise ValidationError({name: "not a business info field." for name in unknown})
    with transaction.atomic():
        locked = Account.objects.select_for_update().get(pk=account.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
    return locked


def contact_status_change(
    *, contact: Contact, status: str, acting_user: User, title: str | None = None
) -> Contact:
    """Mark a contact as left, changed role or active again; writes a `contact_status_changed`
    TimelineEvent (added to §1.9's enum by issue 16) so the change shows on the timeline."""
    account = contact.account
    _require(acting_user, "accounts.change_account_records", account, "change contacts")
    if status not in ContactStatus.values:
        raise ValidationError({"status": f"{status!r} is not one of {', '.join(ContactStatus.values)}."})
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        previous = (locked.status, locked.title)
        locked.status = status
        if title is not None:
            locked.title = title
        if (locked.status, locked.title) == previous:
            return locked
        locked.status_changed_on = timezone.localdate()
        locked.full_clean()
        locked._history_user = acting_user  # type: ignore[attr-defined]
        locked.save()
        TimelineEvent.objects.create(
            account=account, actor=acting_user, type=TimelineEventType.CONTACT_STATUS_CHANGED,
            payload={
                "contact_id": locked.pk, "contact": locked.name, "from": previous[0], "to": status,
                "title_from": previous[1], "title": locked.title,
            },
        )
    return locked


def note_add(
    *,
    account: Account,
    kind: str,
    direction: str,
    body: str,
    tags: list[str],
    acting_user: User,
    occurred_at: datetime | None = None,
    contacts: list[Contact] | None = None,
) -> Note:
    """§1.9 Note, written by the signed-in user as author."""
    _require(acting_user, "accounts.change_account_records", account, "add notes")
    contacts = contacts or []
    strangers = [c for c in contacts if c.account_id != account.pk]
    if strangers:
        raise ValidationError({"contacts": "a contact of another account."})
    note = Note(
        account=account, author=acting_user, kind=kind, direction=direction, body=body.strip(),
        tags=list(tags), occurred_at=occurred_at or timezone.now(),
    )
    note.full_clean()
    with transaction.atomic():
        note._history_user = acting_user  # type: ignore[attr-defined]
        note.save()
        if contacts:
            note.contacts.set(contacts)
    return note
