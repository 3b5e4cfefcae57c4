import django_filters
from django.db.models import Q

from .models import AttainmentLine, Bucket, Eligibility

FLAG_FILTERS = {
    "new": Q(k_prev__lt=3) | Q(k_curr__lt=3, starting_arr=0, provisional=False),
    "churned": Q(churned=True),
    "grace": Q(grace_applied=True),
    "run_rate": Q(reference_run_rate__isnull=False),
    "legacy": Q(legacy_suppressed=True),
    "out_of_policy": Q(out_of_policy_excluded=True),
    "deferred": Q(deferred_out__gt=0),
    "released": Q(released_in__gt=0),
    "pending_removal": Q(pending_removal=True),
}


class AttainmentLineFilter(django_filters.FilterSet):
    account = django_filters.CharFilter(
        field_name="account__name", lookup_expr="icontains", label="Account contains"
    )
    bucket = django_filters.ChoiceFilter(choices=Bucket.choices)
    eligibility = django_filters.ChoiceFilter(choices=Eligibility.choices)
    flag = django_filters.ChoiceFilter(
        label="Flag",
        method="filter_flag",
        choices=[(key, key.replace("_", " ")) for key in FLAG_FILTERS],
    )

    class Meta:
        model = AttainmentLine
        fields = ["account", "bucket", "eligibility", "flag"]

    def filter_flag(self, queryset, name, value):
        return queryset.filter(FLAG_FILTERS[value]) if value in FLAG_FILTERS else queryset
