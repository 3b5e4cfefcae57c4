"""Periodic jobs take a lock per job name so two runs never overlap (issue 11 §5)."""

import pytest

from config.locks import JobAlreadyRunning, job_lock, single_run


def test_it_refuses_a_second_holder_of_the_same_job_lock():
    with job_lock("nightly"):
        with pytest.raises(JobAlreadyRunning), job_lock("nightly"):
            pass
        with job_lock("another-job"):
            pass  # other names are independent
    with job_lock("nightly"):
        pass  # released after the first block


def test_it_releases_the_lock_when_the_job_fails():
    with pytest.raises(RuntimeError), job_lock("flaky"):
        raise RuntimeError("boom")
    with job_lock("flaky"):
        pass


def test_it_skips_an_overlapping_run_of_a_single_run_job():
    calls = []

    @single_run("recompute")
    def job():
        calls.append("ran")
        return "done"

    with job_lock("recompute"):
        assert job() is None
    assert job() == "done"
    assert calls == ["ran"]
