"""Billing's API: the credits preview (contracts.md, exact) and read-only MRR and runway twins."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import preview, selectors
from .serializers import CreditsPreviewRequestSerializer, CreditsPreviewResponseSerializer


class CreditsPreviewView(APIView):
    """Stateless: one customer's prepaid credit as of a day; reads and writes nothing."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="billing_credits_preview",
        request=CreditsPreviewRequestSerializer,
        responses={
            200: CreditsPreviewResponseSerializer,
            400: OpenApiResponse(description="A JSON object naming each bad field, nested like the request."),
        },
    )
    def post(self, request):
        facts, errors = preview.parse_request(
            request.data, product_keys=selectors.product_keys(), today=timezone.now().date()
        )
        if errors or facts is None:
            raise ValidationError(errors)
        return Response(preview.result_json(preview.preview_credits(facts)))
