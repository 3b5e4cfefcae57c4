"""Everything one chunk of accounts needs for one quarter, in a fixed number of queries.

Billing facts come through `billing.selectors` (one query each); quota's own rows (book
memberships, the stored rows to compare with, earlier deferrals) are read here. The engine gets
plain dataclasses; nothing below issues a query per account.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db.models import Q

from ..engine import AnnualContract, Deferral, Invoice, InvoicePayment, Quarter
from ..engine.policy import ZERO
from ..models import AttainmentLine, BookMembership, MonthQuota

UNMAPPED = "unmapped"  # B-12: a line with no catalogue key still counts in the invoice amount (QD-4)
MONTH_FIELDS = (
    "id",
    "account_id",
    "month",
    "invoice_count",
    "invoice_amount",
    "paid_products",
    "paid_count",
    "multiplier",
    "run_rate",
    "quota_amount",
    "legacy_suppressed",
    "policy_version_id",
    "explanation",
    "inputs_hash",
    "computed_at",
)
LINE_FIELDS = (
    "id",
    "period_id",
    "rep_id",
    "account_id",
    "starting_arr",
    "ending_arr",
    "k_prev",
    "k_curr",
    "raw_contribution",
    "contribution",
    "churned",
    "churn_date",
    "grace_applied",
    "reference_run_rate",
    "legacy_suppressed",
    "out_of_policy_excluded",
    "exclusion_amount",
    "adjusted_contribution",
    "counted",
    "deferred_out",
    "released_in",
    "released_from",
    "bucket",
    "eligibility",
    "provisional",
    "pending_removal",
    "explanation",
    "inputs_hash",
    "policy_version_id",
    "computed_at",
)


@dataclass
class Contract:
    """A sales contract as quota reads it (Q-9…Q-11)."""

    id: int
    engine: AnnualContract
    counts_toward_quota: bool


@dataclass
class AccountFacts:
    account_id: int
    invoices: list[Invoice] = field(default_factory=list)
    invoice_refs: dict[date, list[str]] = field(default_factory=lambda: defaultdict(list))
    quarter_payments: list[InvoicePayment] = field(default_factory=list)
    first_period_start: date | None = None
    lifetime_paid: int = 0
    contracts: list[Contract] = field(default_factory=list)
    cancelled_on: date | None = None


@dataclass
class Membership:
    account_id: int
    tam_id: int
    added_on: date
    source: str
    pending_removal: bool


@dataclass
class ChunkInputs:
    facts: dict[int, AccountFacts]
    memberships: list[Membership]
    stored_months: dict[tuple[int, date], dict]
    stored_lines: dict[tuple[int, int], dict]
    deferrals: dict[tuple[int, int], list[Deferral]]


def _paid_on(paid_at: datetime | None) -> date | None:
    return paid_at.astimezone(UTC).date() if paid_at is not None else None


def load_chunk(account_ids: list[int], quarter: Quarter, *, period_id: int, cutoff: date) -> ChunkInputs:
    """Nine queries, whatever len(account_ids)."""
    from billing import selectors as billing

    first_day, last_day = quarter.previous.first_day, quarter.last_day
    facts = {account_id: AccountFacts(account_id) for account_id in account_ids}

    invoices = billing.invoices_for_accounts(account_ids, first_day=first_day, last_day=last_day)  # 1
    lines: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for line in billing.invoice_lines_for_accounts(account_ids, first_day=first_day, last_day=last_day):  # 2
        key = line["product_key_id"] or UNMAPPED
        lines[line["invoice_id"]][key] = lines[line["invoice_id"]].get(key, ZERO) + line["net_amount"]
    for row in invoices:
        account = facts[row["account_id"]]
        paid_on = _paid_on(row["paid_at"]) if row["status"] == "paid" else None
        account.invoices.append(
            Invoice(period_start=row["period_start"], lines=lines.get(row["id"], {}), paid_on=paid_on)
        )
        reference = row["number"] or row["stripe_id"]
        account.invoice_refs[row["period_start"].replace(day=1)].append(reference)
        if quarter.contains(row["period_start"]):
            account.quarter_payments.append(InvoicePayment(row["amount_due"], paid_on, reference))

    paid_before = datetime.combine(cutoff + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    for account_id, row in billing.invoice_history_for_accounts(
        account_ids, paid_before=paid_before
    ).items():  # 3
        facts[account_id].first_period_start = row["first_period_start"]
        facts[account_id].lifetime_paid = row["paid_count"]

    extra = ("order_form__counts_toward_quota", "quota_flag__converted_under_legacy_plan")
    for row in billing.sales_contracts_for_accounts(account_ids, extra_fields=extra):  # 4
        annual_value = row["credit_amount"] * 12 / row["term_months"]  # Q-9, QD-11: per 12 months
        engine = AnnualContract(
            start=row["start_date"],
            end=row["end_date"] - timedelta(days=1),  # in force to end_date - 1 day
            annual_value=annual_value,
            converted_under_legacy_plan=bool(row["quota_flag__converted_under_legacy_plan"]),
        )
        # a contract with no order form in the app counts.
        counts = row["order_form__counts_toward_quota"] is not False
        facts[row["account_id"]].contracts.append(Contract(row["id"], engine, counts))

    for row in billing.cancellations_for_accounts(account_ids, first_day=first_day, last_day=last_day):  # 5
        day = row["canceled_at"].astimezone(UTC).date()
        account = facts[row["account_id"]]
        # Q-7, QD-8: the current quarter's cancellation matters most; else the latest one.
        if (
            account.cancelled_on is None
            or quarter.contains(day)
            or not quarter.contains(account.cancelled_on)
        ):
            account.cancelled_on = day

    memberships = [
        Membership(m["account_id"], m["tam_id"], m["added_on"], m["source"], m["pending_removal"])
        for m in BookMembership.objects.filter(account_id__in=account_ids, added_on__lte=last_day)  # 6
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=last_day))
        .order_by("account_id", "tam_id", "added_on")
        .values("account_id", "tam_id", "added_on", "source", "pending_removal")
    ]

    stored_months = {
        (row["account_id"], row["month"]): row
        for row in MonthQuota.objects.filter(account_id__in=account_ids, month__in=quarter.months).values(
            *MONTH_FIELDS
        )  # 7
    }
    stored_lines = {
        (row["rep_id"], row["account_id"]): row
        for row in AttainmentLine.objects.filter(period_id=period_id, account_id__in=account_ids).values(
            *LINE_FIELDS
        )  # 8
    }
    return ChunkInputs(
        facts, memberships, stored_months, stored_lines, _pending_deferrals(account_ids, quarter)
    )  # 9


def _pending_deferrals(account_ids: list[int], quarter: Quarter) -> dict[tuple[int, int], list[Deferral]]:
    """C-6: earlier quarters' deferred amounts for (TAM, account) not yet released by a later one."""
    rows = (
        AttainmentLine.objects.filter(account_id__in=account_ids, period__start__lt=quarter.first_day)
        .filter(Q(deferred_out__gt=0) | Q(released_in__gt=0))
        .order_by("period__start")
        .values("rep_id", "account_id", "period__year", "period__quarter", "deferred_out", "released_from")
    )
    pending: dict[tuple[int, int], dict[str, Deferral]] = defaultdict(dict)
    for row in rows:
        key = (row["rep_id"], row["account_id"])
        for label in row["released_from"] or []:
            pending[key].pop(label, None)
        if row["deferred_out"] > 0:
            deferred = Quarter(row["period__year"], row["period__quarter"])
            pending[key][str(deferred)] = Deferral(deferred, row["deferred_out"])
    return {key: list(by_label.values()) for key, by_label in pending.items() if by_label}


def first_invoice_marker(account: AccountFacts, quarter: Quarter) -> list[Invoice]:
    """Q-5's k counts from the first invoice month ever; when that month lies before the six
    loaded months, an empty invoice there tells the engine so without loading older invoices."""
    first = account.first_period_start
    if first is None or first >= quarter.previous.first_day:
        return []
    return [Invoice(period_start=first, lines={})]
