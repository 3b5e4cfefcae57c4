"""Reads for the account page: a fixed number of queries whatever the account's history size."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max
from django.urls import NoReverseMatch, reverse

from accounts import selectors as account_selectors
from accounts.book import columns
from accounts.engine.multithreading import ContactThread, Multithreading, multithreading
from accounts.models import (
    Account,
    AccountProduct,
    Contact,
    ContactRole,
    ContactStatus,
    Note,
    NoteKind,
    SegmentMembership,
    TimelineEvent,
    TimelineEventType,
)
from accounts.segments.selectors import open_segments_for

# The areas whose panel the page pulls in with htmx (ARCHITECTURE.md "assembled from panels").
PANEL_AREAS = ("billing", "health", "crosssell", "quota", "revops")
TIMELINE_LIMIT = 50


def account_for_page(pk: int) -> Account:
    return Account.objects.select_related(
        "owner__team", "overlay_tam", "account_executive", "onboarding_specialist"
    ).get(pk=pk)


def panel_slots(account: Account) -> list[dict[str, str]]:
    """One slot per area whose `<area>:account_panel` URL exists; none for an area not built yet,
    so no placeholder outlives its area."""
    slots = []
    for area in PANEL_AREAS:
        try:
            url = reverse(f"{area}:account_panel", args=[account.pk])
        except NoReverseMatch:
            continue
        slots.append({"area": area, "url": url})
    return slots


@dataclass(frozen=True)
class Header:
    segments: list[SegmentMembership]
    health: columns.Cell
    am_managed_by: list[str]
    in_leads_of: list[str]


def header(account: Account) -> Header:
    status = account_selectors.account_book_status(account)
    cells = columns.load([account.pk], [columns.BY_KEY["health_band"]])[account.pk]
    return Header(
        segments=open_segments_for([account.pk])[account.pk],
        health=cells["health_band"],
        am_managed_by=[str(m.tam) for m in status.book_memberships],
        in_leads_of=[str(m.tam) for m in status.lead_memberships],
    )


@dataclass
class ContactRow:
    contact: Contact
    last_inbound_at: datetime | None = None
    last_outbound_at: datetime | None = None
    is_active_user: bool = False

    @property
    def role_labels(self) -> list[str]:
        labels = dict(ContactRole.choices)
        return [str(labels.get(role, role)) for role in self.contact.roles]


@dataclass
class Contacts:
    rows: list[ContactRow] = field(default_factory=list)
    threads: Multithreading | None = None


def contacts(account: Account, as_of: date) -> Contacts:
    """Contacts with their derived last inbound / outbound (§1.3) and multithreading; 2 queries."""
    rows = {c.pk: ContactRow(c, is_active_user=c.is_active_user(as_of))
            for c in Contact.objects.filter(account=account).order_by("status", "name")}
    through = Note.contacts.through
    last = (
        through.objects.filter(contact_id__in=list(rows), note__direction__in=["inbound", "outbound"])
        .values("contact_id", "note__direction")
        .annotate(at=Max("note__occurred_at"))
    )
    for item in last:
        row = rows[item["contact_id"]]
        if item["note__direction"] == "inbound":
            row.last_inbound_at = item["at"]
        else:
            row.last_outbound_at = item["at"]
    threads = multithreading(
        (
            ContactThread(
                roles=frozenset(r.contact.roles),
                last_inbound_on=r.last_inbound_at.date() if r.last_inbound_at else None,
                active=r.contact.status == ContactStatus.ACTIVE,
            )
            for r in rows.values()
        ),
        as_of,
    )
    return Contacts(list(rows.values()), threads)


def products(account: Account) -> list[AccountProduct]:
    return list(AccountProduct.objects.filter(account=account).order_by("-paying", "product_key"))


# --- timeline (§1.9): notes and events merged, newest first, filterable by kind ---------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "note" | "event"
    label: str
    note: Note | None = None
    event: TimelineEvent | None = None


TIMELINE_FILTERS: list[tuple[str, str]] = [
    ("", "Everything"),
    ("notes", "All notes"),
    ("events", "All events"),
    *[(f"note:{value}", f"Note · {label}") for value, label in NoteKind.choices],
    *[(f"event:{value}", f"Event · {label}") for value, label in TimelineEventType.choices],
]
_FILTER_VALUES = {value for value, _ in TIMELINE_FILTERS}


def timeline(account: Account, kind: str = "", limit: int = TIMELINE_LIMIT) -> list[TimelineEntry]:
    """Two queries (plus one for the notes' contacts) for any history length."""
    kind = kind if kind in _FILTER_VALUES else ""
    entries: list[TimelineEntry] = []
    if kind in ("", "notes") or kind.startswith("note:"):
        notes = Note.objects.filter(account=account).select_related("author").prefetch_related("contacts")
        if kind.startswith("note:"):
            notes = notes.filter(kind=kind.removeprefix("note:"))
        entries += [
            TimelineEntry(n.occurred_at, "note", n.get_kind_display(), note=n)
            for n in notes.order_by("-occurred_at", "-id")[:limit]
        ]
    if kind in ("", "events") or kind.startswith("event:"):
        events = TimelineEvent.objects.filter(account=account).select_related("actor")
        if kind.startswith("event:"):
            events = events.filter(type=kind.removeprefix("event:"))
        entries += [
            TimelineEntry(e.at, "event", e.get_type_display(), event=e)
            for e in events.order_by("-at", "-id")[:limit]
        ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
