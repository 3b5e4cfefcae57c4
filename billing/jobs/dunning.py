"""`billing.detect_late_payments` and `billing.dunning_scheduler` (billing.md §5, B-34…B-39).

detect_late_payments (daily 07:00, and per customer on `invoice.payment_failed`/`overdue`):
invoices → DunningCase (day 0, plan kind, responsible and tagged, amount, missed periods), one
live case per customer; each PAYG failure alerts once, keyed (invoice, attempt).

dunning_scheduler (daily 07:15): live cases → the DunningSteps due by as_of (one row per
(case, step), each alerting once), pause state, and resolution on payment (B-38).

Both work on chunks of customers with a fixed number of queries per chunk (reads set-wise,
writes one bulk statement per table), plus one notify() per alert actually sent. Both take
`as_of` and read the mirror as it stood at the end of that day (an invoice paid later was
unpaid then), so the demo can replay past days through them. Rerunning a day changes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from billing.engine.dunning import (
    STEP_TITLE,
    DunningInvoice,
    Pause,
    PlanKind,
    Step,
    lateness,
    missed_periods,
    plan_kind_of,
    resolution,
    responsibility,
    timeline,
)
from billing.models import (
    BillingCustomer,
    DunningCase,
    DunningEvent,
    DunningEventKind,
    DunningPause,
    DunningStatus,
    DunningStep,
    Invoice,
    InvoiceStatus,
    PaymentAttempt,
)
from billing.models.dunning import LIVE_STATUSES

HISTORY_DAYS = 550  # D-23 looks back past the run of missed periods to 3 paid invoices
ALERT_KIND = "dunning"
UNPAID_STATUSES = (InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.UNCOLLECTIBLE)


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


@dataclass
class People:
    """B-36's fallbacks, loaded once per run: the `allocation_lead` and `cs_lead` holders."""

    allocation_leads: list[int] = field(default_factory=list)
    cs_leads: list[int] = field(default_factory=list)

    @classmethod
    def load(cls) -> "People":
        from accounts.models import RoleAssignment

        people = cls()
        rows = (
            RoleAssignment.objects.filter(key__in=["allocation_lead", "cs_lead"], user__is_active=True)
            .order_by("key", "user_id")
            .values_list("key", "user_id")
        )
        for key, user_id in rows:
            (people.allocation_leads if key == "allocation_lead" else people.cs_leads).append(user_id)
        return people


def load_invoices(customer_ids: list[int], as_of: date) -> dict[int, list[DunningInvoice]]:
    """Customer id → its finalized invoices of the last HISTORY_DAYS as of `as_of`: 2 queries."""
    cutoff = end_of(as_of)
    since = as_of - timedelta(days=HISTORY_DAYS)
    rows = list(
        Invoice.objects.filter(
            stripe_customer__billing_customer_id__in=customer_ids,
            status__in=UNPAID_STATUSES,
            created__lt=cutoff,
            period_start__gte=since,
        ).values_list(
            "pk",
            "stripe_customer__billing_customer_id",
            "number",
            "stripe_id",
            "collection_method",
            "period_start",
            "total",
            "amount_due",
            "amount_remaining",
            "due_date",
            "paid_at",
            "status",
        )
    )
    failed: dict[int, list[date]] = defaultdict(list)
    auto = {r[0] for r in rows if r[4] != "send_invoice"}
    if auto:
        for invoice_id, at in (
            PaymentAttempt.objects.filter(
                invoice__stripe_customer__billing_customer_id__in=customer_ids,
                invoice__period_start__gte=since,
                succeeded=False,
                attempted_at__lt=cutoff,
            )
            .order_by("attempted_at")
            .values_list("invoice_id", "attempted_at")
        ):
            if invoice_id in auto:
                failed[invoice_id].append(at.date())
    result: dict[int, list[DunningInvoice]] = defaultdict(list)
    for pk, cid, number, stripe_id, method, start, total, due, remaining, due_date, paid_at, status in rows:
        paid_on = paid_at.date() if paid_at is not None and paid_at < cutoff else None
        if status == InvoiceStatus.PAID and paid_at is None:
            paid_on = start  # paid with no date recorded: never late
        owed = remaining if status != InvoiceStatus.PAID else due
        result[cid].append(
            DunningInvoice(
                key=pk,
                plan_kind=plan_kind_of(method),
                period_start=start,
                total=total,
                owed=owed,
                due_date=due_date,
                paid_on=paid_on,
                failed_attempts=tuple(failed.get(pk, ())),
                label=number or stripe_id,
            )
        )
    return result


def _notify(recipient_ids, *, text: str, link: str, account_id: int | None, users: dict) -> int:
    from accounts.models import Account
    from accounts.services import notify

    sent = 0
    for uid in dict.fromkeys(recipient_ids):
        user = users.get(uid)
        if user is None:
            continue
        notify(
            recipient=user,
            kind=ALERT_KIND,
            text=text,
            link=link,
            account=Account(pk=account_id) if account_id else None,
        )
        sent += 1
    return sent


