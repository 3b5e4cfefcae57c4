"""Dunning cases in the API (issue 20): read-only list and detail, in the schema. The list takes
the Late payments page's filters (`status` live|OPEN|PAUSED|RESOLVED|CANCELLED|all, `step`,
`plan_kind`, `responsible`, `customer`); a bad filter is a 400 naming it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .dunning_views import STATUS_CHOICES, LatePaymentFilter, cases_queryset
from .models import DunningCase, DunningEvent, DunningPause, DunningStep


class DunningStepSerializer(serializers.ModelSerializer):
    done_by: serializers.StringRelatedField = serializers.StringRelatedField()

    class Meta:
        model = DunningStep
        fields = ["step", "due_on", "done_at", "done_by", "note"]


class DunningPauseSerializer(serializers.ModelSerializer):
    created_by: serializers.StringRelatedField = serializers.StringRelatedField()

    class Meta:
        model = DunningPause
        fields = ["starts_on", "days", "reason", "created_by", "created_at"]


class DunningEventSerializer(serializers.ModelSerializer):
    actor: serializers.StringRelatedField = serializers.StringRelatedField()

    class Meta:
        model = DunningEvent
        fields = ["kind", "on", "note", "channel", "actor", "at"]


class DunningCaseSerializer(serializers.ModelSerializer):
    customer = serializers.CharField(source="billing_customer.name")
    account_id = serializers.IntegerField(source="billing_customer.account_id", allow_null=True)
    responsible: serializers.StringRelatedField = serializers.StringRelatedField()
    invoices: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="stripe_id"
    )

    class Meta:
        model = DunningCase
        fields = [
            "id",
            "billing_customer",
            "customer",
            "account_id",
            "plan_kind",
            "day0",
            "amount_overdue",
            "responsible",
            "step",
            "next_step",
            "next_step_due",
            "status",
            "paused_days",
            "pause_reason",
            "suspended_on",
            "reenable_required",
            "cancelled_on",
            "resolved_at",
            "consecutive_missed_periods",
            "advance_payment_required",
            "invoices",
            "explanation",
        ]


class DunningCaseDetailSerializer(DunningCaseSerializer):
    tagged: serializers.StringRelatedField = serializers.StringRelatedField(many=True)
    steps = DunningStepSerializer(many=True)
    pauses = DunningPauseSerializer(many=True)
    events = DunningEventSerializer(many=True)

    class Meta(DunningCaseSerializer.Meta):
        fields = [*DunningCaseSerializer.Meta.fields, "tagged", "steps", "pauses", "events"]


class DunningCaseListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="billing_dunning_cases_list",
        parameters=[
            OpenApiParameter("status", str, enum=[k for k, _ in STATUS_CHOICES]),
            OpenApiParameter("step", int),
            OpenApiParameter("plan_kind", str, enum=["CREDIT_BASED", "PAYG"]),
            OpenApiParameter("responsible", int),
            OpenApiParameter("customer", str),
        ],
        responses={200: DunningCaseSerializer(many=True)},
    )
    def get(self, request):
        filterset = LatePaymentFilter(
            request.query_params, queryset=cases_queryset().prefetch_related("invoices"), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(DunningCaseSerializer(filterset.qs, many=True).data)


class DunningCaseDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="billing_dunning_cases_retrieve", responses={200: DunningCaseDetailSerializer}
    )
    def get(self, request, pk: int):
        case = get_object_or_404(
            cases_queryset().prefetch_related(
                "invoices", "tagged", "steps__done_by", "pauses__created_by", "events__actor"
            ),
            pk=pk,
        )
        return Response(DunningCaseDetailSerializer(case).data)
