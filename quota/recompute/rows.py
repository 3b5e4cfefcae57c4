"""Engine results → the stored rows' columns, with explanations a page can render as they are.

Explanations are plain JSON (Decimals as strings), hold no clock value, and are built in a fixed
order, so recomputing unchanged inputs gives equal rows and the run writes nothing.
"""

import hashlib
import json
from datetime import date

from ..engine import AttainmentLine as EngineLine
from ..engine import ContributionResult, MonthResult, QuarterArr, cents
from .loaders import AccountFacts, Contract, Membership

MONTH_RULES = ("Q-1", "Q-2", "Q-3", "Q-4", "Q-9", "Q-10", "QD-25")


def _text(value) -> str | None:
    return None if value is None else str(value)


def digest(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def account_inputs(facts: AccountFacts, *, quarter, version_id: int, as_of_month: date | None) -> dict:
    """What an account's figures depend on (the inputs hash covers exactly this)."""
    return {
        "quarter": str(quarter),
        "policy_version": version_id,
        "provisional_month": _text(as_of_month),
        "first_invoice": _text(facts.first_period_start),
        "lifetime_paid_invoices": facts.lifetime_paid,
        "cancelled_on": _text(facts.cancelled_on),
        "invoices": [
            {
                "period_start": str(i.period_start),
                "paid_on": _text(i.paid_on),
                "lines": {k: str(v) for k, v in sorted(i.lines.items())},
            }
            for i in facts.invoices
        ],
        "quarter_invoices": [
            {"reference": p.reference, "amount_due": str(p.amount_due), "paid_on": _text(p.paid_on)}
            for p in facts.quarter_payments
        ],
        "contracts": [contract_json(c) for c in facts.contracts],
    }


def contract_json(contract: Contract) -> dict:
    c = contract.engine
    return {
        "credit_purchase": contract.id,
        "start": str(c.start),
        "end": str(c.end),
        "annual_value": str(cents(c.annual_value)),
        "converted_under_legacy_plan": c.converted_under_legacy_plan,
        "counts_toward_quota": contract.counts_toward_quota,
    }


def month_json(month: MonthResult, refs: list[str]) -> dict:
    return {
        "month": month.label,
        "invoice_count": month.invoice_count,
        "invoices": sorted(refs),
        "invoice_amount": str(month.invoice_amount),
        "lines": [
            {"product": line.product, "amount": str(line.amount), "primary": line.primary, "paid": line.paid}
            for line in month.lines
        ],
        "paid_products": list(month.paid_products),
        "n": month.paid_count,
        "multiplier": str(month.multiplier),
        "run_rate": _text(cents(month.run_rate)) if month.run_rate is not None else None,
        "quota_amount": str(month.quota_amount),
        "legacy_suppressed": month.legacy_suppressed,
        "steps": [step.as_dict() for step in month.explanation],
    }


def quarter_json(arr: QuarterArr) -> dict:
    return {
        "quarter": str(arr.quarter),
        "quota_total": str(arr.quota_total),
        "k": arr.k,
        "zero_reason": arr.zero_reason,
        "arr": str(arr.arr),
    }


def month_row(
    month: MonthResult, facts: AccountFacts, *, quarter, version_id: int, inputs_hash: str, now
) -> dict:
    return {
        "account_id": facts.account_id,
        "month": month.month,
        "invoice_count": month.invoice_count,
        "invoice_amount": month.invoice_amount,
        "paid_products": list(month.paid_products),
        "paid_count": month.paid_count,
        "multiplier": month.multiplier,
        "run_rate": cents(month.run_rate) if month.run_rate is not None else None,
        "quota_amount": month.quota_amount,
        "legacy_suppressed": month.legacy_suppressed,
        "policy_version_id": version_id,
        "explanation": {
            "quarter": str(quarter),
            "rules": list(MONTH_RULES),
            "month": month_json(month, facts.invoice_refs.get(month.month, [])),
        },
        "inputs_hash": inputs_hash,
        "computed_at": now,
    }


def line_row(
    line: EngineLine,
    result: ContributionResult,
    facts: AccountFacts,
    membership: Membership,
    *,
    period_id: int,
    version_id: int,
    provisional: bool,
    cutoff: date,
    inputs: dict,
    now,
) -> dict:
    explanation = {
        "inputs": inputs,
        "quarters": {"previous": quarter_json(result.previous), "current": quarter_json(result.current)},
        "months": [month_json(m, facts.invoice_refs.get(m.month, [])) for m in result.months],
        "run_rate_exact": _text(result.run_rate),
        "cutoff": str(cutoff),
        "steps": [step.as_dict() for step in line.explanation],
    }
    return {
        "period_id": period_id,
        "rep_id": membership.tam_id,
        "account_id": facts.account_id,
        "starting_arr": line.starting_arr,
        "ending_arr": line.ending_arr,
        "k_prev": result.k_prev,
        "k_curr": result.k_curr,
        "raw_contribution": line.raw_contribution,
        "contribution": line.contribution,
        "churned": result.churned,
        "churn_date": result.churn_date,
        "grace_applied": result.grace_applied,
        "reference_run_rate": cents(result.run_rate) if result.run_rate is not None else None,
        "legacy_suppressed": result.legacy_suppressed,
        "out_of_policy_excluded": line.out_of_policy_excluded,
        "exclusion_amount": line.exclusion_amount,
        "adjusted_contribution": line.adjusted_contribution,
        "counted": line.counted,
        "deferred_out": line.deferred_out,
        "released_in": line.released_in,
        "released_from": [str(q) for q in line.released_from],
        "bucket": line.bucket,
        "eligibility": line.eligibility,
        "provisional": provisional,
        "pending_removal": membership.pending_removal,
        "explanation": explanation,
        "inputs_hash": digest(inputs),
        "policy_version_id": version_id,
        "computed_at": now,
    }
