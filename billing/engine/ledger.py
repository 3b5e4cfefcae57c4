"""The credit ledger: which grant each invoice drew on, and what is left (B-22, D-11, D-12).

contracts.md credits §2 and decision 1: a grant is on the balance from `starts_on` until
`expires_at`; an invoice takes credit when it finalizes at `period_end`, from the grants with
starts_on < period_end ≤ expires_at, in D-11 order (expires_at ascending, no expiry last; then
starts_on; then list order). On one day invoices are charged before that day's expiries and
before grants starting that day, so a term's credit covers the term's last period.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .money import ZERO

PENDING, APPLIED, EXHAUSTED, EXPIRED = "PENDING", "APPLIED", "EXHAUSTED", "EXPIRED"


@dataclass(frozen=True)
class LedgerGrant:
    key: Hashable
    kind: str
    amount: Decimal
    starts_on: date
    expires_at: date | None = None


@dataclass(frozen=True)
class LedgerInvoice:
    """What an invoice asks of the balance: `due` = after_cn (B-3), drawn on `period_end`."""

    key: Hashable
    period_end: date
    due: Decimal


@dataclass(frozen=True)
class Draw:
    grant: Hashable
    invoice: Hashable
    on: date
    amount: Decimal


@dataclass(frozen=True)
class GrantState:
    grant: LedgerGrant
    consumed: Decimal
    status: str
    remaining: Decimal
    expired: Decimal

    @property
    def left(self) -> Decimal:
        """amount - consumed: what the grant still had, whether or not it has expired."""
        return self.grant.amount - self.consumed


@dataclass(frozen=True)
class LedgerResult:
    grants: tuple[GrantState, ...]
    credits_applied: dict[Hashable, Decimal]  # invoice key → credit it drew (D-11)
    draws: tuple[Draw, ...] = field(default_factory=tuple)

    @property
    def available(self) -> Decimal:
        """D-12: Σ remaining of the grants on the balance on as_of (= APPLIED ones)."""
        return sum((g.remaining for g in self.grants if g.status == APPLIED), ZERO)

    def left_after(self, grant_key: Hashable, day: date) -> Decimal:
        """A grant's credit left after the invoices charged on or before `day`."""
        state = next(g for g in self.grants if g.grant.key == grant_key)
        drawn = sum((d.amount for d in self.draws if d.grant == grant_key and d.on <= day), ZERO)
        return state.grant.amount - drawn


def draw_order(grant: LedgerGrant, position: int) -> tuple:
    """D-11: expires_at ascending (no expiry last), then starts_on, then list order."""
    return (grant.expires_at is None, grant.expires_at or date.max, grant.starts_on, position)


def on_balance_for(grant: LedgerGrant, period_end: date) -> bool:
    """starts_on < period_end ≤ expires_at: credit added on a period boundary starts next period."""
    return grant.starts_on < period_end and (grant.expires_at is None or period_end <= grant.expires_at)


def run_ledger(grants: Sequence[LedgerGrant], invoices: Sequence[LedgerInvoice], as_of: date) -> LedgerResult:
    """Charge the invoices in period_end order (stable) and state every grant on `as_of`."""
    left = {index: grant.amount for index, grant in enumerate(grants)}
    ordered = sorted(range(len(grants)), key=lambda i: draw_order(grants[i], i))
    applied: dict[Hashable, Decimal] = {}
    draws: list[Draw] = []
    for invoice in sorted(invoices, key=lambda inv: inv.period_end):
        need = max(invoice.due, ZERO)
        taken = ZERO
        for index in ordered:
            if need <= 0:
                break
            grant = grants[index]
            if left[index] <= 0 or not on_balance_for(grant, invoice.period_end):
                continue
            amount = min(need, left[index])
            left[index] -= amount
            need -= amount
            taken += amount
            draws.append(Draw(grant.key, invoice.key, invoice.period_end, amount))
        applied[invoice.key] = applied.get(invoice.key, ZERO) + taken
    states = tuple(_state(grant, grant.amount - left[i], as_of) for i, grant in enumerate(grants))
    return LedgerResult(states, applied, tuple(draws))


def _state(grant: LedgerGrant, consumed: Decimal, as_of: date) -> GrantState:
    """contracts.md §2 statuses, checked in this order."""
    rest = grant.amount - consumed
    if grant.starts_on > as_of:
        return GrantState(grant, consumed, PENDING, grant.amount, ZERO)
    if rest <= 0:
        return GrantState(grant, consumed, EXHAUSTED, ZERO, ZERO)
    if grant.expires_at is not None and grant.expires_at <= as_of:
        return GrantState(grant, consumed, EXPIRED, ZERO, rest)
    return GrantState(grant, consumed, APPLIED, rest, ZERO)
