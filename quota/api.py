"""`POST /api/v1/quota/preview`: one customer's quota contribution for a quarter (contracts.md, Q-16)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import preview
from .serializers import QuotaPreviewRequestSerializer, QuotaPreviewResponseSerializer


class QuotaPreviewView(APIView):
    """Stateless what-if over an invoice history; any authenticated user."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="quota_preview",
        request=QuotaPreviewRequestSerializer,
        responses={
            200: QuotaPreviewResponseSerializer,
            400: OpenApiResponse(description="A JSON object naming each bad field."),
        },
    )
    def post(self, request):
        catalogue = preview.product_catalogue()
        serializer = QuotaPreviewRequestSerializer(
            data=request.data, context={"product_keys": catalogue.keys}
        )
        serializer.is_valid(raise_exception=True)
        result = preview.preview_contribution(serializer.contribution_input(), catalogue=catalogue)
        return Response(QuotaPreviewResponseSerializer(result).data)
