"""Engine inputs built from a customer's loaded rows: the same dataclasses the preview builds."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from billing.engine import BillingFacts, Contract, InvoiceFacts, LineFacts, add_months, month_of
from billing.engine.contract import PurchaseInvoice, purchase_invoices
from billing.engine.mrr import StartupGrant, amortized_shares, yearly_split
from billing.engine.runway import Renewal

from .loaders import LIVE_SUBSCRIPTION, CustomerData

ZERO = Decimal("0.00")
CREDIT_PURCHASE = "CREDIT_PURCHASE"


def usage_party_ids(cd: CustomerData) -> set[int]:
    """The SINGLE or USAGE customer(s): whose invoices are usage and whose balance holds credit."""
    return {s["id"] for s in cd.stripe if s["role"] != "CREDITS" and not s["deleted"]}


def usage_invoices(cd: CustomerData, *, ended_by: date | None = None) -> list[InvoiceFacts]:
    """Finalized usage invoices in USD (B-3, D-10), optionally only those ended by a day."""
    parties = usage_party_ids(cd)
    facts = []
    for inv in cd.invoices:
        if inv["stripe_customer_id"] not in parties or inv["purpose"] == CREDIT_PURCHASE:
            continue
        if inv["currency"] != "usd" or (ended_by is not None and inv["period_end"] > ended_by):
            continue
        notes = cd.credit_notes.get(inv["id"], {})
        lines = tuple(
            LineFacts(line["product_key_id"], line["amount"], line["net_amount"])
            for line in cd.lines[inv["id"]]
        )
        facts.append(
            InvoiceFacts(
                inv["id"],
                inv["service_month"] or month_of(inv["period_start"]),
                lines,
                inv["tax"],
                inv["total"],
                inv["credits_applied"],
                notes.get("by_product", {}),
                max(notes.get("tax", ZERO), ZERO),
            )
        )
    return facts


def to_contract(purchase: Mapping[str, Any]) -> Contract:
    return Contract(
        purchase["credit_amount"],
        purchase["price"],
        purchase["start_date"],
        purchase["term_months"],
        purchase["prepaid_years"],
        purchase["discount_percent"],
        purchase["source"],
    )


def _paid_purchase_invoices(cd: CustomerData, purchase_id: int) -> list[dict]:
    return sorted(
        (
            inv
            for inv in cd.invoices
            if inv["purpose"] == CREDIT_PURCHASE and inv["credit_purchase_id"] == purchase_id
        ),
        key=lambda inv: (inv["created"], inv["id"]),
    )


def prepaid_purchases(cd: CustomerData) -> list[dict]:
    """Upfront (yearly) purchases whose purchase invoice is finalized (B-2 (3))."""
    return [p for p in cd.purchases if p["billing"] == "upfront" and _paid_purchase_invoices(cd, p["id"])]


def credit_shares(cd: CustomerData) -> dict[date, Decimal]:
    """B-7 (yearly split of each purchase invoice) plus B-9 (the credits subscription, amortized)."""
    shares: dict[date, Decimal] = {}
    for purchase in cd.purchases:
        invoices = _paid_purchase_invoices(cd, purchase["id"])
        if purchase["billing"] == "upfront":
            templates = purchase_invoices(to_contract(purchase))
            split = yearly_split(
                PurchaseInvoice(inv["total"] - inv["tax"], template.first_month, template.months)
                for inv, template in zip(invoices, templates, strict=False)
            )
        else:
            spread = []
            for inv in invoices:
                notes = sum(cd.credit_notes.get(inv["id"], {}).get("by_product", {}).values(), ZERO)
                for line in cd.lines[inv["id"]]:
                    interval = line["price__recurring_interval"]
                    count = line["price__recurring_interval_count"] or 1
                    months = count * 12 if interval == "year" else count if interval == "month" else 1
                    spread.append((line["period_start"], line["net_amount"] - notes, months))
                    notes = ZERO  # the invoice's credit notes come off its first line
            split = amortized_shares(spread)
        for month, share in split.items():
            shares[month] = shares.get(month, ZERO) + share
    return shares


def discount_for(cd: CustomerData, month: date) -> Decimal:
    """D-6: the customer's credit discount (RevOps override or the purchase), else the purchase
    covering the month."""
    customer = cd.customer
    if customer["credit_discount_source"] != "NONE" or customer["credit_discount_percent"] > 0:
        return customer["credit_discount_percent"]
    for purchase in cd.purchases:
        if month_of(purchase["start_date"]) <= month < purchase["end_date"]:
            return purchase["discount_percent"]
    return ZERO


def _invariant_broken(cd: CustomerData) -> bool:
    """§1: amortized = exactly one CREDITS + one USAGE; otherwise exactly one SINGLE with at most
    one non-cancelled subscription. Checked, never enforced (B-11)."""
    roles = [s["role"] for s in cd.stripe if not s["deleted"]]
    if not roles:
        return False
    if "CREDITS" in roles or "USAGE" in roles:
        return sorted(roles) != ["CREDITS", "USAGE"]
    live = {
        row["subscription_id"] for row in cd.subscriptions if row["subscription__status"] in LIVE_SUBSCRIPTION
    }
    return roles != ["SINGLE"] or len(live) > 1


def billing_facts(cd: CustomerData, invoices: list[InvoiceFacts]) -> BillingFacts:
    customer = cd.customer
    roles = {s["role"] for s in cd.stripe if not s["deleted"]}
    startup = tuple(
        StartupGrant(g["starts_on"], g["expires_at"], g["amount"], tuple(cd.draws.get(g["id"], ())))
        for g in cd.grants
        if g["kind"] == "STARTUP_PLAN" and g["status"] not in ("PENDING", "VOID")
    )
    metadata = [s for s in cd.stripe if s["is_startup_plan_customer"]]
    priced = any(
        row["subscription__status"] in LIVE_SUBSCRIPTION
        and ((row["price__unit_amount_decimal"] or 0) > 0 or row["price__billing_scheme"] == "tiered")
        for row in cd.subscriptions
    )
    return BillingFacts(
        override=customer["configuration_override"] or None,
        override_from=customer["override_from"],
        override_to=customer["override_to"],
        amortized_pair={"CREDITS", "USAGE"} <= roles,
        contract_terms=tuple((p["start_date"], p["end_date"]) for p in prepaid_purchases(cd)),
        startup_grants=startup,
        startup_metadata=bool(metadata),
        credit_expires_at=max(
            (s["credit_expires_at"] for s in metadata if s["credit_expires_at"]), default=None
        ),
        invariant_broken=_invariant_broken(cd),
        billed_months=frozenset(inv.service_month for inv in invoices if inv.total > 0),
        priced_subscription=priced,
    )


def covering_purchase(cd: CustomerData, as_of: date) -> dict | None:
    """The purchase whose term holds as_of (a prepaid or self-serve one; amortized are out of
    CreditBot's scenarios, contracts.md decision 3), else the latest that started before."""
    candidates = [
        p
        for p in cd.purchases
        if p["status"] != "DRAFT" and p["billing"] == "upfront" and p["start_date"] <= as_of
    ]
    holding = [p for p in candidates if as_of < p["end_date"]]
    pool = holding or candidates
    return max(pool, key=lambda p: (p["start_date"], p["id"])) if pool else None


def renewal_of(cd: CustomerData, purchase: dict) -> Renewal | None:
    for p in cd.purchases:
        if p["renewal_of_id"] == purchase["id"] and p["status"] != "DRAFT":
            return Renewal(p["price"], p["term_months"], p["start_date"], None)
    return None


def available_on(cd: CustomerData, as_of: date) -> Decimal:
    """B-27: available = -balance (0 if ≥ 0) of the usage customer, as of the day: Stripe's
    ending_balance after the last balance transaction by then, else the mirrored balance."""
    total = ZERO
    for party in cd.stripe:
        if party["id"] not in usage_party_ids(cd):
            continue
        history = cd.balance_history.get(party["id"])
        balance = history[-1][1] if history else party["balance"]
        total += max(-balance, ZERO)
    return total


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months
