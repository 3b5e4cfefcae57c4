"""One customer's prepaid credit evaluated as of a day: the credits preview's whole answer.

contracts.md `POST /api/v1/billing/credits/preview` §1…§9. Every figure comes from the functions
the stored jobs run: `run_ledger` (expire_credits / consumption), `burn_rate`, `run_out`,
`scenario_and_action`, `rollover` (creditbot), `classify_month`, `month_revenue` (MRR).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .contract import (
    PREPAID_CONTRACT,
    SELF_SERVE_TRANCHE,
    Contract,
    block_holding,
    derived_grants,
    purchase_invoices,
)
from .dates import add_months, label, month_of
from .ledger import APPLIED, PENDING, GrantState, LedgerGrant, LedgerInvoice, run_ledger
from .money import ZERO
from .mrr import (
    BillingFacts,
    InvoiceFacts,
    LineFacts,
    MonthRevenue,
    StartupGrant,
    classify_month,
    month_revenue,
    yearly_split,
)
from .runway import Burn, Renewal, Rollover, Scenario, Term, burn_rate, rollover, run_out, scenario_and_action

CONTRACT_CREDIT_KINDS = frozenset({"EXPANSION", "RENEWAL_BRIDGE", "ROLLOVER"})  # decision 8
EXPIRE_AT_CONTRACT_END = CONTRACT_CREDIT_KINDS  # B-26, B-32, D-19: their default expiry
DERIVED_KINDS = frozenset({PREPAID_CONTRACT, SELF_SERVE_TRANCHE})


@dataclass(frozen=True)
class GrantInput:
    kind: str
    amount: Decimal
    starts_on: date
    expires_at: date | None


@dataclass(frozen=True)
class InvoiceInput:
    period_start: date
    period_end: date
    lines: Mapping[str, Decimal] = field(default_factory=dict)
    tax: Decimal = ZERO

    @property
    def after_cn(self) -> Decimal:
        """No credit notes or coupons in the preview: after_cn = Σ lines + tax."""
        return sum(self.lines.values(), ZERO) + self.tax


@dataclass(frozen=True)
class CreditsInput:
    as_of: date
    contract: Contract | None = None
    grants: tuple[GrantInput, ...] = ()
    invoices: tuple[InvoiceInput, ...] = ()
    upcoming: tuple[date, Decimal] | None = None
    renewal: Renewal | None = None
    configuration: str | None = None


def default_grant_start(contract: Contract | None, invoice_starts: list[date], as_of: date) -> date:
    """contracts.md: contract.start_date, else the earliest invoice's period_start, else as_of."""
    if contract is not None:
        return contract.start_date
    return min(invoice_starts) if invoice_starts else as_of


def default_grant_expiry(kind: str, contract: Contract | None) -> date | None:
    """Key left out: EXPANSION, ROLLOVER, RENEWAL_BRIDGE expire at the contract end; others never."""
    return contract.end_date if kind in EXPIRE_AT_CONTRACT_END and contract is not None else None


@dataclass(frozen=True)
class InvoiceRow:
    period_start: date
    period_end: date
    after_cn: Decimal
    credits_applied: Decimal
    billed: Decimal


@dataclass(frozen=True)
class CreditsResult:
    as_of: date
    available_credit: Decimal
    burn: Burn
    run_out_date: date | None
    runway_days: int | None
    contract: Contract | None
    term: Term | None
    scenario: Scenario
    action: dict | None
    rollover: Rollover | None
    grants: tuple[GrantState, ...]
    expiring: tuple[tuple[date, Decimal], ...]
    invoices: tuple[InvoiceRow, ...]
    mrr: tuple[MonthRevenue, ...]
    notes: tuple[str, ...]

    @property
    def alert(self) -> bool:
        return self.scenario is not Scenario.NONE  # B-28


