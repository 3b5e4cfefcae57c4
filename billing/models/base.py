"""Field helpers shared by the billing tables: money, percentages, months, the Stripe mirror."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone


def money(**kwargs) -> models.DecimalField:
    """USD amount (billing.md §1 conventions)."""
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def percent(**kwargs) -> models.DecimalField:
    """Percentage points: 25.00 = 25 %."""
    return models.DecimalField(max_digits=5, decimal_places=2, **kwargs)


def validate_first_of_month(value) -> None:
    """A `month` is the date of the 1st of a calendar month (billing.md §1)."""
    if value is not None and value.day != 1:
        raise ValidationError("A month is the first day of a calendar month.", code="not_month")


def stripe_id_validator(*prefixes: str) -> RegexValidator:
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return RegexValidator(
        rf"^({alternatives})\w+$",
        message=f"A Stripe id starting with {' or '.join(prefixes)}.",
        code="stripe_id",
    )


def stripe_id_field(*prefixes: str, **kwargs) -> models.CharField:
    """The object's Stripe id, unique; with prefixes, a wrongly-typed id fails validation.

    Products and prices take no prefix: Stripe lets products carry custom ids and legacy plan
    ids (any string) act as price ids.
    """
    validators = [stripe_id_validator(*prefixes)] if prefixes else []
    return models.CharField("Stripe id", max_length=255, unique=True, validators=validators, **kwargs)


class StripeObject(models.Model):
    """A row mirrored from Stripe: every one carries these (billing.md §1)."""

    livemode = models.BooleanField(default=False)
    raw = models.JSONField(default=dict, blank=True, help_text="The last fetched Stripe object.")
    synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(getattr(self, "stripe_id", "")) or super().__str__()


def non_negative(prefix: str, *fields: str) -> list[models.BaseConstraint]:
    """One named constraint per field, so a violation names the amount that went negative."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{field}__gte": 0}),
            name=f"billing_{prefix}_{field}_not_negative",
            violation_error_message=f"{field} is never negative.",
        )
        for field in fields
    ]
