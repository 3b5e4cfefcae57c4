"""The refund calculator's preview (contracts.md, exact) and the stored requests, read-only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..preview_api import BillingPreviewView, preview_schema
from . import preview, selectors
from .serializers import (
    RefundRequestDetailSerializer,
    RefundRequestSerializer,
    RefundsPreviewRequestSerializer,
    RefundsPreviewResponseSerializer,
)


@preview_schema("billing_refunds_preview", RefundsPreviewRequestSerializer, RefundsPreviewResponseSerializer)
class RefundsPreviewView(BillingPreviewView):
    """Stateless: one refund request judged and priced on the facts given; reads and writes nothing."""

    parse = staticmethod(preview.parse_refund_request)
    answer = staticmethod(lambda facts: preview.result_json(preview.preview_refund(facts)))


class RefundRequestListView(APIView):
    """Refund requests, newest first; `?status=` filters."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="billing_refund_requests_list", responses={200: RefundRequestSerializer(many=True)}
    )
    def get(self, request):
        from .filters import RefundRequestFilter

        filterset = RefundRequestFilter(request.query_params, queryset=selectors.refund_request_rows())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(RefundRequestSerializer(filterset.qs, many=True).data)


class RefundRequestDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="billing_refund_requests_detail", responses={200: RefundRequestDetailSerializer}
    )
    def get(self, request, pk: int):
        refund = get_object_or_404(selectors.refund_request_rows().prefetch_related("lines"), pk=pk)
        return Response(RefundRequestDetailSerializer(refund).data)
