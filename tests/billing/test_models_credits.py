"""Credit purchases, grants and consumption refuse impossible rows (billing.md §1 CreditPurchase,
CreditGrant, CreditConsumption; B-19, B-23; contracts.md credits preview input rules)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    CreditConsumptionFactory,
    CreditGrantFactory,
    CreditPurchaseFactory,
    StripeCustomerFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, match: str, **fields):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        factory(**fields)


def invalid_fields(row) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    return set(raised.value.message_dict)


# --- CreditPurchase ----------------------------------------------------------------------------


def test_it_derives_the_handbook_contract_dates_in_the_factory():
    """§7 example 3: "1 year = 6 months" for the first half; end dates are exclusive."""
    purchase = CreditPurchaseFactory(start_date=date(2025, 1, 1), term_months=12)
    assert (purchase.end_date, purchase.first_half_end) == (date(2026, 1, 1), date(2025, 7, 1))
    assert purchase.annual_spend == Decimal("90000.00")
    purchase.full_clean()


def test_it_refuses_a_purchase_without_credit():
    refused(CreditPurchaseFactory, "billing_cp_credit_amount_positive", credit_amount=Decimal("0"))


@pytest.mark.parametrize("field", ["price", "annual_spend"])
def test_it_refuses_a_negative_price_or_annual_spend(field):
    amounts = {"price": Decimal("1"), "annual_spend": Decimal("1"), field: Decimal("-1")}
    refused(CreditPurchaseFactory, f"billing_cp_{field}_not_negative", **amounts)


@pytest.mark.parametrize("pct", ["-1.00", "100.01"])
def test_it_keeps_the_purchase_discount_between_0_and_100(pct):
    refused(CreditPurchaseFactory, "billing_cp_discount_0_to_100", discount_percent=Decimal(pct))


def test_it_refuses_a_term_of_no_months():
    # The prepaid-years bound fails too (it implies a term of at least a month).
    refused(CreditPurchaseFactory,
            "billing_cp_term_at_least_one_month|billing_cp_prepaid_years_within_term", term_months=0,
            end_date=date(2025, 2, 1), first_half_end=date(2025, 1, 1), annual_spend=0)


@pytest.mark.parametrize(("term_months", "prepaid_years", "ok"), [
    (12, 1, True), (12, 2, False), (24, 2, True), (24, 3, False), (30, 3, True), (36, 0, False),
])
def test_it_keeps_prepaid_years_within_the_term(term_months, prepaid_years, ok):
    """contracts.md: prepaid_years runs 1…⌈term_months/12⌉."""
    fields = {"term_months": term_months, "prepaid_years": prepaid_years}
    if ok:
        CreditPurchaseFactory(**fields)
    else:
        refused(CreditPurchaseFactory, "billing_cp_prepaid_years_within_term", **fields)


def test_it_refuses_extra_prepaid_years_on_a_monthly_purchase():
    refused(CreditPurchaseFactory, "billing_cp_monthly_prepays_one_year", billing="monthly",
            term_months=24, prepaid_years=2)


def test_it_keeps_self_serve_purchases_to_twelve_months():
    """B-23: twelve monthly tranches."""
    refused(CreditPurchaseFactory, "billing_cp_self_serve_twelve_months", source="SELF_SERVE",
            term_months=24)


def test_it_refuses_a_purchase_that_ends_on_or_before_its_start():
    # No first half fits such a term either, so either constraint may be the one reported.
    refused(CreditPurchaseFactory,
            "billing_cp_end_after_start|billing_cp_first_half_inside_term", end_date=date(2025, 1, 1),
            first_half_end=date(2025, 1, 1))


def test_it_keeps_the_first_half_inside_the_term():
    refused(CreditPurchaseFactory, "billing_cp_first_half_inside_term",
            first_half_end=date(2026, 1, 1))
    refused(CreditPurchaseFactory, "billing_cp_first_half_inside_term",
            first_half_end=date(2024, 12, 31))


def test_it_refuses_a_purchase_that_renews_or_expands_itself():
    purchase = CreditPurchaseFactory()
    for field in ("renewal_of", "expansion_of"):
        setattr(purchase, field, purchase)
        with pytest.raises(IntegrityError, match="billing_cp_not_own_parent"), transaction.atomic():
            purchase.save()
        setattr(purchase, field, None)
    renewal = CreditPurchaseFactory(billing_customer=purchase.billing_customer, renewal_of=purchase,
                                    start_date=date(2026, 1, 1))
    assert list(purchase.renewals.all()) == [renewal]


# --- CreditGrant -------------------------------------------------------------------------------


def test_it_refuses_a_grant_of_nothing():
    refused(CreditGrantFactory, "billing_grant_amount_positive", amount=Decimal("0"), remaining=0)


@pytest.mark.parametrize("remaining", ["-0.01", "1000.01"])
def test_it_keeps_what_remains_between_zero_and_the_amount(remaining):
    refused(CreditGrantFactory, "billing_grant_remaining_within_amount",
            amount=Decimal("1000.00"), remaining=Decimal(remaining))


def test_it_refuses_a_grant_that_expires_on_or_before_it_starts():
    refused(CreditGrantFactory, "billing_grant_expires_after_start", starts_on=date(2025, 1, 1),
            expires_at=date(2025, 1, 1))


def test_it_requires_a_reason_for_one_time_credits_and_only_for_them():
    refused(CreditGrantFactory, "billing_grant_reason_iff_one_time", one_time=True, reason="")
    refused(CreditGrantFactory, "billing_grant_reason_iff_one_time", reason="promo_credit")


def test_it_indexes_self_serve_tranches_0_to_11_once_per_purchase():
    """B-23: tranche n (0 to 11) of one purchase."""
    purchase = CreditPurchaseFactory(source="SELF_SERVE")

    def tranche(index, **extra):
        return CreditGrantFactory(
            billing_customer=purchase.billing_customer, credit_purchase=purchase,
            kind="SELF_SERVE_TRANCHE", tranche_index=index, **extra,
        )

    tranche(0)
    tranche(11)
    refused(tranche, "billing_grant_tranche_index", index=12)
    refused(tranche, "billing_grant_one_per_tranche|tranche_index", index=0)
    refused(CreditGrantFactory, "billing_grant_tranche_index", kind="SELF_SERVE_TRANCHE",
            tranche_index=None)
    refused(CreditGrantFactory, "billing_grant_tranche_index", kind="SELF_SERVE_TRANCHE",
            tranche_index=1, credit_purchase=None)
    refused(CreditGrantFactory, "billing_grant_tranche_index", tranche_index=1)


def test_it_keeps_pending_grants_unapplied_and_applied_grants_dated():
    refused(CreditGrantFactory, "billing_grant_pending_not_applied", status="PENDING")
    refused(CreditGrantFactory, "billing_grant_applied_has_date", status="APPLIED", applied_at=None)
    refused(CreditGrantFactory, "billing_grant_applied_has_date", status="EXHAUSTED",
            applied_at=None, remaining=0)
    CreditGrantFactory(status="PENDING", applied_at=None)


def test_it_stores_each_stripe_balance_transaction_once():
    """A stored id means the Stripe write already happened (billing.md §4)."""
    CreditGrantFactory(stripe_balance_transaction_id="cbtxn_1", removal_balance_transaction_id="cbtxn_2")
    refused(CreditGrantFactory, "stripe_balance_transaction_id",
            stripe_balance_transaction_id="cbtxn_1")
    refused(CreditGrantFactory, "removal_balance_transaction_id",
            removal_balance_transaction_id="cbtxn_2")
    CreditGrantFactory(stripe_balance_transaction_id=None)
    CreditGrantFactory(stripe_balance_transaction_id=None)


def test_it_names_a_balance_transaction_id_of_the_wrong_kind():
    grant = CreditGrantFactory(stripe_balance_transaction_id="in_1")
    assert invalid_fields(grant) == {"stripe_balance_transaction_id"}


def test_it_names_a_stripe_customer_of_another_billing_customer():
    grant = CreditGrantFactory()
    grant.stripe_customer = StripeCustomerFactory()
    assert invalid_fields(grant) == {"stripe_customer"}


def test_it_asks_one_time_credits_for_context():
    """B-19: notes or a reference link; `other` explains itself; a trial accommodation expires."""
    grant = CreditGrantFactory(one_time=True, notes="", reference_link="")
    assert invalid_fields(grant) == {"notes"}
    grant.reference_link = "https://posthog.slack.com/archives/C1/p1"
    grant.full_clean()
    grant.reason = "other"
    assert invalid_fields(grant) == {"notes"}
    grant.notes = "Goodwill after the migration"
    grant.full_clean()
    grant.reason = "trial_accommodation"
    assert invalid_fields(grant) == {"expires_at"}
    grant.expires_at = date(2025, 4, 1)
    grant.full_clean()


# --- CreditConsumption -------------------------------------------------------------------------


def test_it_refuses_a_consumption_of_nothing():
    refused(CreditConsumptionFactory, "billing_consumption_amount_positive", amount=Decimal("0"))


def test_it_records_one_consumption_per_grant_and_invoice():
    first = CreditConsumptionFactory()
    refused(CreditConsumptionFactory, "billing_consumption_one_per_invoice|grant_id",
            grant=first.grant, invoice=first.invoice)
    other = CreditGrantFactory(billing_customer=first.grant.billing_customer,
                               stripe_customer=first.grant.stripe_customer,
                               applied_at=datetime(2025, 1, 2, tzinfo=UTC))
    CreditConsumptionFactory(grant=other, invoice=first.invoice)
    assert first.invoice.credit_consumptions.count() == 2
