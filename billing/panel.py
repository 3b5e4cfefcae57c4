"""What the account's billing panel shows (§6 Account billing tab), read in a fixed number of
queries: configuration and why, MRR by month (total vs per product, B-10 labels), invoices with
lines and service periods, payments and attempts, the credit ledger and its runway history."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from .engine.dates import label
from .models import (
    BillingCustomer,
    CreditConsumption,
    CreditGrant,
    CreditPurchase,
    CreditRunway,
    Invoice,
    InvoiceLine,
    MonthlyRevenue,
    PaymentAttempt,
)

INVOICES_SHOWN = 12
ENTERPRISE = ("ENTERPRISE_YEARLY_CREDIT", "ENTERPRISE_AMORTIZED_CREDIT")


@dataclass
class CustomerPanel:
    customer: BillingCustomer
    configuration: str = ""
    configuration_label: str = ""
    configuration_why: str = ""
    months: list[dict] = field(default_factory=list)  # [{month, total, products: {key: mrr}}]
    products: list[str] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    purchases: list[CreditPurchase] = field(default_factory=list)
    grants: list[CreditGrant] = field(default_factory=list)
    runway: CreditRunway | None = None
    runway_history: list[dict] = field(default_factory=list)

    @property
    def mrr_script_id(self) -> str:
        return f"billing-mrr-{self.customer.pk}"

    @property
    def runway_script_id(self) -> str:
        return f"billing-runway-{self.customer.pk}"

    @property
    def enterprise(self) -> bool:
        return self.configuration in ENTERPRISE

    @property
    def total_label(self) -> str:
        return "MRR (credit payments)" if self.enterprise else "MRR"

    @property
    def product_label(self) -> str:
        return "Product MRR (usage at discounted rate)" if self.enterprise else "Product MRR"

    def chart(self) -> dict:
        return {
            "labels": [m["label"] for m in self.months],
            "total_label": self.total_label,
            "product_label": self.product_label,
            "total": [str(m["total"]) for m in self.months],
            "products": {
                key: [str(m["products"].get(key, Decimal("0.00"))) for m in self.months]
                for key in self.products
            },
        }

    def runway_chart(self) -> dict:
        return {
            "labels": [r["as_of"] for r in self.runway_history],
            "available": [r["available"] for r in self.runway_history],
            "runway_days": [r["runway_days"] for r in self.runway_history],
        }


def account_billing(account_id: int) -> list[CustomerPanel]:
    """8 queries, however many months, invoices or grants the account has."""
    customers = list(BillingCustomer.objects.filter(account_id=account_id).order_by("pk"))
    if not customers:
        return []
    ids = [c.pk for c in customers]
    panels = {c.pk: CustomerPanel(c) for c in customers}
    from .models import BillingConfiguration

    names = dict(BillingConfiguration.choices)
    months: dict[int, dict] = defaultdict(dict)
    for row in MonthlyRevenue.objects.filter(billing_customer_id__in=ids).order_by("month", "product_key"):
        panel = panels[row.billing_customer_id]
        month = months[row.billing_customer_id].setdefault(
            row.month,
            {
                "label": label(row.month),
                "total": Decimal("0.00"),
                "products": {},
                "configuration": "",
            },
        )
        if row.product_key_id is None:
            month["total"] = row.mrr
            month["configuration"] = row.configuration
            panel.configuration = row.configuration
            panel.configuration_label = names.get(row.configuration, row.configuration)
            panel.configuration_why = row.explanation.get("why", "")
        else:
            month["products"][row.product_key_id] = row.mrr
            if row.product_key_id not in panel.products:
                panel.products.append(row.product_key_id)
    for cid, by_month in months.items():
        panels[cid].months = list(by_month.values())
    invoices = (
        Invoice.objects.filter(stripe_customer__billing_customer_id__in=ids)
        .select_related("stripe_customer")
        .prefetch_related(
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("period_start", "pk")),
            Prefetch("payment_attempts", queryset=PaymentAttempt.objects.order_by("attempt_number")),
        )
        .order_by("-period_start", "-pk")
    )
    for invoice in invoices:
        shown = panels[invoice.stripe_customer.billing_customer_id].invoices
        if len(shown) < INVOICES_SHOWN:
            shown.append(invoice)
    for purchase in CreditPurchase.objects.filter(billing_customer_id__in=ids).order_by("-start_date"):
        panels[purchase.billing_customer_id].purchases.append(purchase)
    grants = (
        CreditGrant.objects.filter(billing_customer_id__in=ids)
        .prefetch_related(
            Prefetch(
                "consumptions",
                queryset=CreditConsumption.objects.select_related("invoice").order_by("invoice__period_end"),
            )
        )
        .order_by("-starts_on", "-pk")
    )
    for grant in grants:
        panels[grant.billing_customer_id].grants.append(grant)
    for reading in CreditRunway.objects.filter(billing_customer_id__in=ids).order_by("as_of"):
        panel = panels[reading.billing_customer_id]
        panel.runway = reading
        panel.runway_history.append(
            {
                "as_of": reading.as_of.isoformat(),
                "available": str(reading.available_credit),
                "runway_days": reading.runway_days,
            }
        )
    return list(panels.values())
