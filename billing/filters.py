import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.rules import is_frontline

from .models import AlertState, CreditRunway, Product, RunwayScenario

BOOK_CHOICES = [("mine", "My book"), ("all", "Everyone's")]


class OwnBookDefault(django_filters.FilterSet):
    """billing.md §6: lists default to the user's own book; everyone may read everyone's (D-26).
    A front-line user's list opens on the accounts they own (`book=mine`), anyone else's on all;
    `book=all` widens it. `book_lookups` are the paths from the row to the user (the account's
    owner, and for dunning the case's responsible person)."""

    book_lookups: tuple[str, ...] = ("billing_customer__account__owner",)
    book = django_filters.ChoiceFilter(
        choices=BOOK_CHOICES, method="in_book", label="Book", empty_label=None
    )

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else {}
        user = getattr(request, "user", None)
        data.setdefault("book", "mine" if user is not None and is_frontline(user) else "all")
        super().__init__(data, *args, request=request, **kwargs)

    def in_book(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value != "mine" or user is None or not user.is_authenticated:
            return queryset
        mine = Q()
        for lookup in self.book_lookups:
            mine |= Q(**{lookup: user})
        return queryset.filter(mine)


class ProductFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Product
        fields = ["name", "kind", "maturity", "is_quota_primary", "is_core", "counts_for_adoption"]


class CreditRunwayFilter(OwnBookDefault):
    """§6: filters owner / scenario / alerting; the list opens on the user's own book."""

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
        fields = ["book", "owner", "scenario", "alerting", "customer"]

    def filter_alerting(self, queryset, name, value):
        live = [AlertState.OPEN, AlertState.ACKNOWLEDGED]
        if value is None:
            return queryset
        return queryset.filter(alert_state__in=live) if value else queryset.exclude(alert_state__in=live)
