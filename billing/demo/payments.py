"""How each invoice ended up by as_of: paid, awaiting payment, late (dunning) or refunded.

Cards are charged an hour after finalization and retried on Stripe's schedule, 4 attempts at
most (B-35); invoiced (Net 30) customers pay by bank transfer before the due date unless the
story picks them as late payers (B-34). Refunds are credit notes on paid invoices (B-46).
"""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from .state import AUTO, CENT, ENTERPRISE, SEND, ZERO, Attempt, PlannedInvoice, Refund, StoryState

RETRY_DAYS = (0, 3, 5, 7)
CARD_FAILURES = ("Your card was declined.", "Your card has insufficient funds.", "Your card has expired.")
CHARGE_AFTER = timedelta(hours=1)
PAYG = ("PAID", "LEGACY", "STARTUP")


def _first_charge(inv: PlannedInvoice):
    return inv.finalized_at + CHARGE_AFTER


def settle(st: StoryState) -> None:
    cal, rng = st.cal, st.rng
    for inv in st.invoices:
        if inv.settled:
            continue
        if inv.due == 0:
            # Fully covered by the balance: Stripe marks it paid at finalization, no charge.
            inv.paid_at = inv.finalized_at
            continue
        if inv.collection == AUTO:
            first = _first_charge(inv)
            if rng.random() < 0.015:
                failures = rng.randint(1, 2)
                success = first + timedelta(days=RETRY_DAYS[failures])
                if cal.happened(success):
                    inv.attempts = [
                        Attempt(first + timedelta(days=RETRY_DAYS[n]), False, rng.choice(CARD_FAILURES))
                        for n in range(failures)
                    ]
                    inv.attempts.append(Attempt(success, True))
                    inv.paid_at = success
                    st.tags.add("B-38")  # a failed payment, then paid: the case resolves
                    continue
            if cal.happened(first):
                inv.attempts = [Attempt(first, True)]
                inv.paid_at = first
            else:
                inv.status, inv.next_attempt = "open", first
        else:
            paid = inv.finalized_at + timedelta(days=rng.randint(3, 29), hours=14)
            if cal.happened(paid):
                inv.attempts = [Attempt(paid, True)]
                inv.paid_at = paid
            else:
                inv.status = "open"


def _leave_unpaid(inv: PlannedInvoice) -> None:
    inv.status, inv.paid_at, inv.attempts, inv.next_attempt = "open", None, [], None


def plan_dunning(st: StoryState) -> None:
    """A few live customers are late right now: they are what the dunning pages work on."""
    if st.story.churn_month is not None:
        return
    roll = st.rng.random()
    # Half the invoiced customers who can be late (an unsettled invoice past its due date) are.
    if st.configuration in ENTERPRISE and _overdue(st) and roll < 0.5:
        _credit_based_late(st)
    elif st.configuration in PAYG and roll < 0.07:
        _payg_failing(st)


def _payg_failing(st: StoryState) -> None:
    """Card payments failing on the latest invoices: day 0 is the first failure (D-22)."""
    cal, rng = st.cal, st.rng
    last = cal.months - 1
    latest = [inv for inv in st.invoices if inv.month == last and inv.collection == AUTO and inv.due > 0]
    if not latest:
        return
    party = max(latest, key=lambda inv: inv.due).party
    mine = {inv.month: inv for inv in st.invoices if inv.party is party and inv.purpose == "USAGE"}
    wanted = rng.choices((1, 2, 3), weights=(70, 18, 12))[0]
    chain = []
    for month in range(last, last - wanted, -1):
        inv = mine.get(month)
        if inv is None or inv.collection != AUTO or inv.due == 0:
            break
        chain.append(inv)
    message = rng.choice(CARD_FAILURES)
    for inv in chain:
        tries = 4 if inv.month < last else rng.randint(1, 4)
        _leave_unpaid(inv)
        first = _first_charge(inv)
        for n in range(tries):
            at = first + timedelta(days=RETRY_DAYS[n])
            if not cal.happened(at):
                inv.next_attempt = at
                break
            inv.attempts.append(Attempt(at, False, message))
        else:
            inv.next_attempt = first + timedelta(days=RETRY_DAYS[tries]) if tries < 4 else None
    for route in st.routes:
        if route.party is party:
            route.status = "past_due"
    st.tags |= {"L-2", "B-35"}
    if len(chain) >= 3:
        st.tags |= {"L-5", "B-39"}


