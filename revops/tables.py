import django_tables2 as tables

from .models import ImportRun


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
