"""What both dunning jobs read: invoices as of a day, the B-36 role holders, who to alert."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q

from billing.engine.dunning_timeline import (
    DunningInvoice,
    plan_kind_of,
)
from billing.models import (
    DunningCase,
    Invoice,
    InvoiceStatus,
    PaymentAttempt,
)
from billing.models.dunning import LIVE_STATUSES

HISTORY_DAYS = 550  # D-23 looks back past the run of missed periods to 3 paid invoices
ALERT_KIND = "dunning"
UNPAID_STATUSES = (InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.UNCOLLECTIBLE)


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


@dataclass
class People:
    """B-36's fallbacks, loaded once per run: the `allocation_lead` and `cs_lead` holders."""

    allocation_leads: list[int] = field(default_factory=list)
    cs_leads: list[int] = field(default_factory=list)

    @classmethod
    def load(cls) -> "People":
        from accounts.models import RoleAssignment

        people = cls()
        rows = (
            RoleAssignment.objects.filter(key__in=["allocation_lead", "cs_lead"], user__is_active=True)
            .order_by("key", "user_id")
            .values_list("key", "user_id")
        )
        for key, user_id in rows:
            (people.allocation_leads if key == "allocation_lead" else people.cs_leads).append(user_id)
        return people


def load_invoices(customer_ids: list[int], as_of: date) -> dict[int, list[DunningInvoice]]:
    """Customer id → its finalized invoices of the last HISTORY_DAYS as of `as_of`: 2 queries."""
    cutoff = end_of(as_of)
    since = as_of - timedelta(days=HISTORY_DAYS)
    rows = list(
        Invoice.objects.filter(
            stripe_customer__billing_customer_id__in=customer_ids,
            status__in=UNPAID_STATUSES,
            created__lt=cutoff,
            period_start__gte=since,
        ).values_list(
            "pk",
            "stripe_customer__billing_customer_id",
            "number",
            "stripe_id",
            "collection_method",
            "period_start",
            "total",
            "amount_due",
            "amount_remaining",
            "due_date",
            "paid_at",
            "status",
        )
    )
    failed: dict[int, list[date]] = defaultdict(list)
    auto = {r[0] for r in rows if r[4] != "send_invoice"}
    if auto:
        for invoice_id, at in (
            PaymentAttempt.objects.filter(
                invoice__stripe_customer__billing_customer_id__in=customer_ids,
                invoice__period_start__gte=since,
                succeeded=False,
                attempted_at__lt=cutoff,
            )
            .order_by("attempted_at")
            .values_list("invoice_id", "attempted_at")
        ):
            if invoice_id in auto:
                failed[invoice_id].append(at.date())
    result: dict[int, list[DunningInvoice]] = defaultdict(list)
    for pk, cid, number, stripe_id, method, start, total, due, remaining, due_date, paid_at, status in rows:
        paid_on = paid_at.date() if paid_at is not None and paid_at < cutoff else None
        if status == InvoiceStatus.PAID and paid_at is None:
            paid_on = start  # paid with no date recorded: never late
        owed = remaining if status != InvoiceStatus.PAID else due
        result[cid].append(
            DunningInvoice(
                key=pk,
                plan_kind=plan_kind_of(method),
                period_start=start,
                total=total,
                owed=owed,
                due_date=due_date,
                paid_on=paid_on,
                failed_attempts=tuple(failed.get(pk, ())),
                label=number or stripe_id,
            )
        )
    return result


def _notify(recipient_ids, *, text: str, link: str, account_id: int | None, users: dict) -> int:
    from accounts.models import Account
    from accounts.services import notify

    sent = 0
    for uid in dict.fromkeys(recipient_ids):
        user = users.get(uid)
        if user is None:
            continue
        notify(
            recipient=user,
            kind=ALERT_KIND,
            text=text,
            link=link,
            account=Account(pk=account_id) if account_id else None,
        )
        sent += 1
    return sent


def _users(ids) -> dict:
    from accounts.models import User

    ids = {i for i in ids if i is not None}
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}



def live_customers() -> list[int]:
    """The customers with a live case (the scheduler's population), in one query."""
    return list(
        DunningCase.objects.filter(status__in=LIVE_STATUSES)
        .order_by("billing_customer_id")
        .values_list("billing_customer_id", flat=True)
    )


def candidates(customer_ids: list[int], as_of: date) -> list[int]:
    """The customers of a chunk that could be late (an unpaid-then invoice, or a live case): one
    query, so detection loads nobody else."""
    cutoff = end_of(as_of)
    unpaid = Q(status__in=[InvoiceStatus.OPEN, InvoiceStatus.UNCOLLECTIBLE]) | Q(
        status=InvoiceStatus.PAID, paid_at__gte=cutoff
    )
    return sorted(
        set(
            Invoice.objects.filter(stripe_customer__billing_customer_id__in=customer_ids, created__lt=cutoff)
            .filter(unpaid)
            .values_list("stripe_customer__billing_customer_id", flat=True)
        )
    )

