import django_filters

from ..filters import OwnBookDefault
from ..models import RefundRequest, RefundResolution, RefundScenario, RefundStatus


class RefundRequestFilter(OwnBookDefault):
    status = django_filters.ChoiceFilter(choices=RefundStatus.choices, label="Status")
    scenario = django_filters.ChoiceFilter(choices=RefundScenario.choices, label="Scenario")
    resolution = django_filters.ChoiceFilter(choices=RefundResolution.choices, label="Resolution")
    customer = django_filters.CharFilter(
        field_name="billing_customer__name", lookup_expr="icontains", label="Customer contains"
    )

    class Meta:
        model = RefundRequest
        fields = ["book", "status", "scenario", "resolution", "customer"]
