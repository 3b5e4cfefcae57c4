"""Set-wise writes for generated data: PostgreSQL COPY, SQLite executemany, same rows either way.

Rows are tuples in the order of `columns` (field attnames, e.g. "account_id"); columns left out
get the field's default, so a caller names only what it generates. Primary keys are given by
the caller, which keeps generated data identical across databases; `reset_sequences()` moves
Postgres sequences past them afterwards. Timestamps a field would take from the clock
(auto_now, `default=timezone.now`) take the writer's `now` instead, so a rerun is identical.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models
from django.utils import timezone

Converter = Callable[[Any], Any]


_encode = json.JSONEncoder(separators=(",", ":"), default=str).encode  # built once, not per value


def _json(value: Any) -> Any:
    return None if value is None else _encode(value)


class BulkWriter:
    def __init__(self, *, using: str = "default", batch_size: int = 20_000, now=None) -> None:
        self.connection = connections[using]
        self.now = now or timezone.now()
        self.batch_size = batch_size
        self.is_postgres = self.connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}
        self._touched: list[type[models.Model]] = []

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__}: unknown column(s) {unknown}")
        filled = [f for name, f in fields.items() if name not in columns]
        all_columns = [*columns, *(f.attname for f in filled)]
        converted = [(i, c) for i, name in enumerate(all_columns) if (c := self._converter(fields[name]))]
        given = [(i, c) for i, c in converted if i < len(columns)]
        defaults = tuple(self._default(model, f) for f in filled)
        defaults = tuple(
            next((c(v) for i, c in converted if i == len(columns) + n), v) for n, v in enumerate(defaults)
        )
        table = model._meta.db_table
        db_columns = [fields[c].column for c in all_columns]

        def prepared() -> Iterator[Sequence]:
            for row in rows:
                if given:  # only the few columns that need it are converted
                    row = list(row)
                    for i, convert in given:
                        row[i] = convert(row[i])
                yield (*row, *defaults) if defaults else row

        written = 0
        if self.is_postgres:
            written = self._copy(table, db_columns, prepared())
        else:
            iterator = prepared()
            while batch := list(islice(iterator, self.batch_size)):
                self._flush(table, db_columns, batch)
                written += len(batch)
        self.counts[table] = self.counts.get(table, 0) + written
        if model not in self._touched:
            self._touched.append(model)
        return written

    @contextmanager
    def loading(self, tables_of: Iterable[type[models.Model]]) -> Iterator[None]:
        """PostgreSQL bulk-load mode: drop foreign keys and secondary indexes, load, restore.

        Deferred foreign-key checks fire once per copied row at commit, and every index is
        maintained row by row; rebuilding them once afterwards is several times faster and
        leaves the schema exactly as the migrations made it (the definitions are read back
        from the catalogue and replayed, inside the same transaction, so a failure rolls the
        whole load back). Restoring validates every row, so bad data still fails the load.
        Check constraints stay: they cost little per row and a re-add would rescan the table.
        """
        if not self.is_postgres:
            yield
            return
        tables = sorted({m._meta.db_table for m in tables_of})
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[]) ORDER BY contype",
                [tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _ in constraints:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {self.connection.ops.quote_name(name)}")
            for index, _ in indexes:
                cursor.execute(f"DROP INDEX {index}")
        yield
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in indexes:
                cursor.execute(definition)
            # Unique and check constraints before foreign keys: a key may need its target's index.
            for table, name, definition in sorted(constraints, key=lambda c: c[2].startswith("FOREIGN")):
                quoted = self.connection.ops.quote_name(name)
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}")

    def track(self, *written: type[models.Model]) -> None:
        """Models filled with explicit ids by other means (e.g. bulk_create): reset them too."""
        self._touched += [model for model in written if model not in self._touched]

    def reset_sequences(self) -> None:
        if not self.is_postgres or not self._touched:
            return
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), self._touched):
                cursor.execute(sql)

    def _copy(self, table: str, db_columns: list[str], rows: Iterable[Sequence]) -> int:
        """One COPY for the whole stream: psycopg sends as rows come, so PostgreSQL stores them
        while Python is still generating them (batch-then-copy leaves one side idle in turn)."""
        quote = self.connection.ops.quote_name
        column_sql = ", ".join(quote(c) for c in db_columns)
        written = 0
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {quote(table)} ({column_sql}) FROM STDIN") as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
                    written += 1
        return written

    def _flush(self, table: str, db_columns: list[str], rows: list) -> None:
        """SQLite: one executemany per batch (table and column names from model metadata)."""
        quote = self.connection.ops.quote_name
        column_sql = ", ".join(quote(c) for c in db_columns)
        marks = ", ".join(["%s"] * len(db_columns))
        sql = f"INSERT INTO {quote(table)} ({column_sql}) VALUES ({marks})"  # noqa: S608
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _converter(self, field: models.Field) -> Converter | None:
        if isinstance(field, models.JSONField):
            return _json
        if self.is_postgres:
            return None
        ops = self.connection.ops
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.DecimalField):
            return lambda v: None if v is None else str(v)
        return None

    def _default(self, model: type[models.Model], field: models.Field) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        if field.default is timezone.now:
            return self.now
        if field.has_default():
            return field.get_default()
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField | models.FileField):
            return ""
        raise ValueError(f"{model.__name__}.{field.attname}: no value and no default")
