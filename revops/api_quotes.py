"""`POST /api/v1/quotes/preview` (contracts.md, fixed) and the quotes CRUD API (revops.md Quote).

The preview is stateless and open to any authenticated user. Quotes: everyone reads (D-26);
creating, changing and deleting follow `revops.rules` (TAM: own accounts; RevOps: all).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Account

from . import quote_services, selectors
from .models import MAX_OPTIONS, Opportunity, ProjectionMethod, Quote, QuoteOption
from .preview import preview_quote
from .quote_requests import BadQuoteRequest, parse_quote_request, quote_result_json
from .selectors import NoPolicyInForce


class QuotePreviewRequestSerializer(serializers.Serializer):
    """The OpenAPI shape of the request; parsing is `quote_requests.parse_quote_request`'s."""

    credit_amount = serializers.CharField(help_text='credits before discount, whole term, e.g. "75000.00"')
    term_years = serializers.IntegerField(min_value=1, help_text="1, 2, 3 (4+ is custom)")
    prepaid_years = serializers.IntegerField(min_value=1, required=False, default=1)
    payment_terms_days = serializers.IntegerField(min_value=0, required=False, default=30)
    billing = serializers.ChoiceField(["upfront", "monthly"], required=False, default="upfront")
    deal_type = serializers.ChoiceField(["new", "monthly_to_annual", "renewal", "additional_purchase"])
    signing_date_committed = serializers.BooleanField(required=False, default=False)
    days_before_expiry = serializers.IntegerField(required=False, allow_null=True, default=None)
    on_active_credit_plan = serializers.BooleanField(required=False, default=False)
    nonprofit = serializers.BooleanField(required=False, default=False)
    self_serve = serializers.BooleanField(required=False, default=False)


class QuoteComponentsSerializer(serializers.Serializer):
    volume = serializers.FloatField()
    commitment = serializers.FloatField()
    cash_timing = serializers.FloatField()
    forecast = serializers.FloatField()
    nonprofit = serializers.FloatField()
    self_serve = serializers.FloatField()


class QuotePreviewResponseSerializer(serializers.Serializer):
    credit_amount = serializers.CharField()
    components = QuoteComponentsSerializer()
    discount_pct = serializers.FloatField()
    price = serializers.CharField(allow_null=True)
    custom_pricing = serializers.BooleanField()
    within_policy = serializers.BooleanField()
    notes = serializers.ListField(child=serializers.CharField())


class QuotePreviewView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="quotes_preview",
        request=QuotePreviewRequestSerializer,
        responses={
            200: QuotePreviewResponseSerializer,
            400: OpenApiResponse(description="A JSON object naming each bad field."),
        },
    )
    def post(self, request):
        try:
            result = preview_quote(request.data)
        except BadQuoteRequest as exc:
            raise ValidationError(exc.errors) from None
        except NoPolicyInForce as exc:
            raise ValidationError({"policy": [str(exc)]}) from None
        return Response(quote_result_json(result))


# --- quotes CRUD ------------------------------------------------------------------------------


class QuoteOptionSerializer(serializers.ModelSerializer):
    credit_amount = serializers.CharField()
    policy_version: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = QuoteOption
        fields = [
            "position",
            "label",
            "credit_amount",
            "term_years",
            "prepaid_years",
            "payment_terms_days",
            "billing",
            "deal_type",
            "signing_date_committed",
            "days_before_expiry",
            "on_active_credit_plan",
            "nonprofit",
            "self_serve",
            "components",
            "discount_pct",
            "price",
            "custom_pricing",
            "within_policy",
            "notes",
            "policy_version",
            "priced_at",
        ]
        read_only_fields = [
            "position",
            "components",
            "discount_pct",
            "price",
            "custom_pricing",
            "within_policy",
            "notes",
            "policy_version",
            "priced_at",
        ]


