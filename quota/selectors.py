"""Reads of the book of business. Other apps call these; they never query quota tables directly."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from .engine import Quarter, cents
from .models import (
    AttainmentLine,
    BookMembership,
    Bucket,
    MonthQuota,
    Quota,
    QuotaPeriod,
    TeamQuota,
    TeamQuotaLine,
)


def open_book_memberships(*, account_ids: Iterable[int]) -> dict[int, list[BookMembership]]:
    """Each requested account id → its open memberships (oldest first, TAM loaded); one query.

    Every requested id is a key, with an empty list when the account is in no TAM's book, so a
    caller can index the result directly.
    """
    ids = list(dict.fromkeys(account_ids))
    result: dict[int, list[BookMembership]] = {account_id: [] for account_id in ids}
    if not ids:
        return result
    memberships = (
        BookMembership.objects.filter(account_id__in=ids, ended_on__isnull=True)
        .select_related("tam")
        .order_by("added_on", "id")
    )
    for membership in memberships:
        result[membership.account_id].append(membership)
    return result


def open_book_for_tam(*, tam) -> QuerySet[BookMembership]:
    """The TAM's AM Managed accounts today, by account name."""
    return (
        BookMembership.objects.filter(tam=tam, ended_on__isnull=True)
        .select_related("account")
        .order_by("account__name", "id")
    )


# --- Stored quota figures (issue 14). Every reader below answers in a fixed number of queries.


def this_quarter(today: date | None = None) -> Quarter:
    return Quarter.containing(today or timezone.localdate())


def book_columns(account_ids: Iterable[int], *, today: date | None = None) -> dict[int, dict[str, object]]:
    """My book's quota columns, two queries: `quota_contribution` (Decimal: this quarter's
    adjusted contribution, Q-6…Q-12) and `quota_multiplier` (Decimal | None: the latest stored
    month's multiplier, Q-3). Accounts in no TAM's book this quarter have no contribution and are
    missing. An account in two books (a pending removal and its new TAM) shows its owner's line."""
    ids = list(dict.fromkeys(account_ids))
    if not ids:
        return {}
    quarter = this_quarter(today)
    lines = (
        AttainmentLine.objects.filter(
            account_id__in=ids, period__year=quarter.year, period__quarter=quarter.number
        )
        .order_by("account_id", "rep_id")
        .values_list("account_id", "rep_id", "adjusted_contribution", "account__owner_id")
    )
    contribution: dict[int, Decimal] = {}
    for account_id, rep_id, amount, owner_id in lines:
        if account_id not in contribution or rep_id == owner_id:
            contribution[account_id] = amount
    latest: dict[int, Decimal] = {}
    months = (
        MonthQuota.objects.filter(account_id__in=list(contribution), month__lte=quarter.last_day)
        .order_by("account_id", "month")
        .values_list("account_id", "multiplier")
    )
    for account_id, m in months:
        latest[account_id] = m  # ordered by month: the last one wins
    return {
        account_id: {"quota_contribution": amount, "quota_multiplier": latest.get(account_id)}
        for account_id, amount in contribution.items()
    }


def account_month_multipliers(account_ids: Iterable[int], month: date) -> dict[int, Decimal]:
    """Q-3: each account's stored multiplier for the month (first day or any day of it); one
    query. Accounts without an invoiced month are missing."""
    ids = list(dict.fromkeys(account_ids))
    if not ids:
        return {}
    rows = MonthQuota.objects.filter(account_id__in=ids, month=month.replace(day=1)).values_list(
        "account_id", "multiplier"
    )
    return dict(rows)


def period_of(quarter: Quarter) -> QuotaPeriod | None:
    return (
        QuotaPeriod.objects.filter(year=quarter.year, quarter=quarter.number)
        .select_related("policy_version")
        .first()
    )


def visible_reps(user) -> QuerySet:
    """Quota scope (quota.md Pages, overriding D-26 for compensation): a TAM sees themself, a team
    lead their team, a sales manager or RevOps admin every rep with a plan; others nobody."""
    from accounts.models import User

    from .rules import sees_all_quota

    reps = User.objects.filter(rep_plans__isnull=False).distinct()
    if sees_all_quota(user):
        return reps.order_by("name", "email")
    if not (user and user.is_authenticated and user.is_active):
        return reps.none()
    scope = Q(pk=user.pk) if user.role == "tam" else Q(pk__in=[])
    if user.is_team_lead and user.team_id is not None:
        scope |= Q(team_id=user.team_id) | Q(
            team_memberships__team_id=user.team_id, team_memberships__left_on__isnull=True
        )
    return reps.filter(scope).order_by("name", "email")


