"""The demo's late payments: the generated overdue invoices and failed card attempts run through
`detect_late_payments` and `dunning_scheduler` day by day over the last weeks, with the
responsible people working their cases through the services as they would (outreach on day 0,
most steps done on their day, some pauses with a reason, most step-5 cancellations confirmed).
Nothing here inserts a case or a step: the jobs open and advance them; the people's actions go
through billing.dunning_services. Every choice is a pure function of (seed, case's customer)."""

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q

REPLAY_DAYS = 75  # long enough for every case to reach step 5 and some to be paid
PAUSE_REASONS = (
    "Finance team confirmed the wire transfer is in flight.",
    "Customer's card is being replaced by their bank; new card next week.",
    "Purchase order being raised on their side.",
    "Founder travelling; promised payment on return.",
)
OUTREACH_NOTES = (
    "Emailed the known contacts and the Stripe finance address with the invoice PDF and the 7-day notice.",
    "Sent the payment update link and the 7-day suspension notice to the billing contact.",
)


def _rng(seed: int, customer_id: int) -> random.Random:
    return random.Random(f"dunning-demo:{seed}:{customer_id}")


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def replay_days(as_of: date) -> list[date]:
    return [as_of - timedelta(days=k) for k in range(REPLAY_DAYS, -1, -1)]


PAUSE_ON_DAY = 3  # the customer comes back with a genuine reason after the first outreach
# The step each recent case shows on the as-of day, in turn, so the list has every step live: the
# owner's extension (a recorded pause, B-37 "use your discretion") is sized for it.
TARGET_STEPS = (5, 3, 1, 4, 2, 1)
RECENT_DAYS = 60


def extension(case, as_of: date) -> int:
    """The pause, in days, that leaves `case` at its target step on `as_of` (0 = no pause).

    Recent cases are numbered by (day 0, customer) — every earlier case exists by this case's
    pause day, so the number never changes — and take TARGET_STEPS in turn. With a pause of p
    days from day 3, steps 2…5 fall on days 6+p, 7+p, 13+p, 14+p; the last 1 keeps the pause
    running past as_of, so one case shows as paused."""
    from billing.models import DunningCase

    age = (as_of - case.day0).days
    if not PAUSE_ON_DAY < age <= RECENT_DAYS:
        return 0
    earlier = (
        DunningCase.objects.filter(day0__gte=as_of - timedelta(days=RECENT_DAYS))
        .filter(Q(day0__lt=case.day0) | Q(day0=case.day0, billing_customer_id__lt=case.billing_customer_id))
        .count()
    )
    index = earlier % len(TARGET_STEPS)
    target = TARGET_STEPS[index]
    offset = {1: 5, 2: 6, 3: 7, 4: 13, 5: None}[target]
    if offset is None:
        return 0
    days = age - offset if index != len(TARGET_STEPS) - 1 else age - PAUSE_ON_DAY + 1
    if target == 1 and index != len(TARGET_STEPS) - 1:
        days = age - 5
    return days if 1 <= days <= 60 else 0


def people_act(day: date, seed: int, as_of: date) -> None:
    """What the responsible people do on `day` on the live cases, through the services."""
    from billing import dunning_services as services
    from billing.models import DunningCase, DunningStep
    from billing.models.dunning import LIVE_STATUSES

    cases = list(
        DunningCase.objects.filter(status__in=LIVE_STATUSES, responsible__isnull=False)
        .select_related("responsible", "billing_customer__account")
        .order_by("pk")
    )
    if not cases:
        return
    due: dict[int, list] = {}
    for row in DunningStep.objects.filter(case__in=cases, done_at__isnull=True, due_on__lte=day):
        due.setdefault(row.case_id, []).append(row)
    for case in cases:
        rng = _rng(seed, case.billing_customer_id)
        style = rng.random()  # how diligent this owner is with this case
        user = case.responsible
        if day == case.day0 and style < 0.9:
            services.dunning_outreach_log(
                case=case,
                note=rng.choice(OUTREACH_NOTES),
                channel=rng.choice(("email", "slack")),
                acting_user=user,
                at=_at(day, 10),
            )
        if day == case.day0 + timedelta(days=PAUSE_ON_DAY):
            days = extension(case, as_of)
            if days:
                services.dunning_case_pause(
                    case=case,
                    days=days,
                    reason=rng.choice(PAUSE_REASONS),
                    acting_user=user,
                    starts_on=day,
                    at=_at(day, 11),
                )
        for row in sorted(due.get(case.pk, []), key=lambda r: r.step):
            if row.due_on != day:
                continue  # a task done on its day or left to do
            if row.step == 5:
                if style < 0.6:
                    services.dunning_case_cancel(case=case, confirm=True, acting_user=user, at=_at(day, 16))
            elif style < 0.8 or (row.step == 1 and style < 0.9):
                services.dunning_step_mark_done(
                    case=case, step=row.step, note="Done (demo)", acting_user=user, at=_at(day, 15)
                )


def recompute(ctx) -> None:
    """Replay the last REPLAY_DAYS through both jobs; alerts only for the as-of day (the past
    ones are recorded in each case's log without sending). Idempotent: a second call runs the
    as-of day only."""
    from billing import jobs
    from billing.models import DunningCase

    days = replay_days(ctx.as_of)
    if DunningCase.objects.exists():
        days = [ctx.as_of]  # already replayed: only the as-of day again, which changes nothing
    for day in days:
        alert = day == ctx.as_of
        jobs.detect_late_payments(as_of=day, alert=alert)
        jobs.dunning_scheduler(as_of=day, alert=alert)
        if day < ctx.as_of:
            people_act(day, ctx.seed, ctx.as_of)
