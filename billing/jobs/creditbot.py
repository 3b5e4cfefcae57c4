"""`billing.creditbot`: CreditRunway per customer and day, and its alert (B-27…B-31, D-18).

Per chunk: the loaders, the previous and today's runway rows, the accounts' owners, one delete
and one insert — fixed; plus one notify() per alert actually sent (D-18 keeps those rare).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from billing.engine import (
    AlertState,
    PreviousAlert,
    Scenario,
    Term,
    burn_rate,
    decide_alert,
    month_of,
    run_out,
    scenario_and_action,
)
from billing.engine.contract import block_holding
from billing.models import CreditRunway

from .facts import available_on, covering_purchase, renewal_of, to_contract, usage_invoices
from .loaders import CustomerData, load_chunk
from .writes import insert_rows

COLUMNS = (
    "billing_customer_id",
    "as_of",
    "credit_purchase_id",
    "available_credit",
    "daily_burn",
    "burn_source",
    "runway_days",
    "run_out_date",
    "term_start",
    "term_end",
    "scenario",
    "action",
    "alert_state",
    "alerted_run_out_date",
    "alerted_scenario",
    "acknowledged_by_id",
    "acknowledged_at",
    "explanation",
    "computed_at",
)
ALERT_KIND = "creditbot"


@dataclass
class Reading:
    """One customer's runway on one day, before it is stored."""

    row: tuple
    send: bool
    text: str
    account_id: int | None


def _json_action(action: dict | None) -> dict | None:
    if action is None:
        return None
    return {
        k: (v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, Decimal) else v)
        for k, v in action.items()
    }


def read_runway(
    cd: CustomerData, *, as_of: date, previous: dict | None, today: dict | None, now
) -> Reading | None:
    purchase = covering_purchase(cd, as_of)
    available = available_on(cd, as_of)
    live_previous = previous is not None and previous["alert_state"] in (
        AlertState.OPEN,
        AlertState.ACKNOWLEDGED,
    )
    if purchase is None and available <= 0 and not live_previous:
        return None  # §6: customers with available credit or an active purchase
    contract = to_contract(purchase) if purchase is not None else None
    invoices = usage_invoices(cd, ended_by=as_of)
    month_burn: dict[date, Decimal] = {}
    for inv in invoices:
        month_burn[inv.service_month] = month_burn.get(inv.service_month, Decimal("0.00")) + inv.after_cn
    anchor = max(
        (i["period_end"] for i in cd.invoices if i["id"] in {inv.key for inv in invoices}), default=None
    )
    burn = burn_rate(
        month_burn,
        anchor=anchor,
        as_of=as_of,
        term=(contract.start_date, contract.end_date) if contract is not None else None,
    )
    run_out_date, runway_days = run_out(available, burn, as_of)
    term = Term.of(block_holding(contract, as_of)) if contract is not None else None
    scenario, action, why = scenario_and_action(
        contract=contract,
        term=term,
        run_out_date=run_out_date,
        as_of=as_of,
        burn=burn,
        renewal=renewal_of(cd, purchase) if purchase is not None else None,
    )
    since = previous["as_of"] if previous is not None else None
    credit_added = since is not None and any(
        g["status"] != "VOID" and g["created_at"].date() > since and g["created_at"].date() <= as_of
        for g in cd.grants
    )
    prev = (
        None
        if previous is None
        else PreviousAlert(
            AlertState(previous["alert_state"]),
            previous["alerted_run_out_date"],
            previous["alerted_scenario"] or None,
        )
    )
    decision = decide_alert(prev, scenario, run_out_date, credit_added=credit_added)
    state, ack_by, ack_at, send = decision.state, None, None, decision.send
    if (
        today is not None
        and decision.alerted_run_out_date == today["alerted_run_out_date"]
        and (decision.alerted_scenario == (today["alerted_scenario"] or None))
    ):
        # A rerun of the same day: keep an acknowledgement and never send twice (idempotent).
        send = send and not today["explanation"].get("alert_sent", False)
        if today["alert_state"] == AlertState.ACKNOWLEDGED and state == AlertState.OPEN:
            state, ack_by, ack_at = (
                AlertState.ACKNOWLEDGED,
                today["acknowledged_by_id"],
                today["acknowledged_at"],
            )
    sent_before = bool(today and today["explanation"].get("alert_sent"))
    explanation = {
        "rules": ["B-27", "B-28", "D-16", "D-18"]
        + (
            [{"FIRST_HALF": "B-29", "BETWEEN": "B-31", "LAST_TWO_MONTHS": "B-30"}[scenario.value]]
            if scenario is not Scenario.NONE
            else []
        ),
        "burn_months": [m.isoformat() for m in burn.months],
        "burn_amount": str(burn.amount),
        "burn_days": burn.days,
        "anchor": burn.anchor.isoformat() if burn.anchor else None,
        "scenario_why": why,
        "alert_why": decision.why,
        "credit_added": credit_added,
        "first_half_end": term.first_half_end.isoformat() if term else None,
        "insufficient_history": burn.source == "none",
        "upcoming_invoice": "not read: the Stripe preview comes with the Stripe sync",
        "alert_sent": send or sent_before,
    }
    row = (
        cd.customer["id"],
        as_of,
        purchase["id"] if purchase else None,
        available,
        burn.daily_shown,
        burn.source,
        runway_days,
        run_out_date,
        term.start if term else None,
        term.end if term else None,
        scenario.value,
        _json_action(action),
        state.value,
        decision.alerted_run_out_date,
        decision.alerted_scenario or "",
        ack_by,
        ack_at,
        explanation,
        now,
    )
    text = ""
    if send and term is not None and run_out_date is not None:
        text = (
            f"{cd.customer['name']} runs out of credit on {run_out_date} ({runway_days} days), "
            "before the term "
            f"ends on {term.end}. Scenario {scenario.value}: {_action_text(action)}"
        )
    return Reading(row, send, text, cd.customer["account_id"])


