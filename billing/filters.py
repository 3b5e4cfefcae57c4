import django_filters
from django.contrib.auth import get_user_model

from .models import AlertState, CreditRunway, Product, RunwayScenario


class ProductFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Product
        fields = ["name", "kind", "maturity", "is_quota_primary", "is_core", "counts_for_adoption"]


class CreditRunwayFilter(django_filters.FilterSet):
    """§6: filters owner / scenario / alerting; the list defaults to everyone's (D-26)."""

    owner = django_filters.ModelChoiceFilter(
        field_name="billing_customer__account__owner",
        label="Owner",
        queryset=get_user_model().objects.filter(owned_accounts__isnull=False).distinct().order_by("email"),
    )
    scenario = django_filters.ChoiceFilter(choices=RunwayScenario.choices, label="Scenario")
    alerting = django_filters.BooleanFilter(method="filter_alerting", label="Alerting")
    customer = django_filters.NumberFilter(field_name="billing_customer_id", label="Customer id")

    class Meta:
        model = CreditRunway
        fields = ["owner", "scenario", "alerting", "customer"]

    def filter_alerting(self, queryset, name, value):
        live = [AlertState.OPEN, AlertState.ACKNOWLEDGED]
        if value is None:
            return queryset
        return queryset.filter(alert_state__in=live) if value else queryset.exclude(alert_state__in=live)
