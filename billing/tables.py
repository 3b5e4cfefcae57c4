import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from .models import CreditRunway, Product


class ProductTable(tables.Table):
    key = tables.Column(verbose_name="Key")
    is_quota_primary = tables.BooleanColumn(verbose_name="Quota primary", yesno="yes,—")
    is_core = tables.BooleanColumn(verbose_name="Core", yesno="yes,—")
    counts_for_adoption = tables.BooleanColumn(verbose_name="Counts for adoption", yesno="yes,—")

    class Meta:
        model = Product
        fields = [
            "name",
            "key",
            "kind",
            "maturity",
            "is_quota_primary",
            "is_core",
            "attribution_use_case",
            "counts_for_adoption",
            "usage_definition",
        ]
        order_by = ["display_order"]
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}


def action_text(action: dict | None) -> str:
    """B-29…B-31's suggested action, in words."""
    if not action:
        return "—"
    kind = action.get("kind")
    if kind == "expansion":
        return (
            f"Expansion order form at {action['discount_percent']}% from {action['start']}, "
            f"{action['term_months']} months to {action['end']}"
        )
    if kind == "new_order_form":
        return f"New 12-month order form from {action['start']}"
    if kind == "renewal_bridge":
        return (
            f"Renewal bridge {action['amount']} if renewal (≥ {action['minimum_annual_spend']}/yr) "
            f"signed before {action['sign_before']}"
        )
    if kind == "pay_next_year_early":
        return f"Pay next year's invoice ({action['invoice_amount']}) early"
    return str(kind)


class CreditRunwayTable(tables.Table):
    customer = tables.Column(
        accessor="billing_customer__name", verbose_name="Customer", order_by="billing_customer__name"
    )
    owner = tables.Column(
        accessor="billing_customer__account__owner",
        verbose_name="Owner",
        default="— (RevOps lead)",
        order_by="billing_customer__account__owner__email",
    )
    configuration = tables.Column(verbose_name="Configuration", default="—")
    available_credit = tables.Column(verbose_name="Available credit")
    daily_burn = tables.Column(verbose_name="Daily burn", default="—")
    runway_days = tables.Column(verbose_name="Runway (days)", default="insufficient history")
    run_out_date = tables.DateColumn(verbose_name="Run-out date", format="Y-m-d", default="—")
    term_end = tables.DateColumn(verbose_name="Term end", format="Y-m-d", default="—")
    scenario = tables.Column(verbose_name="Scenario")
    alert_state = tables.Column(verbose_name="Alert")
    suggested_action = tables.Column(
        accessor="action", verbose_name="Suggested action", orderable=False, default="—"
    )
    acknowledge = tables.Column(accessor="pk", verbose_name="", orderable=False, exclude_from_export=True)

    class Meta:
        model = CreditRunway
        fields: list[str] = []
        sequence = [
            "customer",
            "owner",
            "configuration",
            "available_credit",
            "daily_burn",
            "runway_days",
            "run_out_date",
            "term_end",
            "scenario",
            "alert_state",
            "suggested_action",
            "acknowledge",
        ]
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}

    def render_customer(self, record, value):
        account = record.billing_customer.account_id
        return value if account is None else format_html('<span data-account="{}">{}</span>', account, value)

    def value_customer(self, value):
        return value

    def render_suggested_action(self, value):
        return action_text(value)

    def value_suggested_action(self, value):
        return action_text(value)

    def render_acknowledge(self, record):
        if record.alert_state != "OPEN":
            return ""
        return format_html(
            '<form method="post" action="{}" class="inline" hx-post="{}" hx-target="closest tr" '
            'hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit">Acknowledge</button>'
            "</form>",
            reverse("billing:credit-runway-acknowledge", args=[record.pk]),
            reverse("billing:credit-runway-acknowledge", args=[record.pk]),
            get_token(self.request) if getattr(self, "request", None) is not None else "",
        )
