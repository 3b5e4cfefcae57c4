import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files land in a per-test directory, never in the checkout."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
