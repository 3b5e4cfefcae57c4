"""One filter set for My book and the accounts list (the same columns and filters)."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from accounts.engine.segments import CATALOGUE
from accounts.models import Account, CloudRegion, Plan, SegmentMembership, User


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search name, domain or owner")
    segment = django_filters.ChoiceFilter(
        choices=[(d.key, d.label) for d in CATALOGUE], method="in_segment", label="Segment", empty_label="Any"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(is_active=True).exclude(role=""), label="Owner", empty_label="Anyone"
    )
    plan = django_filters.ChoiceFilter(choices=Plan.choices, label="Plan", empty_label="Any")
    cloud_region = django_filters.ChoiceFilter(choices=CloudRegion.choices, label="Region", empty_label="Any")
    is_top_40 = django_filters.ChoiceFilter(
        choices=[("true", "Top 40 only"), ("false", "Outside the Top 40")], method="top_40",
        label="Top 40", empty_label="Any",
    )
    arr_min = django_filters.NumberFilter(field_name="arr", lookup_expr="gte", label="ARR at least")
    arr_max = django_filters.NumberFilter(field_name="arr", lookup_expr="lt", label="ARR below")

    class Meta:
        model = Account
        fields = ["q", "segment", "owner", "plan", "cloud_region", "is_top_40", "arr_min", "arr_max"]

    def search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(name__icontains=text)
            | Q(website__icontains=text)
            | Q(site_url__icontains=text)
            | Q(owner__name__icontains=text)
            | Q(owner__email__icontains=text)
        )

    def top_40(self, queryset, name, value):
        return queryset.filter(is_top_40=value == "true")

    def in_segment(self, queryset, name, value):
        open_rows = SegmentMembership.objects.filter(
            account=OuterRef("pk"), segment__key=value, removed_at__isnull=True
        )
        return queryset.filter(Exists(open_rows))