def _action_text(action: dict | None) -> str:
    if not action:
        return "no action"
    kind = action["kind"]
    if kind == "expansion":
        return (
            f"expansion order form at the original {action['discount_percent']}% discount from "
            f"{action['start']}, {action['term_months']} months, ending {action['end']} (B-29)."
        )
    if kind == "new_order_form":
        return f"a new 12-month order form starting {action['start']} (B-31)."
    if kind == "renewal_bridge":
        return (
            f"free bridge of {action['amount']} until {action['renewal_start']} if a renewal of at least "
            f"{action['minimum_annual_spend']} a year is signed before {action['sign_before']} (B-30)."
        )
    return f"pay next year's invoice ({action['invoice_amount']}) early to use its credit now (B-25)."


@dataclass
class CreditBotStats:
    customers: int = 0
    rows: int = 0
    alerts: int = 0


def in_scope(customer_ids: list[int], as_of: date) -> list[int]:
    """§6's population, in one query: customers with credit on the balance, a purchase or a
    CreditBot reading in the last days (an open alert to resolve); the rest need no loading."""
    from datetime import timedelta

    from django.db.models import Exists

    from billing.models import BillingCustomer, CreditPurchase, StripeCustomer

    recent = as_of - timedelta(days=35)
    return list(
        BillingCustomer.objects.filter(pk__in=customer_ids)
        .filter(
            Exists(StripeCustomer.objects.filter(billing_customer=OuterRef("pk"), balance__lt=0))
            | Exists(CreditPurchase.objects.filter(billing_customer=OuterRef("pk"), start_date__lte=as_of))
            | Exists(
                CreditRunway.objects.filter(
                    billing_customer=OuterRef("pk"), as_of__gte=recent, as_of__lt=as_of
                )
            )
            | Exists(
                StripeCustomer.objects.filter(
                    billing_customer=OuterRef("pk"),
                    balance_transactions__created__date__lte=as_of,
                    balance_transactions__amount__lt=0,
                )
            )
        )
        .values_list("pk", flat=True)
    )


