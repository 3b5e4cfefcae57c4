"""Reads behind My book and the accounts list. Per page: a fixed number of queries whatever the
book size or the number of accounts (asserted in tests/accounts/test_book_queries.py)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from accounts import selectors as account_selectors
from accounts.engine import book as book_engine
from accounts.models import Account, LeadMembership, Role, SegmentMembership, User
from accounts.segments.selectors import open_segments_for

from . import columns

ZERO = Decimal("0")
OWNING_FIELDS = ("owner", "overlay_tam", "account_executive")  # §5 My Book: owned, overlaid, AE'd


class BookPart:
    AM_MANAGED = "am_managed"
    LEADS = "leads"
    OTHER = "other"
    LABELS = {AM_MANAGED: "AM Managed", LEADS: "Leads", OTHER: "Owned, overlay or AE"}


def account_list_queryset() -> QuerySet[Account]:
    return Account.objects.select_related("owner", "overlay_tam", "account_executive")


@dataclass(frozen=True)
class Book:
    user: User
    am_managed_ids: frozenset[int]
    lead_ids: frozenset[int]
    other_ids: frozenset[int]
    quarter_start_count: int

    @property
    def all_ids(self) -> frozenset[int]:
        return self.am_managed_ids | self.lead_ids | self.other_ids

    def ids_for(self, part: str) -> frozenset[int]:
        return {BookPart.AM_MANAGED: self.am_managed_ids, BookPart.LEADS: self.lead_ids}.get(
            part, self.other_ids
        )


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def book_of(user: User, *, as_of: date) -> Book:
    """The user's AM Managed (open quota BookMembership), Leads (open LeadMembership) and the
    other accounts they own, overlay or are AE on; an account sits in one part only. 3 queries."""
    from quota import selectors as quota_selectors  # quota sits right of accounts

    memberships = list(quota_selectors.open_book_for_tam(tam=user).values_list("account_id", "added_on"))
    am_managed = frozenset(account_id for account_id, _ in memberships)
    first_day = quarter_start(as_of)
    # D-8: AM Managed on the quarter's first day. Memberships end on a quarter's last day, so the
    # ones open now and added by then are exactly the ones the quarter started with.
    on_start = sum(1 for _, added_on in memberships if added_on <= first_day)
    leads = frozenset(
        LeadMembership.objects.filter(tam=user, closed_on__isnull=True).values_list("account_id", flat=True)
    ) - am_managed
    owning = Q()
    for name in OWNING_FIELDS:
        owning |= Q(**{name: user})
    other = frozenset(Account.objects.filter(owning).values_list("pk", flat=True)) - am_managed - leads
    return Book(user, am_managed, leads, other, on_start)


def book_header(book: Book) -> book_engine.BookHeader:
    """Counts against the caps (§1.5, D-8, D-9): one query."""
    arr = dict(Account.objects.filter(pk__in=book.all_ids).values_list("pk", "arr"))
    owned = Account.objects.filter(owner=book.user).values_list("arr", flat=True)
    owned_arr = [value for value in owned]
    return book_engine.book_header(
        role=book.user.role,
        am_managed_count=len(book.am_managed_ids),
        am_managed_arr=sum((arr.get(pk, ZERO) for pk in book.am_managed_ids), ZERO),
        leads_count=len(book.lead_ids),
        owned_count=len(owned_arr),
        owned_arr=sum(owned_arr, ZERO),
        am_managed_on_quarter_start=book.quarter_start_count,
    )


def book_members_for(user: User) -> list[User]:
    """Whose books the member switcher lists: a team lead's team, everyone frontline for a sales
    manager (or RevOps admin); nobody for others (they can still open any book by URL, D-26)."""
    frontline = [Role.TAM, Role.CSM, Role.CSE, Role.TAE]
    if user.role in (Role.SALES_MANAGER, Role.REVOPS_ADMIN):
        return list(User.objects.filter(is_active=True, role__in=frontline).order_by("name", "email"))
    if user.is_team_lead and user.team_id:
        return list(User.objects.filter(is_active=True, team_id=user.team_id).order_by("name", "email"))
    return []


# --- per-row extras for a page of accounts ---------------------------------------------------


@dataclass
class RowExtras:
    segments: list[SegmentMembership] = field(default_factory=list)
    core_products_paid: int = 0
    grace_until: date | None = None
    am_managed_by: list[str] = field(default_factory=list)
    cells: dict[str, columns.Cell] = field(default_factory=dict)

    @property
    def segment_labels(self) -> list[str]:
        return [m.segment.label for m in self.segments]


def row_extras(account_ids: Iterable[int], *, tam: User | None = None) -> dict[int, RowExtras]:
    """Everything a row shows beyond the Account's own fields, for one page of ids: segments,
    core products paid, grace-until and the other areas' columns. Fixed queries per page."""
    ids = list(dict.fromkeys(account_ids))
    segments = open_segments_for(ids)
    core = account_selectors.core_products_paid_for(ids)
    status = account_selectors.book_status_for(ids)
    cells = columns.load(ids)
    result: dict[int, RowExtras] = {}
    for account_id in ids:
        memberships = list(status[account_id].book_memberships)
        mine = [m for m in memberships if tam is not None and m.tam_id == tam.pk] or memberships
        result[account_id] = RowExtras(
            segments=segments[account_id],
            core_products_paid=core[account_id],
            grace_until=min((m.grace_until for m in mine), default=None),
            am_managed_by=[str(m.tam) for m in memberships],
            cells=cells[account_id],
        )
    return result