def _overdue(st: StoryState) -> list[PlannedInvoice]:
    """Unsettled invoiced (send_invoice) amounts past their due date, the first credit payment
    excepted: what a credit-based customer can be late on."""
    payments = (inv for inv in st.invoices if inv.purpose == "CREDIT_PURCHASE")
    first_payment = min(payments, key=lambda inv: inv.created, default=None)
    return [
        inv for inv in st.invoices
        if inv.collection == SEND and inv.due > 0 and not inv.settled and inv is not first_payment
        and inv.due_date is not None and inv.due_date < st.cal.as_of
    ]


def _credit_based_late(st: StoryState) -> None:
    """Invoiced customers whose due date has passed, credits left or not (B-34, L-1)."""
    rng = st.rng
    overdue = _overdue(st)
    if not overdue:
        return
    # The amortized credits customer is the usual late payer: its invoice is due every month.
    party = max(overdue, key=lambda inv: (inv.party.role == "CREDITS", inv.created)).party
    mine = sorted((inv for inv in overdue if inv.party is party), key=lambda inv: inv.created, reverse=True)
    late = mine[: rng.choices((1, 2, 3), weights=(65, 20, 15))[0]]
    oldest = late[-1].created
    for inv in st.invoices:
        if inv.party is party and inv.created >= oldest and inv.due > 0 and not inv.settled:
            _leave_unpaid(inv)
    st.tags |= {"L-1", "B-34"}
    months = sorted(inv.month for inv in late)
    if len(late) >= 3 and months[-1] - months[0] == len(late) - 1:
        st.tags |= {"L-5", "B-39"}


def plan_refunds(st: StoryState) -> None:
    """Credit notes on paid pay-as-you-go invoices: spike refunds and the odd duplicate charge.

    The last full month is left alone: the account's MRR is read from it before any recompute.
    """
    if st.configuration not in PAYG:
        return
    story, cal, rng = st.story, st.cal, st.rng
    paid = [
        inv for inv in st.invoices
        if inv.status == "paid" and inv.purpose == "USAGE" and inv.applied == 0 and inv.due > 0
        and inv.month < cal.months - 1
    ]
    if not paid:
        return
    if story.trajectory == "spiky" and rng.random() < 0.6:
        spike = max(paid, key=lambda inv: inv.total)
        before = [story.monthly_total(m) for m in range(max(0, spike.month - 3), spike.month)]
        baseline = sum(before, ZERO) / len(before) if before else ZERO
        excess = story.monthly_total(spike.month) - baseline
        if excess < spike.total * Decimal("0.3"):
            return
        amount = min(spike.total, excess * Decimal(str(round(rng.uniform(0.5, 1.0), 2)))).quantize(CENT)
        _refund(st, spike, amount, "product_unsatisfactory")
    elif rng.random() < 0.015:
        inv = rng.choice(paid)
        _refund(st, inv, min(line.net for line in inv.lines), "duplicate")


def _refund(st: StoryState, inv: PlannedInvoice, amount: Decimal, reason: str) -> None:
    if inv.paid_at is None or amount <= 0:
        return
    created = inv.paid_at + timedelta(days=st.rng.randint(3, 20), hours=3)
    if not st.cal.happened(created):
        return
    # Issued per product (B-46): shares of each line's net, the cents left over where room remains.
    shares = [(amount * line.net / inv.total).quantize(CENT, ROUND_DOWN) for line in inv.lines]
    short = amount - sum(shares, ZERO)
    for i in sorted(range(len(shares)), key=lambda i: inv.lines[i].net - shares[i], reverse=True):
        room = min(short, inv.lines[i].net - shares[i])
        shares[i] += room
        short -= room
    inv.refund = Refund(amount - short, reason, created, shares)
    st.tags |= {"B-46", "B-3:credit_note"}
