"""Writes for cross-sell: each service owns its transaction, is audited by simple_history and
recomputes the account on commit (J-2)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Account, User

from .engine import USE_CASES, Policy
from .engine.facts import IMPLEMENTATION_ITEMS, SIGNAL_EVENT_TYPES
from .engine.phase import PHASES
from .models import (
    AccountCrossSellState,
    AccountSignalEvent,
    ComplianceScreen,
    CrossSellSettings,
    ImplementationCheckItem,
    Recommendation,
)
from .pipeline import recompute_account_on_commit


def _require(field: str, value, message: str) -> None:
    if not value:
        raise ValidationError({field: [message]})


def signal_event_log(
    *,
    account: Account,
    type: str,
    occurred_on: date,
    acting_user: User | None,
    product: str = "",
    subtype: str = "",
    detail: str = "",
    due_on: date | None = None,
    external_id: str | None = None,
) -> AccountSignalEvent:
    """P-1 «Log signal event» (and the I-1 `account_signals` import, upserted by external_id)."""
    from billing.selectors import product_keys

    if type not in SIGNAL_EVENT_TYPES:
        raise ValidationError({"type": [f"{type!r} is not a signal event type."]})
    if product and product not in product_keys():
        raise ValidationError({"product": [f"{product!r} is not a product key."]})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": ["An event cannot be logged in the future."]})
    with transaction.atomic():
        values = dict(
            type=type,
            occurred_on=occurred_on,
            product=product,
            subtype=subtype,
            detail=detail,
            due_on=due_on,
            created_by=acting_user,
        )
        if external_id:
            event, _ = AccountSignalEvent.objects.update_or_create(
                account=account, external_id=external_id, defaults=values
            )
        else:
            event = AccountSignalEvent.objects.create(account=account, **values)
        recompute_account_on_commit(account.pk)
    return event


def signal_event_clear(
    *, event: AccountSignalEvent, reason: str, acting_user: User | None
) -> AccountSignalEvent:
    _require("reason", reason.strip(), "Clearing an event needs a reason.")
    if event.cleared_at is not None:
        raise ValidationError({"event": ["This event is already cleared."]})
    with transaction.atomic():
        event.cleared_at = timezone.now()
        event.cleared_by = acting_user
        event.cleared_reason = reason.strip()
        event.save(update_fields=["cleared_at", "cleared_by", "cleared_reason"])
        recompute_account_on_commit(event.account_id)
    return event


def check_item_set(
    *,
    account: Account,
    item: str,
    status: str,
    acting_user: User | None,
    estimated_monthly_savings: Decimal | None = None,
) -> ImplementationCheckItem:
    """A TAM sets an implementation check item (D-30: detected_by tam); fixing keeps savings."""
    if item not in IMPLEMENTATION_ITEMS:
        raise ValidationError({"item": [f"{item!r} is not an implementation check item."]})
    if status not in ("open", "fixed", "not_applicable", "not_checked"):
        raise ValidationError({"status": [f"{status!r} is not a status."]})
    with transaction.atomic():
        row, _ = ImplementationCheckItem.objects.get_or_create(account=account, item=item)
        row.status = status
        row.detected_by = "tam"
        if estimated_monthly_savings is not None:
            row.estimated_monthly_savings = estimated_monthly_savings
        if status == "fixed":
            row.fixed_at, row.fixed_by = timezone.now(), acting_user
        row.save()
        recompute_account_on_commit(account.pk)
    return row


def _state(account: Account) -> AccountCrossSellState:
    state, _ = AccountCrossSellState.objects.select_for_update().get_or_create(account=account)
    return state


def use_case_override_set(
    *, account: Account, use_case: str, reason: str, acting_user: User | None
) -> AccountCrossSellState:
    """CLS-1: the TAM's primary use case wins until removed; the computed one stays visible."""
    if use_case not in USE_CASES:
        raise ValidationError({"use_case": [f"{use_case!r} is not a use case."]})
    _require("reason", reason.strip(), "An override needs a reason.")
    with transaction.atomic():
        state = _state(account)
        state.override_use_case, state.override_reason = use_case, reason.strip()
        state.override_by, state.override_at = acting_user, timezone.now()
        state.save()
        recompute_account_on_commit(account.pk)
    return state