def _users(ids) -> dict:
    from accounts.models import User

    ids = {i for i in ids if i is not None}
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}


@dataclass
class DetectStats:
    customers: int = 0
    opened: int = 0
    updated: int = 0
    alerts: int = 0


def detect_chunk(customer_ids: list[int], *, as_of: date, people: People, alert: bool = True) -> DetectStats:
    """7 reads per chunk; writes only what changed (one bulk statement per table)."""
    invoices = load_invoices(customer_ids, as_of)
    customers = {
        pk: (account_id, owner_id, name)
        for pk, account_id, owner_id, name in BillingCustomer.objects.filter(pk__in=customer_ids).values_list(
            "pk", "account_id", "account__owner_id", "name"
        )
    }
    cases = list(DunningCase.objects.filter(billing_customer_id__in=customer_ids))
    through = DunningCase.invoices.through
    case_invoices: dict[int, set[int]] = defaultdict(set)
    for case_id, invoice_id in through.objects.filter(
        dunningcase__billing_customer_id__in=customer_ids
    ).values_list("dunningcase_id", "invoice_id"):
        case_invoices[case_id].add(invoice_id)
    live = {c.billing_customer_id: c for c in cases if c.status in LIVE_STATUSES}
    # Invoices a closed case already dealt with (paid, or cancelled for non-payment) never reopen
    # a case, also when an earlier day is run again.
    closed_invoices: dict[int, set[int]] = defaultdict(set)
    for c in cases:
        if c.status not in LIVE_STATUSES:
            closed_invoices[c.billing_customer_id] |= case_invoices[c.pk]
    tagged_rows = set(
        DunningCase.tagged.through.objects.filter(
            dunningcase__billing_customer_id__in=customer_ids, dunningcase__status__in=LIVE_STATUSES
        ).values_list("dunningcase_id", "user_id")
    )
    keys = set(
        DunningEvent.objects.filter(
            case__billing_customer_id__in=customer_ids, case__status__in=LIVE_STATUSES
        )
        .exclude(key="")
        .values_list("case_id", "key")
    )
    now = timezone.now()
    new_cases: list[tuple[DunningCase, list[int], tuple[int, ...], list]] = []
    changed: list[DunningCase] = []
    add_invoices: list[tuple[int, int]] = []
    add_tags: list[tuple[int, int]] = []
    events: list[DunningEvent] = []
    # (recipients, text, account, case)
    alerts: list[tuple[tuple[int | None, ...], str, int | None, int | None]] = []
    stats = DetectStats(customers=len(customer_ids))
    for cid in customer_ids:
        invs = [i for i in invoices.get(cid, []) if i.key not in closed_invoices.get(cid, set())]
        late = lateness(invs, as_of)
        case = live.get(cid)
        if late is None:
            continue  # nothing late; a live case is resolved by the scheduler (B-38)
        account_id, owner_id, name = customers[cid]
        who = responsibility(
            owner=owner_id,
            amount_overdue=late.amount_overdue,
            allocation_leads=people.allocation_leads,
            cs_leads=people.cs_leads,
        )
        missed = missed_periods(invs, as_of)
        facts = {
            "rules": ["B-34", "B-35", "B-36", "B-39", "D-22", "D-23"],
            "lateness": late.why,
            "responsibility": who.why,
            "missed_periods": missed.why,
            "missed_period_starts": [p.isoformat() for p in missed.periods],
            "typical_monthly": str(missed.typical_monthly) if missed.typical_monthly is not None else None,
            "detected_on": as_of.isoformat(),
        }
        if case is None:
            case = DunningCase(
                billing_customer_id=cid,
                plan_kind=late.plan_kind.value,
                day0=late.day0,
                amount_overdue=late.amount_overdue,
                responsible_id=who.responsible,
                status=DunningStatus.OPEN,
                consecutive_missed_periods=missed.consecutive,
                advance_payment_required=missed.advance_payment_required,
                explanation=facts,
                opened_at=now,
                updated_at=now,
            )
            new_cases.append(
                (case, list(late.invoices), who.tagged, [i for i in invs if i.key in late.invoices])
            )
            continue
        before = (case.amount_overdue, case.consecutive_missed_periods, case.advance_payment_required)
        after = (late.amount_overdue, missed.consecutive, missed.advance_payment_required)
        if before != after:
            case.amount_overdue, case.consecutive_missed_periods, case.advance_payment_required = after
            case.explanation = {**case.explanation, **facts}
            case.updated_at = now
            changed.append(case)
            if missed.advance_payment_required is not None and before[2] is None:
                key = "missed:3"
                if (case.pk, key) not in keys:
                    keys.add((case.pk, key))
                    events.append(_missed_event(case, missed, as_of, key))
                    alerts.append(((case.responsible_id,), _missed_text(name, missed), account_id, case.pk))
        for inv_key in late.invoices:
            if inv_key not in case_invoices[case.pk]:
                add_invoices.append((case.pk, inv_key))
        for uid in who.tagged:
            if (case.pk, uid) not in tagged_rows:
                add_tags.append((case.pk, uid))
        tags = tuple(uid for c_id, uid in tagged_rows if c_id == case.pk) + who.tagged
        for inv in invs:
            if inv.key in late.invoices or inv.key in case_invoices[case.pk]:
                _payg_failures(case, inv, as_of, keys, events, alerts, tags, name, account_id)
    with transaction.atomic():
        if new_cases:
            created = bulk_create_with_history([c for c, *_ in new_cases], DunningCase)
            if any(c.pk is None for c in created):  # databases that return no ids
                by_customer = {
                    c.billing_customer_id: c
                    for c in DunningCase.objects.filter(
                        billing_customer_id__in=[c.billing_customer_id for c, *_ in new_cases],
                        status__in=LIVE_STATUSES,
                    )
                }
                created = [by_customer[c.billing_customer_id] for c, *_ in new_cases]
            for case, (_, inv_keys, tags, invs) in zip(created, new_cases, strict=True):
                add_invoices += [(case.pk, k) for k in inv_keys]
                add_tags += [(case.pk, u) for u in tags]
                account_id, _, name = customers[case.billing_customer_id]
                events.append(
                    DunningEvent(
                        case=case,
                        kind=DunningEventKind.OPENED,
                        key="opened",
                        on=as_of,
                        note=case.explanation["lateness"] + "; " + case.explanation["responsibility"],
                    )
                )
                for inv in invs:
                    _payg_failures(case, inv, as_of, keys, events, alerts, tags, name, account_id)
                if case.advance_payment_required is not None:
                    missed = missed_periods(invs, as_of)
                    events.append(_missed_event(case, missed, as_of, "missed:3"))
            stats.opened = len(created)
        if changed:
            bulk_update_with_history(
                changed,
                DunningCase,
                [
                    "amount_overdue",
                    "consecutive_missed_periods",
                    "advance_payment_required",
                    "explanation",
                    "updated_at",
                ],
            )
            stats.updated = len(changed)
        if add_invoices:
            through.objects.bulk_create(
                [through(dunningcase_id=c, invoice_id=i) for c, i in dict.fromkeys(add_invoices)]
            )
        if add_tags:
            tag_through = DunningCase.tagged.through
            tag_through.objects.bulk_create(
                [tag_through(dunningcase_id=c, user_id=u) for c, u in dict.fromkeys(add_tags)]
            )
        if events:
            DunningEvent.objects.bulk_create(events)
        if alert and alerts:
            users = _users(uid for recipients, *_ in alerts for uid in recipients)
            link = reverse("billing:late-payments")
            for to, body, acct, ref in alerts:
                stats.alerts += _notify(to, text=body, link=f"{link}{ref}/", account_id=acct, users=users)
    return stats