class QuoteSerializer(serializers.ModelSerializer):
    options = QuoteOptionSerializer(many=True)
    account = serializers.PrimaryKeyRelatedField(
        queryset=Account.objects.all(), allow_null=True, required=False
    )
    opportunity = serializers.PrimaryKeyRelatedField(
        queryset=Opportunity.objects.all(), allow_null=True, required=False
    )
    usage_history = serializers.ListField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, allow_null=True),
        max_length=6,
        required=False,
    )
    projection_method = serializers.ChoiceField(
        ProjectionMethod.choices, required=False, default="latest_month"
    )

    class Meta:
        model = Quote
        fields = [
            "id",
            "title",
            "account",
            "opportunity",
            "usage_history",
            "projection_method",
            "monthly_volume",
            "status",
            "share_token",
            "options",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "monthly_volume",
            "status",
            "share_token",
            "created_by",
            "created_at",
            "updated_at",
        ]

    def validate_options(self, options):
        if not options:
            raise ValidationError("At least one option.")
        if len(options) > MAX_OPTIONS:
            raise ValidationError(f"At most {MAX_OPTIONS} options.")
        parsed, errors = [], {}
        for index, raw in enumerate(self.initial_data.get("options", [])[:MAX_OPTIONS]):
            body = {k: v for k, v in raw.items() if k != "label"} if isinstance(raw, dict) else raw
            try:
                parsed.append(
                    quote_services.OptionInput(str(raw.get("label", "")), parse_quote_request(body))
                )
            except BadQuoteRequest as exc:
                errors[f"options[{index}]"] = exc.errors
        if errors:
            raise ValidationError(errors)
        return parsed

    def validate(self, attrs):
        account, opportunity = attrs.get("account"), attrs.get("opportunity")
        if opportunity is not None and account is not None and opportunity.account_id != account.pk:
            raise ValidationError({"opportunity": ["This opportunity belongs to another account."]})
        return attrs

    def _save(self, quote=None):
        data = self.validated_data
        user = self.context["request"].user
        account = data.get("account", quote.account if quote else None)
        if not user.has_perm("revops.add_quote", account):
            raise PermissionDenied("You may quote only your own accounts.")
        try:
            return quote_services.quote_save(
                acting_user=user,
                quote=quote,
                options=data["options"],
                account=account,
                opportunity=data.get("opportunity"),
                title=data.get("title", ""),
                usage_history=data.get("usage_history"),
                projection_method=data["projection_method"],
            )
        except NoPolicyInForce as exc:
            raise ValidationError({"policy": [str(exc)]}) from None

    def create(self, validated_data):
        return self._save()

    def update(self, instance, validated_data):
        return self._save(instance)


@extend_schema_view(
    list=extend_schema(operation_id="quotes_list", description="Every quote (D-26: everyone reads)."),
    retrieve=extend_schema(operation_id="quotes_retrieve"),
    create=extend_schema(
        operation_id="quotes_create",
        description="Prices every option with the policy in force and pins it (V-3).",
    ),
    update=extend_schema(operation_id="quotes_update", description="Re-prices with the policy in force."),
    partial_update=extend_schema(operation_id="quotes_partial_update"),
    destroy=extend_schema(operation_id="quotes_destroy"),
)
class QuoteViewSet(viewsets.ModelViewSet):
    serializer_class = QuoteSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    def get_queryset(self):
        from django.db.models import Prefetch

        qs = (
            selectors.quotes()
            .prefetch_related(Prefetch("options", QuoteOption.objects.order_by("position")))
            .order_by("-updated_at", "-id")
        )
        account = self.request.query_params.get("account")
        if account and account.isdigit():
            qs = qs.filter(account_id=int(account))
        return qs

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not request.user.has_perm(
            "revops.change_quote", obj
        ):
            raise PermissionDenied("You may change only quotes on your own accounts.")

    def perform_destroy(self, instance):
        quote_services.quote_delete(quote=instance, acting_user=self.request.user)
