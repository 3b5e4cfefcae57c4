"""The database refuses what the spec says must never be true; full_clean says why."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import (
    Account,
    AccountDailyMetrics,
    AccountProduct,
    Contact,
    CustomerRecommendation,
    LeadMembership,
    Note,
    Notification,
    SeasonalExplanation,
)
from accounts.services import notify
from tests.factories import (
    AccountDailyMetricsFactory,
    AccountFactory,
    AccountProductFactory,
    ContactFactory,
    CustomerRecommendationFactory,
    IncidentFactory,
    LeadMembershipFactory,
    NoteFactory,
    SeasonalExplanationFactory,
    SupportTicketFactory,
    TimelineEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(save, constraint: str | None = None):
    """The write raises IntegrityError (naming the CHECK constraint where the backend does)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        save()
    if constraint:
        assert constraint in str(caught.value)


# --- Account (accounts.md §1.2) -------------------------------------------------------------


def test_it_stores_every_account_group_of_fields():
    account = AccountFactory(
        stripe_customer_id="cus_123", salesforce_account_id="001xx", billing_customer_id="bc-1",
        cloud_region="EU", hq_country="DE", business_type="Fintech", business_model="B2B",
        stage="Series B", employee_count=120, plan="annual", arr=Decimal("60000.00"),
        mrr=Decimal("5000.00"), stripe_balance=Decimal("-1500.00"), subscription_interval="year",
        subscription_status="active", expansion_levers="viable", top_40_pin="pinned_in",
        shared_channel_platform="slack", shared_channel_name="posthog-acme",
        churned_at=date(2025, 3, 1),
    )
    account.full_clean()
    fresh = Account.objects.get(pk=account.pk)
    assert fresh.stripe_balance == Decimal("-1500.00")
    assert fresh.top_40_pin == "pinned_in"
    assert AccountFactory().top_40_pin == "auto"


def test_it_requires_acquired_by_when_the_stage_is_acquired():
    refused(lambda: AccountFactory(stage="Acquired"), "account_acquired_by_required")
    with pytest.raises(ValidationError, match="acquired_by: required"):
        AccountFactory.build(stage="Acquired").full_clean()
    assert AccountFactory(stage="Acquired", acquired_by="BigCo").acquired_by == "BigCo"


def test_it_requires_documented_attempts_when_there_are_no_expansion_levers():
    """D-14: `no_levers` needs expansion_attempts; the table itself refuses `none` without them."""
    refused(lambda: AccountFactory(expansion_levers="none"), "account_expansion_attempts_required")
    AccountFactory(expansion_levers="none", expansion_attempts="Pitched surveys twice.")


def test_it_requires_a_quarter_with_a_below_20k_plan():
    refused(lambda: AccountFactory(below_20k_plan="Upsell replay"), "account_below_20k_plan_has_quarter")
    with pytest.raises(ValidationError, match="below_20k_plan_quarter"):
        AccountFactory.build(below_20k_plan="x", below_20k_plan_quarter="Q2-2025").full_clean()
    AccountFactory(below_20k_plan="Upsell replay", below_20k_plan_quarter="2025-Q2")


@pytest.mark.parametrize("field", ["arr", "mrr", "forecasted_mrr", "ltv"])
def test_it_refuses_negative_money_except_the_stripe_balance(field):
    refused(lambda: AccountFactory(**{field: Decimal("-0.01")}), f"account_{field}_non_negative")
    AccountFactory(stripe_balance=Decimal("-0.01"))


def test_it_refuses_a_negative_employee_count_and_a_zero_arr_rank():
    refused(lambda: AccountFactory(employee_count=-1), "account_employee_count_non_negative")
    refused(lambda: AccountFactory(arr_rank=0), "account_arr_rank_positive")


def test_it_keeps_external_ids_unique_but_lets_many_accounts_leave_them_blank():
    AccountFactory(stripe_customer_id="cus_1", salesforce_account_id="001A", billing_customer_id="b1")
    AccountFactory(), AccountFactory()
    refused(lambda: AccountFactory(stripe_customer_id="cus_1"))
    refused(lambda: AccountFactory(salesforce_account_id="001A"))
    refused(lambda: AccountFactory(billing_customer_id="b1"))
    refused(lambda: AccountFactory(posthog_organization_id=Account.objects.first().posthog_organization_id))


def test_it_refuses_a_stripe_customer_id_that_is_not_a_customer_id():
    refused(lambda: AccountFactory(stripe_customer_id="sub_1"), "account_stripe_customer_id_format")


def test_it_rejects_a_country_that_is_not_an_iso_code():
    with pytest.raises(ValidationError, match="hq_country"):
        AccountFactory.build(hq_country="Germany").full_clean()


