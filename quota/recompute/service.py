"""The quota recompute (quota.md Jobs: recompute_month_quota, compute_attainment, team snapshot).

`recompute_quarter` splits the accounts into chunks; `recompute_chunk` loads a chunk's inputs in
a fixed number of queries (loaders.py), runs `compute_contribution` and `attainment_line` — the
functions the preview runs — and writes only the rows whose figures changed, one statement per
table (store.py). A second run over unchanged inputs therefore writes nothing (idempotent).
"""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..engine import (
    AccountLineInput,
    ContributionInput,
    Quarter,
    QuotaPolicy,
    attainment_line,
    compute_contribution,
)
from ..engine.quarters import month_start
from ..models import AttainmentLine, BookMembership, MonthQuota, QuotaPeriod, QuotaRun
from ..policies import engine_policy, period_for
from . import store
from .loaders import ChunkInputs, Membership, first_invoice_marker, load_chunk
from .rows import account_inputs, digest, line_row, month_row

DEFAULT_CHUNK_SIZE = 500
IGNORED = frozenset({"id", "computed_at"})


@dataclass(frozen=True)
class RunContext:
    quarter: Quarter
    period: QuotaPeriod
    policy: QuotaPolicy
    today: date
    now: datetime
    run_id: int

    @property
    def version_id(self) -> int:
        return self.period.policy_version_id

    @property
    def cutoff(self) -> date:
        return self.period.cutoff_date

    @property
    def provisional_as_of(self) -> date | None:
        """QD-28: an in-quarter run annualises the months invoiced so far."""
        return self.today if self.today <= self.quarter.last_day else None

    @property
    def provisional(self) -> bool:
        """QD-28: figures stay provisional until the final run, the day after the cutoff."""
        return self.today <= self.cutoff


@dataclass
class ChunkResult:
    written: Counter = field(default_factory=Counter)
    inputs_hash: str = ""


def recompute_quarter(
    quarter: Quarter,
    *,
    today: date,
    trigger: str,
    account_ids: Iterable[int] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> QuotaRun:
    """Recompute one quarter for every account (or the given ones), chunk by chunk."""
    if chunk_size < 1:
        raise ValueError("chunk_size: at least 1")
    period = period_for(quarter, today=today)
    now = timezone.now()
    run = QuotaRun.objects.create(
        period=period,
        trigger=trigger,
        today=today,
        started_at=now,
        policy_version_id=period.policy_version_id,
        chunk_size=chunk_size,
    )
    ctx = RunContext(quarter, period, engine_policy(period.policy_version), today, now, run.pk)
    ids = sorted(set(account_ids)) if account_ids is not None else accounts_to_compute(ctx)
    written: Counter = Counter()
    hashes = hashlib.sha256()
    chunks = 0
    for start in range(0, len(ids), chunk_size):
        with transaction.atomic():
            result = recompute_chunk(ctx, ids[start : start + chunk_size])
        written.update(result.written)
        hashes.update(result.inputs_hash.encode())
        chunks += 1
    from .team import recompute_team_quotas

    with transaction.atomic():
        written.update(recompute_team_quotas(ctx))
    run.account_count = len(ids)
    run.chunk_count = chunks
    run.rows_written = dict(sorted(written.items()))
    run.inputs_hash = hashes.hexdigest()
    run.finished_at = timezone.now()
    run.explanation = {
        "rules": ["Q-1…Q-13", "C-4…C-6", "C-10", "T-2", "T-3", "QD-27", "QD-28"],
        "provisional": ctx.provisional,
        "provisional_as_of_month": str(month_start(today)) if ctx.provisional_as_of else None,
        "policy_version": period.policy_version_id,
        "cutoff": str(ctx.cutoff),
    }
    run.save()
    return run


def accounts_to_compute(ctx: RunContext) -> list[int]:
    """Every account with billing facts, in a book on the quarter's last day, or with stored lines."""
    from billing.selectors import account_ids_with_invoices

    last = ctx.quarter.last_day
    ids = set(account_ids_with_invoices())
    ids.update(
        BookMembership.objects.filter(added_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=last))
        .values_list("account_id", flat=True)
    )
    ids.update(AttainmentLine.objects.filter(period=ctx.period).values_list("account_id", flat=True))
    return sorted(ids)


def recompute_chunk(ctx: RunContext, account_ids: list[int]) -> ChunkResult:
    """One chunk: 9 reads, then at most 8 writes (upsert, id read-back, history, delete per table)."""
    inputs = load_chunk(account_ids, ctx.quarter, period_id=ctx.period.pk, cutoff=ctx.cutoff)
    months, lines, hashes = _compute(ctx, account_ids, inputs)
    result = ChunkResult(inputs_hash=digest(hashes))
    reason = f"quota run {ctx.run_id}"
    result.written["month_quota"] = _write(
        MonthQuota,
        months,
        inputs.stored_months,
        key=("account_id", "month"),
        ids=account_ids,
        reason=reason,
        now=ctx.now,
    )
    result.written["attainment_line"] = _write(
        AttainmentLine,
        lines,
        inputs.stored_lines,
        key=("rep_id", "account_id"),
        ids=account_ids,
        reason=reason,
        now=ctx.now,
        scope={"period_id": ctx.period.pk},
    )
    return result


