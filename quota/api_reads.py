"""Read API (issue 14): attainment per TAM and per team for a quarter, with the pages' scope
(TAM: own; team lead: team; sales manager / RevOps: all)."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User

from . import charts, selectors
from .engine import InvalidQuarter, Quarter
from .rules import sees_all_quota
from .serializers import RepAttainmentDetailSerializer, RepAttainmentSerializer, TeamAttainmentSerializer

QUARTER_PARAM = OpenApiParameter(
    "quarter", str, description='"YYYY-Qn"; default: the current quarter.', required=False
)


def _quarter(request) -> Quarter:
    text = request.query_params.get("quarter")
    if not text:
        return selectors.this_quarter()
    try:
        return Quarter.parse(text)
    except InvalidQuarter as error:
        raise ValidationError({"quarter": [str(error)]}) from None


def _with_quarter(summary: dict, quarter: Quarter) -> dict:
    return {**summary, "quarter": str(quarter)}


class RepAttainmentListView(APIView):
    @extend_schema(
        operation_id="quota_attainment_list",
        parameters=[QUARTER_PARAM],
        responses={200: RepAttainmentSerializer(many=True), 400: OpenApiResponse(description="Bad quarter.")},
    )
    def get(self, request):
        """Q-13 attainment of every rep the caller may see, for a quarter."""
        quarter = _quarter(request)
        reps = list(selectors.visible_reps(request.user))
        summaries = selectors.rep_summaries(selectors.period_of(quarter), reps)
        return Response(
            RepAttainmentSerializer([_with_quarter(s, quarter) for s in summaries], many=True).data
        )


class RepAttainmentDetailView(APIView):
    @extend_schema(
        operation_id="quota_attainment_rep",
        parameters=[QUARTER_PARAM],
        responses={
            200: RepAttainmentDetailSerializer,
            403: OpenApiResponse(description="Out of scope."),
            404: OpenApiResponse(description="No such rep."),
        },
    )
    def get(self, request, rep_id: int):
        """One rep's attainment for a quarter and its account lines."""
        quarter = _quarter(request)
        rep = User.objects.filter(pk=rep_id).first()
        if rep is None:
            raise NotFound("No such rep.")
        if not request.user.has_perm("quota.view_rep_quota", rep):
            raise PermissionDenied(
                "Quota figures are visible to the rep, their team lead and sales managers."
            )
        period = selectors.period_of(quarter)
        summary = _with_quarter(selectors.rep_summaries(period, [rep])[0], quarter)
        summary["lines"] = list(selectors.attainment_lines(period, rep)) if period else []
        return Response(RepAttainmentDetailSerializer(summary).data)


class TeamAttainmentListView(APIView):
    @extend_schema(
        operation_id="quota_attainment_teams",
        parameters=[QUARTER_PARAM],
        responses={
            200: TeamAttainmentSerializer(many=True),
            403: OpenApiResponse(description="Out of scope."),
        },
    )
    def get(self, request):
        """T-2…T-4 for the caller's team (team lead) or every team (sales manager, RevOps)."""
        quarter = _quarter(request)
        user = request.user
        if sees_all_quota(user):
            team_ids = None
        elif user.is_team_lead and user.team_id is not None:
            team_ids = [user.team_id]
        else:
            raise PermissionDenied("Team quota is for team leads and sales managers.")
        period = selectors.period_of(quarter)
        team_quotas = selectors.team_quotas(period, team_ids)
        attained = selectors.member_attainment(
            period, [line.member_id for tq in team_quotas for line in tq.lines.all()]
        )
        payload = []
        for tq in team_quotas:
            block = charts.team_block(tq, attained)
            members = [
                {
                    "member_id": line.member_id,
                    "member": line.member,
                    "member_quota": line.member_quota,
                    "counted_pct": line.counted_pct,
                    "counted_quota": line.counted_quota,
                    "reason": line.reason,
                    "attainment": attained.get(line.member_id, 0),
                }
                for line in tq.lines.all()
            ]
            payload.append(
                {
                    "team_quota": tq,
                    "quarter": str(quarter),
                    "attainment": block["attainment"],
                    "attainment_pct": block["attainment_pct"],
                    "members": members,
                }
            )
        return Response(TeamAttainmentSerializer(payload, many=True).data)