def use_case_override_remove(*, account: Account, acting_user: User | None) -> AccountCrossSellState:
    with transaction.atomic():
        state = _state(account)
        state.override_use_case, state.override_reason = "", ""
        state.override_by, state.override_at = acting_user, timezone.now()
        state.save()
        recompute_account_on_commit(account.pk)
    return state


def phase_override_set(
    *, account: Account, phase: str, reason: str, acting_user: User | None
) -> AccountCrossSellState:
    """PH-1: a TAM may move the phase either way, with a reason; blank phase removes it."""
    if phase and phase not in PHASES:
        raise ValidationError({"phase": [f"{phase!r} is not a phase."]})
    if phase:
        _require("reason", reason.strip(), "A phase override needs a reason.")
    with transaction.atomic():
        state = _state(account)
        state.phase_override, state.phase_override_reason = phase, reason.strip() if phase else ""
        state.save()
        recompute_account_on_commit(account.pk)
    return state


def data_engineer_owner_clear(
    *, account: Account, reason: str, acting_user: User | None
) -> AccountCrossSellState:
    """PAUSE-8 «cleared with a reason»."""
    _require("reason", reason.strip(), "Clearing the pause needs a reason.")
    with transaction.atomic():
        state = _state(account)
        state.data_engineer_owner_cleared_on = timezone.localdate()
        state.data_engineer_owner_cleared_reason = reason.strip()
        state.save()
        recompute_account_on_commit(account.pk)
    return state


def replay_prohibited_set(
    *, account: Account, prohibited: bool, reason: str, acting_user: User | None
) -> AccountCrossSellState:
    """NEXT-6: PHI / security policy forbids session replay."""
    if prohibited:
        _require("reason", reason.strip(), "Say why replay is prohibited.")
    with transaction.atomic():
        state = _state(account)
        state.replay_prohibited, state.replay_prohibited_reason = (
            prohibited,
            reason.strip() if prohibited else "",
        )
        state.save()
        recompute_account_on_commit(account.pk)
    return state


def recommendation_dismiss(
    *, recommendation: Recommendation, reason: str, acting_user: User | None
) -> Recommendation:
    """D-22: dismissed for 90 days unless a new trigger key joins its evidence."""
    _require("reason", reason.strip(), "Dismissing needs a reason.")
    with transaction.atomic():
        recommendation.status = "dismissed"
        recommendation.dismiss_reason = reason.strip()
        recommendation.dismissed_on = timezone.localdate()
        recommendation.dismissed_trigger_keys = sorted(
            {w["ref"] for w in recommendation.why_now if w.get("kind") == "trigger"}
        )
        recommendation.save()
    return recommendation


def recommendation_snooze(
    *, recommendation: Recommendation, until: date, acting_user: User | None
) -> Recommendation:
    if until <= timezone.localdate():
        raise ValidationError({"until": ["Snooze until a date after today."]})
    with transaction.atomic():
        recommendation.status = "snoozed"
        recommendation.snoozed_until = until
        recommendation.save()
    return recommendation


def compliance_flags_set(
    *,
    account: Account,
    acting_user: User | None,
    us_person_exemption: bool | None = None,
    sanctions_listed: bool | None = None,
    discretionary_hold: bool | None = None,
    content_warning: bool | None = None,
    cleared_note: str | None = None,
) -> ComplianceScreen:
    """Legal / RevOps flags on the screen (WWDB); a note clears a review; re-screened on commit."""
    with transaction.atomic():
        screen, _ = ComplianceScreen.objects.get_or_create(account=account)
        for name, value in (
            ("us_person_exemption", us_person_exemption),
            ("sanctions_listed", sanctions_listed),
            ("discretionary_hold", discretionary_hold),
            ("content_warning", content_warning),
        ):
            if value is not None:
                setattr(screen, name, value)
        if cleared_note:
            screen.cleared_note, screen.cleared_at, screen.cleared_by = (
                cleared_note.strip(),
                timezone.now(),
                acting_user,
            )
        screen.save()
        recompute_account_on_commit(account.pk)
    return screen