def rep_summaries(period: QuotaPeriod | None, reps: list) -> list[dict]:
    """Per rep: quota, prorated quota, attainment (Q-13), %, buckets (QD-17), deferrals; two queries."""
    from .engine import attainment_pct

    if period is None or not reps:
        return [_summary(rep, None, {}, None) for rep in reps]
    ids = [rep.pk for rep in reps]
    quotas = {q.rep_id: q for q in Quota.objects.filter(period=period, rep_id__in=ids)}
    per_rep: dict[int, dict] = {rep_id: {} for rep_id in ids}
    rows = (
        AttainmentLine.objects.filter(period=period, rep_id__in=ids)
        .values("rep_id", "bucket")
        .annotate(
            counted=Sum("counted"),
            released=Sum("released_in"),
            deferred=Sum("deferred_out"),
            lines=Count("id"),
            provisional=Count("id", filter=Q(provisional=True)),  # MAX(boolean) is not PostgreSQL
        )
        .order_by()
    )
    for row in rows:
        per_rep[row["rep_id"]][row["bucket"]] = row
    summaries = []
    for rep in reps:
        summary = _summary(rep, quotas.get(rep.pk), per_rep[rep.pk], period)
        target = summary["prorated_quota"] if summary["prorated_quota"] is not None else summary["quota"]
        summary["attainment_pct"] = (
            attainment_pct(summary["attainment"], target) if target is not None else None
        )
        summaries.append(summary)
    return summaries


def _summary(rep, quota, buckets: dict, period) -> dict:
    zero = Decimal("0.00")
    # SQLite sums decimals as floats: back to cents (QD-29).
    counted = {name: cents(buckets[name]["counted"]) if name in buckets else zero for name in Bucket.values}
    released = cents(sum((row["released"] for row in buckets.values()), zero))
    return {
        "rep": rep,
        "period": period,
        "quota": quota.amount if quota else None,
        "prorated_quota": quota.prorated_amount if quota else None,
        "attainment": sum(counted.values(), zero) + released,
        "attainment_pct": None,
        "buckets": counted,
        "deferred_in": released,
        "deferred_out": cents(sum((row["deferred"] for row in buckets.values()), zero)),
        "accounts": sum(row["lines"] for row in buckets.values()),
        "provisional": any(row["provisional"] for row in buckets.values()),
    }


def attainment_lines(period: QuotaPeriod, rep) -> QuerySet[AttainmentLine]:
    """The rep's account rows for the period, accounts loaded; one query."""
    return (
        AttainmentLine.objects.filter(period=period, rep=rep)
        .select_related("account")
        .order_by("-adjusted_contribution", "account__name")
    )


def attainment_line(period: QuotaPeriod, rep, account_id: int) -> AttainmentLine | None:
    return (
        AttainmentLine.objects.filter(period=period, rep=rep, account_id=account_id)
        .select_related("account", "policy_version", "period")
        .first()
    )


def attainment_line_history(line: AttainmentLine, *, limit: int = 20) -> list:
    """The drill-down's computation history: each run that changed this line, newest first."""
    return list(
        AttainmentLine.history.filter(
            period_id=line.period_id, rep_id=line.rep_id, account_id=line.account_id
        )
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_type",
            "history_change_reason",
            "adjusted_contribution",
            "starting_arr",
            "ending_arr",
            "inputs_hash",
        )[:limit]
    )


def account_lines_this_quarter(account_id: int, *, today: date | None = None) -> list[AttainmentLine]:
    quarter = this_quarter(today)
    return list(
        AttainmentLine.objects.filter(
            account_id=account_id, period__year=quarter.year, period__quarter=quarter.number
        )
        .select_related("rep", "period")
        .order_by("rep__name")
    )


def latest_month_quota(account_id: int, *, today: date | None = None) -> MonthQuota | None:
    quarter = this_quarter(today)
    return (
        MonthQuota.objects.filter(account_id=account_id, month__lte=quarter.last_day)
        .order_by("-month")
        .first()
    )


def team_quotas(period: QuotaPeriod | None, team_ids: list[int] | None) -> list[TeamQuota]:
    """Team quotas of the period (all teams when team_ids is None), lines and members loaded."""
    if period is None:
        return []
    teams = TeamQuota.objects.filter(period=period).select_related("team", "team__lead")
    if team_ids is not None:
        teams = teams.filter(team_id__in=team_ids)
    return list(
        teams.prefetch_related(Prefetch("lines", TeamQuotaLine.objects.select_related("member"))).order_by(
            "team__name"
        )
    )


def member_attainment(period: QuotaPeriod | None, rep_ids: list[int]) -> dict[int, Decimal]:
    """Q-13 attainment per rep for the period, one query (T-4 sums the counted members')."""
    if period is None or not rep_ids:
        return {}
    rows = (
        AttainmentLine.objects.filter(period=period, rep_id__in=rep_ids)
        .values("rep_id")
        .annotate(counted=Sum("counted"), released=Sum("released_in"))
        .order_by()
    )
    return {row["rep_id"]: cents(row["counted"] + row["released"]) for row in rows}
