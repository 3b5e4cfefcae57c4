"""Cross-sell API: the stateless preview (contracts.md, exact) and per-account reads of the
stored classification, triggers and recommendations (Build item 8)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Account

from . import preview, selectors
from .models import AccountCrossSellState, Recommendation, TriggerEpisode
from .preview_request import PreviewRequestError
from .serializers import (
    ClassificationSerializer,
    PreviewRequestSerializer,
    PreviewResponseSerializer,
    RecommendationSerializer,
    TriggerEpisodeSerializer,
)


class CrossSellPreviewView(APIView):
    """Stateless what-if for one account; any authenticated user; writes nothing."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="crosssell_preview",
        request=PreviewRequestSerializer,
        responses={
            200: PreviewResponseSerializer,
            400: OpenApiResponse(description="One key per bad top-level field, each a list of messages."),
        },
    )
    def post(self, request):
        try:
            body = preview.preview(request.data, today=timezone.now().date())
        except PreviewRequestError as exc:
            return Response(exc.errors, status=400)
        return Response(body)


class _AccountView(APIView):
    permission_classes = [IsAuthenticated]

    def account(self, request, pk: int) -> Account:
        account = get_object_or_404(Account, pk=pk)
        self.check_object_permissions(request, account)
        if not request.user.has_perm("accounts.view_account", account):
            self.permission_denied(request)
        return account


class AccountClassificationView(_AccountView):
    @extend_schema(operation_id="crosssell_account_classification", responses=ClassificationSerializer)
    def get(self, request, pk: int):
        account = self.account(request, pk)
        state = AccountCrossSellState.objects.filter(account=account).first()
        rows = selectors.use_case_rows(account.pk)
        return Response(ClassificationSerializer({"state": state, "use_cases": rows}).data)


class AccountTriggersView(_AccountView):
    @extend_schema(operation_id="crosssell_account_triggers", responses=TriggerEpisodeSerializer(many=True))
    def get(self, request, pk: int):
        account = self.account(request, pk)
        episodes = TriggerEpisode.objects.filter(account=account).order_by("-started_on", "trigger_key")
        return Response(TriggerEpisodeSerializer(episodes, many=True).data)


class AccountRecommendationsView(_AccountView):
    @extend_schema(
        operation_id="crosssell_account_recommendations", responses=RecommendationSerializer(many=True)
    )
    def get(self, request, pk: int):
        account = self.account(request, pk)
        recs = Recommendation.objects.filter(account=account).order_by("rank", "key")
        return Response(RecommendationSerializer(recs, many=True).data)