def settings_update(*, params: dict, note: str, acting_user: User | None) -> CrossSellSettings:
    """P-6: a new settings version (the old ones stay); the next run uses it."""
    Policy.from_json(params)  # raises on a malformed value before anything is written
    with transaction.atomic():
        return CrossSellSettings.objects.create(params=params, note=note.strip(), created_by=acting_user)


def role_family_rules_replace(*, rules: list[tuple[str, list[str], bool]], acting_user: User | None) -> int:
    """P-6 / D-1: the keyword map as edited; rows kept, changed or removed with history."""
    from .models import RoleFamilyRule

    with transaction.atomic():
        wanted = {
            keyword: (families, exclusive, order)
            for order, (keyword, families, exclusive) in enumerate(rules, start=1)
        }
        for row in RoleFamilyRule.objects.all():
            if row.keyword not in wanted:
                row.delete()
        for keyword, (families, exclusive, order) in wanted.items():
            RoleFamilyRule.objects.update_or_create(
                keyword=keyword, defaults={"families": families, "exclusive": exclusive, "order": order}
            )
    return len(wanted)


# P-6: the seeded reference texts RevOps edits (UC-3 pathways, DQ-1/DQ-2 questions, UC-1b
# personas). Each save is one history row with who, when and why.
PATHWAY_FIELDS = (
    "condition_text",
    "target_text",
    "why",
    "conversation_starter",
    "product",
    "feature",
    "target_use_case",
)
QUESTION_FIELDS = ("text", "pain_revealed", "posthog_advantage", "order")
PERSONA_FIELDS = ("name", "role_examples", "cares_about", "evaluates")


def _audited_save(obj, values: dict, reason: str, acting_user: User | None):
    _require("reason", (reason or "").strip(), "Say why you change this (it goes into the history).")
    with transaction.atomic():
        for name, value in values.items():
            setattr(obj, name, value)
        obj._change_reason = reason.strip()
        if acting_user is not None:
            obj._history_user = acting_user
        obj.save()
    return obj


def pathway_update(*, pathway, values: dict, reason: str, acting_user: User | None):
    """UC-3: a pathway row's texts and target as RevOps edits them (code and order stay)."""
    from billing.selectors import product_keys

    values = {k: (values.get(k) or "").strip() for k in PATHWAY_FIELDS}
    for name in ("condition_text", "target_text", "why", "conversation_starter"):
        _require(name, values[name], "This text is shown to TAMs; it cannot be empty.")
    if values["product"] and values["product"] not in product_keys():
        raise ValidationError({"product": ["Not a product key (contracts.md)."]})
    if values["target_use_case"] not in ("", "any", *USE_CASES):
        raise ValidationError({"target_use_case": ["A use-case key, «any» or blank (the same use case)."]})
    return _audited_save(pathway, values, reason, acting_user)


def discovery_question_update(*, question, values: dict, reason: str, acting_user: User | None):
    """DQ-1 / DQ-2: a question, the pain it reveals and PostHog's advantage."""
    text = (values.get("text") or "").strip()
    _require("text", text, "A question needs its text.")
    order = values.get("order", question.order)
    if order is None or int(order) < 0:
        raise ValidationError({"order": ["A position of 0 or more."]})
    clean = {
        "text": text,
        "pain_revealed": (values.get("pain_revealed") or "").strip(),
        "posthog_advantage": (values.get("posthog_advantage") or "").strip(),
        "order": int(order),
    }
    return _audited_save(question, clean, reason, acting_user)


def use_case_personas_set(*, use_case, personas: list[dict], reason: str, acting_user: User | None):
    """UC-1b: the use case's "Personas to target" (the panel shows a contact's match)."""
    clean = []
    for number, persona in enumerate(personas, start=1):
        row = {k: (persona.get(k) or "").strip() for k in PERSONA_FIELDS}
        if not row["name"]:
            raise ValidationError({"personas": [f"Persona {number} needs a name."]})
        clean.append(row)
    _require("personas", clean, "A use case needs at least one persona.")
    return _audited_save(use_case, {"personas": clean}, reason, acting_user)
