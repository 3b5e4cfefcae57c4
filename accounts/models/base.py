"""Field and constraint helpers the accounts models share."""

from collections.abc import Iterable
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible

ZERO = Decimal("0.00")


def user_fk(related_name: str, **extra) -> models.ForeignKey:
    """A nullable link to a user that survives the user's deletion."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **extra,
    )


def money(**extra) -> models.DecimalField:
    extra.setdefault("default", ZERO)
    return models.DecimalField(max_digits=14, decimal_places=2, **extra)


def non_negative(prefix: str, *fields: str) -> list[models.CheckConstraint]:
    """One named CHECK per field, so a violation names the field that broke it."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__gte": 0}),
            name=f"{prefix}_{name}_non_negative",
            violation_error_message=f"{name}: must not be negative.",
        )
        for name in fields
    ]


def not_before(prefix: str, later: str, earlier: str) -> models.CheckConstraint:
    """`later` is empty or on/after `earlier` (end after start)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{later}__isnull": True}) | models.Q(**{f"{later}__gte": models.F(earlier)}),
        name=f"{prefix}_{later}_not_before_{earlier}",
        violation_error_message=f"{later}: must not be before {earlier}.",
    )


def unique_when_set(prefix: str, field_name: str) -> models.UniqueConstraint:
    """External ids: optional, but never shared by two rows."""
    return models.UniqueConstraint(
        fields=[field_name],
        condition=~models.Q(**{field_name: ""}),
        name=f"{prefix}_{field_name}_unique",
        violation_error_message=f"{field_name}: another record already has this id.",
    )


@deconstructible
class ChoiceListValidator:
    """A JSON list whose items are each one of `allowed`, without repeats (multi-valued enums).

    A JSON list rather than an ArrayField so one schema works on SQLite and PostgreSQL.
    """

    def __init__(self, allowed: Iterable[str]):
        self.allowed = list(allowed)

    def __call__(self, value) -> None:
        if not isinstance(value, list):
            raise ValidationError("must be a list of values.", code="not_a_list")
        unknown = [v for v in value if v not in self.allowed]
        if unknown:
            raise ValidationError(
                "not a valid choice: %(unknown)s (allowed: %(allowed)s).",
                code="invalid_item",
                params={"unknown": ", ".join(map(str, unknown)), "allowed": ", ".join(self.allowed)},
            )
        if len(set(value)) != len(value):
            raise ValidationError("lists a value twice.", code="repeated_item")

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoiceListValidator) and self.allowed == other.allowed


def choice_list(choices: type[models.TextChoices], **extra) -> models.JSONField:
    return models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator(choices.values)], **extra
    )


def known_product_keys() -> frozenset[str]:
    """The contracts.md keys held in billing.Product.

    Through the app registry, not an import: accounts models may not import billing
    (import-linter), and accounts names products by key, never by foreign key.
    """
    product = apps.get_model("billing", "Product")
    return frozenset(product.objects.values_list("key", flat=True))


def validate_product_keys(field_name: str, keys: Iterable[str]) -> None:
    unknown = sorted(set(keys) - known_product_keys())
    if unknown:
        raise ValidationError({field_name: f"unknown product key: {', '.join(unknown)}."})
