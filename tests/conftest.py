"""Suite-wide fixtures.

Services: a test that needs Redis, PostgreSQL or the browser asks for it through
`require_service`; it skips when the service is absent, and fails instead under
REQUIRE_SERVICES=1 (CI's second leg), so a green run proves those tests really ran.
"""

import os
import shutil

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from config.celery import app as celery_app

# Property tests check results, not speed (bench/ measures speed): no per-example deadline and no
# "too slow" health check, which a loaded machine trips without anything being wrong.
hypothesis_settings.register_profile("tambook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("tambook")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_service(name: str, available: bool, why: str) -> None:
    if available:
        return
    message = f"{name} unavailable: {why}"
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    require_service("redis", settings.USES_REDIS, "set REDIS_URL=redis://127.0.0.1:6379/15")
    return settings.REDIS_URL


@pytest.fixture
def postgres() -> None:
    require_service("postgres", settings.USES_POSTGRES, "set DATABASE_URL=postgres://…")


@pytest.fixture(autouse=True)
def _celery_eager_unless_redis(request):
    """Ordinary tests run tasks inline; only `redis`-marked tests use the real broker."""
    if request.node.get_closest_marker("redis"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _no_slack(settings):
    settings.SLACK_WEBHOOK_URL = ""


# --- browser: Debian's chromium, driven by pytest-playwright, never a downloaded browser ---


@pytest.fixture(scope="session")
def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture
def browser_ready(chromium_path, monkeypatch):
    """Browser tests run Django's ORM beside playwright's event loop in one thread."""
    require_service("browser", bool(chromium_path), "apt-get install chromium")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect

    # Two shared cores: an htmx round trip can outlast playwright's 5 s default under load.
    expect.set_options(timeout=20_000)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: playwright keeps an event loop running in this thread from the first
    one on, and Django refuses ORM calls beside a running loop (outside those tests' opt-in)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
