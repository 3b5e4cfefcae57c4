"""The quota pages' tables: sortable (django-tables2), CSV export through `value_*`."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import AttainmentLine

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class MoneyColumn(tables.Column):
    """Money shown with thousands separators; the CSV keeps the plain Decimal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value:,.2f}"

    def value(self, value):
        return value


def flags_of(line: AttainmentLine) -> list[str]:
    """quota.md Pages: new k, churned, grace, annual run rate R, legacy suppressed, exclusion,
    out of policy, deferred / released, pending removal, provisional."""
    flags = []
    # a customer new in the window; an in-quarter k only counts the months so far (QD-28).
    if line.k_prev is not None and line.k_prev < 3:
        flags.append(f"new k={line.k_prev} (previous quarter)")
    elif line.k_curr is not None and line.k_curr < 3 and line.starting_arr == 0 and not line.provisional:
        flags.append(f"new k={line.k_curr}")
    if line.churned:
        flags.append("churned")
    if line.grace_applied:
        flags.append("grace")
    if line.reference_run_rate is not None:
        flags.append(f"R {line.reference_run_rate}/mo")
    if line.legacy_suppressed:
        flags.append("legacy suppressed")
    if line.exclusion_amount:
        flags.append("exclusion")
    if line.out_of_policy_excluded:
        flags.append("out of policy")
    if line.deferred_out:
        flags.append(f"deferred ({line.get_eligibility_display()})")
    if line.released_in:
        flags.append("released " + ", ".join(line.released_from))
    if line.pending_removal:
        flags.append("pending removal")
    return flags


def multiplier_trend(line: AttainmentLine) -> str:
    """The multiplier of each invoiced month of both quarters, oldest first (Q-3)."""
    months = line.explanation.get("months", [])
    return " → ".join(f"{m['multiplier']}" for m in months if m.get("invoice_count"))


def latest_paid_products(line: AttainmentLine) -> list[str]:
    invoiced = [m for m in line.explanation.get("months", []) if m.get("invoice_count")]
    return invoiced[-1]["paid_products"] if invoiced else []


class TrackerLineTable(tables.Table):
    account = tables.Column(accessor="account__name", verbose_name="Account")
    starting_arr = MoneyColumn(verbose_name="Starting ARR")
    ending_arr = MoneyColumn(verbose_name="Ending ARR")
    adjusted_contribution = MoneyColumn(verbose_name="Contribution")
    counted = MoneyColumn(verbose_name="Counts now")
    paid_products = tables.Column(
        empty_values=(), orderable=False, verbose_name="Paid products (latest month)"
    )
    multipliers = tables.Column(empty_values=(), orderable=False, verbose_name="Multiplier trend")
    flags = tables.Column(empty_values=(), orderable=False, verbose_name="Flags")
    bucket = tables.Column(verbose_name="Bucket")

    class Meta:
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}
        order_by = ["-adjusted_contribution"]

    def __init__(self, *args, rep, quarter, **kwargs):
        self.rep, self.quarter = rep, quarter
        super().__init__(*args, **kwargs)

    def render_account(self, value, record):
        url = reverse("quota:drilldown", args=[self.rep.pk, str(self.quarter), record.account_id])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_paid_products(self, record):
        products = latest_paid_products(record)
        return f"{len(products)}: {', '.join(products)}" if products else "0"

    def value_paid_products(self, record):
        return " ".join(latest_paid_products(record))

    def render_multipliers(self, record):
        return multiplier_trend(record) or "—"

    def value_multipliers(self, record):
        return multiplier_trend(record)

    def render_flags(self, record):
        return ", ".join(flags_of(record)) or "—"

    def value_flags(self, record):
        return "; ".join(flags_of(record))

    def render_bucket(self, record):
        return record.get_bucket_display()


class RepSummaryTable(tables.Table):
    """One row per rep for a quarter (the index of trackers)."""

    rep = tables.Column(accessor="rep__name", verbose_name="Rep")
    quota = MoneyColumn(verbose_name="Quota")
    prorated_quota = MoneyColumn(verbose_name="Prorated quota (C-10)")
    attainment = MoneyColumn(verbose_name="Attainment")
    attainment_pct = tables.Column(verbose_name="Attainment %", attrs=NUM)
    accounts = tables.Column(verbose_name="Accounts", attrs=NUM)
    provisional = tables.BooleanColumn(verbose_name="Provisional", yesno="provisional,final")

    class Meta:
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}
        order_by = ["rep"]

    def __init__(self, *args, quarter, **kwargs):
        self.quarter = quarter
        super().__init__(*args, **kwargs)

    def render_rep(self, value, record):
        rep = record["rep"]
        url = reverse("quota:tracker", args=[rep.pk, str(self.quarter)])
        return format_html('<a href="{}">{}</a>', url, rep.name or rep.email)

    def value_rep(self, record):
        return record["rep"].name or record["rep"].email

    def order_rep(self, data, is_descending):
        return sorted(
            data, key=lambda r: (r["rep"].name or r["rep"].email).lower(), reverse=is_descending
        ), True


class TeamMemberTable(tables.Table):
    member = tables.Column(verbose_name="Member")
    reason = tables.Column(verbose_name="Counted as")
    member_quota = MoneyColumn(verbose_name="Quota")
    counted_pct = tables.Column(verbose_name="Counted %", attrs=NUM)
    counted_quota = MoneyColumn(verbose_name="Counts toward team quota")
    attainment = MoneyColumn(verbose_name="Attainment")
    why = tables.Column(verbose_name="Why", orderable=False)

    class Meta:
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}
        order_by = ["member"]
