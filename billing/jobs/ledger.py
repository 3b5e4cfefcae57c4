"""`billing.allocate_credit_tranches` and `billing.expire_credits` (B-21, B-23…B-25, B-32, B-33,
D-13, D-14, D-21). With STRIPE_WRITES_ENABLED false each Stripe write becomes a pending
StripeWriteTask and the grant keeps its status beside it (B-67); once the balance transaction
exists (Stripe sync, or the demo generator writing what Stripe would have) the grant moves on."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from billing.engine import derived_grants
from billing.engine.runway import Burn, Renewal, rollover
from billing.models import (
    CreditGrant,
    CreditPurchase,
    Invoice,
    StripeCustomer,
    StripeWriteKind,
    StripeWriteTask,
)

from ..services import idempotency_key
from .facts import to_contract
from .writes import insert_rows, update_rows

ZERO = Decimal("0.00")
TASK_COLUMNS = (
    "kind",
    "idempotency_key",
    "stripe_customer_id",
    "credit_grant_id",
    "payload",
    "status",
    "created_at",
    "last_error",
    "stripe_id",
)
GRANT_COLUMNS = (
    "billing_customer_id",
    "stripe_customer_id",
    "kind",
    "reason",
    "amount",
    "remaining",
    "starts_on",
    "expires_at",
    "credit_purchase_id",
    "tranche_index",
    "notes",
    "reference_link",
    "status",
    "created_at",
)


@dataclass
class LedgerStats:
    grants_created: int = 0
    tasks_created: int = 0
    grants_updated: int = 0


def _task(kind, key, party_id, stripe_id, grant_id, cents: int, description: str, now) -> tuple:
    payload = {
        "customer": stripe_id,
        "amount": cents,
        "currency": "usd",
        "description": description,
        "metadata": {"tamapp_credit_grant": grant_id},
    }
    return (kind, key, party_id, grant_id, payload, "pending", now, "", "")


def _parties(customer_ids) -> dict[int, tuple[int, str]]:
    """Billing customer → (pk, stripe id) of the Stripe customer that carries credit."""
    rows = (
        StripeCustomer.objects.filter(billing_customer_id__in=customer_ids, deleted=False)
        .exclude(role="CREDITS")
        .order_by("role", "pk")
        .values_list("billing_customer_id", "pk", "stripe_id", "role")
    )
    out: dict[int, tuple[int, str]] = {}
    for customer, pk, stripe_id, role in rows:
        if customer not in out or role == "USAGE":
            out[customer] = (pk, stripe_id)
    return out


def allocate_credit_tranches(*, as_of: date) -> LedgerStats:
    """Derive the grants of purchases that have none yet (B-23…B-25), then record the balance
    transaction of every due PENDING grant whose purchase invoice is paid (D-13)."""
    now, stats = timezone.now(), LedgerStats()
    paid = set(
        Invoice.objects.filter(
            purpose="CREDIT_PURCHASE", status="paid", credit_purchase__isnull=False
        ).values_list("credit_purchase_id", flat=True)
    )
    missing = list(
        CreditPurchase.objects.exclude(status="DRAFT")
        .filter(billing="upfront", grants__isnull=True)
        .values(
            "id",
            "billing_customer_id",
            "source",
            "credit_amount",
            "price",
            "discount_percent",
            "term_months",
            "billing",
            "prepaid_years",
            "start_date",
            "end_date",
        )
    )
    parties = _parties({p["billing_customer_id"] for p in missing})
    new_grants = []
    for purchase in missing:
        party = parties.get(purchase["billing_customer_id"])
        if party is None:
            continue
        for g in derived_grants(to_contract(purchase)):
            new_grants.append(
                (
                    purchase["billing_customer_id"],
                    party[0],
                    g.kind,
                    "",
                    g.amount,
                    g.amount,
                    g.starts_on,
                    g.expires_at,
                    purchase["id"],
                    g.tranche_index,
                    "Derived from the credit purchase",
                    "",
                    "PENDING",
                    now,
                )
            )
    with transaction.atomic():
        stats.grants_created = insert_rows(CreditGrant, GRANT_COLUMNS, new_grants)
        due = list(
            CreditGrant.objects.filter(status="PENDING", starts_on__lte=as_of).values(
                "id",
                "amount",
                "kind",
                "credit_purchase_id",
                "stripe_customer_id",
                "stripe_customer__stripe_id",
            )
        )
        keys = {
            idempotency_key("creditgrant", g["id"], "apply"): g
            for g in due
            if g["credit_purchase_id"] is None or g["credit_purchase_id"] in paid
        }
        existing = set(
            StripeWriteTask.objects.filter(idempotency_key__in=list(keys)).values_list(
                "idempotency_key", flat=True
            )
        )
        stats.tasks_created = insert_rows(
            StripeWriteTask,
            TASK_COLUMNS,
            [
                _task(
                    StripeWriteKind.CREATE_BALANCE_TRANSACTION,
                    key,
                    g["stripe_customer_id"],
                    g["stripe_customer__stripe_id"],
                    g["id"],
                    -int(g["amount"] * 100),
                    f"{g['kind']} credit",
                    now,
                )
                for key, g in keys.items()
                if key not in existing
            ],
        )
    return stats


def expire_credits(*, as_of: date) -> LedgerStats:
    """B-33 / D-21: grants expiring by today with credit left — removed (a pending removal task
    for min(remaining, available)), or marked EXPIRED once the removal transaction exists; then
    B-32 rollover for renewals of equal or higher annual spend, and EXHAUSTED for used-up grants."""
    now, stats = timezone.now(), LedgerStats()
    expiring = list(
        CreditGrant.objects.filter(status="APPLIED", expires_at__lte=as_of, remaining__gt=0).values(
            "id",
            "remaining",
            "credit_purchase_id",
            "removal_balance_transaction_id",
            "stripe_customer_id",
            "stripe_customer__stripe_id",
            "stripe_customer__balance",
            "billing_customer_id",
        )
    )
    removed = [g for g in expiring if g["removal_balance_transaction_id"]]
    to_remove = {
        idempotency_key("creditgrant", g["id"], "expire"): g
        for g in expiring
        if not g["removal_balance_transaction_id"]
    }
    existing = set(
        StripeWriteTask.objects.filter(idempotency_key__in=list(to_remove)).values_list(
            "idempotency_key", flat=True
        )
    )
    tasks = [
        _task(
            StripeWriteKind.CREATE_BALANCE_TRANSACTION,
            key,
            g["stripe_customer_id"],
            g["stripe_customer__stripe_id"],
            g["id"],
            int(min(g["remaining"], max(-g["stripe_customer__balance"], ZERO)) * 100),
            "Unused credits removed at the end of the term (B-33)",
            now,
        )
        for key, g in to_remove.items()
        if key not in existing
    ]
    rollovers = _rollovers(expiring, as_of, now)
    with transaction.atomic():
        stats.grants_updated = update_rows(
            CreditGrant, "id", ("status", "remaining"), [("EXPIRED", ZERO, g["id"]) for g in removed]
        )
        stats.grants_updated += CreditGrant.objects.filter(status="APPLIED", remaining=0).update(
            status="EXHAUSTED"
        )
        stats.tasks_created = insert_rows(StripeWriteTask, TASK_COLUMNS, tasks)
        stats.grants_created = insert_rows(CreditGrant, GRANT_COLUMNS, rollovers)
    return stats


def _rollovers(expiring: list[Any], as_of: date, now) -> list[Any]:
    """B-32: a ROLLOVER grant on the renewal (≤ the cap), once per renewal."""
    purchase_ids = {g["credit_purchase_id"] for g in expiring if g["credit_purchase_id"]}
    if not purchase_ids:
        return []
    renewals = {
        p["renewal_of_id"]: p
        for p in CreditPurchase.objects.filter(renewal_of_id__in=purchase_ids)
        .exclude(status="DRAFT")
        .values(
            "id", "renewal_of_id", "price", "term_months", "start_date", "end_date", "billing_customer_id"
        )
    }
    done = set(
        CreditGrant.objects.filter(
            kind="ROLLOVER", credit_purchase_id__in=[r["id"] for r in renewals.values()]
        ).values_list("credit_purchase_id", flat=True)
    )
    originals = {
        p["id"]: p
        for p in CreditPurchase.objects.filter(pk__in=list(renewals)).values(
            "id",
            "source",
            "credit_amount",
            "price",
            "discount_percent",
            "term_months",
            "prepaid_years",
            "start_date",
            "end_date",
        )
    }
    left: dict[int, Decimal] = {}
    party: dict[int, int] = {}
    for g in expiring:
        if g["credit_purchase_id"] in renewals:
            left[g["credit_purchase_id"]] = left.get(g["credit_purchase_id"], ZERO) + g["remaining"]
            party[g["credit_purchase_id"]] = g["stripe_customer_id"]
    rows = []
    for original_id, renewal in renewals.items():
        if renewal["id"] in done or original_id not in left:
            continue
        decision = rollover(
            contract=to_contract(originals[original_id]),
            credit_left_now=left[original_id],
            left_at_end=left[original_id],
            as_of=max(as_of, originals[original_id]["end_date"]),
            burn=Burn("none"),
            renewal=Renewal(renewal["price"], renewal["term_months"], renewal["start_date"]),
        )
        if decision.allowed:
            rows.append(
                (
                    renewal["billing_customer_id"],
                    party[original_id],
                    "ROLLOVER",
                    "",
                    decision.allowed,
                    decision.allowed,
                    renewal["start_date"],
                    renewal["end_date"],
                    renewal["id"],
                    None,
                    f"Rolled over from purchase {original_id} (B-32, cap {decision.cap})",
                    "",
                    "PENDING",
                    now,
                )
            )
    return rows