def test_it_keeps_history_of_account_changes():
    account = AccountFactory(arr=Decimal("10.00"))
    account.arr = Decimal("20.00")
    account.save()
    assert [h.arr for h in account.history.order_by("history_id")] == [Decimal("10.00"), Decimal("20.00")]


# --- AccountProduct -----------------------------------------------------------------------------


def test_it_lists_a_product_once_per_account():
    product = AccountProductFactory(product_key="session_replay")
    refused(lambda: AccountProduct.objects.create(account=product.account, product_key="session_replay"))


def test_it_validates_product_keys_against_the_billing_catalogue():
    account = AccountFactory()
    with pytest.raises(ValidationError, match="unknown product key: replay"):
        AccountProduct(account=account, product_key="replay").full_clean()
    AccountProduct(account=account, product_key="error_tracking", maturity="Basic").full_clean()
    refused(lambda: AccountProduct.objects.create(account=account, product_key=""),
            "account_product_key_required")


def test_it_keeps_history_of_account_products():
    product = AccountProductFactory(paying=False)
    product.paying = True
    product.save()
    assert product.history.count() == 2


# --- Contact (§1.3) -----------------------------------------------------------------------------


def test_it_accepts_only_spec_roles_each_once():
    with pytest.raises(ValidationError, match="not a valid choice: sponsor"):
        ContactFactory.build(account=AccountFactory(), roles=["champion", "sponsor"]).full_clean()
    with pytest.raises(ValidationError, match="twice"):
        ContactFactory.build(account=AccountFactory(), roles=["admin", "admin"]).full_clean()
    contact = ContactFactory(roles=["champion", "economic_buyer"])
    contact.full_clean()
    assert Contact.objects.get(pk=contact.pk).roles == ["champion", "economic_buyer"]


def test_it_allows_one_contact_per_email_on_an_account():
    first = ContactFactory(email="ana@acme.test")
    ContactFactory(email="ana@acme.test")  # another account
    refused(lambda: ContactFactory(account=first.account, email="ana@acme.test"))
    ContactFactory(account=first.account, email=""), ContactFactory(account=first.account, email="")


def test_it_calls_a_contact_active_when_seen_in_the_last_30_days():
    """D-19: as_of - 29 is inside, as_of - 30 is not."""
    as_of = date(2025, 6, 15)
    seen = timezone.make_aware(timezone.datetime(2025, 5, 17, 23, 0))
    assert ContactFactory.build(last_seen_at=seen).is_active_user(as_of)
    assert not ContactFactory.build(last_seen_at=seen - timedelta(days=1)).is_active_user(as_of)
    assert not ContactFactory.build(last_seen_at=None).is_active_user(as_of)


def test_it_keeps_history_of_contacts():
    contact = ContactFactory(status="active")
    contact.status = "left"
    contact.save()
    assert [h.status for h in contact.history.order_by("history_id")] == ["active", "left"]


# --- LeadMembership (§1.5) ----------------------------------------------------------------------


def test_it_sets_the_lead_deadline_three_months_after_added_on():
    """D-27 / SG-2: decision required at added_on + 3 months."""
    lead = LeadMembershipFactory(added_on=date(2025, 11, 30))
    assert lead.deadline == date(2026, 2, 28)
    unsaved = LeadMembership(account=AccountFactory(), tam=UserFactory(), added_on=date(2025, 1, 10))
    unsaved.full_clean()
    assert unsaved.deadline == date(2025, 4, 10)


def test_it_keeps_one_open_lead_per_account_and_tam():
    lead = LeadMembershipFactory()
    refused(lambda: LeadMembershipFactory(account=lead.account, tam=lead.tam))
    lead.closed_on, lead.outcome = lead.added_on, "disqualified"
    lead.save()
    LeadMembershipFactory(account=lead.account, tam=lead.tam)


def test_it_requires_an_outcome_exactly_when_a_lead_is_closed():
    name = "lead_membership_outcome_iff_closed"
    refused(lambda: LeadMembershipFactory(closed_on=date.today()), name)
    refused(lambda: LeadMembershipFactory(outcome="expired"), name)


def test_it_refuses_lead_dates_out_of_order():
    added = date(2025, 5, 1)
    refused(lambda: LeadMembershipFactory(added_on=added, closed_on=added - timedelta(days=1),
                                          outcome="expired"),
            "lead_membership_closed_on_not_before_added_on")
    refused(lambda: LeadMembershipFactory(added_on=added, deadline=added),
            "lead_membership_deadline_after_added_on")


# --- Note and TimelineEvent (§1.9) ------------------------------------------------------------


def test_it_keeps_old_note_bodies():
    note = NoteFactory(body="first")
    note.body = "second"
    note.save()
    assert [h.body for h in note.history.order_by("history_id")] == ["first", "second"]


