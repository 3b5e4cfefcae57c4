"""Writes for revops. Imports (I-1, I-2) commit per chunk, not in one transaction: good rows of a
file are kept even when other rows are bad or a later chunk fails, and the run's counts always
match what was committed, because each chunk and its progress update share one transaction.
"""

import json
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import import_kinds
from .import_rows import (
    NumberedRows,
    UnreadableImport,
    contiguous_chunks,
    from_csv_bytes,
    from_json_bytes,
    row_error,
)
from .import_rows import from_list as rows_from_list
from .models import ImportRun, ImportSource, ImportStatus

log = logging.getLogger(__name__)

CHUNK_SIZE = 1000
MAX_STORED_ERRORS = 10_000


def import_run_execute(*, kind: str, source: str, rows: list[Any], acting_user, file=None) -> ImportRun:
    """Import `rows` now, in this process (small API payloads), and answer the finished run."""
    run = _import_run_create(kind=kind, source=source, file=file, acting_user=acting_user)
    return _import_run_ingest(run, rows_from_list(rows))


def import_run_submit(
    *, kind: str, source: str, acting_user, file=None, rows: list[Any] | None = None
) -> ImportRun:
    """Record a running import and hand it to the `revops.run_import` task once committed.

    A CSV upload passes its `file`; an API call passes `rows`, stored as a JSON file so a worker
    on another machine can read them.
    """
    from .tasks import run_import

    if rows is not None:
        file = ContentFile(json.dumps(rows).encode(), name=f"{kind}.json")
    with transaction.atomic():
        run = _import_run_create(kind=kind, source=source, file=file, acting_user=acting_user)
        transaction.on_commit(lambda: run_import.delay(run.pk))
    return run


def import_run_process(*, import_run_id: int) -> ImportRun:
    """Read a submitted run's stored payload and ingest it. A finished run is left as it is."""
    run = ImportRun.objects.get(pk=import_run_id)
    if run.is_finished:
        return run
    try:
        with run.file.open("rb") as stored:
            data = stored.read()
        numbered = from_json_bytes(data) if run.source == ImportSource.API else from_csv_bytes(data)
    except (UnreadableImport, OSError, ValueError) as exc:
        errors = [row_error(None, "file", str(exc))]
        return _import_run_finish(run, rows_ok=0, errors=errors, total=0, failed=True)
    return _import_run_ingest(run, numbered)


def _import_run_create(*, kind: str, source: str, file, acting_user) -> ImportRun:
    import_kinds.spec_for(kind)  # raises UnknownImportKind
    if source not in ImportSource.values:
        raise ValueError(f"source: must be one of {', '.join(ImportSource.values)}")
    return ImportRun.objects.create(kind=kind, source=source, file=file or "", uploaded_by=acting_user)


def _import_run_ingest(run: ImportRun, numbered: NumberedRows) -> ImportRun:
    total = numbered.total
    _fill_source(run, numbered)
    ImportRun.objects.filter(pk=run.pk).update(rows_total=total, rows_ok=0, errors=numbered.errors)
    errors = list(numbered.errors)
    rows_ok = 0
    try:
        ingest = import_kinds.ingest_for(run.kind)
    except ImportError:
        log.exception("import run %s: the %s ingest cannot be imported", run.pk, run.kind)
        errors.append(row_error(None, "kind", f"The {run.kind} import is not available on this server."))
        return _import_run_finish(run, rows_ok=0, errors=errors, total=total, failed=True)

    for first, chunk in contiguous_chunks(numbered.rows, CHUNK_SIZE):
        try:
            with transaction.atomic():
                result = ingest(rows=chunk, first_row_number=first, acting_user=run.uploaded_by)
                chunk_errors = [row_error(e.row, e.field, e.message) for e in result.errors]
                ImportRun.objects.filter(pk=run.pk).update(
                    rows_ok=rows_ok + result.rows_ok, errors=_stored(errors + chunk_errors)
                )
        except Exception:
            # The run is the record of what happened: it says where it stopped, the log says why.
            log.exception("import run %s: ingest failed on rows %s-%s", run.pk, first, first + len(chunk) - 1)
            errors.append(row_error(
                first, "", f"The import stopped at rows {first}-{first + len(chunk) - 1} on an internal "
                "error; those and later rows were not imported.",
            ))
            return _import_run_finish(run, rows_ok=rows_ok, errors=errors, total=total, failed=True)
        rows_ok += result.rows_ok
        errors += chunk_errors
    return _import_run_finish(run, rows_ok=rows_ok, errors=errors, total=total)


def _fill_source(run: ImportRun, numbered: NumberedRows) -> None:
    field = import_kinds.spec_for(run.kind).source_field
    if field is None:
        return
    for _number, row in numbered.rows:
        value = row.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            row[field] = run.source


def _import_run_finish(
    run: ImportRun, *, rows_ok: int, errors: list[dict], total: int, failed: bool = False
) -> ImportRun:
    errors = sorted(errors, key=lambda e: (e["row"] is not None, e["row"] or 0))
    run.rows_total = total
    run.rows_ok = rows_ok
    run.errors = _stored(errors)
    run.status = ImportStatus.FAILED if failed else import_status(rows_ok=rows_ok, errors=errors)
    run.finished_at = timezone.now()
    run.save(update_fields=["rows_total", "rows_ok", "errors", "status", "finished_at"])
    return run


def import_status(*, rows_ok: int, errors: list) -> str:
    """ok = no errors; failed = nothing imported; partial = some rows in, some reported."""
    if rows_ok == 0:
        return ImportStatus.FAILED
    return ImportStatus.PARTIAL if errors else ImportStatus.OK


def _stored(errors: list[dict]) -> list[dict]:
    if len(errors) <= MAX_STORED_ERRORS:
        return errors
    hidden = len(errors) - MAX_STORED_ERRORS
    return [*errors[:MAX_STORED_ERRORS], row_error(None, "", f"… and {hidden} more errors, not stored.")]
