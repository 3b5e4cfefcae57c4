"""Billing's stateless previews (credits, refunds: contracts.md, exact) share one shape: parse the
JSON against the catalogue's product keys and today, answer 400 naming each bad field, else the
engine's result. Each subclass names its parser and its answer; reads and writes nothing."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors


class BillingPreviewView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    parse: Callable[..., tuple[Any, dict]]
    answer: Callable[[Any], dict]

    def post(self, request):
        facts, errors = self.parse(
            request.data, product_keys=selectors.product_keys(), today=timezone.now().date()
        )
        if errors or facts is None:
            raise ValidationError(errors)
        return Response(self.answer(facts))


def preview_schema(operation_id: str, request, response):
    return extend_schema_view(post=extend_schema(
        operation_id=operation_id,
        request=request,
        responses={
            200: response,
            400: OpenApiResponse(description="A JSON object naming each bad field, nested like the request."),
        },
    ))
