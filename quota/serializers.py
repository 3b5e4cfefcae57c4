"""Request and response of `POST /api/v1/quota/preview`, exactly as contracts.md fixes them.

Validation follows the contract's decision 6 (and Q-16): amounts are JSON strings holding a
decimal with at most two places (a JSON number is bad), flags are `true`/`false` only, dates are
ISO `YYYY-MM-DD`. A bad value inside `invoices` or `annual_contracts` is named by that top-level
key, its message saying where; every bad field is named, not only the first.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.preview_fields import AMOUNT, Bad, parse_date, parse_flag, parse_optional_date

from .engine import AnnualContract, ContributionInput, InvalidQuarter, Invoice, Quarter

MAX_ITEMS = 600  # fifty years of monthly invoices; a what-if needs far fewer
AMOUNT_HELP = 'a JSON string holding a non-negative decimal with at most two places, e.g. "2300.00"'



def parse_amount(value: Any, where: str) -> Decimal:
    if not isinstance(value, str) or not AMOUNT.fullmatch(value):
        raise Bad(f"{where}: must be {AMOUNT_HELP}.")
    return Decimal(value)





class _ListOfObjects(serializers.Field):
    """A JSON list of objects, each parsed by `parse_item`; every bad item is reported."""

    item_name = "item"

    def to_internal_value(self, data: Any) -> tuple:
        if not isinstance(data, list):
            raise serializers.ValidationError(f"Must be a list of {self.item_name} objects.")
        if len(data) > MAX_ITEMS:
            raise serializers.ValidationError(f"At most {MAX_ITEMS} {self.item_name}s.")
        parsed, errors = [], []
        for index, item in enumerate(data):
            where = f"{self.field_name}[{index}]"
            if not isinstance(item, Mapping):
                errors.append(f"{where}: must be an object.")
                continue
            item_errors: list[str] = []
            value = self.parse_item(item, where, item_errors)
            errors.extend(item_errors)
            parsed.append(value)
        if errors:
            raise serializers.ValidationError(errors)
        return tuple(parsed)

    def parse_item(self, item: Mapping, where: str, errors: list[str]) -> Any:
        raise NotImplementedError

    def to_representation(self, value: Any) -> Any:
        return value


def _collect(errors: list[str], parse, *args):
    try:
        return parse(*args)
    except Bad as exc:
        errors.append(str(exc))
        return None


class QuotaPreviewInvoiceSerializer(serializers.Serializer):
    """The OpenAPI shape of one invoice; parsing is InvoicesField's."""

    period_start = serializers.DateField()
    paid_on = serializers.DateField(allow_null=True, required=False)
    lines = serializers.DictField(child=serializers.CharField(), help_text="product key → amount string")


class QuotaPreviewAnnualContractSerializer(serializers.Serializer):
    """The OpenAPI shape of one annual contract; parsing is AnnualContractsField's."""

    start = serializers.DateField()
    end = serializers.DateField(help_text="inclusive")
    annual_value = serializers.CharField(help_text="amount string, above 0.00")
    converted_under_legacy_plan = serializers.BooleanField(required=False, default=False)


@extend_schema_field(QuotaPreviewInvoiceSerializer(many=True))
class InvoicesField(_ListOfObjects):
    item_name = "invoice"

    def parse_item(self, item: Mapping, where: str, errors: list[str]) -> Invoice | None:
        period_start = _collect(errors, parse_date, item.get("period_start"), f"{where}.period_start")
        paid_on = _collect(errors, parse_optional_date, item.get("paid_on"), f"{where}.paid_on")
        raw_lines = item.get("lines")
        if not isinstance(raw_lines, Mapping):
            errors.append(f"{where}.lines: must be an object of product key to amount.")
            return None
        known = self.context.get("product_keys", frozenset())
        lines: dict[str, Decimal] = {}
        for key, amount in raw_lines.items():
            if key not in known:
                errors.append(f"{where}.lines.{key}: not a product key.")
                continue
            parsed = _collect(errors, parse_amount, amount, f"{where}.lines.{key}")
            if parsed is not None:
                lines[key] = parsed
        if period_start is None:
            return None
        return Invoice(period_start=period_start, lines=lines, paid_on=paid_on)


@extend_schema_field(QuotaPreviewAnnualContractSerializer(many=True))
class AnnualContractsField(_ListOfObjects):
    item_name = "annual contract"

    def parse_item(self, item: Mapping, where: str, errors: list[str]) -> AnnualContract | None:
        start = _collect(errors, parse_date, item.get("start"), f"{where}.start")
        end = _collect(errors, parse_date, item.get("end"), f"{where}.end")
        annual_value = _collect(errors, parse_amount, item.get("annual_value"), f"{where}.annual_value")
        legacy = _collect(
            errors,
            parse_flag,
            item.get("converted_under_legacy_plan", False),
            f"{where}.converted_under_legacy_plan",
        )
        if annual_value is not None and annual_value <= 0:
            errors.append(f"{where}.annual_value: must be above 0.00.")
        if start is not None and end is not None and start > end:
            errors.append(f"{where}: start must be on or before end.")
        if None in (start, end, annual_value, legacy) or annual_value <= 0 or start > end:
            return None
        return AnnualContract(
            start=start, end=end, annual_value=annual_value, converted_under_legacy_plan=legacy
        )


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-Q[1-4]$", "example": "2025-Q2"})
class QuarterField(serializers.Field):
    def to_internal_value(self, data: Any) -> Quarter:
        try:
            return Quarter.parse(data)
        except InvalidQuarter as exc:
            raise serializers.ValidationError(str(exc)) from None

    def to_representation(self, value: Quarter) -> str:
        return str(value)


