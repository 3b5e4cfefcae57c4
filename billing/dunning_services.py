"""Writes on a dunning case by people (B-37, B-38, B-67): log outreach, pause with a reason,
mark a step done, confirm the step-5 cancellation. Each owns its transaction, checks who may act,
validates before writing anything (a ValidationError names the field), audits the case
(django-simple-history) and writes a DunningEvent with who and when."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .engine.dunning_timeline import STEP_TITLE, Step
from .models import (
    DunningCase,
    DunningEvent,
    DunningEventKind,
    DunningPause,
    DunningStatus,
    DunningStep,
    StripeWriteKind,
    Subscription,
    SubscriptionStatus,
)
from .models.dunning import LIVE_STATUSES
from .services import idempotency_key, stripe_write_record

OUTREACH_CHANNELS = [("email", "Email"), ("slack", "Slack"), ("call", "Call"), ("other", "Other")]
MAX_PAUSE_DAYS = 60


def can_work_case(user, case: DunningCase) -> bool:
    return bool(user is not None and user.has_perm("billing.work_dunning_case", case))


def _check(case: DunningCase, acting_user, *, live: bool = True) -> None:
    if not can_work_case(acting_user, case):
        raise PermissionDenied(
            "Only the case's responsible person, the account's owners, managers and RevOps admins act on it."
        )
    if live and case.status not in LIVE_STATUSES:
        raise ValidationError({"case": f"The case is {case.get_status_display().lower()}; nothing to do."})


def _when(at: datetime | None) -> datetime:
    return at or timezone.now()


def _refresh(case: DunningCase, on: date) -> None:
    """Re-run the scheduler on this one customer so pauses and done steps show at once."""
    from .jobs.dunning import schedule_chunk

    schedule_chunk([case.billing_customer_id], as_of=on)


def dunning_outreach_log(
    *, case: DunningCase, note: str, channel: str, acting_user, at: datetime | None = None
) -> DunningEvent:
    """Step 1's outreach (and any later contact) on record; the first one is health's
    "first logged dunning outreach" (health.md D-11)."""
    _check(case, acting_user)
    errors = {}
    if not (note or "").strip():
        errors["note"] = "Say who you contacted and what you asked for."
    if channel not in dict(OUTREACH_CHANNELS):
        errors["channel"] = f"Pick one of: {', '.join(k for k, _ in OUTREACH_CHANNELS)}."
    if errors:
        raise ValidationError(errors)
    when = _when(at)
    with transaction.atomic():
        return DunningEvent.objects.create(
            case=case,
            kind=DunningEventKind.OUTREACH,
            on=when.date(),
            note=note.strip(),
            channel=channel,
            actor=acting_user,
            at=when,
        )


def dunning_case_pause(
    *,
    case: DunningCase,
    days,
    reason: str,
    acting_user,
    starts_on: date | None = None,
    at: datetime | None = None,
) -> DunningPause:
    """B-37 "use your discretion with the next steps": a recorded pause of `days` days from
    `starts_on` (default today) shifts every later step by as many days."""
    _check(case, acting_user)
    when = _when(at)
    start = starts_on or when.date()
    errors = {}
    try:
        days = int(days)
    except (TypeError, ValueError):
        errors["days"] = "A whole number of days."
    else:
        if not 1 <= days <= MAX_PAUSE_DAYS:
            errors["days"] = f"A pause is 1 to {MAX_PAUSE_DAYS} days."
    if not (reason or "").strip():
        errors["reason"] = "A pause needs its reason (the customer's genuine reason for more time)."
    if start < case.day0:
        errors["starts_on"] = f"A pause starts on or after day 0 ({case.day0})."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pause = DunningPause.objects.create(
            case=case,
            starts_on=start,
            days=days,
            reason=reason.strip(),
            created_by=acting_user,
            created_at=when,
        )
        DunningEvent.objects.create(
            case=case,
            kind=DunningEventKind.PAUSED,
            on=start,
            note=f"Paused {days} day(s) from {start}: {reason.strip()}",
            actor=acting_user,
            at=when,
        )
        _refresh(case, when.date())
    return pause


def dunning_step_mark_done(
    *, case: DunningCase, step, acting_user, note: str = "", at: datetime | None = None
) -> DunningStep:
    """A person did the step's task. Step 3 done = access suspended (recorded as suspended_on,
    D-24: the app never suspends); step 5 is done by confirming the cancellation."""
    _check(case, acting_user)
    try:
        number = int(step)
        Step(number)
    except (TypeError, ValueError):
        raise ValidationError({"step": "A step is 1 to 5."}) from None
    if number == Step.CANCEL:
        raise ValidationError(
            {"step": "Step 5 is done by confirming the cancellation (Cancel subscription)."}
        )
    row = DunningStep.objects.filter(case=case, step=number).first()
    if row is None:
        raise ValidationError({"step": f"Step {number} is not due yet."})
    if row.done_at is not None:
        raise ValidationError({"step": f"Step {number} was already done on {row.done_at:%Y-%m-%d}."})
    when = _when(at)
    with transaction.atomic():
        row.done_at, row.done_by, row.note = when, acting_user, (note or "").strip()
        row.save(update_fields=["done_at", "done_by", "note"])
        if number == Step.SUSPEND and case.suspended_on is None:
            case.suspended_on = when.date()
            case.updated_at = when
            case.save(update_fields=["suspended_on", "updated_at"])
        DunningEvent.objects.create(
            case=case,
            kind=DunningEventKind.STEP_DONE,
            key=f"done:{number}",
            on=when.date(),
            note=f"Step {number} done: {STEP_TITLE[Step(number)]}" + (f" — {row.note}" if row.note else ""),
            actor=acting_user,
            at=when,
        )
    return row


def _subscriptions(case: DunningCase) -> list[Subscription]:
    ids = set(case.invoices.exclude(subscription=None).values_list("subscription_id", flat=True))
    subs = Subscription.objects.filter(stripe_customer__billing_customer_id=case.billing_customer_id).exclude(
        status__in=[SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED]
    )
    found = {s.pk: s for s in subs}
    for s in Subscription.objects.filter(pk__in=ids).exclude(status=SubscriptionStatus.CANCELED):
        found.setdefault(s.pk, s)
    return [found[k] for k in sorted(found)]


def dunning_case_cancel(
    *, case: DunningCase, confirm, acting_user, at: datetime | None = None
) -> DunningCase:
    """Step 5 (B-37, B-67, D-24): a confirmed button. Each live subscription's cancellation is
    recorded as a Stripe write task — `pending` while STRIPE_WRITES_ENABLED is false — keyed
    `tamapp-subscription-<pk>-cancel`; "they will be notified about this automatically via the
    billing service" (Stripe), so the app sends the customer nothing."""
    _check(case, acting_user)
    if confirm not in (True, "true", "on", "1", "yes"):
        raise ValidationError({"confirm": "Tick to confirm that the subscription is cancelled in Stripe."})
    row = DunningStep.objects.filter(case=case, step=Step.CANCEL).first()
    if row is None:
        due = case.next_step_due if case.next_step == Step.CANCEL else "day 14"
        raise ValidationError(
            {
                "step": f"Cancellation is step 5, due on {due}; it is not due yet."
            }
        )
    when = _when(at)
    with transaction.atomic():
        subs = _subscriptions(case)
        for sub in subs:
            stripe_write_record(
                kind=StripeWriteKind.CANCEL_SUBSCRIPTION,
                key=idempotency_key("subscription", sub.pk, "cancel"),
                payload={
                    "subscription": sub.stripe_id,
                    "cancellation_details": {"comment": "Unpaid balance: dunning step 5 (B-37)"},
                    "prorate": False,
                    "tamapp_dunning_case": case.pk,
                },
                stripe_customer=sub.stripe_customer,
                acting_user=acting_user,
            )
        if row.done_at is None:
            row.done_at, row.done_by = when, acting_user
            row.save(update_fields=["done_at", "done_by"])
        case.status = DunningStatus.CANCELLED
        case.cancelled_on = when.date()
        case.next_step = case.next_step_due = None
        case.updated_at = when
        case.save(update_fields=["status", "cancelled_on", "next_step", "next_step_due", "updated_at"])
        names = ", ".join(s.stripe_id for s in subs) or "no live subscription found"
        DunningEvent.objects.create(
            case=case,
            kind=DunningEventKind.CANCEL_REQUESTED,
            key="cancel",
            on=when.date(),
            note=f"Cancellation confirmed ({names}); Stripe write pending while writes are off (B-67).",
            actor=acting_user,
            at=when,
        )
    return case
