"""The refund calculator's preview (contracts.md, exact) and the stored requests, read-only."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors as billing_selectors
from . import preview, selectors
from .serializers import (
    RefundRequestDetailSerializer,
    RefundRequestSerializer,
    RefundsPreviewRequestSerializer,
    RefundsPreviewResponseSerializer,
)


class RefundsPreviewView(APIView):
    """Stateless: one refund request judged and priced on the facts given; reads and writes nothing."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="billing_refunds_preview",
        request=RefundsPreviewRequestSerializer,
        responses={
            200: RefundsPreviewResponseSerializer,
            400: OpenApiResponse(description="A JSON object naming each bad field, nested like the request."),
        },
    )
    def post(self, request):
        facts, errors = preview.parse_refund_request(
            request.data, product_keys=billing_selectors.product_keys(), today=timezone.now().date()
        )
        if errors or facts is None:
            raise ValidationError(errors)
        return Response(preview.result_json(preview.preview_refund(facts)))


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
