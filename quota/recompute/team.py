"""Prorated quotas (C-10) and team quotas (T-2, T-3) for one period, after the account chunks.

A handful of teams and reps per period, so this reads set-wise (five queries) and writes the few
rows that changed through the ORM, each with its history row. A team quota a sales manager has
edited by hand (QD-21, `edited_reason`) is left as they set it.
"""

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Q

from ..engine import TeamMember, fixed_months_in, prorated_quota, team_quota
from ..engine.policy import ZERO
from ..models import Quota, RepPlan, TeamMembership, TeamQuota, TeamQuotaLine
from .rows import digest


def recompute_team_quotas(ctx) -> Counter:
    quarter, policy = ctx.quarter, ctx.policy
    written: Counter = Counter()
    memberships = list(
        TeamMembership.objects.filter(joined_on__lte=quarter.last_day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=quarter.first_day))
        .order_by("team_id", "rep_id", "joined_on")
        .values(
            "team_id", "rep_id", "joined_on", "left_on", "team__lead_id", "rep__is_team_lead", "rep__team_id"
        )
    )
    starts: dict[int, date] = {}
    for rep_id, start in RepPlan.objects.order_by("rep_id", "valid_from").values_list(
        "rep_id", "role_start_date"
    ):
        starts.setdefault(rep_id, start)  # C-10 counts from the first plan's role start
    quotas = {q.rep_id: q for q in Quota.objects.filter(period=ctx.period)}

    changed_quotas = []
    for quota in quotas.values():
        fixed = fixed_months_in(quarter, starts.get(quota.rep_id), policy)
        prorated = prorated_quota(quota.amount, fixed)
        if quota.prorated_amount != prorated:
            quota.prorated_amount = prorated
            changed_quotas.append(quota)
    for quota in changed_quotas:
        quota.save(update_fields=["prorated_amount"])  # audited: one history row each
    written["quota"] = len(changed_quotas)

    members_by_team: dict[int, list[TeamMember]] = defaultdict(list)
    for m in memberships:
        if m["rep_id"] not in starts:
            continue  # no rep plan: not a quota-carrying member (a CSM in a mixed team)
        if m["left_on"] is not None and m["left_on"] < starts[m["rep_id"]]:
            continue  # left that team before starting the quota role: never a quota member of it
        lead = m["team__lead_id"] == m["rep_id"] or (
            m["rep__is_team_lead"] and m["rep__team_id"] == m["team_id"]
        )
        rep_quota = quotas.get(m["rep_id"])
        members_by_team[m["team_id"]].append(
            TeamMember(
                member=m["rep_id"],
                quota=rep_quota.amount if rep_quota else ZERO,
                role_start_date=starts[m["rep_id"]],
                joined_on=m["joined_on"],
                left_on=m["left_on"],
                is_team_lead=lead,
            )
        )
    stored = {t.team_id: t for t in TeamQuota.objects.filter(period=ctx.period).prefetch_related("lines")}
    for team_id, gone in stored.items():
        if team_id not in members_by_team and not gone.edited_reason:
            gone.delete()  # no quota-carrying member left in the team this quarter (audited)
            written["team_quota"] += 1
    for team_id, members in sorted(members_by_team.items()):
        computed = team_quota(quarter, members, policy)
        lines = [
            {
                "member_id": line.member,
                "member_quota": line.member_quota,
                "counted_pct": line.counted_pct,
                "counted_quota": line.counted_quota,
                "reason": line.reason,
                "explanation": line.explanation.as_dict(),
            }
            for line in computed.lines
        ]
        inputs = {
            "quarter": str(quarter),
            "policy_version": ctx.version_id,
            "members": [
                {
                    "rep": m.member,
                    "quota": str(m.quota),
                    "role_start": str(m.role_start_date),
                    "joined_on": str(m.joined_on),
                    "left_on": str(m.left_on),
                    "lead": m.is_team_lead,
                }
                for m in members
            ],
        }
        explanation = {
            "rules": ["T-2", "T-3", "QD-19", "QD-20", "C-10"],
            "inputs": inputs,
            "lines": [
                {
                    **line,
                    "member_quota": str(line["member_quota"]),
                    "counted_quota": str(line["counted_quota"]),
                }
                for line in lines
            ],
        }
        written["team_quota"] += _store_team(
            ctx, stored.get(team_id), team_id, computed.total, lines, explanation, digest(inputs)
        )
    return written


def _store_team(ctx, existing, team_id, total, lines, explanation, inputs_hash) -> int:
    if existing is not None and existing.edited_reason:
        return 0
    if existing is not None and existing.total == total and existing.explanation == explanation:
        return 0
    if existing is None:
        existing = TeamQuota(team_id=team_id, period=ctx.period)
    existing.total = total
    existing.explanation = explanation
    existing.inputs_hash = inputs_hash
    existing.policy_version_id = ctx.version_id
    existing.computed_at = ctx.now
    existing.save()
    existing.lines.all().delete()
    for line in lines:
        TeamQuotaLine.objects.create(team_quota=existing, **line)
    return 1
