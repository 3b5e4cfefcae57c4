"""The book and accounts-list table (django-tables2): sortable on stored fields, CSV export.

Cells beyond the Account's own fields read `table.extras[account_id]` (selectors.row_extras),
filled once for the page's ids after pagination. The HTML shows badges and a sparkline; the
CSV gets the same facts as plain text (`value_*` / `value()`).
"""

import functools
from collections.abc import Sequence
from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts.models import Account

from .columns import BY_KEY, MISSING, Cell
from .selectors import RowExtras

SPARK_WIDTH, SPARK_HEIGHT = 84, 22


def sparkline(values: Sequence[Decimal]) -> str:
    """An inline SVG line (no script: CSP-safe), labelled with its numbers for screen readers."""
    numbers = [float(v) for v in values]
    top, bottom = max(numbers), min(numbers)
    span = (top - bottom) or 1.0
    step = SPARK_WIDTH / max(1, len(numbers) - 1)
    points = " ".join(
        f"{i * step:.1f},{SPARK_HEIGHT - 2 - (n - bottom) / span * (SPARK_HEIGHT - 4):.1f}"
        for i, n in enumerate(numbers)
    )
    label = "MRR, oldest to newest: " + ", ".join(f"{v:,.0f}" for v in numbers)
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" role="img" aria-label="{}"><title>{}</title>'
        '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>',
        SPARK_WIDTH, SPARK_HEIGHT, label, label, points,
    )


@functools.cache
def _missing_html(tooltip: str) -> str:
    # The tooltip is also read out: a title alone reaches neither keyboards nor screen readers.
    return format_html('<span class="missing" title="{}">{}<span class="sr-only"> {}</span></span>',
                       tooltip, MISSING, tooltip)


def _missing(cell: Cell) -> str:
    return _missing_html(cell.tooltip)  # the same few strings on every row: built once


class AreaColumn(tables.Column):
    """One or more registry keys shown in one cell; "—" with the providing area as tooltip."""

    def __init__(self, keys: Sequence[str], **kwargs):
        self.keys = tuple(keys)
        kwargs.setdefault("verbose_name", BY_KEY[self.keys[0]].label)
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("accessor", "pk")
        super().__init__(**kwargs)

    def cells(self, table, record) -> list[Cell]:
        extras: RowExtras | None = table.extras.get(record.pk)
        if extras is None:
            return [Cell(BY_KEY[key]) for key in self.keys]
        return [extras.cells.get(key) or Cell(BY_KEY[key]) for key in self.keys]

    def render(self, value, record, table):
        cells = self.cells(table, record)
        if not any(c.available and c.value is not None for c in cells):
            return _missing(cells[0])
        return format_html_join(" ", "{}", ((self.render_cell(c),) for c in cells))

    def render_cell(self, cell: Cell) -> str:
        if not cell.available or cell.value is None:
            return _missing(cell)
        return format_html('<span title="{}">{}</span>', cell.tooltip, self.text(cell))

    def text(self, cell: Cell) -> str:
        value = cell.value
        if isinstance(value, Decimal):
            return f"{value:,.2f}"
        return str(value)

    def value(self, value, record, table):
        return " · ".join(
            self.text(c) if c.available and c.value is not None else MISSING
            for c in self.cells(table, record)
        )


class MrrColumn(AreaColumn):
    def render_cell(self, cell: Cell) -> str:
        if not cell.available or not cell.value:
            return _missing(cell)
        return sparkline(list(cell.value))  # type: ignore[call-overload]

    def text(self, cell: Cell) -> str:
        return "; ".join(f"{Decimal(v):.2f}" for v in cell.value)  # type: ignore[attr-defined]


class HealthColumn(AreaColumn):
    def render_cell(self, cell: Cell) -> str:
        if not cell.available or cell.value is None:
            return _missing(cell)
        if cell.spec.key == "health_band":
            return format_html('<span class="band band-{}" title="{}">{}</span>',
                               str(cell.value).lower().replace(" ", "-"), cell.tooltip, cell.value)
        weeks: list[dict] = list(cell.value)  # type: ignore[call-overload]
        return format_html(
            '<span class="weeks" title="{}">{}</span>', cell.tooltip,
            format_html_join("", '<span class="week band-{}" title="{}: {}">{}</span>', (
                (str(w.get("band", "")).lower().replace(" ", "-"), w.get("week_start"),
                 w.get("band"), str(w.get("band", "?"))[:1]) for w in weeks
            )),
        )

    def text(self, cell: Cell) -> str:
        if cell.spec.key == "health_last_4_weeks":
            weeks: list[dict] = list(cell.value)  # type: ignore[call-overload]
            return "; ".join(f"{w.get('week_start')} {w.get('band')}" for w in weeks)
        return str(cell.value)


