import django_filters
import django_tables2 as tables

from .models import ImportRun, Quote


class ImportRunTable(tables.Table):
    id = tables.LinkColumn("revops:import-detail", args=[tables.A("pk")], verbose_name="Run")
    rows_failed = tables.Column(verbose_name="Rows rejected", orderable=False, attrs={"td": {"class": "num"}})

    class Meta:
        model = ImportRun
        fields = ["id", "kind", "source", "status", "rows_total", "rows_ok", "rows_failed",
                  "uploaded_by", "started_at", "finished_at"]
        order_by = ["-started_at"]
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}


class QuoteTable(tables.Table):
    id = tables.LinkColumn("revops:quote-detail", args=[tables.A("pk")], verbose_name="Quote")
    title = tables.Column(verbose_name="Title")
    account = tables.Column(verbose_name="Account", empty_values=(), order_by=("account__name",))
    option_count = tables.Column(verbose_name="Options", attrs={"td": {"class": "num"}})

    class Meta:
        model = Quote
        fields = ["id", "title", "account", "opportunity", "status", "option_count", "created_by",
                  "updated_at"]
        order_by = ["-updated_at"]
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}

    def render_account(self, record):
        return record.account.name if record.account_id else "—"


class QuoteFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    account = django_filters.NumberFilter(field_name="account_id", label="Account id")

    class Meta:
        model = Quote
        fields = ["status", "title", "account"]
