"""One run of a one-way import (revops.md I-1, I-2): what came in, what was kept, what was not."""

import posixpath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ImportKind(models.TextChoices):
    ACCOUNT_DAILY_METRICS = "account_daily_metrics", "Account daily metrics"
    SUPPORT_TICKETS = "support_tickets", "Support tickets"
    INCIDENTS = "incidents", "Incidents"
    ACCOUNT_SIGNALS = "account_signals", "Account signals"
    ENRICHMENT = "enrichment", "Enrichment"


class ImportSource(models.TextChoices):
    API = "api", "API"
    CSV = "csv", "CSV"


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    OK = "ok", "OK"
    PARTIAL = "partial", "Partial"
    FAILED = "failed", "Failed"


class ImportRun(models.Model):
    kind = models.CharField(max_length=32, choices=ImportKind.choices)
    source = models.CharField(max_length=8, choices=ImportSource.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    # The uploaded CSV, or the JSON rows of an API call handed to a worker.
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_ok = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{row, field, message}, …]")
    status = models.CharField(max_length=8, choices=ImportStatus.choices, default=ImportStatus.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_ok__lte=F("rows_total")),
                name="import_run_rows_ok_within_total",
                violation_error_message="rows_ok cannot exceed rows_total.",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="import_run_finished_after_started",
                violation_error_message="A run cannot finish before it started.",
            ),
            models.CheckConstraint(
                condition=(Q(status=ImportStatus.RUNNING) & Q(finished_at__isnull=True))
                | (~Q(status=ImportStatus.RUNNING) & Q(finished_at__isnull=False)),
                name="import_run_finished_iff_not_running",
                violation_error_message="A finished run has a finish time; a running one has none.",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "-started_at"], name="import_run_kind_started"),
            models.Index(fields=["status"], name="import_run_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} via {self.get_source_display()} #{self.pk} ({self.status})"

    @property
    def rows_failed(self) -> int:
        return self.rows_total - self.rows_ok

    @property
    def file_basename(self) -> str:
        return posixpath.basename(self.file.name) if self.file else ""

    @property
    def is_finished(self) -> bool:
        return self.status != ImportStatus.RUNNING
