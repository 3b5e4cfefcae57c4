"""`billing.detect_late_payments`, one chunk: invoices → DunningCase (B-34…B-36, B-39)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from billing.engine.dunning_timeline import (
    PlanKind,
    lateness,
    missed_periods,
    responsibility,
)
from billing.models import (
    BillingCustomer,
    DunningCase,
    DunningEvent,
    DunningEventKind,
    DunningStatus,
)
from billing.models.dunning import LIVE_STATUSES

from .loaders import People, _notify, _users, load_invoices


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


