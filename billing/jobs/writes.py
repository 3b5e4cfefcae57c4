"""Set-wise writes for the jobs: one executemany per table and chunk, whatever the row count
(Django logs an executemany as one query, so the per-chunk query count stays fixed)."""

from collections.abc import Sequence

from django.db import connection, models

# Only these need Django's conversion before the driver sees them (JSON text, UTC datetimes on
# SQLite, ISO dates); money, numbers, strings and booleans pass straight to the driver, which
# keeps the per-value cost off the nightly run's hot path.
CONVERTED = (models.JSONField, models.DateTimeField, models.DateField)


def _prepare(fields, row):
    return [
        f.get_db_prep_save(value, connection) if isinstance(f, CONVERTED) and value is not None else value
        for f, value in zip(fields, row, strict=True)
    ]


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence]) -> int:
    """INSERT the rows (columns by attname; the primary key left to the database)."""
    if not rows:
        return 0
    fields = {f.attname: f for f in model._meta.concrete_fields}
    chosen = [fields[name] for name in columns]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in chosen)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(chosen))})"
    )
    prepared = [_prepare(chosen, row) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(rows)


def update_rows(model: type[models.Model], key: str, columns: Sequence[str], rows: Sequence[Sequence]) -> int:
    """UPDATE … SET columns WHERE key = … for each row (values in `columns` order, key last)."""
    if not rows:
        return 0
    fields = {f.attname: f for f in model._meta.concrete_fields}
    chosen = [fields[name] for name in columns]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in chosen)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(fields[key].column)} = %s"  # noqa: S608
    prepared = [[*_prepare(chosen, row[:-1]), row[-1]] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(rows)
