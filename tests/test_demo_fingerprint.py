"""Demo data is identical on SQLite and PostgreSQL (issue 13: same seed and as-of → same rows).

Both CI legs seed the same small book and compare every table's digest with one golden file,
so a difference between the databases fails one leg. After an intended generator change,
regenerate it: `TAMBOOK_UPDATE_FINGERPRINT=1 make test ARGS=tests/test_demo_fingerprint.py`.
"""

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from config.fingerprint import demo_fingerprint

GOLDEN = Path(__file__).parent / "fixtures" / "demo_fingerprint.json"
pytestmark = pytest.mark.django_db


def test_it_generates_the_same_rows_on_every_database():
    call_command("seed_demo", accounts=120, seed=3, as_of=date(2026, 11, 30), no_recompute=True,
                 quiet_census=True, stdout=io.StringIO())
    fingerprint = demo_fingerprint()
    if os.environ.get("TAMBOOK_UPDATE_FINGERPRINT") == "1":
        GOLDEN.write_text(json.dumps(fingerprint, indent=2, sort_keys=True) + "\n")
    assert fingerprint == json.loads(GOLDEN.read_text())
    assert len(fingerprint) >= 25  # every generated table took part
