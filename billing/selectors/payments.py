"""Late payments, for health's payment signals (issue 17)."""



# --- late payments, for health's payment signals (health.md L-1, L-2, D-26; billing.md B-34,
# B-35, D-22). Added by the health issue, at the end so billing's own edits merge cleanly.

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal


@dataclass(frozen=True)
class LatePaymentFacts:
    account_id: int
    payment_late: bool = False  # L-1 / B-34: an invoiced (credit-based) invoice past due, unpaid
    late_day0: date | None = None  # due_date + 1 of the oldest such invoice
    payg_failed_attempts: int = 0  # L-2 / B-35: failed automatic attempts on an unpaid invoice, 0-4
    payg_day0: date | None = None  # the first failed attempt (D-22)
    # The first logged dunning outreach (an outreach logged on the case, or step 1 marked done),
    # for health D-11 `payment_failed_unresponsive`. None while nobody has reached out.
    dunning_outreach_on: date | None = None
    invoices: tuple[str, ...] = ()  # the late/failing invoices, by number or Stripe id
    # From the account's DunningCase relevant on as_of (issue 20; billing.md B-34…B-39): the
    # latest case with day 0 ≤ as_of that was not resolved before as_of. None/0 without one.
    dunning_case_id: int | None = None
    dunning_status: str | None = None  # OPEN, PAUSED, RESOLVED, CANCELLED
    plan_kind: str | None = None  # CREDIT_BASED or PAYG (B-34 / B-35)
    dunning_day0: date | None = None  # the case's day 0 (D-22, health D-26)
    dunning_step: int = 0  # 0-5: the highest step due by as_of (B-37)
    access_suspended_on: date | None = None  # step 3 done on or before as_of (L-4 access_suspended)
    subscription_cancelled_on: date | None = None  # step 5 confirmed on or before as_of (L-4)
    missed_periods: int = 0  # consecutive missed payment periods (B-39, D-23; L-5)
    advance_payment_required: Decimal | None = None  # 3 x typical monthly once missed_periods ≥ 3

    @property
    def day0(self) -> date | None:
        days = [d for d in (self.late_day0, self.payg_day0) if d is not None]
        return min(days) if days else None


PAYG_MAX_ATTEMPTS = 4  # "After 4 failed payments we will stop attempting" (B-35)


def late_payment_facts(account_ids: Iterable[int], as_of: date) -> dict[int, LatePaymentFacts]:
    """Account id → its late-payment facts as of `as_of`; accounts with nothing late are missing.

    Day 0 (health.md D-26, billing.md D-22): credit-based (`send_invoice`) = due_date + 1 while
    amount_remaining > 0; pay-as-you-go (`charge_automatically`) = the first failed attempt. An
    invoice counts while unpaid on `as_of` (open now, or paid after it). Two queries for any
    number of accounts.
    """
    from django.db.models import Q

    from ..models import CollectionMethod, Invoice, InvoiceStatus, PaymentAttempt

    ids = list(dict.fromkeys(account_ids))
    end_of_day = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    unpaid = (
        Invoice.objects.filter(stripe_customer__billing_customer__account_id__in=ids)
        .filter(Q(status=InvoiceStatus.OPEN) | Q(status=InvoiceStatus.PAID, paid_at__gte=end_of_day))
        .filter(created__lt=end_of_day, amount_remaining__gt=0)
        .values_list("pk", "stripe_customer__billing_customer__account_id", "number", "stripe_id",
                     "collection_method", "due_date")
    )
    late: dict[int, list[tuple[date, str]]] = {}
    auto: dict[int, tuple[int, str]] = {}
    for pk, account_id, number, stripe_id, method, due_date in unpaid:
        label = number or stripe_id
        if method == CollectionMethod.SEND_INVOICE:
            if due_date is not None and due_date + timedelta(days=1) <= as_of:
                late.setdefault(account_id, []).append((due_date + timedelta(days=1), label))
        else:
            auto[pk] = (account_id, label)
    failures: dict[int, dict[int, list[date]]] = {}
    if auto:
        attempts = PaymentAttempt.objects.filter(
            invoice_id__in=list(auto), succeeded=False, attempted_at__lt=end_of_day
        ).values_list("invoice_id", "attempted_at")
        for invoice_id, attempted_at in attempts:
            account_id = auto[invoice_id][0]
            failures.setdefault(account_id, {}).setdefault(invoice_id, []).append(attempted_at.date())
    cases = _dunning_cases(ids, as_of)
    result: dict[int, LatePaymentFacts] = {}
    for account_id in ids:
        overdue = sorted(late.get(account_id, []))
        failing = failures.get(account_id, {})
        case = cases.get(account_id, {})
        if not overdue and not failing and not case:
            continue
        worst = max(failing.values(), key=len, default=[])
        labels = [label for _, label in overdue] + [auto[pk][1] for pk in sorted(failing)]
        result[account_id] = LatePaymentFacts(
            account_id=account_id,
            payment_late=bool(overdue),
            late_day0=overdue[0][0] if overdue else None,
            payg_failed_attempts=min(len(worst), PAYG_MAX_ATTEMPTS),
            payg_day0=min((d for days in failing.values() for d in days), default=None),
            invoices=tuple(labels),
            **case,
        )
    return result


def _dunning_cases(ids: list[int], as_of: date) -> dict[int, dict]:
    """Account id → the DunningCase facts relevant on `as_of`, in one query (issue 20)."""
    from django.db.models import Max, Min, OuterRef, Q, Subquery

    from ..models import DunningCase, DunningEvent, DunningStep

    if not ids:
        return {}
    start = datetime.combine(as_of, time.min, tzinfo=UTC)
    end_of_day = start + timedelta(days=1)
    step = (
        DunningStep.objects.filter(case=OuterRef("pk"), due_on__lte=as_of)
        .values("case").annotate(top=Max("step")).values("top")
    )
    outreach = (
        DunningEvent.objects.filter(case=OuterRef("pk"), kind="outreach", on__lte=as_of)
        .values("case").annotate(first=Min("on")).values("first")
    )
    step1 = DunningStep.objects.filter(case=OuterRef("pk"), step=1, done_at__lt=end_of_day).values(
        "done_at"
    )[:1]
    rows = (
        DunningCase.objects.filter(billing_customer__account_id__in=ids, day0__lte=as_of)
        .exclude(Q(status="RESOLVED") & Q(resolved_at__lt=start))
        .annotate(as_of_step=Subquery(step), first_outreach=Subquery(outreach), step1_done=Subquery(step1))
        .order_by("day0", "pk")
        .values_list(
            "billing_customer__account_id", "pk", "status", "plan_kind", "day0", "as_of_step", "suspended_on",
            "cancelled_on", "consecutive_missed_periods", "advance_payment_required", "first_outreach",
            "step1_done",
        )
    )
    found: dict[int, dict] = {}
    for (account_id, pk, status, kind, day0, step_no, suspended, cancelled, missed, advance, first,
         step1_done) in rows:
        contacted = [d for d in (first, step1_done.date() if step1_done else None) if d is not None]
        found[account_id] = {  # the latest case wins (ordered by day 0)
            "dunning_case_id": pk,
            "dunning_status": status,
            "plan_kind": kind,
            "dunning_day0": day0,
            "dunning_step": step_no or 0,
            "access_suspended_on": suspended if suspended and suspended <= as_of else None,
            "subscription_cancelled_on": cancelled if cancelled and cancelled <= as_of else None,
            "missed_periods": missed,
            "advance_payment_required": advance,
            "dunning_outreach_on": min(contacted) if contacted else None,
        }
    return found
