"""Settings selection: the embedded default vs Postgres/Redis, and the production guards."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
    " 'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], 'mode': s.RUNTIME_MODE}))"
)
SERVICE_VARS = ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly these variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings", PYTHONWARNINGS="always")
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def probe(**env: str) -> dict:
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_defaults_to_embedded_sqlite_with_eager_celery_and_local_memory_cache():
    result = load_settings()
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "broker": "memory://",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "mode": "embedded: sqlite + eager celery",
    }
    assert "tambook runtime mode: embedded: sqlite + eager celery" in result.stderr


def test_it_switches_to_postgres_and_redis_from_the_environment():
    values = probe(
        DATABASE_URL="postgres://u:p@db.invalid:5432/tambook", REDIS_URL="redis://cache.invalid:6379/0"
    )
    assert values == {
        "engine": "django.db.backends.postgresql",
        "eager": False,
        "broker": "redis://cache.invalid:6379/0",
        "cache": "django.core.cache.backends.redis.RedisCache",
        "mode": "postgres + redis",
    }


def test_it_names_a_mixed_mode_honestly():
    assert probe(DATABASE_URL="postgres://u:p@db.invalid/t")["mode"] == "postgres + eager celery"
    assert probe(REDIS_URL="redis://cache.invalid:6379/0")["mode"] == "sqlite + redis"


@pytest.mark.parametrize("secret", [None, "short", "dev-only-insecure-key-change-me"])
def test_it_refuses_to_start_with_debug_off_and_no_real_secret(secret):
    env = {"DEBUG": "False"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_it_warns_about_sqlite_and_eager_mode_in_production():
    result = load_settings(DEBUG="False", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert "DEBUG=False on SQLite" in result.stderr
    assert "eager Celery" in result.stderr
