"""`GET /api/v1/book/` (mine) and `GET /api/v1/book/<user_id>/` (anyone's, D-26): the page's twin."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.models import User

from . import selectors
from .columns import COLUMNS
from .selectors import BookPart


def jsonable(value):
    """Column values as JSON: Decimals as strings (the API's money convention), dates ISO."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


class BookRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    arr = serializers.DecimalField(max_digits=14, decimal_places=2)
    owner = serializers.CharField(allow_null=True)
    segments = serializers.ListField(child=serializers.CharField(), help_text="Segment keys (§1.4).")
    core_products_paid = serializers.IntegerField()
    is_top_40 = serializers.BooleanField()
    grace_until = serializers.DateField(allow_null=True)
    renewal_date = serializers.DateField(allow_null=True)
    columns = serializers.DictField(
        help_text="Other areas' columns by key (" + ", ".join(c.key for c in COLUMNS)
        + "); null until the area provides it."
    )
BookSerializer = inline_serializer("Book", {
    "member": inline_serializer("BookMember", {
        "id": serializers.IntegerField(), "name": serializers.CharField(), "role": serializers.CharField(),
    }),
    "header": inline_serializer("BookHeader", {
        "am_managed_count": serializers.IntegerField(),
        "am_managed_arr": serializers.DecimalField(max_digits=14, decimal_places=2),
        "leads_count": serializers.IntegerField(),
        "owned_count": serializers.IntegerField(),
        "owned_arr": serializers.DecimalField(max_digits=14, decimal_places=2),
        "am_managed_on_quarter_start": serializers.IntegerField(),
        "stop_new_leads": serializers.BooleanField(),
        "off_target": serializers.BooleanField(),
        "over_quarter_start_max": serializers.BooleanField(),
        "warnings": serializers.ListField(child=serializers.DictField()),
    }),
    "am_managed": BookRowSerializer(many=True),
    "leads": BookRowSerializer(many=True),
    "other": BookRowSerializer(many=True),
})


def _row(account, extras) -> dict:
    return {
        "id": account.pk,
        "name": account.name,
        "arr": str(account.arr),
        "owner": str(account.owner) if account.owner else None,
        "segments": [m.segment.key for m in extras.segments],
        "core_products_paid": extras.core_products_paid,
        "is_top_40": account.is_top_40,
        "grace_until": extras.grace_until.isoformat() if extras.grace_until else None,
        "renewal_date": account.renewal_date.isoformat() if account.renewal_date else None,
        "columns": {
            key: jsonable(cell.value) if cell.available else None for key, cell in extras.cells.items()
        },
    }


def book_body(member: User) -> dict:
    book = selectors.book_of(member, as_of=timezone.localdate())
    header = selectors.book_header(book)
    accounts = list(selectors.account_list_queryset().filter(pk__in=book.all_ids).order_by("-arr", "pk"))
    extras = selectors.row_extras([a.pk for a in accounts], tam=member)
    body: dict = {
        "member": {"id": member.pk, "name": str(member), "role": member.role},
        "header": {
            "am_managed_count": header.am_managed_count,
            "am_managed_arr": str(header.am_managed_arr),
            "leads_count": header.leads_count,
            "owned_count": header.owned_count,
            "owned_arr": str(header.owned_arr),
            "am_managed_on_quarter_start": header.am_managed_on_quarter_start,
            "stop_new_leads": header.stop_new_leads,
            "off_target": header.off_target,
            "over_quarter_start_max": header.over_quarter_start_max,
            "warnings": [{"rule": w.rule, "level": w.level, "text": w.text} for w in header.warnings],
        },
    }
    for part in (BookPart.AM_MANAGED, BookPart.LEADS, BookPart.OTHER):
        ids = book.ids_for(part)
        body[part] = [_row(a, extras[a.pk]) for a in accounts if a.pk in ids]
    return body


@extend_schema(operation_id="book_mine", responses=BookSerializer)
@api_view(["GET"])
def my_book(request):
    return Response(book_body(request.user))


@extend_schema(operation_id="book_of_user", responses=BookSerializer)
@api_view(["GET"])
def user_book(request, user_id: int):
    return Response(book_body(get_object_or_404(User, pk=user_id)))
