"""The import framework around an ingest (revops.md I-1, I-2), driven with a recording fake ingest
so that chunking, numbering, statuses and failures are pinned down exactly."""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from revops import import_kinds, services, tasks
from revops.models import ImportRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CALLS: list[tuple[int, list[dict]]] = []


@dataclass(frozen=True)
class FakeError:
    row: int
    field: str
    message: str


@dataclass
class FakeResult:
    rows_ok: int
    errors: list = field(default_factory=list)


def fake_ingest(*, rows, first_row_number=1, acting_user):
    """Rows with `bad` are reported on field `bad`; a row with `boom` crashes the chunk."""
    CALLS.append((first_row_number, [dict(r) for r in rows]))
    if any("boom" in r for r in rows):
        raise RuntimeError("ingest bug")
    errors = [FakeError(first_row_number + i, "bad", "is bad.") for i, r in enumerate(rows) if "bad" in r]
    return FakeResult(rows_ok=len(rows) - len(errors), errors=errors)


@pytest.fixture(autouse=True)
def fake_kind(monkeypatch):
    CALLS.clear()
    spec = import_kinds.ImportKindSpec(
        kind="account_daily_metrics", ingest_path=f"{__name__}.fake_ingest", description="fake",
        source_field="source",
    )
    monkeypatch.setitem(import_kinds.REGISTRY, "account_daily_metrics", spec)
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    return spec


@pytest.fixture
def admin_user():
    return UserFactory(role="revops_admin")


def execute(rows, user):
    return services.import_run_execute(kind="account_daily_metrics", source="api", rows=rows, acting_user=user)


def test_it_hands_chunks_to_the_ingest_numbered_from_one_and_records_a_partial_run(admin_user):
    rows = [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4, "bad": 1}, {"n": 5}]
    run = execute(rows, admin_user)
    assert [(first, [r["n"] for r in chunk]) for first, chunk in CALLS] == [(1, [1, 2]), (3, [3, 4]), (5, [5])]
    run.refresh_from_db()
    assert (run.status, run.rows_total, run.rows_ok, run.source, run.uploaded_by) == (
        "partial", 5, 4, "api", admin_user)
    assert run.errors == [{"row": 4, "field": "bad", "message": "is bad."}]
    assert run.finished_at >= run.started_at


def test_it_marks_a_clean_run_ok_and_an_all_bad_run_failed(admin_user):
    assert execute([{"n": 1}, {"n": 2}, {"n": 3}], admin_user).status == "ok"
    failed = execute([{"bad": 1}, {"bad": 1}], admin_user)
    assert (failed.status, failed.rows_ok, len(failed.errors)) == ("failed", 0, 2)


def test_it_fills_the_row_source_from_the_run_only_where_the_row_leaves_it_empty(admin_user):
    services.import_run_execute(kind="account_daily_metrics", source="csv", acting_user=admin_user,
                                rows=[{"n": 1}, {"n": 2, "source": ""}, {"n": 3, "source": "api"}])
    assert [r["source"] for _first, chunk in CALLS for r in chunk] == ["csv", "csv", "api"]


def test_it_never_passes_a_non_object_row_and_numbers_the_rest_by_position(admin_user):
    run = execute([{"n": 1}, "oops", {"n": 3}, {"n": 4}], admin_user)
    assert [(first, len(chunk)) for first, chunk in CALLS] == [(1, 1), (3, 2)]
    assert (run.status, run.rows_total, run.rows_ok) == ("partial", 4, 3)
    assert run.errors[0]["row"] == 2 and run.errors[0]["field"] == "row"


def test_it_keeps_committed_chunks_and_fails_the_run_where_the_ingest_crashed(admin_user):
    run = execute([{"n": 1}, {"n": 2}, {"n": 3, "boom": 1}, {"n": 4}, {"n": 5}], admin_user)
    run.refresh_from_db()
    assert (run.status, run.rows_total, run.rows_ok) == ("failed", 5, 2)
    assert len(CALLS) == 2  # nothing after the crash
    assert run.errors[-1]["row"] == 3 and "stopped at rows 3-4" in run.errors[-1]["message"]


def test_it_fails_the_run_when_the_kinds_ingest_is_not_installed(admin_user, monkeypatch, fake_kind):
    monkeypatch.setitem(import_kinds.REGISTRY, "account_daily_metrics",
                        import_kinds.ImportKindSpec("account_daily_metrics", "nowhere.ingest", "missing"))
    run = execute([{"n": 1}], admin_user)
    assert (run.status, run.rows_ok) == ("failed", 0)
    assert run.errors == [{"row": None, "field": "kind",
                           "message": "The account_daily_metrics import is not available on this server."}]


def test_it_refuses_a_kind_that_is_not_registered(admin_user):
    with pytest.raises(import_kinds.UnknownImportKind, match="Known kinds: account_daily_metrics"):
        services.import_run_execute(kind="support_tickets", source="api", rows=[{}], acting_user=admin_user)
    assert not ImportRun.objects.exists()


def test_it_stores_at_most_the_error_cap_and_says_how_many_more(admin_user, monkeypatch):
    monkeypatch.setattr(services, "MAX_STORED_ERRORS", 3)
    run = execute([{"bad": 1}] * 5 + [{"n": 6}], admin_user)
    assert (run.status, run.rows_total, run.rows_ok) == ("partial", 6, 1)
    assert [e["row"] for e in run.errors] == [1, 2, 3, None]
    assert run.errors[-1]["message"] == "… and 2 more errors, not stored."


def test_it_runs_a_submitted_csv_through_the_task_on_commit_and_only_once(
    admin_user, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("usage.csv", b"n,source\n1,\n2,\n3,\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = services.import_run_submit(kind="account_daily_metrics", source="csv", file=upload,
                                         acting_user=admin_user)
        assert run.status == "running"
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert (run.status, run.rows_total, run.rows_ok) == ("ok", 3, 3)
    assert run.file.name.endswith(".csv")
    assert [(first, [r["n"] for r in chunk]) for first, chunk in CALLS] == [(1, ["1", "2"]), (3, ["3"])]
    assert CALLS[0][1][0]["source"] == "csv"

    assert tasks.run_import(run.pk) == "ok"  # a redelivered task finds the run finished
    assert len(CALLS) == 2


def test_it_runs_submitted_api_rows_from_their_stored_json(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.import_run_submit(kind="account_daily_metrics", source="api", acting_user=admin_user,
                                         rows=[{"n": 1}, {"n": 2, "bad": True}])
    run.refresh_from_db()
    assert run.file.name.endswith(".json")
    assert (run.status, run.rows_ok, run.errors) == ("partial", 1, [{"row": 2, "field": "bad", "message": "is bad."}])


def test_it_fails_an_unreadable_file_without_calling_the_ingest(admin_user, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("usage.csv", "account\nZürich\n".encode("latin-1"))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.import_run_submit(kind="account_daily_metrics", source="csv", file=upload,
                                         acting_user=admin_user)
    run.refresh_from_db()
    assert (run.status, run.rows_total, run.rows_ok) == ("failed", 0, 0)
    assert run.errors[0]["field"] == "file" and "not UTF-8" in run.errors[0]["message"]
    assert CALLS == []