def test_it_links_notes_to_contacts_and_validates_tags():
    contact = ContactFactory()
    note = NoteFactory(account=contact.account, contacts=[contact], tags=["pricing", "churn"])
    assert list(Note.objects.get(pk=note.pk).contacts.all()) == [contact]
    with pytest.raises(ValidationError, match="not a valid choice: price"):
        NoteFactory.build(account=contact.account, author=None, tags=["price"]).full_clean()


def test_it_labels_a_system_event_as_system():
    assert TimelineEventFactory(actor=None).actor_label == "system"


# --- AccountDailyMetrics (health.md §1.1) -----------------------------------------------------


def test_it_keeps_one_metrics_row_per_account_and_day():
    row = AccountDailyMetricsFactory()
    refused(lambda: AccountDailyMetricsFactory(account=row.account, date=row.date))
    with pytest.raises(ValidationError, match="already has metrics for that day"):
        AccountDailyMetrics(account=row.account, date=row.date).full_clean()


@pytest.mark.parametrize(
    "field", ["event_count", "active_users_30d", "billing_page_views", "insight_dashboard_views", "logins"]
)
def test_it_refuses_negative_counters(field):
    refused(lambda: AccountDailyMetricsFactory(**{field: -1}), f"account_daily_metrics_{field}_non_negative")
    with pytest.raises(ValidationError, match=f"{field}: must not be negative"):
        AccountDailyMetricsFactory.build(account=AccountFactory(), **{field: -1}).full_clean()


def test_it_validates_product_usage_against_catalogue_and_counters():
    account = AccountFactory()
    bad = AccountDailyMetrics(account=account, date=date(2025, 1, 1),
                              product_usage={"session_replay": {"recordings": 1}, "nope": {}})
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    text = str(caught.value)
    assert "product_usage.session_replay.recordings: unknown counter" in text
    assert "product_usage.nope: unknown product key" in text
    AccountDailyMetrics(account=account, date=date(2025, 1, 1),
                        product_usage={"session_replay": {"recordings_captured": 4}}).full_clean()


# --- Support tickets, incidents, recommendations, seasonality -----------------------------------


def test_it_keeps_ticket_external_ids_unique_and_solved_after_opened():
    ticket = SupportTicketFactory()
    refused(lambda: SupportTicketFactory(external_id=ticket.external_id))
    refused(lambda: SupportTicketFactory(external_id=""), "support_ticket_external_id_required")
    refused(lambda: SupportTicketFactory(solved_at=ticket.opened_at - timedelta(minutes=1)),
            "support_ticket_solved_at_not_before_opened_at")


def test_it_keeps_incidents_resolved_after_they_start_and_validates_products():
    started = timezone.now()
    refused(lambda: IncidentFactory(started_at=started, resolved_at=started - timedelta(hours=1)),
            "incident_resolved_at_not_before_started_at")
    IncidentFactory(external_id="INC-1")
    refused(lambda: IncidentFactory(external_id="INC-1"))
    IncidentFactory(), IncidentFactory()  # blank external ids do not collide
    with pytest.raises(ValidationError, match="unknown product key: flags"):
        IncidentFactory.build(affected_product_keys=["flags"]).full_clean()
    account = AccountFactory()
    incident = IncidentFactory(affected_accounts=[account])
    assert incident.is_open and list(account.incidents.all()) == [incident]


def test_it_requires_an_actioned_date_on_an_actioned_recommendation():
    refused(lambda: CustomerRecommendationFactory(status="actioned"),
            "customer_recommendation_actioned_has_date")
    rec = CustomerRecommendationFactory()
    refused(lambda: CustomerRecommendation.objects.filter(pk=rec.pk).update(
        status="actioned", actioned_at=rec.given_at - timedelta(days=1)))
    with pytest.raises(ValidationError, match="unknown product key"):
        CustomerRecommendationFactory.build(account=rec.account, given_by=None,
                                            product_key="replay").full_clean()


def test_it_refuses_a_seasonal_explanation_that_ends_before_it_starts():
    refused(lambda: SeasonalExplanationFactory(starts_on=date(2025, 7, 2), ends_on=date(2025, 7, 1)),
            "seasonal_explanation_ends_on_not_before_starts_on")
    one_day = SeasonalExplanationFactory(starts_on=date(2025, 7, 1), ends_on=date(2025, 7, 1))
    assert one_day.is_active_on(date(2025, 7, 1))
    assert not one_day.is_active_on(date(2025, 7, 2))
    assert SeasonalExplanation.objects.count() == 1


# --- Notification.account ---------------------------------------------------------------------


def test_it_files_a_notification_under_its_account():
    account = AccountFactory()
    notification = notify(recipient=UserFactory(), kind="test", text="hello", account=account)
    assert Notification.objects.get(pk=notification.pk).account == account
    account.delete()
    assert Notification.objects.get(pk=notification.pk).account is None