def _compute(ctx: RunContext, account_ids: list[int], inputs: ChunkInputs):
    by_account: dict[int, list[Membership]] = defaultdict(list)
    for membership in inputs.memberships:
        by_account[membership.account_id].append(membership)
    as_of_month = month_start(ctx.today) if ctx.provisional_as_of else None
    months: dict[tuple, dict] = {}
    lines: dict[tuple, dict] = {}
    hashes: list[str] = []
    for account_id in account_ids:
        facts = inputs.facts[account_id]
        base = ContributionInput(
            quarter=ctx.quarter,
            invoices=tuple(first_invoice_marker(facts, ctx.quarter) + facts.invoices),
            annual_contracts=tuple(c.engine for c in facts.contracts),
            subscription_cancelled_on=facts.cancelled_on,
            provisional_as_of=ctx.provisional_as_of,
        )
        result = compute_contribution(base, ctx.policy)
        inputs_json = account_inputs(
            facts, quarter=ctx.quarter, version_id=ctx.version_id, as_of_month=as_of_month
        )
        account_hash = digest(inputs_json)
        hashes.append(account_hash)
        for month in result.current.months:
            if month.invoice_count:
                # A month's own inputs: its invoices, the run rate and legacy flag it used, the policy.
                month_inputs = {
                    "policy_version": ctx.version_id,
                    "annual_total": str(result.annual_total),
                    "legacy": result.legacy_suppressed,
                    "invoices": [i for i in inputs_json["invoices"] if i["period_start"][:7] == month.label],
                }
                months[(account_id, month.month)] = month_row(
                    month,
                    facts,
                    quarter=ctx.quarter,
                    version_id=ctx.version_id,
                    inputs_hash=digest(month_inputs),
                    now=ctx.now,
                )
        reference_day = ctx.quarter.last_day
        # Q-11: the reference contracts' order forms decide; a contract without one counts.
        out_of_policy = any(
            not c.counts_toward_quota for c in facts.contracts if c.engine.in_force_on(reference_day)
        )
        for membership in by_account.get(account_id, []):
            # QD-9: every addition to a book is "new to the TAM's book"; grace only changes a churn.
            own = result
            if result.churned:
                own = compute_contribution(
                    replace(base, inherited=True, added_to_book_on=membership.added_on), ctx.policy
                )
            deferrals = tuple(inputs.deferrals.get((membership.tam_id, account_id), ()))
            line = attainment_line(
                AccountLineInput(
                    account=account_id,
                    contribution=own,
                    quarter_invoices=tuple(facts.quarter_payments),
                    lifetime_paid_invoices=facts.lifetime_paid,
                    out_of_policy=out_of_policy,
                    pending_deferrals=deferrals,
                ),
                ctx.policy,
            )
            line_inputs = {
                **inputs_json,
                "book": {
                    "tam": membership.tam_id,
                    "added_on": str(membership.added_on),
                    "source": membership.source,
                    "pending_removal": membership.pending_removal,
                    "inherited": True,
                },
                "pending_deferrals": [
                    {"quarter": str(d.quarter), "amount": str(d.amount)} for d in deferrals
                ],
            }
            lines[(membership.tam_id, account_id)] = line_row(
                line,
                own,
                facts,
                membership,
                period_id=ctx.period.pk,
                version_id=ctx.version_id,
                provisional=ctx.provisional,
                cutoff=ctx.cutoff,
                inputs=line_inputs,
                now=ctx.now,
            )
    return months, lines, hashes


def _write(
    model, new: dict[tuple, dict], stored: dict[tuple, dict], *, key, ids, reason, now, scope=None
) -> int:
    """Upsert what changed, delete what is gone, one history row for each; nothing when equal."""
    changed = {k: row for k, row in new.items() if store.changed(row, stored.get(k), ignore=IGNORED)}
    gone = [row for k, row in stored.items() if k not in new]
    unique = [*(scope or {}), *key]
    prepared = dict(
        zip(
            changed, store.prepare(model, [{**(scope or {}), **row} for row in changed.values()]), strict=True
        )
    )
    store.upsert(model, list(prepared.values()), unique=unique)
    store.delete_ids(model, [row["id"] for row in gone])
    back: dict[tuple, int] = {}
    if any(k not in stored for k in changed):
        # executemany returns no ids: read the new rows' ids back in one query.
        filters = {"account_id__in": ids, **(scope or {})}
        back = {tuple(r[c] for c in key): r["id"] for r in model.objects.filter(**filters).values("id", *key)}
    history: list[tuple[str, Mapping]] = []
    for k, row in prepared.items():
        row_id = stored[k]["id"] if k in stored else back[k]
        history.append(("~" if k in stored else "+", store.Prepared({**row, "id": row_id})))
    history += [("-", row) for row in gone]
    store.insert_history(model, history, when=now, reason=reason)
    return len(changed) + len(gone)
