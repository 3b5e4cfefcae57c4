import django_tables2 as tables
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from ..models import RefundRequest


class RefundRequestTable(tables.Table):
    id = tables.Column(
        verbose_name="#", linkify=lambda record: reverse("billing:refund-detail", args=[record.pk])
    )
    customer = tables.Column(accessor="billing_customer__name", verbose_name="Customer")
    invoice = tables.Column(accessor="invoice__number", verbose_name="Invoice", default="—")
    scenario = tables.Column(verbose_name="Scenario")
    requested_on = tables.DateColumn(verbose_name="Requested on", format="Y-m-d")
    incident_number = tables.Column(verbose_name="Incident #")
    status = tables.Column(verbose_name="Status")
    resolution = tables.Column(verbose_name="Route", default="waiting")
    escalation = tables.Column(
        accessor="escalation_reasons", verbose_name="Escalation reasons", orderable=False
    )
    computed_amount = tables.Column(verbose_name="Computed")
    max_refund = tables.Column(verbose_name="Ceiling")
    approved_amount = tables.Column(verbose_name="Approved", default="—")
    created_by = tables.Column(verbose_name="Filed by", default="—")

    class Meta:
        model = RefundRequest
        fields: list[str] = []
        sequence = (
            "id", "customer", "invoice", "scenario", "requested_on", "incident_number", "status",
            "resolution", "escalation", "computed_amount", "max_refund", "approved_amount", "created_by",
        )  # fmt: skip
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}
        empty_text = "No refund requests match."

    def render_escalation(self, value):
        return ", ".join(value) if value else "—"

    def value_escalation(self, value):
        return ", ".join(value or [])

    def render_status(self, record):
        return format_html(
            '<span class="badge status-{}">{}</span>', record.status, record.get_status_display()
        )

    def value_status(self, record):
        return record.status

    def render_scenario(self, record):
        return record.get_scenario_display()

    def value_scenario(self, record):
        return record.scenario


class EscalationQueueTable(RefundRequestTable):
    decide = tables.Column(accessor="pk", verbose_name="Decision", orderable=False, exclude_from_export=True)

    def __init__(self, *args, may_decide: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_decide = may_decide

    def render_decide(self, record):
        # Rendered without the request: a cell must not run the context processors (one query each).
        request = getattr(self, "request", None)
        return render_to_string(
            "billing/refunds/partials/decide_cell.html",
            {"record": record, "may_decide": self.may_decide, "csrf": get_token(request) if request else ""},
        )

    class Meta(RefundRequestTable.Meta):
        sequence = (*RefundRequestTable.Meta.sequence, "decide")  # type: ignore[assignment]
        empty_text = "Nothing waits for RevOps: no escalated or under-review refund requests."
        row_attrs = {"id": lambda record: f"refund-{record.pk}"}
