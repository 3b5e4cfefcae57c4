"""Shapes the quota pages render: the tracker's chart data, the drill-down's two handbook tables
(from a stored line's explanation, or from a what-if result), and a team's member rows."""

from decimal import Decimal

from .engine import ContributionResult, Quarter, cents
from .engine.policy import ZERO
from .models import AttainmentLine, TeamQuota
from .recompute.rows import month_json, quarter_json

TOP_ACCOUNTS = 15


def _months_so_far_arr(months: list[dict], upto: int) -> Decimal | None:
    """QD-28: annualise the invoiced months so far (k = their count); None before any invoice."""
    so_far = [m for m in months[: upto + 1] if m.get("invoice_count")]
    if not so_far:
        return None
    return cents(sum((Decimal(m["quota_amount"]) for m in so_far), ZERO) * 12 / len(so_far))


def tracker_chart(lines: list[AttainmentLine], quarter: Quarter) -> dict:
    """Attainment as if the quarter had ended after each of its months (before deferrals), and
    contribution by account (the largest movers)."""
    labels = [f"{m:%b %Y}" for m in quarter.months]
    by_month: list[Decimal | None] = [None, None, None]
    for line in lines:
        current = line.explanation.get("months", [])[3:]
        for i in range(3):
            arr = _months_so_far_arr(current, i)
            if arr is None:
                continue
            contribution = ZERO if line.grace_applied else arr - line.starting_arr
            by_month[i] = (by_month[i] or ZERO) + contribution
    movers = sorted(lines, key=lambda line: abs(line.adjusted_contribution), reverse=True)[:TOP_ACCOUNTS]
    return {
        "months": labels,
        "attainment_by_month": [None if v is None else float(v) for v in by_month],
        "accounts": [line.account.name for line in movers],
        "contribution_by_account": [float(line.adjusted_contribution) for line in movers],
    }


def _quarter_table(label: str, months: list[dict], arr: dict) -> dict:
    k, zero = arr.get("k"), arr.get("zero_reason")
    total = arr["quota_total"]
    if zero:
        formula = f"$0 ARR: {zero.replace('_', ' ')} (Q-7)"
    elif k is None:
        formula = "$0 ARR: no invoice in or before the quarter (Q-5)"
    elif k == 3:
        formula = f"4 × ({' + '.join(m['quota_amount'] for m in months)}) = 12 / 3 × {total} (Q-5)"  # noqa: RUF001
    else:
        formula = f"12 / k {k} × {total}: a new customer with {k} invoiced month(s) (Q-5)"  # noqa: RUF001
    return {
        "label": label,
        "quarter": arr["quarter"],
        "months": months,
        "k": k,
        "arr": arr["arr"],
        "formula": formula,
        "quota_total": total,
    }


def _tables(explanation: dict) -> list[dict]:
    months = explanation["months"]
    quarters = explanation["quarters"]
    return [
        _quarter_table("Previous quarter (Starting ARR)", months[:3], quarters["previous"]),
        _quarter_table("Current quarter (Ending ARR)", months[3:], quarters["current"]),
    ]


def drilldown_quarters(line: AttainmentLine) -> list[dict]:
    return _tables(line.explanation)


def result_quarters(result: ContributionResult) -> list[dict]:
    """The what-if result in the drill-down's shape (the same engine objects, rendered alike)."""
    explanation = {
        "months": [month_json(m, []) for m in result.months],
        "quarters": {"previous": quarter_json(result.previous), "current": quarter_json(result.current)},
    }
    return _tables(explanation)


def team_block(team_quota: TeamQuota, attained: dict[int, Decimal]) -> dict:
    """T-4: team attainment = Σ attainment of the counted members; joiners are shown, not counted."""
    rows = []
    total_attainment = ZERO
    for line in team_quota.lines.all():
        member_attainment = attained.get(line.member_id, ZERO)
        if line.counted_pct > 0:
            total_attainment += member_attainment
        rows.append(
            {
                "member": str(line.member),
                "reason": line.get_reason_display(),
                "member_quota": line.member_quota,
                "counted_pct": line.counted_pct,
                "counted_quota": line.counted_quota,
                "attainment": member_attainment,
                "why": line.explanation.get("text", ""),
                "team": team_quota.team.name,
            }
        )
    pct = cents(total_attainment * 100 / team_quota.total) if team_quota.total > 0 else None
    return {
        "team_quota": team_quota,
        "rows": rows,
        "attainment": cents(total_attainment),
        "attainment_pct": pct,
    }
