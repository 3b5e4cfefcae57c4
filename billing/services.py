"""Billing writes: `<entity>_<action>(*, …, acting_user)`, one transaction each, audited by
django-simple-history, side effects on commit (ARCHITECTURE.md)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import (
    AlertState,
    BillingCustomer,
    CreditGrant,
    CreditGrantKind,
    CreditRunway,
    StripeCustomer,
    StripeWriteKind,
    StripeWriteStatus,
    StripeWriteTask,
)


def idempotency_key(model: str, pk: int, action: str) -> str:
    """billing.md §4: `tamapp-<model>-<pk>-<action>`."""
    return f"tamapp-{model}-{pk}-{action}"


def stripe_write_record(
    *,
    kind: str,
    key: str,
    payload: dict,
    stripe_customer: StripeCustomer | None = None,
    credit_grant: CreditGrant | None = None,
    acting_user=None,
) -> StripeWriteTask:
    """B-67: every Stripe write becomes a task; with STRIPE_WRITES_ENABLED false (the only value
    this build accepts, billing/apps.py) it stays `pending` for the gateway of the Stripe sync.
    The same key twice returns the first task (a retry never writes twice)."""
    task, _ = StripeWriteTask.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "kind": kind,
            "payload": payload,
            "stripe_customer": stripe_customer,
            "credit_grant": credit_grant,
            "requested_by": acting_user,
            "status": StripeWriteStatus.PENDING,
        },
    )
    return task


def balance_credit_payload(grant: CreditGrant, *, amount: Decimal, description: str) -> dict:
    """A customer balance transaction in Stripe's terms: integer cents, negative adds credit (B-20)."""
    return {
        "customer": grant.stripe_customer.stripe_id,
        "amount": -int(amount * 100),
        "currency": "usd",
        "description": description,
        "metadata": {"tamapp_credit_grant": grant.pk, "kind": grant.kind},
    }


def credit_usage_party(customer: BillingCustomer) -> StripeCustomer:
    """The Stripe customer whose balance carries credit: SINGLE, or USAGE for the amortized pair."""
    parties = [s for s in customer.stripe_customers.all() if not s.deleted and s.role != "CREDITS"]
    if not parties:
        raise ValidationError({"billing_customer": "This customer has no Stripe customer to credit."})
    return sorted(parties, key=lambda s: (s.role != "USAGE", s.pk))[0]


def can_add_credit(user, customer: BillingCustomer, kind: str) -> bool:
    """B-17: ONE_TIME for the account's owners, managers and RevOps admins; other kinds RevOps only."""
    perm = "billing.add_one_time_credit" if kind == CreditGrantKind.ONE_TIME else "billing.add_other_credit"
    return user.has_perm(perm, customer.account)


def credit_grant_create(
    *,
    billing_customer: BillingCustomer,
    kind: str,
    amount: Decimal,
    acting_user,
    reason: str = "",
    notes: str = "",
    reference_link: str = "",
    starts_on: date | None = None,
    expires_at: date | None = None,
    credit_purchase=None,
    tranche_index: int | None = None,
) -> CreditGrant:
    """Add credit (B-17…B-20): validated (B-19), audited, and its balance transaction recorded as
    a pending Stripe write — the grant stays PENDING beside it until the write is made (B-67).
    `acting_user=None` is a job (tranches, rollover), which needs no permission."""
    if acting_user is not None and not can_add_credit(acting_user, billing_customer, kind):
        raise PermissionDenied("You may not add this kind of credit to this account (B-17).")
    grant = CreditGrant(
        billing_customer=billing_customer,
        stripe_customer=credit_usage_party(billing_customer),
        kind=kind,
        reason=reason if kind == CreditGrantKind.ONE_TIME else "",
        amount=amount,
        remaining=amount,
        starts_on=starts_on or timezone.now().date(),
        expires_at=expires_at,
        credit_purchase=credit_purchase,
        tranche_index=tranche_index,
        notes=notes,
        reference_link=reference_link,
        created_by=acting_user,
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "The credit amount is above zero."})
    grant.full_clean()
    with transaction.atomic():
        grant.save()
        stripe_write_record(
            kind=StripeWriteKind.CREATE_BALANCE_TRANSACTION,
            key=idempotency_key("creditgrant", grant.pk, "apply"),
            payload=balance_credit_payload(
                grant, amount=amount, description=f"{grant.get_kind_display()} credit"
            ),
            stripe_customer=grant.stripe_customer,
            credit_grant=grant,
            acting_user=acting_user,
        )
        customer_id = billing_customer.pk
        transaction.on_commit(lambda: _recompute_runway(customer_id))
    return grant


def _recompute_runway(customer_id: int) -> None:
    from .tasks import creditbot_customer

    creditbot_customer.delay(customer_id)


def credit_runway_acknowledge(*, runway: CreditRunway, acting_user) -> CreditRunway:
    """An owner or RevOps admin saw the alert; D-18 keeps it quiet until it re-alerts."""
    if runway.alert_state != AlertState.OPEN:
        raise ValidationError({"alert_state": "Only an open alert can be acknowledged."})
    with transaction.atomic():
        runway.alert_state = AlertState.ACKNOWLEDGED
        runway.acknowledged_by = acting_user
        runway.acknowledged_at = timezone.now()
        runway.save(update_fields=["alert_state", "acknowledged_by", "acknowledged_at"])
    return runway


def stripe_writes_enabled() -> bool:
    return bool(getattr(settings, "STRIPE_WRITES_ENABLED", False))
