"""OpenAPI shapes of the refunds API. The preview parses its request in `billing.refunds.preview`
(strict, nested errors); the request/response classes document it in the drf-spectacular schema."""

from rest_framework import serializers

from ..models import (
    EscalationReason,
    FraudSignal,
    Mitigation,
    RefundLine,
    RefundRequest,
    RefundResolution,
    RefundScenario,
)


class _Money(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", 'decimal string, two places, e.g. "84.30"')
        super().__init__(**kwargs)


class PreviewTierSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(allow_null=True, help_text="inclusive; null on the last tier")
    unit_amount = serializers.CharField(help_text='USD per unit, e.g. "0.00005"')
    flat_amount = serializers.CharField(required=False, default="0")


class PreviewLineSerializer(serializers.Serializer):
    product_key = serializers.CharField()
    prior_units = serializers.ListField(
        child=serializers.IntegerField(min_value=0), max_length=3, required=False
    )
    spike_units = serializers.IntegerField(min_value=0, required=False, default=0)
    tiers_mode = serializers.ChoiceField(["graduated", "volume"], required=False, default="graduated")
    tiers = PreviewTierSerializer(many=True)


class PreviewIncidentSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.ChoiceField(["request", "credit"])


class RefundsPreviewRequestSerializer(serializers.Serializer):
    scenario = serializers.ChoiceField(RefundScenario.choices, required=False, default="other")
    billing_date = serializers.DateField()
    requested_on = serializers.DateField(required=False, help_text="default: today, UTC")
    invoice_finalized = serializers.BooleanField(required=False, default=True)
    lines = PreviewLineSerializer(many=True, required=False)
    percent_off = serializers.FloatField(required=False, default=0, min_value=0, max_value=100)
    is_first_bill_over_1 = serializers.BooleanField(required=False, default=False)
    company_has_revenue = serializers.BooleanField(required=False, default=True)
    is_hobby_project = serializers.BooleanField(required=False, default=False)
    spike_ceased = serializers.BooleanField(required=False, default=False)
    mitigation = serializers.ChoiceField(Mitigation.choices, required=False, default="none")
    fraud_signals = serializers.ListField(child=serializers.ChoiceField(FraudSignal.choices), required=False)
    something_off = serializers.BooleanField(required=False, default=False)
    invoice_change_needed = serializers.BooleanField(required=False, default=False)
    overdue_invoices = serializers.BooleanField(required=False, default=False)
    prior_incidents = PreviewIncidentSerializer(many=True, required=False)
    prior_recommendations_actioned = serializers.BooleanField(required=False, allow_null=True, default=None)
    extraordinary_circumstances = serializers.CharField(required=False, allow_blank=True, default="")
    recent_mrr = serializers.ListField(child=_Money(), max_length=3, required=False)


class PreviewCheckSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    why = serializers.CharField()


class PreviewChecksSerializer(serializers.Serializer):
    within_30_days = PreviewCheckSerializer()
    fits_scenario = PreviewCheckSerializer()
    no_fraud_signal = PreviewCheckSerializer()
    spike_resolved = PreviewCheckSerializer()


class PreviewLineResultSerializer(serializers.Serializer):
    product_key = serializers.CharField()
    baseline_units = serializers.IntegerField()
    spike_units = serializers.IntegerField()
    overage_units = serializers.IntegerField()
    price_with_spike = _Money()
    price_baseline = _Money()
    amount = _Money()


class RefundsPreviewResponseSerializer(serializers.Serializer):
    scenario = serializers.ChoiceField(RefundScenario.choices)
    scenario_label = serializers.CharField()
    eligible = serializers.BooleanField()
    checks = PreviewChecksSerializer()
    days_since_billing = serializers.IntegerField()
    fraud_signals = serializers.ListField(child=serializers.CharField())
    incident_number = serializers.IntegerField()
    recent_incidents_90d = serializers.IntegerField()
    average_mrr = _Money()
    big_customer = serializers.BooleanField()
    lines = PreviewLineResultSerializer(many=True)
    amount = _Money()
    max_refund = _Money()
    resolution = serializers.ChoiceField(RefundResolution.choices, allow_null=True)
    request_status = serializers.ChoiceField(["under_review", "escalated", "declined"])
    credit_reason = serializers.CharField(allow_null=True)
    fix_window_until = serializers.DateField(allow_null=True)
    escalation_reasons = serializers.ListField(child=serializers.ChoiceField(EscalationReason.choices))
    approver_role = serializers.CharField()
    notify = serializers.ListField(child=serializers.CharField())
    prevention_guidance_required = serializers.BooleanField()
    repeat_warning_required = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class RefundLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = RefundLine
        fields = [
            "product_key", "prior_units", "baseline_units", "spike_units", "overage_units", "tiers_mode",
            "percent_off",
            "price_with_spike", "price_baseline", "amount", "approved_amount", "calc_breakdown",
        ]  # fmt: skip


class RefundRequestSerializer(serializers.ModelSerializer):
    customer = serializers.CharField(source="billing_customer.name", read_only=True)
    invoice_number = serializers.CharField(source="invoice.number", read_only=True)
    created_by: serializers.Field = serializers.StringRelatedField()
    decided_by: serializers.Field = serializers.StringRelatedField()
    processed_by: serializers.Field = serializers.StringRelatedField()

    class Meta:
        model = RefundRequest
        fields = [
            "id", "billing_customer", "customer", "invoice", "invoice_number", "scenario", "channel",
            "billing_date", "requested_on", "incident_number", "status", "resolution", "computed_amount",
            "max_refund", "approved_amount", "credit_reason", "fix_window_until", "escalation_reasons",
            "created_by", "created_at", "decided_by", "decided_at", "processed_by", "processed_at",
        ]  # fmt: skip


class RefundRequestDetailSerializer(RefundRequestSerializer):
    lines = RefundLineSerializer(many=True, read_only=True)

    class Meta(RefundRequestSerializer.Meta):
        fields = [
            *RefundRequestSerializer.Meta.fields,
            "explanation", "eligibility", "fraud_signals", "usage_pattern", "mitigation", "spike_ceased",
            "is_first_bill_over_1", "company_has_revenue", "is_hobby_project", "something_off",
            "invoice_change_needed", "prior_recommendations_actioned", "extraordinary_circumstances",
            "prevention_guidance_sent", "repeat_warning_sent", "stripe_reason", "internal_reason",
            "zendesk_ticket", "calc_breakdown", "decision_reason", "credit_grant", "stripe_write", "lines",
        ]  # fmt: skip
