"""Which app ingests each import kind (revops.md I-1).

revops reads the file, numbers and chunks the rows and keeps the ImportRun; the owning app
validates and upserts its own rows (the owning spec's entity fields and upsert keys). A kind is
live once it has an entry here. Ingests are named by dotted path and imported on first use, so
revops never imports another app's code at load time.

An ingest is called as `ingest(*, rows: list[dict], first_row_number: int, acting_user)` and
answers an object with `rows_ok: int` and `errors: [obj with row, field, message]`, where the
rows of the call are numbered from `first_row_number`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from .models import ImportKind


@dataclass(frozen=True)
class ImportKindSpec:
    kind: str
    ingest_path: str
    description: str
    # The row field that records where a row came from (`api`/`csv`), filled from the run's
    # source when a row leaves it empty; None when the kind's table keeps no source.
    source_field: str | None = None

    @property
    def label(self) -> str:
        return ImportKind(self.kind).label


REGISTRY: dict[str, ImportKindSpec] = {
    spec.kind: spec
    for spec in [
        ImportKindSpec(
            kind=ImportKind.ACCOUNT_DAILY_METRICS,
            ingest_path="accounts.usage_import.account_daily_metrics_ingest",
            description="One row per account and day (health.md §1.1 AccountDailyMetrics with "
            "product_usage). Re-importing an (account, date) replaces that row.",
            source_field="source",
        ),
    ]
}


class UnknownImportKind(LookupError):
    pass


def registered() -> list[ImportKindSpec]:
    return list(REGISTRY.values())


def spec_for(kind: str) -> ImportKindSpec:
    try:
        return REGISTRY[kind]
    except KeyError:
        known = ", ".join(REGISTRY) or "none"
        raise UnknownImportKind(f"Unknown import kind '{kind}'. Known kinds: {known}.") from None


def ingest_for(kind: str) -> Callable[..., Any]:
    return import_string(spec_for(kind).ingest_path)