class AccountTable(tables.Table):
    # Every sort ends on the id, so pages of equal values neither repeat nor skip rows.
    name = tables.LinkColumn("account-detail", args=[tables.A("pk")], verbose_name="Account",
                             order_by=("name", "id"))
    arr = tables.Column(verbose_name="ARR", attrs={"td": {"class": "num"}, "th": {"class": "num"}},
                        order_by=("arr", "id"))
    owner = tables.Column(verbose_name="Owner", order_by=("owner__name", "owner__email", "id"))
    segments = tables.Column(verbose_name="Segments", accessor="pk", orderable=False, empty_values=())
    core_products_paid = tables.Column(verbose_name="Core paid", accessor="pk", orderable=False,
                                       empty_values=(), attrs={"td": {"class": "num"}})
    is_top_40 = tables.Column(verbose_name="Top 40", order_by=("is_top_40", "id"))
    grace_until = tables.Column(verbose_name="Grace until", accessor="pk", orderable=False,
                                empty_values=())
    renewal_date = tables.DateColumn(verbose_name="Renewal", format="Y-m-d", order_by=("renewal_date", "id"))
    mrr_6m = MrrColumn(["mrr_6m"])
    health = HealthColumn(["health_band", "health_last_4_weeks"], verbose_name="Health")
    churn_risk = AreaColumn(["churn_risk"])
    credit_runway = AreaColumn(["credit_runway_days", "credit_run_out_on"], verbose_name="Credit runway")
    quota = AreaColumn(["quota_contribution", "quota_multiplier"], verbose_name="Quota contribution")
    use_case = AreaColumn(["primary_use_case", "open_cards"], verbose_name="Use case · open cards")
    plan_status = AreaColumn(["plan_status"])
    relationship = AreaColumn(["relationship_rating"])
    next_step = AreaColumn(["next_step"])
    removal_candidate = AreaColumn(["removal_candidate"])

    class Meta:
        model = Account
        fields = ["name", "arr", "owner"]
        sequence = (
            "name", "arr", "mrr_6m", "health", "churn_risk", "segments", "core_products_paid",
            "is_top_40", "grace_until", "renewal_date", "owner", "credit_runway", "quota",
            "use_case", "plan_status", "relationship", "next_step", "removal_candidate",
        )
        order_by = ("-arr",)
        template_name = "accounts/partials/account_table.html"
        attrs = {"class": "table book"}

    def __init__(self, *args, extras: dict[int, RowExtras] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.extras: dict[int, RowExtras] = extras or {}

    def html_rows(self) -> list[list[tuple[str, str]]]:
        """The body's cells as (td class, html), from the same render methods called directly.

        django-tables2's generic cell path inspects each render method's signature per cell
        (about half a millisecond): at 50 rows by 17 columns that was most of the page's time.
        """
        rows = self.page.object_list if getattr(self, "page", None) else self.rows
        columns = [(bc.name, bc.column, (bc.attrs.get("td") or {}).get("class", "")) for bc in self.columns]
        body = []
        for row in rows:
            record = row.record
            body.append([(css, self._html(name, column, record)) for name, column, css in columns])
        return body

    def _html(self, name: str, column, record) -> str:
        if isinstance(column, AreaColumn):
            return column.render(None, record, self)
        if name == "name":
            link = reverse("account-detail", args=[record.pk])
            return format_html('<a href="{}">{}</a>', link, record.name)
        if name == "arr":
            return self.render_arr(record.arr)
        if name == "owner":
            return self.render_owner(record.owner)
        if name == "is_top_40":
            return self.render_is_top_40(record.is_top_40)
        if name == "renewal_date":
            return record.renewal_date.isoformat() if record.renewal_date else "—"
        return getattr(self, f"render_{name}")(record)

    def _extras(self, record) -> RowExtras:
        return self.extras.get(record.pk) or RowExtras()

    def render_arr(self, value):
        return f"{value:,.2f}"

    def value_arr(self, value):
        return f"{value:.2f}"

    def render_owner(self, value):
        return str(value) if value else "—"

    def render_segments(self, record):
        labels = self._extras(record).segment_labels
        if not labels:
            return "—"
        return format_html_join(" ", '<span class="segment">{}</span>', ((label,) for label in labels))

    def value_segments(self, record):
        return "; ".join(self._extras(record).segment_labels)

    def render_core_products_paid(self, record):
        return f"{self._extras(record).core_products_paid}/3"

    def value_core_products_paid(self, record):
        return self._extras(record).core_products_paid

    def render_is_top_40(self, value):
        return mark_safe('<span class="badge-top40">Top 40</span>') if value else ""  # a constant

    def value_is_top_40(self, value):
        return "yes" if value else ""

    def render_grace_until(self, record):
        day = self._extras(record).grace_until
        return day.isoformat() if day else "—"

    def value_grace_until(self, record):
        day = self._extras(record).grace_until
        return day.isoformat() if day else ""
