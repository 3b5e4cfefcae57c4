"""Turn an import payload into numbered rows for an ingest (revops.md I-2). No Django here.

Row numbers are the same for both sources: data rows count from 1. In a CSV the header is not
a data row, so row 1 is the line under the header (a spreadsheet's row 2); blank lines keep their
number but are skipped. In a JSON list, row N is the N-th element. A row that is not shaped like
a row (a JSON element that is not an object, a CSV line with more values than the header) is
reported here and never reaches the ingest.
"""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


class UnreadableImport(Exception):
    """The payload cannot be read as rows at all: the run fails and nothing is written."""


@dataclass
class NumberedRows:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows) + len({e["row"] for e in self.errors})


def row_error(row: int | None, field_name: str, message: str) -> dict[str, Any]:
    return {"row": row, "field": field_name, "message": message}


def from_list(items: list[Any]) -> NumberedRows:
    numbered = NumberedRows()
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            numbered.rows.append((number, item))
        else:
            numbered.errors.append(
                row_error(number, "row", f"Expected an object of field values, got {type(item).__name__}.")
            )
    return numbered


def from_json_bytes(data: bytes) -> NumberedRows:
    try:
        items = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnreadableImport(f"The stored rows are not valid JSON: {exc}.") from exc
    if not isinstance(items, list):
        raise UnreadableImport("The stored rows are not a JSON list.")
    return _non_empty(from_list(items))


def from_csv_bytes(data: bytes) -> NumberedRows:
    """CSV (UTF-8, a BOM allowed) with a header row; every value stays a string."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableImport(
            f"The file is not UTF-8 text (byte {exc.start}): save it as 'CSV UTF-8'."
        ) from exc
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UnreadableImport(f"The file is not valid CSV: {exc}.") from exc
    if not records or not any(cell.strip() for cell in records[0]):
        raise UnreadableImport("The file has no header row: the first line must name the columns.")
    header = [cell.strip() for cell in records[0]]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise UnreadableImport(f"The header names {', '.join(repeated)} more than once.")

    numbered = NumberedRows()
    for number, record in enumerate(records[1:], start=1):
        if not any(cell.strip() for cell in record):
            continue
        extra = [cell for cell in record[len(header):] if cell.strip()]
        if extra:
            numbered.errors.append(
                row_error(number, "row", f"{len(record)} values, but the header has {len(header)} columns.")
            )
            continue
        values = (record + [""] * len(header))[: len(header)]  # short rows: missing cells are empty
        # Columns without a header name carry nothing we could attribute to a field.
        row = {name: value for name, value in zip(header, values, strict=True) if name}
        numbered.rows.append((number, row))
    return _non_empty(numbered)


def _non_empty(numbered: NumberedRows) -> NumberedRows:
    if not numbered.rows and not numbered.errors:
        raise UnreadableImport("The file has no data rows.")
    return numbered


def contiguous_chunks(
    rows: list[tuple[int, dict[str, Any]]], size: int
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(first row number, rows) pieces of at most `size` consecutive rows.

    A gap (a skipped or rejected row) starts a new piece, because an ingest numbers the rows of
    one call from a single `first_row_number`.
    """
    start, chunk = 0, []  # type: ignore[var-annotated]
    for number, row in rows:
        if chunk and (number != start + len(chunk) or len(chunk) >= size):
            yield start, chunk
            chunk = []
        if not chunk:
            start = number
        chunk.append(row)
    if chunk:
        yield start, chunk
