"""The billing facts the revops pricing pages read (issue 15)."""



# --- issue 15 (pricing): the billing facts the revops pricing pages read -----------------------


def pricing_facts(account_id: int) -> dict:
    """One account's invoices, open invoices, remaining credit, legacy discount and active credit
    purchase, for self-serve eligibility (revops P-13), the quote builder's usage history and the
    commercial panel. Five queries whatever the history's length."""
    from django.db.models import Q

    from ..models import CreditGrant, CreditPurchase, Discount, Invoice

    finalized = Invoice.objects.filter(
        stripe_customer__billing_customer__account_id=account_id, status__in=Invoice.FINALIZED_STATUSES
    )
    newest_first = finalized.order_by("-period_start", "-created")
    invoices = list(newest_first.values_list("period_start", "total", "status")[:24])
    open_invoices = finalized.filter(status="open").count()
    has_credits = CreditGrant.objects.filter(
        billing_customer__account_id=account_id, status__in=["PENDING", "APPLIED"], remaining__gt=0
    ).exists()
    legacy = Discount.objects.filter(
        Q(stripe_customer__billing_customer__account_id=account_id), active=True, percent_off=30
    ).exists()
    purchase = (
        CreditPurchase.objects.filter(billing_customer__account_id=account_id, status="ACTIVE")
        .order_by("-start_date")
        .values("start_date", "end_date", "first_half_end", "term_months", "credit_amount", "price",
                "annual_spend", "billing", "prepaid_years", "source")
        .first()
    )
    return {
        "invoices": invoices,  # (period_start, total, status), most recent first
        "open_invoices": open_invoices,
        "has_credits": has_credits,
        "legacy_discount": legacy,
        "active_purchase": purchase,
    }