class _Strict(serializers.Field):
    """A scalar parsed by one of the strict parsers above."""

    def __init__(self, parse, **kwargs):
        self.parse = parse
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return self.parse(data, "value")
        except Bad as exc:
            message = str(exc).removeprefix("value: ")
            raise serializers.ValidationError(message[:1].upper() + message[1:]) from None

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field(OpenApiTypes.DATE)
class StrictDateField(_Strict):
    def __init__(self, **kwargs):
        super().__init__(parse_date, **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictFlagField(_Strict):
    def __init__(self, **kwargs):
        super().__init__(parse_flag, **kwargs)


class QuotaPreviewRequestSerializer(serializers.Serializer):
    quarter = QuarterField(help_text='The current quarter, "YYYY-Qn"; the previous one gives Starting ARR.')
    invoices = InvoicesField(required=False, default=tuple, help_text="Mapped to months by period_start.")
    annual_contracts = AnnualContractsField(
        required=False, default=tuple, help_text="In force from start to end, both inclusive (Q-9, Q-10)."
    )
    subscription_cancelled_on = StrictDateField(required=False, allow_null=True, default=None)
    added_to_book_on = StrictDateField(required=False, allow_null=True, default=None)
    inherited = StrictFlagField(required=False, default=False)

    def to_internal_value(self, data: Any) -> dict:
        """Field errors and the inherited/added_to_book_on rule are reported together."""
        errors: dict[str, list] = {}
        value: dict = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = {key: list(messages) for key, messages in exc.detail.items()}  # type: ignore[union-attr]
        if (
            isinstance(data, Mapping)
            and data.get("inherited") is True
            and data.get("added_to_book_on") is None
        ):
            for field in ("inherited", "added_to_book_on"):
                errors.setdefault(field, []).append("inherited true needs added_to_book_on (Q-8 grace).")
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def contribution_input(self) -> ContributionInput:
        data = self.validated_data
        return ContributionInput(
            quarter=data["quarter"],
            invoices=tuple(data["invoices"]),
            annual_contracts=tuple(data["annual_contracts"]),
            subscription_cancelled_on=data["subscription_cancelled_on"],
            added_to_book_on=data["added_to_book_on"],
            inherited=data["inherited"],
        )


class MoneyField(serializers.DecimalField):
    """A JSON string with two places ("1610.00"), as every contracts.md amount."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=None, decimal_places=2, coerce_to_string=True, **kwargs)


class QuotaPreviewMonthSerializer(serializers.Serializer):
    month = serializers.CharField(source="label", help_text='"YYYY-MM"')
    invoice_amount = MoneyField()
    paid_products = serializers.ListField(child=serializers.CharField())
    multiplier = serializers.FloatField()
    quota_amount = MoneyField()


class QuotaPreviewResponseSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    starting_arr = MoneyField()
    ending_arr = MoneyField()
    contribution = MoneyField()
    churned = serializers.BooleanField()
    grace_applied = serializers.BooleanField()
    months = QuotaPreviewMonthSerializer(many=True, source="invoiced_months")


# --- Read API (issue 14): attainment per TAM and per team for a quarter.


class BucketsSerializer(serializers.Serializer):
    monthly_change = MoneyField()
    annual_above_run_rate = MoneyField()
    new_customer = MoneyField()
    churn_and_adjustments = MoneyField()


class RepAttainmentSerializer(serializers.Serializer):
    rep = serializers.IntegerField(source="rep.pk")
    name = serializers.CharField(source="rep.name")
    email = serializers.EmailField(source="rep.email")
    quarter = serializers.CharField()
    quota = MoneyField(allow_null=True)
    prorated_quota = MoneyField(allow_null=True)
    attainment = MoneyField()
    attainment_pct = serializers.FloatField(
        allow_null=True, help_text="Percentage points; may be negative (QD-16)."
    )
    buckets = BucketsSerializer(help_text="QD-17: the four buckets (labels provisional).")
    deferred_in = MoneyField()
    deferred_out = MoneyField()
    accounts = serializers.IntegerField()
    provisional = serializers.BooleanField()


class AttainmentLineSerializer(serializers.Serializer):
    account = serializers.IntegerField(source="account_id")
    account_name = serializers.CharField(source="account.name")
    starting_arr = MoneyField()
    ending_arr = MoneyField()
    k_prev = serializers.IntegerField(allow_null=True)
    k_curr = serializers.IntegerField(allow_null=True)
    raw_contribution = MoneyField()
    contribution = MoneyField()
    adjusted_contribution = MoneyField()
    counted = MoneyField()
    deferred_out = MoneyField()
    released_in = MoneyField()
    churned = serializers.BooleanField()
    grace_applied = serializers.BooleanField()
    reference_run_rate = MoneyField(allow_null=True)
    legacy_suppressed = serializers.BooleanField()
    out_of_policy_excluded = serializers.BooleanField()
    pending_removal = serializers.BooleanField()
    bucket = serializers.CharField()
    eligibility = serializers.CharField()
    provisional = serializers.BooleanField()


class RepAttainmentDetailSerializer(RepAttainmentSerializer):
    lines = AttainmentLineSerializer(many=True)


class TeamMemberSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    name = serializers.CharField(source="member.name")
    member_quota = MoneyField()
    counted_pct = serializers.IntegerField()
    counted_quota = MoneyField()
    reason = serializers.CharField()
    attainment = MoneyField()


class TeamAttainmentSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team_quota.team_id")
    name = serializers.CharField(source="team_quota.team.name")
    quarter = serializers.CharField()
    total = MoneyField(source="team_quota.total", help_text="T-2, T-3.")
    attainment = MoneyField(help_text="T-4: the counted members' attainment.")
    attainment_pct = serializers.FloatField(allow_null=True)
    members = TeamMemberSerializer(many=True)