def evaluate_credits(facts: CreditsInput) -> CreditsResult:
    as_of, contract = facts.as_of, facts.contract
    notes: list[str] = []
    derived = derived_grants(contract) if contract is not None else ()
    grants = [
        LedgerGrant(("derived", i), g.kind, g.amount, g.starts_on, g.expires_at)
        for i, g in enumerate(derived)
    ]
    grants += [
        LedgerGrant(("given", i), g.kind, g.amount, g.starts_on, g.expires_at)
        for i, g in enumerate(facts.grants)
    ]
    invoices = sorted(enumerate(facts.invoices), key=lambda pair: pair[1].period_end)
    ledger = run_ledger(
        grants, [LedgerInvoice(i, inv.period_end, inv.after_cn) for i, inv in invoices], as_of
    )
    available = ledger.available
    notes.append(f"available credit {available} = Σ remaining of the grants on the balance on {as_of} (D-12)")

    month_burn: dict[date, Decimal] = {}
    for _, inv in invoices:
        month = month_of(inv.period_start)  # D-1
        month_burn[month] = month_burn.get(month, ZERO) + inv.after_cn
    anchor = max((inv.period_end for _, inv in invoices), default=None)
    burn = burn_rate(
        month_burn,
        anchor=anchor,
        as_of=as_of,
        upcoming=facts.upcoming,
        term=(contract.start_date, contract.end_date) if contract is not None else None,
    )
    if burn.source == "none":
        notes.append(
            "no complete service month inside the term and no upcoming invoice: insufficient history (B-27)"
        )
    else:
        notes.append(f"burn {burn.amount} over {burn.days} days from {burn.source} (B-27, D-16)")
    run_out_date, runway_days = run_out(available, burn, as_of)

    term = Term.of(block_holding(contract, as_of)) if contract is not None else None
    scenario, action, why = scenario_and_action(
        contract=contract,
        term=term,
        run_out_date=run_out_date,
        as_of=as_of,
        burn=burn,
        renewal=facts.renewal,
    )
    notes.append(why)

    roll = None
    if contract is not None and not contract.is_self_serve:
        counted = [
            state
            for state in ledger.grants
            if state.grant.expires_at == contract.end_date
            and (_is_derived(state.grant.key) or state.grant.kind in CONTRACT_CREDIT_KINDS)
        ]
        left_now = sum((s.grant.amount if s.status == PENDING else s.left for s in counted), ZERO)
        left_end = sum((s.left for s in counted), ZERO)
        roll = rollover(
            contract=contract,
            credit_left_now=left_now,
            left_at_end=left_end,
            as_of=as_of,
            burn=burn,
            renewal=facts.renewal,
        )
        notes.append(f"rollover cap {roll.cap} = ½ x credit_amount (B-32)")

    expiring: dict[date, Decimal] = {}
    for state in ledger.grants:
        expires = state.grant.expires_at
        if state.status in (APPLIED, PENDING) and expires is not None and expires > as_of:
            expiring[expires] = expiring.get(expires, ZERO) + state.remaining  # B-33
    rows = tuple(
        InvoiceRow(
            inv.period_start,
            inv.period_end,
            inv.after_cn,
            ledger.credits_applied[i],
            inv.after_cn - ledger.credits_applied[i],
        )
        for i, inv in invoices
    )
    mrr = _mrr(facts, ledger, invoices)
    return CreditsResult(
        as_of,
        available,
        burn,
        run_out_date,
        runway_days,
        contract,
        term,
        scenario,
        action,
        roll,
        ledger.grants,
        tuple(sorted(expiring.items())),
        rows,
        mrr,
        tuple(notes),
    )


def _is_derived(key: object) -> bool:
    return isinstance(key, tuple) and key[0] == "derived"


def _mrr(facts: CreditsInput, ledger, invoices) -> tuple[MonthRevenue, ...]:
    """§9: one row per service month of the request's invoices (decision 9)."""
    contract = facts.contract
    startup = tuple(
        StartupGrant(
            state.grant.starts_on,
            state.grant.expires_at,
            state.grant.amount,
            tuple((d.on, d.amount) for d in ledger.draws if d.grant == state.grant.key),
        )
        for state in ledger.grants
        if state.grant.kind == "STARTUP_PLAN"
    )
    by_month: dict[date, list[InvoiceFacts]] = {}
    for i, inv in invoices:
        month = month_of(inv.period_start)
        by_month.setdefault(month, []).append(
            InvoiceFacts(
                i,
                month,
                tuple(LineFacts(key, amount, amount) for key, amount in inv.lines.items()),
                inv.tax,
                inv.after_cn,
                ledger.credits_applied[i],
            )
        )
    billing = BillingFacts(
        override=facts.configuration,
        contract_terms=((contract.start_date, contract.end_date),) if contract is not None else (),
        startup_grants=startup,
        billed_months=frozenset(m for m, invs in by_month.items() if any(inv.total > 0 for inv in invs)),
    )
    shares = yearly_split(purchase_invoices(contract)) if contract is not None else {}
    discount = contract.discount if contract is not None else ZERO
    result = []
    for month in sorted(by_month):
        configuration, why = classify_month(month, billing)
        result.append(
            month_revenue(
                month,
                configuration,
                by_month[month],
                credit_share=shares.get(month, ZERO),
                discount_percent=discount,
                why=why,
            )
        )
    return tuple(result)


__all__ = [
    "CreditsInput",
    "CreditsResult",
    "GrantInput",
    "InvoiceInput",
    "InvoiceRow",
    "add_months",
    "default_grant_expiry",
    "default_grant_start",
    "evaluate_credits",
    "label",
]
