"""API shapes. The preview's request/response serializers document the contract in the schema
(parsing is `crosssell.preview_request`'s, which reports every bad field exactly)."""

from rest_framework import serializers

from .models import AccountCrossSellState, Recommendation, TriggerEpisode, UseCaseAssignment


class _ProductFactSerializer(serializers.Serializer):
    spend_last_month = serializers.CharField(required=False, help_text='Amount string, default "0.00".')
    active = serializers.BooleanField(required=False, default=True)
    activated_at = serializers.DateField(required=False, allow_null=True)


class _MemberSerializer(serializers.Serializer):
    families = serializers.ListField(child=serializers.CharField(), required=False)
    active = serializers.BooleanField(required=False, default=True)
    count = serializers.IntegerField(required=False, default=1, min_value=0)


class _UsageSerializer(serializers.Serializer):
    recordings_analysed_30d = serializers.IntegerField(required=False)
    active_flags = serializers.IntegerField(required=False)
    flags_created_90d = serializers.IntegerField(required=False)
    flags_created_by_family_90d = serializers.DictField(child=serializers.IntegerField(), required=False)
    experiment_page_views_90d = serializers.IntegerField(required=False)
    web_analytics_page_views_90d = serializers.IntegerField(required=False)
    eval_runs_30d = serializers.IntegerField(required=False)
    group_count = serializers.IntegerField(required=False)
    group_analytics_plan = serializers.CharField(required=False, allow_null=True)
    events_weekly = serializers.ListField(child=serializers.IntegerField(), required=False)
    custom_event_names = serializers.ListField(child=serializers.CharField(), required=False)
    batch_exports = serializers.ListField(child=serializers.DictField(), required=False)
    realtime_destinations = serializers.ListField(child=serializers.DictField(), required=False)


class PreviewRequestSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)
    products = serializers.DictField(child=_ProductFactSerializer(), required=False)
    members = _MemberSerializer(many=True, required=False)
    business_model = serializers.ChoiceField(
        choices=["B2B", "B2C", "B2B and B2C"], required=False, allow_null=True
    )
    employee_count = serializers.IntegerField(required=False, allow_null=True)
    company_tags = serializers.ListField(child=serializers.CharField(), required=False)
    billing_type = serializers.ChoiceField(choices=["monthly", "annual"], required=False)
    contract_start = serializers.DateField(required=False, allow_null=True)
    contract_end = serializers.DateField(required=False, allow_null=True)
    paid_start = serializers.DateField(required=False, allow_null=True)
    replay_prohibited = serializers.BooleanField(required=False)
    open_incidents = serializers.ListField(child=serializers.DictField(), required=False)
    open_tickets = serializers.ListField(child=serializers.DictField(), required=False)
    open_implementation_items = serializers.ListField(child=serializers.CharField(), required=False)
    champions = serializers.ListField(child=serializers.DictField(), required=False)
    events = serializers.ListField(child=serializers.DictField(), required=False)
    usage = _UsageSerializer(required=False)


class _UseCaseResultSerializer(serializers.Serializer):
    live = serializers.BooleanField()
    attributed_spend = serializers.CharField()
    active_products = serializers.IntegerField()
    core_buyer_active_members = serializers.IntegerField()
    status = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)


class _CardSerializer(serializers.Serializer):
    product = serializers.CharField()
    feature = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["open", "suppressed"])
    tier = serializers.IntegerField()
    motion = serializers.CharField()
    use_case = serializers.CharField(allow_null=True)
    maturity = serializers.CharField()
    why_now = serializers.DictField(child=serializers.DictField())
    why_not_now = serializers.DictField(child=serializers.DictField())


class PreviewResponseSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    primary_use_case = serializers.CharField(allow_null=True)
    secondary_use_cases = serializers.ListField(child=serializers.CharField())
    overrides_applied = serializers.ListField(child=serializers.CharField())
    use_cases = serializers.DictField(child=_UseCaseResultSerializer())
    ai_signal = serializers.BooleanField()
    billing_type = serializers.CharField()
    contract_month = serializers.IntegerField(allow_null=True)
    window = serializers.CharField()
    days_since_paid_start = serializers.IntegerField(allow_null=True)
    triggers = serializers.ListField(child=serializers.CharField())
    path = serializers.ListField(child=serializers.DictField())
    next_product = serializers.DictField(allow_null=True)
    cards = serializers.DictField(child=_CardSerializer())
    notes = serializers.ListField(child=serializers.CharField())


class UseCaseAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = UseCaseAssignment
        fields = [
            "use_case",
            "status",
            "live",
            "attributed_spend",
            "active_products",
            "core_buyer_active_members",
            "rank",
            "evidence",
            "evaluated_on",
        ]


class StateSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccountCrossSellState
        fields = [
            "primary_use_case",
            "computed_primary_use_case",
            "secondary_use_cases",
            "override_use_case",
            "override_reason",
            "first_team",
            "phase",
            "phase_since",
            "window",
            "contract_month",
            "explanation",
            "last_evaluated_on",
        ]


class ClassificationSerializer(serializers.Serializer):
    state = StateSerializer(allow_null=True)
    use_cases = UseCaseAssignmentSerializer(many=True)


class TriggerEpisodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = TriggerEpisode
        fields = ["trigger_key", "subject", "started_on", "last_true_on", "ended_on", "evidence"]


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = [
            "kind",
            "key",
            "product",
            "feature",
            "text",
            "target_use_case",
            "motion",
            "tier",
            "path_position",
            "maturity",
            "status",
            "why_this",
            "why_now",
            "why_not_now",
            "snoozed_until",
            "dismiss_reason",
            "first_seen_on",
            "updated_on",
        ]
