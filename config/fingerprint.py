"""A digest of table contents that is the same on SQLite and PostgreSQL for the same rows.

Used to prove the demo generator deterministic across databases: values are rendered
canonically (Decimals as fixed-point text, datetimes in UTC ISO, JSON with sorted keys) and
hashed in primary-key order.
"""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models

DEMO_APPS = ("accounts", "billing", "revops", "quota", "crosssell")


def _canonical(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return repr(value)


def table_fingerprint(model: type[models.Model], *, exclude: frozenset[str] = frozenset()) -> str:
    columns = [f.attname for f in model._meta.concrete_fields if f.attname not in exclude]
    digest = hashlib.sha256()
    for row in model._default_manager.order_by("pk").values_list(*columns).iterator(chunk_size=5000):
        digest.update("\x1f".join(_canonical(v) for v in row).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def demo_fingerprint(*, exclude_columns: frozenset[str] = frozenset({"password"})) -> dict[str, str]:
    """Digest of every non-empty table of the domain apps (historical tables left out)."""
    result = {}
    for app in DEMO_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            name = model._meta.object_name or ""
            if name.startswith("Historical") or not model._default_manager.exists():
                continue
            result[model._meta.db_table] = table_fingerprint(model, exclude=exclude_columns)
    return dict(sorted(result.items()))
