"""The Redis shape for real: a task through Redis to a worker process, and the job lock.

Both need a Redis server (the `redis_url` fixture skips without one, and fails under
REQUIRE_SERVICES=1). pytest-socket guards only this process; the worker is a subprocess.
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from accounts.tasks import ping
from config.celery import app as celery_app
from config.locks import JobAlreadyRunning, job_lock, single_run

pytestmark = pytest.mark.redis

ROOT = Path(settings.BASE_DIR)
WORKER_START_SECONDS = 60
WORKER_STOP_SECONDS = 15


def _celery_command() -> list[str]:
    beside_python = Path(sys.executable).with_name("celery")
    if beside_python.exists():
        return [str(beside_python)]
    return [sys.executable, "-m", "celery"]


@pytest.fixture
def worker_queue(redis_url, tmp_path):
    """A real `celery worker` consuming a queue of its own; stopped (warm shutdown) afterwards."""
    queue = f"test-roundtrip-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [
        *_celery_command(),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    try:
        yield queue, worker, log_path
    finally:
        if worker.poll() is None:
            worker.terminate()  # SIGTERM: celery's warm shutdown
            try:
                worker.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=5)


def test_it_runs_a_task_on_a_real_worker_through_redis(worker_queue):
    """Foundation §5/§12: the task leaves this process through Redis and its result comes back."""
    queue, worker, log_path = worker_queue
    assert celery_app.conf.task_always_eager is False, "the round trip must not run inline"
    assert celery_app.conf.broker_url.startswith("redis://")

    result = ping.apply_async(args=[41], queue=queue)
    deadline = time.monotonic() + WORKER_START_SECONDS
    while not result.ready():
        if worker.poll() is not None:
            pytest.fail(
                f"the worker exited with {worker.returncode}:\n{log_path.read_text()[-4000:]}"
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"no result within {WORKER_START_SECONDS}s:\n{log_path.read_text()[-4000:]}"
            )
        time.sleep(0.1)

    body = result.get(timeout=5)
    assert result.status == "SUCCESS"
    assert body["pong"] == 41
    assert "at" in body
    assert worker.poll() is None, "the worker is still serving when the result arrives"
    # The worker logs success just after storing the result, so give its log a moment.
    line = f"Task accounts.tasks.ping[{result.id}] succeeded"
    deadline = time.monotonic() + 5
    while line not in log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert line in log_path.read_text()


def test_it_lets_only_one_holder_take_a_job_lock_in_redis(redis_url):
    """Foundation §5: two acquirers of the same job name, only one wins; the lock lives in Redis."""
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    name = f"test-lock-{uuid.uuid4().hex[:8]}"
    held, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first_holder():
        with job_lock(name, timeout_seconds=30):
            held.set()
            release.wait(timeout=10)
        outcome["first"] = "released"

    holder = threading.Thread(target=first_holder)
    holder.start()
    try:
        assert held.wait(timeout=10)
        # Another client of the same server (as another worker machine would be) sees the key.
        raw = redis.Redis.from_url(redis_url)
        assert [key for key in raw.scan_iter(f"*job-lock:{name}")], "lock key not in Redis"
        with pytest.raises(JobAlreadyRunning), job_lock(name):
            pytest.fail("the second acquirer entered while the first held the lock")
    finally:
        release.set()
        holder.join(timeout=10)
    assert outcome == {"first": "released"}
    assert cache.get(f"job-lock:{name}") is None

    with job_lock(name):  # free again once the holder left
        pass


def test_it_skips_an_overlapping_run_of_a_single_run_job_sharing_redis(redis_url):
    """Foundation §5: a periodic job body runs once while an overlapping call is skipped."""
    started, finish = threading.Event(), threading.Event()
    runs: list[str] = []

    @single_run(f"test-job-{uuid.uuid4().hex[:8]}", timeout_seconds=30)
    def job(tag: str) -> str:
        runs.append(tag)
        started.set()
        finish.wait(timeout=10)
        return tag

    results: dict[str, object] = {}
    first = threading.Thread(target=lambda: results.update(first=job("first")))
    first.start()
    try:
        assert started.wait(timeout=10)
        results["second"] = job("second")
    finally:
        finish.set()
        first.join(timeout=10)

    assert runs == ["first"]
    assert results == {"first": "first", "second": None}
