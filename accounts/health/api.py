"""Health API: the stateless preview (contracts.md) and the stored snapshot per account (§5)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Account

from . import selectors, services
from .preview import PreviewRequest, run_preview

COMPONENT = inline_serializer(
    "HealthComponent",
    {
        "label": serializers.CharField(),
        "points": serializers.IntegerField(allow_null=True),
        "max": serializers.IntegerField(),
        "rule": serializers.CharField(),
        "inputs": serializers.DictField(),
        "explanation": serializers.CharField(),
    },
)
PREVIEW_RESPONSE = inline_serializer(
    "HealthPreviewResponse",
    {
        "as_of": serializers.DateField(),
        "week_start": serializers.DateField(),
        "model_version": serializers.IntegerField(),
        "score": serializers.IntegerField(allow_null=True, min_value=0, max_value=100),
        "band": serializers.ChoiceField(choices=["Good", "Fair", "Poor", "No data"]),
        "components": serializers.DictField(
            child=COMPONENT, help_text="Keyed by the five §1.3 component keys."
        ),
        "top_losses": serializers.ListField(child=serializers.CharField()),
        "signals": serializers.ListField(child=serializers.CharField()),
        "churn_reasons": serializers.ListField(child=serializers.CharField()),
    },
)
PREVIEW_REQUEST = inline_serializer(
    "HealthPreviewRequest",
    {
        "as_of": serializers.DateField(required=False),
        "event_counts": serializers.DictField(child=serializers.IntegerField(min_value=0), required=False),
        "active_users_30d": serializers.IntegerField(min_value=0, required=False),
        "products_used_30d": serializers.ListField(child=serializers.CharField(), required=False),
        "billing_page_views_7d": serializers.IntegerField(min_value=0, required=False),
        "insight_dashboard_views_30d": serializers.IntegerField(min_value=0, required=False),
        "warehouse_export_active": serializers.BooleanField(required=False),
        "warehouse_only_export_since": serializers.DateField(allow_null=True, required=False),
        "seasonal_explanations": serializers.ListField(child=serializers.DictField(), required=False),
        "customer_recommendations": serializers.ListField(child=serializers.DictField(), required=False),
        "shared_channel": serializers.DictField(allow_null=True, required=False),
        "contacts": serializers.DictField(child=serializers.DictField(), required=False),
        "notes": serializers.ListField(child=serializers.DictField(), required=False),
        "support_tickets": serializers.ListField(child=serializers.DictField(), required=False),
        "arr": serializers.CharField(required=False, help_text='decimal string, e.g. "48000.00"'),
        "renewal_date": serializers.DateField(allow_null=True, required=False),
        "payment_late": serializers.BooleanField(required=False),
        "payg_failed_attempts": serializers.IntegerField(min_value=0, max_value=4, required=False),
        "dunning_outreach_on": serializers.DateField(allow_null=True, required=False),
        "previous_final_bands": serializers.ListField(child=serializers.CharField(), required=False),
    },
)


class HealthPreviewView(APIView):
    """Dry-run the health engine for one account's facts; reads and writes nothing stored."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="health_preview",
        request=PREVIEW_REQUEST,
        responses={
            200: PREVIEW_RESPONSE,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="A JSON object naming each bad field."),
        },
        examples=[
            OpenApiExample(
                "Bad tag",
                value={"notes": ["notes[0].tags: unknown tag 'angry'."]},
                response_only=True,
                status_codes=["400"],
            )
        ],
    )
    def post(self, request):
        from billing import selectors as billing_selectors  # billing sits right of accounts

        parsed = PreviewRequest(
            request.data,
            product_keys=billing_selectors.product_keys(),
            counted_products=billing_selectors.adoption_product_keys(),
            today=services.today(),
        )
        if parsed.errors:
            return Response(parsed.errors, status=400)
        return Response(run_preview(parsed, selectors.active_config()))


SNAPSHOT = inline_serializer(
    "AccountHealth",
    {
        "week_start": serializers.DateField(allow_null=True),
        "score": serializers.IntegerField(allow_null=True),
        "band": serializers.CharField(allow_null=True),
        "final": serializers.BooleanField(allow_null=True),
        "model_version": serializers.IntegerField(allow_null=True),
        "as_of": serializers.DateField(allow_null=True),
        "components": serializers.ListField(child=serializers.DictField()),
        "top_losses": serializers.ListField(child=serializers.CharField()),
        "churn_reasons": serializers.ListField(child=serializers.DictField()),
        "signals": serializers.ListField(
            child=inline_serializer(
                "AccountHealthSignal",
                {
                    "id": serializers.IntegerField(),
                    "kind": serializers.CharField(),
                    "label": serializers.CharField(),
                    "rule_id": serializers.CharField(),
                    "opened_on": serializers.DateField(),
                    "source": serializers.CharField(),
                    "evidence": serializers.DictField(),
                },
            )
        ),
        "history": serializers.ListField(
            child=inline_serializer(
                "AccountHealthWeek",
                {
                    "week_start": serializers.DateField(),
                    "score": serializers.IntegerField(allow_null=True),
                    "band": serializers.CharField(),
                    "final": serializers.BooleanField(),
                    "model_version": serializers.IntegerField(),
                    "components": serializers.ListField(),
                },
            )
        ),
    },
)


class AccountHealthView(APIView):
    """The latest weekly score with its breakdown, the open signals and every weekly row."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="account_health", responses={200: SNAPSHOT})
    def get(self, request, pk: int):
        account = get_object_or_404(Account, pk=pk)
        if not request.user.has_perm("accounts.view_account", account):
            raise PermissionDenied()
        return Response(selectors.account_snapshot(account.pk))