def _missed_event(case, missed, as_of, key) -> DunningEvent:
    return DunningEvent(case=case, kind=DunningEventKind.MISSED_PERIODS, key=key, on=as_of, note=missed.why)


def _missed_text(name: str, missed) -> str:
    return (
        f"{name}: {missed.consecutive} consecutive missed payment periods. Before access is restored they "
        f"must pay {missed.advance_payment_required} in advance (3 months of typical usage, B-39)."
    )


def _payg_failures(case, inv, as_of, keys, events, alerts, tagged, name, account_id) -> None:
    """B-35: "Each failed payment sends an alert" — once per (invoice, attempt), attempts 1-4."""
    if inv.plan_kind is not PlanKind.PAYG:
        return
    count = inv.failures_by(as_of)
    for n in range(1, count + 1):
        key = f"payg:{inv.key}:{n}"
        if case.pk is not None and (case.pk, key) in keys:
            continue
        keys.add((case.pk, key))
        on = inv.failed_attempts[n - 1]
        note = f"Card payment {n} of 4 failed on invoice {inv.label} ({inv.owed})"
        if n == 4:
            note += "; after 4 failed payments Stripe stops attempting (B-35)"
        events.append(DunningEvent(case=case, kind=DunningEventKind.PAYG_FAILURE, key=key, on=on, note=note))
        alerts.append(((case.responsible_id, *tagged), f"{name}: {note}.", account_id, case.pk))


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


def live_customers() -> list[int]:
    """The customers with a live case (the scheduler's population), in one query."""
    return list(
        DunningCase.objects.filter(status__in=LIVE_STATUSES)
        .order_by("billing_customer_id")
        .values_list("billing_customer_id", flat=True)
    )


def candidates(customer_ids: list[int], as_of: date) -> list[int]:
    """The customers of a chunk that could be late (an unpaid-then invoice, or a live case): one
    query, so detection loads nobody else."""
    cutoff = end_of(as_of)
    unpaid = Q(status__in=[InvoiceStatus.OPEN, InvoiceStatus.UNCOLLECTIBLE]) | Q(
        status=InvoiceStatus.PAID, paid_at__gte=cutoff
    )
    return sorted(
        set(
            Invoice.objects.filter(stripe_customer__billing_customer_id__in=customer_ids, created__lt=cutoff)
            .filter(unpaid)
            .values_list("stripe_customer__billing_customer_id", flat=True)
        )
    )
