"""OpenAPI shapes of the billing API. The credits preview parses its request in `billing.preview`
(strict, nested errors); these classes document it in the drf-spectacular schema."""

from rest_framework import serializers


class _Money(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", 'decimal string, two places, e.g. "1234.50"')
        super().__init__(**kwargs)


class PreviewContractSerializer(serializers.Serializer):
    source = serializers.ChoiceField(  # type: ignore[assignment]  # the contract's field name
        ["SALES_CONTRACT", "SELF_SERVE"], required=False, default="SALES_CONTRACT"
    )
    credit_amount = _Money()
    price = _Money()
    discount_percent = serializers.FloatField(required=False, allow_null=True)
    start_date = serializers.DateField()
    term_months = serializers.IntegerField(required=False, default=12, min_value=1)
    prepaid_years = serializers.IntegerField(required=False, default=1, min_value=1)


class PreviewGrantSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, default="ONE_TIME")
    amount = _Money()
    starts_on = serializers.DateField(required=False)
    expires_at = serializers.DateField(required=False, allow_null=True)


class PreviewInvoiceSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField(required=False)
    lines = serializers.DictField(child=_Money(), required=False, help_text="product key → amount")
    tax = _Money(required=False)


class PreviewUpcomingSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    amount = _Money()


class PreviewRenewalSerializer(serializers.Serializer):
    price = _Money()
    term_months = serializers.IntegerField(required=False, default=12)
    start_date = serializers.DateField(required=False)
    signed_on = serializers.DateField(required=False, allow_null=True)


class CreditsPreviewRequestSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="default: today, UTC")
    contract = PreviewContractSerializer(required=False, allow_null=True)
    grants = PreviewGrantSerializer(many=True, required=False)
    invoices = PreviewInvoiceSerializer(many=True, required=False)
    upcoming_invoice = PreviewUpcomingSerializer(required=False, allow_null=True)
    renewal = PreviewRenewalSerializer(required=False, allow_null=True)
    configuration = serializers.ChoiceField(
        ["FREE", "PAID", "STARTUP", "ENTERPRISE_YEARLY_CREDIT", "LEGACY"], required=False, allow_null=True
    )


class PreviewGrantResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    amount = _Money()
    starts_on = serializers.DateField()
    expires_at = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    consumed = _Money()
    remaining = _Money()
    expired = _Money()


class PreviewRolloverSerializer(serializers.Serializer):
    cap = _Money()
    remaining_at_end = _Money(allow_null=True)
    renewal_qualifies = serializers.BooleanField(allow_null=True)
    minimum_renewal_annual_spend = _Money()
    allowed = _Money(allow_null=True)
    expires_at = serializers.DateField(allow_null=True)


class PreviewMrrSerializer(serializers.Serializer):
    month = serializers.CharField(help_text='"YYYY-MM"')
    configuration = serializers.CharField()
    total = _Money()
    products = serializers.DictField(child=_Money())


class PreviewInvoiceResultSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    after_cn = _Money()
    credits_applied = _Money()
    billed = _Money()


class PreviewExpirySerializer(serializers.Serializer):
    date = serializers.DateField()
    amount = _Money()


class CreditsPreviewResponseSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    available_credit = _Money()
    burn_source = serializers.ChoiceField(["complete_months", "upcoming_invoice", "none"])
    burn_months = serializers.ListField(child=serializers.CharField())
    burn_amount = _Money(allow_null=True)
    burn_days = serializers.IntegerField(allow_null=True)
    daily_burn = _Money(allow_null=True)
    anchor = serializers.DateField(allow_null=True)
    run_out_date = serializers.DateField(allow_null=True)
    runway_days = serializers.IntegerField(allow_null=True)
    contract_end = serializers.DateField(allow_null=True)
    annual_spend = _Money(allow_null=True)
    discount_percent = serializers.FloatField(allow_null=True)
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    first_half_end = serializers.DateField(allow_null=True)
    last_two_months_from = serializers.DateField(allow_null=True)
    scenario = serializers.ChoiceField(["FIRST_HALF", "BETWEEN", "LAST_TWO_MONTHS", "NONE"])
    alert = serializers.BooleanField()
    action = serializers.DictField(
        allow_null=True,
        help_text="kind: expansion | new_order_form | "
        "renewal_bridge | pay_next_year_early, with its dates and amounts",
    )
    rollover = PreviewRolloverSerializer(allow_null=True)
    grants = PreviewGrantResultSerializer(many=True)
    expiring = PreviewExpirySerializer(many=True)
    invoices = PreviewInvoiceResultSerializer(many=True)
    mrr = PreviewMrrSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class MonthlyRevenueSerializer(serializers.Serializer):
    month = serializers.SerializerMethodField(help_text='"YYYY-MM"')
    configuration = serializers.CharField()
    total = _Money()
    products = serializers.DictField(child=_Money())

    def get_month(self, obj) -> str:
        return obj["month"].strftime("%Y-%m")


class AccountMrrSerializer(serializers.Serializer):
    account_id = serializers.IntegerField()
    billing_customer_id = serializers.IntegerField()
    total_label = serializers.CharField()
    product_label = serializers.CharField()
    months = MonthlyRevenueSerializer(many=True)


class CreditRunwaySerializer(serializers.Serializer):
    billing_customer_id = serializers.IntegerField()
    account_id = serializers.IntegerField(source="billing_customer.account_id", allow_null=True)
    customer = serializers.CharField(source="billing_customer.name")
    as_of = serializers.DateField()
    available_credit = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    daily_burn = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=True, allow_null=True
    )
    burn_source = serializers.CharField()
    runway_days = serializers.IntegerField(allow_null=True, help_text="null = insufficient history")
    run_out_date = serializers.DateField(allow_null=True)
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    scenario = serializers.CharField()
    action = serializers.JSONField(allow_null=True)
    alert_state = serializers.CharField()
    alerted_run_out_date = serializers.DateField(allow_null=True)
