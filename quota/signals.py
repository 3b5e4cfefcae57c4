"""Invoice changes enqueue a quota recompute of their account, on commit (quota.md Jobs).

Registered from QuotaConfig.ready: quota reads billing, billing knows nothing of quota. Saving an
invoice and its ten lines in one transaction enqueues one task, not eleven: a pending callback
for the same account and quarters is looked for before another is added.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .engine import Quarter


@dataclass(frozen=True)
class EnqueueRecompute:
    account_id: int
    quarters: tuple[str, ...]

    def __call__(self) -> None:
        from .tasks import recompute_accounts

        recompute_accounts.delay([self.account_id], list(self.quarters))


def quarters_touched(period_start: date, today: date) -> tuple[str, ...]:
    """Q-6: a month counts in its own quarter (ending ARR) and the next (starting ARR)."""
    own = Quarter.containing(period_start)
    return tuple(str(q) for q in (own, own.next) if q.first_day <= today)


def enqueue_for(account_id: int | None, period_start: date | None) -> None:
    if account_id is None or period_start is None:
        return
    quarters = quarters_touched(period_start, timezone.localdate())
    if not quarters:
        return
    callback = EnqueueRecompute(account_id, quarters)
    connection = transaction.get_connection()
    # Django keeps pending on-commit callbacks as (savepoint ids, callable, robust) tuples.
    if any(entry[1] == callback for entry in getattr(connection, "run_on_commit", [])):
        return
    transaction.on_commit(callback)


def invoice_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    from billing.selectors import account_id_for_stripe_customer

    enqueue_for(account_id_for_stripe_customer(instance.stripe_customer_id), instance.period_start)


def invoice_line_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    from billing.models import Invoice

    invoice = (
        Invoice.objects.filter(pk=instance.invoice_id).values("stripe_customer_id", "period_start").first()
    )
    if invoice is None:
        return  # deleted with its invoice: the invoice's own signal enqueues the recompute
    from billing.selectors import account_id_for_stripe_customer

    enqueue_for(account_id_for_stripe_customer(invoice["stripe_customer_id"]), invoice["period_start"])


def connect() -> None:
    from billing.models import Invoice, InvoiceLine

    for signal in (post_save, post_delete):
        signal.connect(invoice_changed, sender=Invoice, dispatch_uid=f"quota.invoice_{signal is post_save}")
        signal.connect(
            invoice_line_changed, sender=InvoiceLine, dispatch_uid=f"quota.invoice_line_{signal is post_save}"
        )