def run_chunk(
    customer_ids: list[int], *, as_of: date, fallback_recipients: list, notify_alerts: bool = True
) -> CreditBotStats:
    """`notify_alerts=False` (demo history) records the alert states without sending them."""
    from accounts.selectors import owners_for
    from accounts.services import notify

    data = load_chunk(in_scope(customer_ids, as_of), as_of=as_of, balances=True)
    latest = (
        CreditRunway.objects.filter(billing_customer=OuterRef("billing_customer"), as_of__lt=as_of)
        .order_by("-as_of")
        .values("as_of")[:1]
    )
    fields = (
        "billing_customer_id",
        "as_of",
        "alert_state",
        "alerted_run_out_date",
        "alerted_scenario",
        "acknowledged_by_id",
        "acknowledged_at",
        "explanation",
    )
    previous = {
        r["billing_customer_id"]: r
        for r in CreditRunway.objects.filter(
            billing_customer_id__in=customer_ids, as_of=Subquery(latest)
        ).values(*fields)
    }
    today = {
        r["billing_customer_id"]: r
        for r in CreditRunway.objects.filter(billing_customer_id__in=customer_ids, as_of=as_of).values(
            *fields
        )
    }
    now = timezone.now()
    readings = [
        reading
        for cid, cd in data.items()
        if (
            reading := read_runway(cd, as_of=as_of, previous=previous.get(cid), today=today.get(cid), now=now)
        )
    ]
    sending = [r for r in readings if r.send and r.text] if notify_alerts else []
    owners = owners_for({r.account_id for r in sending if r.account_id}) if sending else {}
    link = reverse("billing:credit-runway")
    with transaction.atomic():
        CreditRunway.objects.filter(billing_customer_id__in=customer_ids, as_of=as_of).delete()
        insert_rows(CreditRunway, COLUMNS, [r.row for r in readings])
        for reading in sending:
            found = owners.get(reading.account_id) if reading.account_id else None
            owner = found.owner if found is not None else None
            # B-28: the account owner is tagged; no owner → the revops_lead role holders.
            for recipient in [owner] if owner is not None else fallback_recipients:
                notify(
                    recipient=recipient,
                    kind=ALERT_KIND,
                    text=reading.text,
                    link=f"{link}?customer={reading.row[0]}",
                    account=_account(reading.account_id),
                )
    return CreditBotStats(len(data), len(readings), sum(1 for r in readings if r.send))


def notify_unsent(*, as_of: date, fallback_recipients: list) -> int:
    """Send the open alerts of `as_of` that were recorded while notifications were off (the
    demo's history runs): each once, marked sent in its explanation."""
    from accounts.selectors import owners_for
    from accounts.services import notify

    rows = [
        r
        for r in CreditRunway.objects.filter(as_of=as_of, alert_state=AlertState.OPEN).select_related(
            "billing_customer"
        )
        if not r.explanation.get("alert_sent")
    ]
    owners = owners_for({r.billing_customer.account_id for r in rows if r.billing_customer.account_id})
    link = reverse("billing:credit-runway")
    with transaction.atomic():
        for row in rows:
            account_id = row.billing_customer.account_id
            owner = owners[account_id].owner if account_id in owners else None
            text = (
                f"{row.billing_customer.name} runs out of credit on {row.run_out_date} "
                f"({row.runway_days} days), "
                f"before the term ends on {row.term_end}. Scenario {row.scenario}: {_action_text(row.action)}"
            )
            for recipient in [owner] if owner is not None else fallback_recipients:
                notify(
                    recipient=recipient,
                    kind=ALERT_KIND,
                    text=text,
                    link=f"{link}?customer={row.billing_customer_id}",
                    account=_account(account_id),
                )
            row.explanation = {**row.explanation, "alert_sent": True}
            row.save(update_fields=["explanation"])
    return len(rows)


def _account(account_id):
    from accounts.models import Account

    return Account(pk=account_id) if account_id else None


def month_label(day: date) -> str:
    return month_of(day).isoformat()
