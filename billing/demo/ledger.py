"""The credit ledger as rows: grants, the balance transactions behind them, and consumptions.

Every balance movement is a CustomerBalanceTransaction in Stripe's sign (a grant is negative,
an invoice drawing on it positive), replayed in time order so each carries the running
balance; the customer's balance is where the replay ends, and equals minus the remaining
credit of its applied grants (D-12).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from accounts.demo.story import AccountStory
from accounts.engine.calendar import add_months
from billing.models import CreditConsumption, CreditGrant, CustomerBalanceTransaction

from .calendar import midnight, synced_at
from .state import CENT, ZERO, Party, PlannedInvoice, StoryState, credit_term

EXPIRY_REMOVAL_AT = timedelta(minutes=30)  # D-21: 00:30 UTC on the end date
LOOKAHEAD_DAYS = 90  # health D-23: credit_expiring opens 90 days before expiry
ONE_TIME_REASONS = {  # reason → (weight, internal note); B-19 wants context on every one
    "first_big_bill": (4, "First invoice far above what they expected; credited as a goodwill gesture."),
    "unwanted_spike": (3, "Bot traffic spike on their marketing site, now filtered."),
    "trial_accommodation": (2, "Extended trial while they evaluate session replay; expires in 30 days."),
    "promo_credit": (2, "Conference promo code redeemed."),
    "incident_credit": (2, "Ingestion delays during the incident; credited per the status page."),
    "bug_credit": (1, "Double-counted events after an SDK bug; credited the overcharge."),
    "other": (1, "Agreed on the renewal call: credit for the migration effort."),
}


@dataclass(slots=True, eq=False)
class Grant:
    pk: int
    party: Party
    kind: str
    reason: str
    amount: Decimal
    remaining: Decimal
    starts_on: date
    applied_at: datetime
    expires_at: date | None
    status: str
    notes: str = ""
    link: str = ""
    purchase: int | None = None
    txn: str | None = None
    removal_txn: str | None = None


@dataclass(slots=True, eq=False)
class Movement:
    """One balance transaction: a grant made or removed, or an invoice drawing on the balance."""

    at: datetime
    party: Party
    type: str
    amount: Decimal
    description: str
    grant: Grant | None = None
    invoice: PlannedInvoice | None = None
    removal: bool = False


def write_ledger(st: StoryState) -> None:
    moves: list[Movement] = []
    grants: list[Grant] = []
    _contract_or_startup_grant(st, grants, moves)
    _one_time_grant(st, grants, moves)
    if not moves:
        return
    rows, seed, synced = st.rows, st.seed, st.cal.synced_at
    balances: dict[int, Decimal] = {}
    consumptions = []
    moves.sort(key=lambda move: move.at)
    for move in moves:
        party = move.party
        balance = balances[party.pk] = balances.get(party.pk, ZERO) + move.amount
        pk = rows.next_id(CustomerBalanceTransaction)
        txn = f"cbtxn_demo{seed}x{pk}"
        rows.add(CustomerBalanceTransaction, (
            pk, txn, party.pk, move.type, move.amount, balance,
            move.invoice.stripe_id if move.invoice else "", move.description, move.at, synced,
        ))
        if move.invoice is not None:
            consumptions.append((pk, move.invoice))
        elif move.grant is not None and move.removal:
            move.grant.removal_txn = txn
        elif move.grant is not None:
            move.grant.txn = txn
    for party in st.parties:
        party.balance = balances.get(party.pk, ZERO)
    created_by = (st.rows.ctx.cast.by_role.get("revops_admin") or [None])[0]
    for grant in grants:
        rows.add(CreditGrant, (
            grant.pk, st.story.account_id, grant.party.pk, grant.kind, grant.reason, grant.amount,
            grant.remaining, grant.starts_on, grant.applied_at, grant.expires_at, grant.purchase, grant.notes,
            grant.link, grant.status, grant.txn, grant.removal_txn,
            created_by if grant.kind == "ONE_TIME" else None, grant.applied_at,
        ))
    if consumptions:
        ledger_grant = grants[0]  # one contract or startup grant feeds every invoice (D-11)
        for txn_pk, inv in consumptions:
            rows.add(CreditConsumption, (rows.next_id(CreditConsumption), ledger_grant.pk, txn_pk, inv.pk,
                                         inv.applied))


def _contract_or_startup_grant(st: StoryState, grants: list[Grant], moves: list[Movement]) -> None:
    story, cal = st.story, st.cal
    party, term = st.credit_party, credit_term(story)
    if party is None or term is None:
        return
    first, end = term
    plan = story.credit
    starts_on = cal.starts[first]
    expires = add_months(starts_on, end - first)
    if plan is not None:
        kind, amount = "PREPAID_CONTRACT", plan.credit_amount
        # Applied when the purchase's (first) invoice is paid, not at signature (D-13).
        payment = min(
            (inv for inv in st.invoices if inv.purpose == "CREDIT_PURCHASE"), key=lambda inv: inv.created
        )
        applied_at = payment.paid_at or payment.finalized_at  # paid: its planner settled it
        description = f"Prepaid credits: {plan.term_months}-month order form"
        st.tags.add("B-24")
    elif story.startup_credit is not None:
        kind, amount = "STARTUP_PLAN", story.startup_credit
        applied_at = midnight(starts_on) + timedelta(hours=9)
        description = "Startup plan credits"
    else:
        return
    months = cal.months
    expired = end <= months
    left_at_end = story.credit_left[end - 1] if expired else ZERO
    remaining = ZERO if expired else story.credit_left[months - 1]
    if expired:
        status = "EXPIRED" if left_at_end > 0 else "EXHAUSTED"
    else:
        status = "APPLIED" if remaining > 0 else "EXHAUSTED"
    grant = Grant(
        st.rows.next_id(CreditGrant), party, kind, "", amount, remaining, starts_on, applied_at, expires,
        status, purchase=st.purchase_pk,
    )
    grants.append(grant)
    moves.append(Movement(applied_at, party, "adjustment", -amount, description, grant=grant))
    drawn = [inv for inv in st.invoices if inv.party is party and inv.applied > 0]
    moves.extend(
        Movement(inv.finalized_at, party, "applied_to_invoice", inv.applied, "", invoice=inv) for inv in drawn
    )
    if left_at_end > 0:
        # Non-renewal: what is left goes on the expiry date (B-33).
        moves.append(Movement(
            midnight(expires) + EXPIRY_REMOVAL_AT, party, "adjustment", left_at_end,
            "Unused credits removed at the end of the term", grant=grant, removal=True,
        ))
        st.tags.add("B-33")
    if drawn and kind == "STARTUP_PLAN":
        st.tags |= {"B-6", "B-22"}
    if not expired and status == "EXHAUSTED":
        st.tags.add("B-28")  # ran out before the term ends: CreditBot's case
    if not expired and (expires - cal.as_of).days <= LOOKAHEAD_DAYS:
        st.tags.add("L-6")


@dataclass(frozen=True)
class OneTimeCredit:
    amount: Decimal
    reason: str
    applied_at: datetime

    @property
    def day(self) -> date:
        return self.applied_at.date()


def one_time_credit(ctx, story: AccountStory) -> OneTimeCredit | None:
    """The one-time credit a live paying customer got this month, if any (a pure decision).

    Its own random stream, so accounts.demo can subtract it from `stripe_balance` (B-16)
    without rendering billing.
    """
    if story.configuration == "FREE" or story.churn_month is not None:
        return None
    rng = ctx.rng("billing", "one-time-credit", story.account_id)
    spiky = story.trajectory == "spiky"
    if rng.random() >= (0.35 if spiky else 0.04):
        return None
    names = list(ONE_TIME_REASONS)
    reason = "unwanted_spike" if spiky else rng.choices(names, [ONE_TIME_REASONS[n][0] for n in names])[0]
    share = Decimal(str(round(rng.uniform(0.1, 0.5), 2)))
    amount = max(Decimal("50"), (story.monthly_total(ctx.months - 1) * share).quantize(Decimal("1E1")))
    # After this month's invoices were finalized, before the mirror's last sync.
    month_start = midnight(ctx.as_of.replace(day=1))
    hours = int((synced_at(ctx.as_of) - month_start).total_seconds() // 3600) - 1
    applied_at = month_start + timedelta(hours=rng.randint(min(9, hours), hours))
    return OneTimeCredit(amount.quantize(CENT), reason, applied_at)


def _one_time_grant(st: StoryState, grants: list[Grant], moves: list[Movement]) -> None:
    """A few live customers got a one-time credit this month; their next invoice will use it."""
    credit = one_time_credit(st.rows.ctx, st.story)
    if credit is None:
        return
    reason, amount, day, applied_at = credit.reason, credit.amount, credit.day, credit.applied_at
    pk = st.rows.next_id(CreditGrant)
    grant = Grant(
        pk, st.credit_party or st.parties[0], "ONE_TIME", reason, amount, amount, day, applied_at,
        day + timedelta(days=30) if reason == "trial_accommodation" else None, "APPLIED",
        notes=ONE_TIME_REASONS[reason][1],
        link=f"https://posthoghelp.zendesk.com/agent/tickets/{st.seed % 100}{pk:06d}",
    )
    grants.append(grant)
    moves.append(
        Movement(applied_at, grant.party, "adjustment", -amount, f"One-time credit ({reason})", grant=grant)
    )
    st.tags |= {"B-17", "B-19"}
