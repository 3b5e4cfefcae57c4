"""Every model change has its migration, on whichever database this leg runs (issue 12)."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_has_no_model_change_without_a_migration():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
