"""Billing's API: the credits preview (contracts.md, exact) and read-only MRR and runway twins."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import preview, selectors
from .preview_api import BillingPreviewView, preview_schema
from .serializers import (
    AccountMrrSerializer,
    CreditRunwaySerializer,
    CreditsPreviewRequestSerializer,
    CreditsPreviewResponseSerializer,
)


@preview_schema("billing_credits_preview", CreditsPreviewRequestSerializer, CreditsPreviewResponseSerializer)
class CreditsPreviewView(BillingPreviewView):
    """Stateless: one customer's prepaid credit as of a day; reads and writes nothing."""

    parse = staticmethod(preview.parse_request)
    answer = staticmethod(lambda facts: preview.result_json(preview.preview_credits(facts)))


def _account_mrr(account_id: int) -> list[dict]:
    from . import panel

    out = []
    for p in panel.account_billing(account_id):
        out.append(
            {
                "account_id": account_id,
                "billing_customer_id": p.customer.pk,
                "total_label": p.total_label,
                "product_label": p.product_label,
                "months": [
                    {
                        "month": _month(m["label"]),
                        "configuration": m["configuration"],
                        "total": m["total"],
                        "products": m["products"],
                    }
                    for m in p.months
                ],
            }
        )
    return out


def _month(text: str):
    from datetime import date

    return date.fromisoformat(text + "-01")


class AccountMrrView(APIView):
    """MRR by month (total and per product, B-10 labels) of every billing customer of an account."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="billing_account_mrr", responses={200: AccountMrrSerializer(many=True)})
    def get(self, request, pk: int):
        from django.shortcuts import get_object_or_404

        from accounts.models import Account

        get_object_or_404(Account, pk=pk)
        return Response(AccountMrrSerializer(_account_mrr(pk), many=True).data)


class AccountCreditRunwayView(APIView):
    """The account's CreditRunway readings, newest first (`?days=` history, default 90)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="billing_account_credit_runway", responses={200: CreditRunwaySerializer(many=True)}
    )
    def get(self, request, pk: int):
        from datetime import timedelta

        from .models import CreditRunway

        try:
            days = int(request.query_params.get("days", 90))
        except ValueError:
            raise ValidationError({"days": ["A whole number of days."]}) from None
        since = timezone.now().date() - timedelta(days=max(days, 0))
        rows = (
            CreditRunway.objects.filter(billing_customer__account_id=pk, as_of__gte=since)
            .select_related("billing_customer")
            .order_by("-as_of", "billing_customer_id")
        )
        return Response(CreditRunwaySerializer(rows, many=True).data)


class CreditRunwayListView(APIView):
    """The Credit runway list: each customer's latest reading, soonest run-out first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="billing_credit_runway_list", responses={200: CreditRunwaySerializer(many=True)}
    )
    def get(self, request):
        from .filters import CreditRunwayFilter

        filterset = CreditRunwayFilter(request.query_params, queryset=selectors.credit_runway_rows())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(CreditRunwaySerializer(filterset.qs, many=True).data)
