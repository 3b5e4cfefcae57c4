"""Late payments, for health's payment signals (issue 17)."""



# --- late payments, for health's payment signals (health.md L-1, L-2, D-26; billing.md B-34,
# B-35, D-22). Added by the health issue, at the end so billing's own edits merge cleanly.

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class LatePaymentFacts:
    account_id: int
    payment_late: bool = False  # L-1 / B-34: an invoiced (credit-based) invoice past due, unpaid
    late_day0: date | None = None  # due_date + 1 of the oldest such invoice
    payg_failed_attempts: int = 0  # L-2 / B-35: failed automatic attempts on an unpaid invoice, 0-4
    payg_day0: date | None = None  # the first failed attempt (D-22)
    # The first dunning outreach (DunningStep 1 done). Billing's DunningCase does not exist yet,
    # so this stays None and `payment_failed_unresponsive` cannot hold (D-11).
    dunning_outreach_on: date | None = None
    invoices: tuple[str, ...] = ()  # the late/failing invoices, by number or Stripe id

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
    result: dict[int, LatePaymentFacts] = {}
    for account_id in ids:
        overdue = sorted(late.get(account_id, []))
        failing = failures.get(account_id, {})
        if not overdue and not failing:
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
        )
    return result
