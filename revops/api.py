"""POST /api/v1/imports/<kind>/ (revops.md I-1) and the run it answers.

Row numbers in the answer's errors count the posted rows from 1. Up to SYNC_ROW_LIMIT rows are
imported during the request (201, the finished run); a bigger payload is handed to a worker
(202, the run still `running`: poll GET /api/v1/imports/runs/<id>/).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import import_kinds, services
from .models import ImportRun, ImportSource
from .permissions import IsRevOpsAdmin

SYNC_ROW_LIMIT = services.CHUNK_SIZE
MAX_ROWS_PER_REQUEST = 50_000


class ImportRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRun
        fields = [
            "id", "kind", "source", "status", "rows_total", "rows_ok", "errors", "started_at", "finished_at",
        ]
        read_only_fields = fields


class ImportRowsSerializer(serializers.Serializer):
    rows = serializers.ListField(
        child=serializers.JSONField(),
        allow_empty=False,
        max_length=MAX_ROWS_PER_REQUEST,
        help_text="Row objects, field name → value. The body may also be the bare list.",
    )


class ImportCreateView(APIView):
    permission_classes = [IsRevOpsAdmin]
    parser_classes = [JSONParser]

    @extend_schema(
        request=ImportRowsSerializer,
        responses={
            201: ImportRunSerializer,
            202: OpenApiResponse(ImportRunSerializer, description="Handed to a worker; poll the run."),
            400: OpenApiResponse(description="The body is not rows; the answer names the field."),
            403: OpenApiResponse(description="Not a RevOps admin."),
            404: OpenApiResponse(description="No such import kind."),
        },
    )
    def post(self, request, kind: str):
        try:
            import_kinds.spec_for(kind)
        except import_kinds.UnknownImportKind as exc:
            raise NotFound(str(exc)) from None
        rows = _rows_from_body(request)
        if len(rows) <= SYNC_ROW_LIMIT:
            run = services.import_run_execute(
                kind=kind, source=ImportSource.API, rows=rows, acting_user=request.user
            )
        else:
            run = services.import_run_submit(
                kind=kind, source=ImportSource.API, rows=rows, acting_user=request.user
            )
            run.refresh_from_db()  # eager Celery has already finished it
        return Response(ImportRunSerializer(run).data, status=201 if run.is_finished else 202)


def _rows_from_body(request) -> list:
    try:
        body = request.data
    except ParseError as exc:
        raise ValidationError({"body": [str(exc.detail)]}) from None
    if isinstance(body, list):
        body = {"rows": body}
    elif not isinstance(body, dict):
        raise ValidationError({"rows": ['Send a list of row objects, or {"rows": [...]}.']})
    serializer = ImportRowsSerializer(data=body)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["rows"]


class ImportRunDetailView(generics.RetrieveAPIView):
    permission_classes = [IsRevOpsAdmin]
    queryset = ImportRun.objects.all()
    serializer_class = ImportRunSerializer
