"""One run at a time per periodic job name, across every worker sharing the cache."""

import functools
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache

log = logging.getLogger(__name__)


class JobAlreadyRunning(Exception):
    """Another run of the same job holds the lock."""


@contextmanager
def job_lock(name: str, *, timeout_seconds: int = 60 * 60) -> Iterator[None]:
    """Hold the lock `job-lock:<name>` for the duration of the block.

    `cache.add` is atomic on Redis and in local memory, so only one caller wins. The token
    check on release stops a run that outlived its timeout from freeing a successor's lock.
    """
    key = f"job-lock:{name}"
    token = uuid.uuid4().hex
    if not cache.add(key, token, timeout=timeout_seconds):
        raise JobAlreadyRunning(name)
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)


def single_run(name: str, *, timeout_seconds: int = 60 * 60) -> Callable:
    """Decorator for periodic job bodies: skip (and say so) when a run is already going."""

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                with job_lock(name, timeout_seconds=timeout_seconds):
                    return func(*args, **kwargs)
            except JobAlreadyRunning:
                log.warning("job %s skipped: a previous run still holds its lock", name)
                return None

        return wrapper

    return decorate
