"""Browser tests' shared fixture (every module in tests/e2e)."""

import pytest


@pytest.fixture(scope="module", autouse=True)
def _async_unsafe_for_the_whole_module():
    """pytest-django's autouse live-server helper sets up `transactional_db` before
    `browser_ready`, so its flush runs after `browser_ready`'s monkeypatch is undone, while
    playwright's session-long event loop still runs in this thread: keep the flag on longer."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield
