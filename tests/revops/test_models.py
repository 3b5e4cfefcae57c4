"""revops tables: enums exactly as the spec, the database refusing what must never be true, history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from billing.models import Product
from revops.models import (
    ActivationMode,
    BillingSchedule,
    ClosedLostReason,
    GoverningTerms,
    ImportKind,
    ImportRun,
    ImportSource,
    ImportStatus,
    Opportunity,
    OpportunityStage,
    OrderForm,
    OrderFormKind,
    OrderFormStatus,
    PaymentMethod,
    RecordType,
)
from tests.factories import (
    AccountFactory,
    CreditPurchaseFactory,
    CrossSellOpportunityFactory,
    ImportRunFactory,
    OpportunityFactory,
    OrderFormFactory,
)

pytestmark = pytest.mark.django_db


def rejected(factory, **fields):
    """The database refuses the row (IntegrityError), inside a savepoint so the test goes on."""
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)
    return True


# --- enums, exactly the spec's keys (and labels where the spec gives them) ---


def test_it_has_exactly_crosssell_md_record_types_with_their_labels():
    assert dict(RecordType.choices) == {
        "new_revenue": "New Revenue",
        "new_revenue_existing_customer": "New revenue - existing customer",
        "existing_convert_to_annual": "Existing - Convert to Annual",
        "renewal": "Renewal",
    }


def test_it_has_every_record_types_stage_set_with_the_salesforce_labels():
    """crosssell.md (cross-sell set) and billing.md Integrations (New/Existing business, renewal)."""
    labels = dict(OpportunityStage.choices)
    assert [labels[s] for s in ("discovery", "demo", "trial", "closed_won", "closed_lost")] == [
        "Discovery", "Demo", "Trial", "Closed Won", "Closed Lost"]
    assert {labels[s] for s in (
        "problem_agreement", "solution_agreement", "priority_agreement", "commercial_agreement",
        "vendor_approval")} == {"Problem Agreement", "Solution Agreement", "Priority Agreement",
                                "Commercial Agreement", "Vendor Approval"}
    assert {labels[s] for s in (
        "qualification", "meeting_booked", "product_evaluation", "commercial_legal_review")} == {
        "Qualification", "Meeting booked", "Product Evaluation", "Commercial & Legal Review"}
    assert len(labels) == 14


def test_it_has_exactly_the_spec_enums_for_order_forms_and_imports():
    assert set(OrderFormKind.values) == {"new", "monthly_to_annual", "renewal", "additional_purchase"}
    assert set(BillingSchedule.values) == {"upfront", "monthly"}
    assert set(PaymentMethod.values) == {"bank_transfer", "credit_card"}  # O-13: no check
    assert set(ActivationMode.values) == {
        "new_customer_start", "immediate_activation", "next_billing_cycle", "startup_deferred"}
    assert set(GoverningTerms.values) == {"standard_terms", "msa"}
    assert set(OrderFormStatus.values) == {  # O-15
        "draft", "pending_approval", "ready", "sent", "client_signed", "completed", "closed_won",
        "active", "renewed", "expired", "void"}
    assert set(ImportKind.values) == {  # I-1
        "account_daily_metrics", "support_tickets", "incidents", "account_signals", "enrichment"}
    assert set(ImportSource.values) == {"api", "csv"}
    assert set(ImportStatus.values) == {"running", "ok", "partial", "failed"}
    assert set(ClosedLostReason.values) == {
        "privacy_compliance", "already_in_house_or_other_tool", "own_data_warehouse",
        "no_time_or_resources", "not_budgeted", "champion_not_decision_maker", "no_clear_use_case",
        "unresponsive", "other"}


@pytest.mark.parametrize(
    ("model", "field", "good"),
    [
        (Opportunity, "record_type", "renewal"),
        (Opportunity, "stage", "vendor_approval"),
        (Opportunity, "closed_lost_reason", "not_budgeted"),
        (OrderForm, "kind", "additional_purchase"),
        (OrderForm, "payment_method", "credit_card"),
        (OrderForm, "status", "client_signed"),
        (ImportRun, "kind", "enrichment"),
        (ImportRun, "status", "partial"),
    ],
)
def test_it_accepts_a_spec_value_and_refuses_any_other(model, field, good):
    model_field = model._meta.get_field(field)
    assert model_field.clean(good, None) == good
    with pytest.raises(ValidationError):
        model_field.clean("check" if field == "payment_method" else "bogus", None)


# --- Opportunity ---


def test_it_defaults_expected_close_to_ninety_days_after_creation():
    opportunity = OpportunityFactory()
    assert opportunity.expected_close_on == timezone.localdate() + dt.timedelta(days=90)


def test_it_keeps_a_cross_sell_opportunity_with_the_cross_sell_stages():
    opportunity = CrossSellOpportunityFactory(stage="trial", is_trial_poc=True)
    opportunity.refresh_from_db()
    assert opportunity.is_cross_sell and opportunity.target_product_id == "session_replay"
    assert opportunity.precheck == {}


def test_it_refuses_a_stage_from_another_record_types_set():
    assert rejected(OpportunityFactory, record_type="new_revenue", stage="discovery")
    assert rejected(OpportunityFactory, record_type="renewal", stage="problem_agreement")
    assert rejected(CrossSellOpportunityFactory, stage="vendor_approval")
    OpportunityFactory(record_type="renewal", stage="meeting_booked")
    OpportunityFactory(record_type="new_revenue_existing_customer", stage="solution_agreement")
    assert Opportunity.objects.count() == 2


def test_it_sets_a_target_product_only_on_new_revenue_existing_customer():
    assert rejected(CrossSellOpportunityFactory, record_type="new_revenue")
    assert rejected(CrossSellOpportunityFactory, record_type="renewal", stage="qualification")


def test_it_needs_closed_at_exactly_on_closed_stages():
    assert rejected(OpportunityFactory, stage="closed_won")
    assert rejected(OpportunityFactory, stage="vendor_approval", closed_at=timezone.now())
    won = OpportunityFactory(stage="closed_won", closed_at=timezone.now())
    assert won.is_closed


def test_it_refuses_closing_before_creation():
    created = timezone.now()
    assert rejected(OpportunityFactory, stage="closed_won", created_at=created,
                    closed_at=created - dt.timedelta(days=1))


def test_it_refuses_a_negative_expected_mrr_and_a_cross_sell_without_motion_note():
    assert rejected(CrossSellOpportunityFactory, expected_mrr=Decimal("-0.01"))
    assert rejected(CrossSellOpportunityFactory, motion_note="")


def test_it_needs_a_reason_and_note_to_lose_a_cross_sell_and_a_reason_only_when_lost():
    """OPP-3: Closed Lost = "Didn't convert - document why"."""
    lost = {"stage": "closed_lost", "closed_at": timezone.now()}
    assert rejected(CrossSellOpportunityFactory, **lost)
    assert rejected(CrossSellOpportunityFactory, **lost, closed_lost_reason="not_budgeted")
    assert rejected(CrossSellOpportunityFactory, closed_lost_reason="not_budgeted")
    CrossSellOpportunityFactory(**lost, closed_lost_reason="not_budgeted", closed_lost_note="No budget until Q3.")


def test_it_keeps_salesforce_ids_unique_but_allows_many_blank():
    OpportunityFactory(salesforce_opportunity_id="006000000000001AAA")
    OpportunityFactory()
    OpportunityFactory()
    assert rejected(OpportunityFactory, salesforce_opportunity_id="006000000000001AAA")


def test_it_records_history_for_opportunities():
    opportunity = CrossSellOpportunityFactory()
    opportunity.stage = "demo"
    opportunity.save()
    assert [h.stage for h in opportunity.history.order_by("history_date")] == ["discovery", "demo"]


def test_it_cannot_delete_a_product_targeted_by_an_opportunity():
    CrossSellOpportunityFactory()
    with pytest.raises(Exception, match="protected"):
        Product.objects.filter(key="session_replay").delete()


# --- OrderForm ---


def test_it_stores_an_order_form_with_its_defaults():
    form = OrderFormFactory()
    form.refresh_from_db()
    assert (form.status, form.billing, form.payment_method, form.term_months, form.prepaid_years,
            form.payment_terms_days, form.governing_terms) == (
        "draft", "upfront", "bank_transfer", 12, 1, 30, "standard_terms")
    assert form.price == Decimal("24000.00")


@pytest.mark.parametrize(
    "fields",
    [
        {"credit_amount": Decimal("-1.00")},
        {"price": Decimal("-1.00")},
        {"annual_price": Decimal("-0.01")},
        {"discount_pct": Decimal("100.01")},
        {"policy_discount_pct": Decimal("-0.50")},
        {"term_months": 0},
        {"end_date": dt.date(2025, 2, 28)},  # before the 1 March effective date
        {"prepaid_years": 2},  # a 12-month term has one year
        {"prepaid_years": 0},
        {"billing": "monthly", "term_months": 24, "end_date": dt.date(2027, 2, 28), "prepaid_years": 2},
        {"kind": "additional_purchase"},  # no parent
        {"status": "void"},  # no reason
    ],
    ids=lambda f: ",".join(f),
)
def test_it_refuses_an_order_form_that_must_never_exist(fields):
    assert rejected(OrderFormFactory, **fields)


def test_it_links_expansions_and_renewals_to_their_parent_only():
    original = OrderFormFactory()
    OrderFormFactory(kind="additional_purchase", parent=original, account=original.account,
                     effective_date=dt.date(2025, 6, 1), term_months=9)
    OrderFormFactory(kind="renewal", parent=original, account=original.account,
                     effective_date=dt.date(2026, 3, 1), end_date=dt.date(2027, 2, 28))
    assert original.children.count() == 2
    assert rejected(OrderFormFactory, kind="new", parent=original)
    assert OrderFormFactory(status="void", void_reason="Replaced by a corrected form.").status == "void"


def test_it_allows_a_three_year_term_prepaid_for_three_years():
    form = OrderFormFactory(term_months=36, prepaid_years=3, end_date=dt.date(2028, 2, 29))
    assert form.prepaid_years == 3


def test_it_refuses_a_form_as_its_own_parent():
    form = OrderFormFactory(kind="renewal")
    form.parent = form
    with pytest.raises(IntegrityError), transaction.atomic():
        form.save()


def test_it_records_history_for_order_forms():
    form = OrderFormFactory()
    form.status = "ready"
    form.save()
    assert [h.status for h in form.history.order_by("history_date")] == ["draft", "ready"]


def test_it_links_one_credit_purchase_to_one_order_form():
    """revops.md OrderForm: the billing side of the contract, created DRAFT at closed_won."""
    purchase = CreditPurchaseFactory(status="DRAFT")
    form = OrderFormFactory(status="closed_won", credit_purchase=purchase)
    assert purchase.order_form == form
    assert rejected(OrderFormFactory, credit_purchase=purchase)


def test_it_protects_an_account_with_order_forms_from_deletion():
    account = AccountFactory()
    OrderFormFactory(account=account)
    with pytest.raises(Exception, match="protected"):
        account.delete()


# --- ImportRun ---


def test_it_keeps_import_run_counts_and_times_consistent():
    assert rejected(ImportRunFactory, rows_total=3, rows_ok=4)
    assert rejected(ImportRunFactory, status="running")  # running runs have no finish time
    assert rejected(ImportRunFactory, status="ok", finished_at=None)
    start = timezone.now()
    assert rejected(ImportRunFactory, started_at=start, finished_at=start - dt.timedelta(seconds=1))
    run = ImportRunFactory(status="running", finished_at=None, rows_total=0, rows_ok=0)
    assert not run.is_finished and run.errors == []
