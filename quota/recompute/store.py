"""Set-wise writes of computed rows: one statement per table per chunk, whatever the chunk size.

Django's bulk_create/bulk_update split their work into batches sized by the backend's parameter
limit, so their query count grows with the chunk. Here each write is one `executemany` (one
statement, many parameter sets) on both SQLite and PostgreSQL: an upsert on the row's natural
key, a delete by ids, and one insert of simple-history rows (+ created, ~ changed, - deleted),
so every stored figure keeps its history although no model `save()` runs.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.db import connection, models


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _prep(model: type[models.Model], columns: Sequence[str]) -> list[models.Field]:
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return [by_attname[c] for c in columns]


class Prepared(dict):
    """A row whose values are already adapted for the database (JSON encoded once, not twice)."""


def prepare(model: type[models.Model], rows: Iterable[Mapping]) -> list[Prepared]:
    """Adapt each row once; the upsert and its history row then share the adapted values."""
    rows = list(rows)
    if not rows:
        return []
    columns = list(rows[0])
    fields = _prep(model, columns)
    return [
        Prepared((c, f.get_db_prep_save(row[c], connection)) for f, c in zip(fields, columns, strict=True))
        for row in rows
    ]


def _params(fields: Sequence[models.Field], rows: Iterable[Mapping], columns: Sequence[str]) -> list[list]:
    return [
        [
            row[column]
            if isinstance(row, Prepared) and column in row
            else field.get_db_prep_save(row[column], connection)
            for field, column in zip(fields, columns, strict=True)
        ]
        for row in rows
    ]


def upsert(model: type[models.Model], rows: Sequence[Mapping], *, unique: Sequence[str]) -> int:
    """INSERT … ON CONFLICT (unique) DO UPDATE every other column, as one executemany."""
    if not rows:
        return 0
    columns = [c for c in rows[0] if c != "id"]
    fields = _prep(model, columns)
    table = _quote(model._meta.db_table)
    names = ", ".join(_quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    conflict = ", ".join(_quote(f.column) for f in _prep(model, unique))
    updates = ", ".join(
        f"{_quote(f.column)} = excluded.{_quote(f.column)}" for f in fields if f.attname not in unique
    )
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE SET {updates}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, _params(fields, rows, columns))
    return len(rows)


def delete_ids(model: type[models.Model], ids: Sequence[int]) -> int:
    """DELETE by primary key in one statement, without per-object signals."""
    if not ids:
        return 0
    table = _quote(model._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {_quote(model._meta.pk.column)} IN ({marks})", list(ids))  # noqa: S608
    return len(ids)


def insert_history(
    model: type[models.Model], entries: Sequence[tuple[str, Mapping]], *, when: datetime, reason: str
) -> int:
    """One simple-history row per (history_type, row with its `id`), as one executemany."""
    if not entries:
        return 0
    historical = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in model._meta.concrete_fields]
    columns = [*tracked, "history_date", "history_type", "history_change_reason", "history_user_id"]
    fields = _prep(historical, columns)
    extras = dict(
        zip(
            ("history_date", "history_type", "history_change_reason", "history_user_id"),
            (
                f.get_db_prep_save(v, connection)
                for f, v in zip(fields[-4:], (when, None, reason[:100], None), strict=True)
            ),
            strict=True,
        )
    )
    rows = []
    for kind, row in entries:
        values = {c: row[c] for c in tracked}
        if not isinstance(row, Prepared):
            values = dict(prepare(model, [values])[0])
        rows.append(Prepared({**values, **extras, "history_type": kind}))
    table = _quote(historical._meta.db_table)
    names = ", ".join(_quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", _params(fields, rows, columns))  # noqa: S608
    return len(rows)


def changed(new: Mapping, old: Mapping | None, *, ignore: frozenset[str]) -> bool:
    """Whether a computed row differs from the stored one (Decimals compare by value)."""
    if old is None:
        return True
    return any(new[key] != old.get(key) for key in new if key not in ignore)
