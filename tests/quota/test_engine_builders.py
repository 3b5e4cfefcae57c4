"""Builders the quota engine tests share (no tests here): invoices and contributions as the handbook writes them."""

from datetime import date
from decimal import Decimal

from quota.engine import (
    AnnualContract,
    ContributionInput,
    Invoice,
    Quarter,
    QuotaPolicy,
    compute_contribution,
)

POLICY = QuotaPolicy()


def invoice(period_start: str, paid_on: str | None = None, **lines: str) -> Invoice:
    return Invoice(
        period_start=date.fromisoformat(period_start),
        lines={key: Decimal(amount) for key, amount in lines.items()},
        paid_on=date.fromisoformat(paid_on) if paid_on else None,
    )


def monthly(first_month: str, *amounts: str, product: str = "product_analytics") -> list[Invoice]:
    """One single-product invoice per month from `first_month` ("2025-01"), in order."""
    year, month = map(int, first_month.split("-"))
    invoices = []
    for amount in amounts:
        invoices.append(invoice(f"{year:04d}-{month:02d}-01", **{product: amount}))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return invoices


def contract(start: str, end: str, annual_value: str, legacy: bool = False) -> AnnualContract:
    return AnnualContract(date.fromisoformat(start), date.fromisoformat(end), Decimal(annual_value), legacy)


def contribution(quarter: str, invoices, policy: QuotaPolicy = POLICY, **facts):
    for key in ("subscription_cancelled_on", "added_to_book_on", "provisional_as_of"):
        if isinstance(facts.get(key), str):
            facts[key] = date.fromisoformat(facts[key])
    if "annual_contracts" in facts:
        facts["annual_contracts"] = tuple(facts["annual_contracts"])
    return compute_contribution(ContributionInput(Quarter.parse(quarter), tuple(invoices), **facts), policy)


def handbook_invoices() -> list[Invoice]:
    """quota.md Handbook example 1: Jan-Jun 2025 with 1, 1, 1, 2, 1, 3 paid products."""
    return [
        invoice("2025-01-01", "2025-02-05", product_analytics="2300.00"),
        invoice("2025-02-01", "2025-03-05", product_analytics="2200.00"),
        invoice("2025-03-01", "2025-04-05", product_analytics="2500.00"),
        invoice("2025-04-01", "2025-05-05", product_analytics="2000.00", session_replay="700.00"),
        invoice("2025-05-01", "2025-06-05", product_analytics="2800.00"),
        invoice(
            "2025-06-01",
            "2025-07-05",
            product_analytics="2000.00",
            session_replay="500.00",
            feature_flags="500.00",
        ),
    ]
