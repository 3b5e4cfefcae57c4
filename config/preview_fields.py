"""Value parsers shared by the stateless preview endpoints (contracts.md): each takes the value
and `where` (its path in the request body) and raises `Bad` with a message naming that path,
so every endpoint's 400 names the field the same way."""

import re
from datetime import date
from typing import Any

AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?", re.ASCII)  # fits Decimal(14, 2), the stored money type
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class Bad(ValueError):
    """One bad value; the message says where inside its field."""


def parse_date(value: Any, where: str) -> date:
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Bad(f"{where}: must be a date written YYYY-MM-DD.")


def parse_optional_date(value: Any, where: str) -> date | None:
    return None if value is None else parse_date(value, where)


def parse_flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"{where}: must be true or false.")
    return value
