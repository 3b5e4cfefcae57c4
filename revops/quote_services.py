"""Writes to quotes (revops.md Quote, QuoteOption; V-3, RD-31).

Saving prices every option with the policy version in force that day and pins it on the option:
publishing a later version never changes a saved quote. Editing a quote re-prices its options
with the version then in force (V-3), which the option's history keeps.
"""

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .engine import QuoteInput, price_quote, project_monthly_volume
from .models import MAX_OPTIONS, Quote, QuoteOption, QuoteStatus
from .models.quotes import new_share_token
from .selectors import pricing_policy_in_force

INPUT_FIELDS = tuple(f.name for f in fields(QuoteInput))


@dataclass(frozen=True)
class OptionInput:
    label: str
    request: QuoteInput


class TooManyOptions(ValueError):
    pass


@transaction.atomic
def quote_save(
    *,
    acting_user,
    options: list[OptionInput],
    account=None,
    opportunity=None,
    title: str = "",
    usage_history: list[Decimal] | None = None,
    projection_method: str = "latest_month",
    quote: Quote | None = None,
    status: str = QuoteStatus.SAVED,
    today: date | None = None,
) -> Quote:
    if not options or len(options) > MAX_OPTIONS:
        raise TooManyOptions(f"A quote has 1 to {MAX_OPTIONS} options.")
    if opportunity is not None and account is not None and opportunity.account_id != account.pk:
        raise ValueError("The opportunity belongs to another account.")
    if opportunity is not None and account is None:
        account = opportunity.account
    today = today or timezone.localdate()
    version, policy = pricing_policy_in_force(today)
    history = [h for h in (usage_history or [])][:6]
    monthly = project_monthly_volume(tuple(h for h in history if h is not None), projection_method)
    if quote is None:
        quote = Quote(created_by=acting_user)
    else:
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
    quote.title = title
    quote.account = account
    quote.opportunity = opportunity
    quote.usage_history = [None if h is None else f"{h:.2f}" for h in history]
    quote.projection_method = projection_method
    quote.monthly_volume = monthly
    if quote.status != QuoteStatus.SHARED:
        quote.status = status
    quote.save()
    quote.options.all().delete()
    now = timezone.now()
    for position, option in enumerate(options, start=1):
        result = price_quote(option.request, policy)
        QuoteOption.objects.create(
            quote=quote,
            position=position,
            label=option.label or f"Option {position}",
            **{name: getattr(option.request, name) for name in INPUT_FIELDS},
            components={key: f"{value:.2f}" for key, value in result.components.items()},
            discount_pct=result.discount_pct,
            price=result.price,
            custom_pricing=result.custom_pricing,
            within_policy=result.within_policy,
            state=result.state,
            notes=[{"rule": n.rule, "text": n.text} for n in result.notes],
            policy_version=version,
            priced_at=now,
        )
    return quote


@transaction.atomic
def quote_share(*, quote: Quote, acting_user) -> Quote:
    """Sharing creates a read-only link (RD-31); sharing again keeps the same link."""
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if not quote.share_token:
        quote.share_token = new_share_token()
    quote.status = QuoteStatus.SHARED
    quote._change_reason = f"shared by {acting_user}"  # type: ignore[attr-defined]
    quote.save()
    return quote


@transaction.atomic
def quote_unshare(*, quote: Quote, acting_user) -> Quote:
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    quote.share_token = None
    quote.status = QuoteStatus.SAVED
    quote.save()
    return quote


@transaction.atomic
def quote_delete(*, quote: Quote, acting_user) -> None:
    quote.delete()


def option_inputs(quote: Quote) -> list[OptionInput]:
    """A saved quote's options as engine inputs (to edit or re-save it)."""
    return [
        OptionInput(o.label, QuoteInput(**{name: getattr(o, name) for name in INPUT_FIELDS}))
        for o in quote.options.all()
    ]
