"""`billing.dunning_scheduler`, one chunk: live cases → steps due, pauses, resolution (B-37, B-38)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from billing.engine.dunning_timeline import (
    STEP_TITLE,
    Pause,
    Step,
    resolution,
    timeline,
)
from billing.models import (
    DunningCase,
    DunningEvent,
    DunningEventKind,
    DunningPause,
    DunningStatus,
    DunningStep,
)
from billing.models.dunning import LIVE_STATUSES

from .loaders import _notify, _users, end_of, load_invoices


@dataclass
class ScheduleStats:
    cases: int = 0
    steps: int = 0
    resolved: int = 0
    alerts: int = 0


CASE_FIELDS = [
    "step",
    "next_step",
    "next_step_due",
    "status",
    "paused_days",
    "pause_reason",
    "reenable_required",
    "resolved_at",
    "explanation",
    "updated_at",
]


def schedule_chunk(customer_ids: list[int], *, as_of: date, alert: bool = True) -> ScheduleStats:
    """6 reads per chunk; writes only what changed."""
    cases = list(
        DunningCase.objects.filter(billing_customer_id__in=customer_ids, status__in=LIVE_STATUSES)
        .select_related("billing_customer")
        .order_by("pk")
    )
    stats = ScheduleStats(cases=len(cases))
    if not cases:
        return stats
    invoices = load_invoices(customer_ids, as_of)
    by_key = {i.key: i for invs in invoices.values() for i in invs}
    through = DunningCase.invoices.through
    case_invoices: dict[int, list[int]] = defaultdict(list)
    for case_id, invoice_id in through.objects.filter(dunningcase__in=[c.pk for c in cases]).values_list(
        "dunningcase_id", "invoice_id"
    ):
        case_invoices[case_id].append(invoice_id)
    pauses: dict[int, list[Pause]] = defaultdict(list)
    reasons: dict[int, str] = {}
    for p in DunningPause.objects.filter(case__in=cases).order_by("starts_on", "pk"):
        pauses[p.case_id].append(Pause(p.starts_on, p.days, p.reason))
        if p.starts_on <= as_of:
            reasons[p.case_id] = p.reason
    steps: dict[int, dict[int, DunningStep]] = defaultdict(dict)
    for s in DunningStep.objects.filter(case__in=cases):
        steps[s.case_id][s.step] = s
    tagged: dict[int, list[int]] = defaultdict(list)
    for case_id, uid in DunningCase.tagged.through.objects.filter(dunningcase__in=cases).values_list(
        "dunningcase_id", "user_id"
    ):
        tagged[case_id].append(uid)
    now = timezone.now()
    new_steps: list[DunningStep] = []
    moved: list[DunningStep] = []
    changed: list[DunningCase] = []
    events: list[DunningEvent] = []
    alerts: list[tuple[tuple[int | None, ...], str, int | None, int | None]] = []
    for case in cases:
        name = case.billing_customer.name
        account_id = case.billing_customer.account_id
        before = tuple(getattr(case, f) for f in CASE_FIELDS if f not in ("explanation", "updated_at"))
        facts = [by_key[k] for k in case_invoices[case.pk] if k in by_key]
        res = resolution(facts, as_of, suspended_on=case.suspended_on)
        if res.resolved:
            assert res.paid_on is not None
            case.status = DunningStatus.RESOLVED
            case.resolved_at = end_of(res.paid_on) - timedelta(seconds=1) if res.paid_on < as_of else now
            case.reenable_required = res.reenable_required
            case.next_step = case.next_step_due = None
            case.explanation = {**case.explanation, "resolution": res.why}
            case.updated_at = now
            changed.append(case)
            stats.resolved += 1
            events.append(
                DunningEvent(
                    case=case, kind=DunningEventKind.RESOLVED, key="resolved", on=res.paid_on, note=res.why
                )
            )
            text = f"{name} paid: the late payment case is resolved (B-38)."
            if res.reenable_required:
                text += (
                    f" Access was suspended on {case.suspended_on}: re-enable user access in Django admin."
                )
            alerts.append(((case.responsible_id,), text, account_id, case.pk))
            continue
        existing = steps[case.pk]
        done = {n: s.due_on for n, s in existing.items() if s.done_at is not None}
        tl = timeline(case.day0, as_of, pauses[case.pk], done)
        for step, due_on in tl.due.items():
            row = existing.get(int(step))
            if row is None and due_on <= as_of:
                new_steps.append(DunningStep(case=case, step=int(step), due_on=due_on, created_at=now))
                stats.steps += 1
                events.append(
                    DunningEvent(
                        case=case,
                        kind=DunningEventKind.STEP_DUE,
                        key=f"step:{int(step)}",
                        on=due_on,
                        note=f"Step {int(step)} due {due_on}: {STEP_TITLE[step]}",
                    )
                )
                recipients = (
                    (case.responsible_id, *tagged[case.pk])
                    if step is Step.OUTREACH
                    else (case.responsible_id,)
                )
                alerts.append(((recipients), _step_text(name, case, step, due_on), account_id, case.pk))
            elif row is not None and row.done_at is None and row.due_on != due_on:
                row.due_on = due_on
                moved.append(row)
        case.step = tl.step
        case.next_step = int(tl.next_step) if tl.next_step is not None else None
        case.next_step_due = tl.next_due
        case.status = DunningStatus.PAUSED if tl.paused is not None else DunningStatus.OPEN
        case.paused_days = tl.paused_days
        case.pause_reason = reasons.get(case.pk, "")
        after = tuple(getattr(case, f) for f in CASE_FIELDS if f not in ("explanation", "updated_at"))
        if after != before or case.explanation.get("timeline") != tl.explanation:
            case.explanation = {**case.explanation, "timeline": tl.explanation}
            case.updated_at = now
            changed.append(case)
    with transaction.atomic():
        if new_steps:
            bulk_create_with_history(new_steps, DunningStep)
        if moved:
            bulk_update_with_history(moved, DunningStep, ["due_on"])
        if changed:
            bulk_update_with_history(changed, DunningCase, CASE_FIELDS)
        if events:
            DunningEvent.objects.bulk_create(events, ignore_conflicts=True)
        if alert and alerts:
            users = _users(uid for recipients, *_ in alerts for uid in recipients)
            link = reverse("billing:late-payments")
            for to, body, acct, ref in alerts:
                stats.alerts += _notify(to, text=body, link=f"{link}{ref}/", account_id=acct, users=users)
    return stats


def _step_text(name: str, case: DunningCase, step: Step, due_on: date) -> str:
    amount = f"{case.amount_overdue} overdue since {case.day0}"
    if step is Step.OUTREACH:
        return (
            f"{name}: payment late ({amount}). Step 1 today: {STEP_TITLE[step]}. You are tagged as "
            "responsible (B-36)."
        )
    if step is Step.CANCEL:
        return (
            f"{name}: {amount}. Step 5 due {due_on}: cancel the subscription — confirm it on Late payments."
        )
    return f"{name}: {amount}. Step {int(step)} due {due_on}: {STEP_TITLE[step]}."


