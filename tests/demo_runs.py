"""Shared by the demo-generator tests: run `seed_demo`, read its census, digest tables."""

import io
from datetime import date

from django.core.management import call_command
from django.db import transaction

from config.fingerprint import table_fingerprint

AS_OF = date(2026, 11, 30)


def seed(accounts: int, seed: int = 1, **options) -> dict[str, int]:
    """Run the generator; answer the census it printed (rule id → count)."""
    out = io.StringIO()
    call_command("seed_demo", accounts=accounts, seed=seed, as_of=AS_OF, no_recompute=True, stdout=out,
                 **options)
    lines = out.getvalue().split("Census: accounts exercising each targeted rule\n")[1].splitlines()
    pairs = (line.strip().rsplit(None, 1) for line in lines)
    return {key: int(count) for key, count in pairs}


def fingerprints(tables, accounts: int, seed_value: int, **options) -> dict[str, str]:
    """Digests of `tables` after a run, rolled back so the database is left as it was."""
    with transaction.atomic():
        seed(accounts, seed_value, **options)
        result = {model._meta.db_table: table_fingerprint(model) for model in tables}
        transaction.set_rollback(True)
    return result
