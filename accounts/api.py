"""GET /api/v1/health/ — liveness, exactly as spec/contracts.md."""

import logging

from django.conf import settings
from django.db import connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

log = logging.getLogger(__name__)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("liveness: database check failed")
        return "down"
    return "ok"


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        log.warning("liveness: broker unreachable", exc_info=True)
        return "down"
    return "ok"


@extend_schema(
    responses=inline_serializer(
        "Liveness",
        {
            "status": serializers.CharField(),
            "database": serializers.CharField(),
            "broker": serializers.ChoiceField(choices=["ok", "eager", "down"]),
        },
    )
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def liveness(request):
    database = database_state()
    body = {"status": "ok" if database == "ok" else "down", "database": database, "broker": broker_state()}
    return Response(body, status=200 if database == "ok" else 503)
