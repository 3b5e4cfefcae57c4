"""Account detail, contacts and notes under /api/v1/: the account page's twins.

Reads are open to every signed-in user (D-26); writes follow the §1.1 matrix (403 otherwise)
and answer 400 with a JSON object naming each bad field.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Account, Contact, ContactStatus, Note, NoteDirection, NoteKind, NoteTag

from . import selectors, services

READ_ONLY_COMMERCIAL = (
    "plan", "arr", "mrr", "forecasted_mrr", "ltv", "stripe_balance", "credit_expires_at",
    "subscription_interval", "subscription_status", "renewal_date", "is_top_40", "arr_rank",
)


class AccountDetailSerializer(serializers.ModelSerializer):
    owner: serializers.StringRelatedField = serializers.StringRelatedField()
    overlay_tam: serializers.StringRelatedField = serializers.StringRelatedField()
    account_executive: serializers.StringRelatedField = serializers.StringRelatedField()
    segments = serializers.SerializerMethodField()
    health_band = serializers.SerializerMethodField()

    class Meta:
        model = Account
        fields = [
            "id", "name", "posthog_organization_id", "cloud_region", "owner", "overlay_tam",
            "account_executive", "new_owner", *READ_ONLY_COMMERCIAL, *services.BUSINESS_INFO_FIELDS,
            "segments", "health_band",
        ]
        read_only_fields = [f for f in fields if f not in services.BUSINESS_INFO_FIELDS]

    def get_segments(self, account) -> list[dict]:
        header = self.context["header"]
        return [{"key": m.segment.key, "label": m.segment.label, "since": m.added_at, "reason": m.reason}
                for m in header.segments]

    def get_health_band(self, account) -> str | None:
        cell = self.context["header"].health
        return str(cell.value) if cell.available and cell.value is not None else None


def _account(pk: int) -> Account:
    return get_object_or_404(
        Account.objects.select_related("owner__team", "overlay_tam", "account_executive",
                                       "onboarding_specialist"),
        pk=pk,
    )


def _forbid(error: DjangoPermissionDenied):
    raise PermissionDenied(str(error)) from None


class AccountDetailView(APIView):
    @extend_schema(operation_id="account_detail", responses=AccountDetailSerializer)
    def get(self, request, pk: int):
        account = _account(pk)
        context = {"header": selectors.header(account)}
        return Response(AccountDetailSerializer(account, context=context).data)

    @extend_schema(
        operation_id="account_business_info_update",
        request=AccountDetailSerializer,
        responses={200: AccountDetailSerializer, 400: OpenApiResponse(description="Names each bad field."),
                   403: OpenApiResponse(description="Not allowed by the permission matrix.")},
    )
    def patch(self, request, pk: int):
        account = _account(pk)
        if not request.user.has_perm("accounts.change_business_info", account):
            raise PermissionDenied("You may not edit this account's business info.")
        unknown = sorted(set(request.data) - set(services.BUSINESS_INFO_FIELDS))
        if unknown:
            raise serializers.ValidationError(
                {name: ["Not an editable business info field."] for name in unknown}
            )
        serializer = AccountDetailSerializer(account, data=request.data, partial=True,
                                             context={"header": selectors.header(account)})
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k in services.BUSINESS_INFO_FIELDS}
        try:
            services.account_business_info_update(account=account, changes=changes, acting_user=request.user)
        except DjangoPermissionDenied as error:
            _forbid(error)
        updated = _account(pk)
        return Response(AccountDetailSerializer(updated, context={"header": selectors.header(updated)}).data)


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "name", "email", "title", "department", "org_member", "roles", "status",
                  "status_changed_on", "preferred_channel", "cadence", "last_seen_at"]
        read_only_fields = fields


class ContactListView(APIView):
    @extend_schema(operation_id="account_contacts", responses=ContactSerializer(many=True))
    def get(self, request, pk: int):
        account = _account(pk)
        return Response(ContactSerializer(account.contacts.order_by("status", "name"), many=True).data)


class ContactStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ContactStatus.choices)
    title = serializers.CharField(required=False, max_length=200)


class ContactStatusView(APIView):
    @extend_schema(
        operation_id="account_contact_status",
        request=ContactStatusSerializer,
        responses={200: ContactSerializer, 400: OpenApiResponse(description="Names each bad field."),
                   403: OpenApiResponse(description="Not allowed by the permission matrix.")},
    )
    def post(self, request, pk: int, contact_id: int):
        account = _account(pk)
        contact = get_object_or_404(Contact, pk=contact_id, account=account)
        serializer = ContactStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            contact = services.contact_status_change(
                contact=contact, status=serializer.validated_data["status"],
                title=serializer.validated_data.get("title"), acting_user=request.user,
            )
        except DjangoPermissionDenied as error:
            _forbid(error)
        return Response(ContactSerializer(contact).data)


class NoteSerializer(serializers.ModelSerializer):
    author: serializers.StringRelatedField = serializers.StringRelatedField()
    kind = serializers.ChoiceField(choices=NoteKind.choices, default=NoteKind.NOTE)
    direction = serializers.ChoiceField(choices=NoteDirection.choices, default=NoteDirection.OUTBOUND)
    tags = serializers.ListField(child=serializers.ChoiceField(choices=NoteTag.choices), required=False)
    occurred_at = serializers.DateTimeField(required=False)
    contacts = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Contact.objects.all())

    class Meta:
        model = Note
        fields = ["id", "kind", "direction", "body", "tags", "occurred_at", "contacts", "author", "pinned",
                  "created_at"]
        read_only_fields = ["id", "author", "pinned", "created_at"]


class NoteListView(APIView):
    @extend_schema(
        operation_id="account_notes",
        parameters=[OpenApiParameter("kind", str, description="Only notes of this kind.")],
        responses=NoteSerializer(many=True),
    )
    def get(self, request, pk: int):
        account = _account(pk)
        notes = Note.objects.filter(account=account).select_related("author").prefetch_related("contacts")
        if request.query_params.get("kind"):
            notes = notes.filter(kind=request.query_params["kind"])
        return Response(NoteSerializer(notes.order_by("-occurred_at", "-id")[:200], many=True).data)

    @extend_schema(
        operation_id="account_note_add",
        request=NoteSerializer,
        responses={201: NoteSerializer, 400: OpenApiResponse(description="Names each bad field."),
                   403: OpenApiResponse(description="Not allowed by the permission matrix.")},
    )
    def post(self, request, pk: int):
        account = _account(pk)
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            note = services.note_add(
                account=account, kind=data["kind"], direction=data["direction"], body=data["body"],
                tags=data.get("tags", []), occurred_at=data.get("occurred_at") or timezone.now(),
                contacts=data.get("contacts", []), acting_user=request.user,
            )
        except DjangoPermissionDenied as error:
            _forbid(error)
        return Response(NoteSerializer(note).data, status=201)
