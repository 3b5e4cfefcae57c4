"""Reading import payloads into numbered rows (revops.md I-2): data rows count from 1 in CSV and JSON."""

import pytest

from revops.import_rows import UnreadableImport, contiguous_chunks, from_csv_bytes, from_json_bytes, from_list


def test_it_numbers_csv_data_rows_from_one_under_the_header_and_keeps_strings():
    numbered = from_csv_bytes(b"account,date,logins\norg-1,2025-01-01,3\norg-2,2025-01-01,\n")
    assert numbered.rows == [
        (1, {"account": "org-1", "date": "2025-01-01", "logins": "3"}),
        (2, {"account": "org-2", "date": "2025-01-01", "logins": ""}),
    ]
    assert numbered.errors == [] and numbered.total == 2


def test_it_reads_a_byte_order_mark_crlf_and_quoted_cells():
    data = '\ufeffaccount ,"note"\r\norg-1,"a, b"\r\n'.encode()
    assert from_csv_bytes(data).rows == [(1, {"account": "org-1", "note": "a, b"})]


def test_it_skips_blank_lines_but_keeps_their_number():
    numbered = from_csv_bytes(b"account,logins\norg-1,1\n\n,\norg-4,4\n")
    assert [number for number, _row in numbered.rows] == [1, 4]
    assert numbered.total == 2


def test_it_pads_short_rows_and_reports_rows_with_values_beyond_the_header():
    numbered = from_csv_bytes(b"account,logins\norg-1\norg-2,2,extra\norg-3,3,,\n")
    assert numbered.rows == [(1, {"account": "org-1", "logins": ""}), (3, {"account": "org-3", "logins": "3"})]
    assert numbered.errors == [{"row": 2, "field": "row", "message": "3 values, but the header has 2 columns."}]
    assert numbered.total == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no header row"),
        (b"\n\n", "no header row"),
        (b"account,logins\n", "no data rows"),
        (b"account,logins,account\norg-1,1,2\n", "names account more than once"),
        ("account\nZürich\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_as_rows(data, message):
    with pytest.raises(UnreadableImport, match=message):
        from_csv_bytes(data)


def test_it_numbers_json_rows_by_position_and_reports_non_objects():
    numbered = from_list([{"account": "org-1"}, "org-2", {"account": "org-3"}])
    assert numbered.rows == [(1, {"account": "org-1"}), (3, {"account": "org-3"})]
    assert numbered.errors == [{"row": 2, "field": "row", "message": "Expected an object of field values, got str."}]
    assert from_json_bytes(b'[{"logins": 1}]').rows == [(1, {"logins": 1})]
    with pytest.raises(UnreadableImport):
        from_json_bytes(b'{"rows": []}')


def test_it_chunks_consecutive_rows_and_starts_a_new_chunk_at_each_gap():
    rows = [(n, {"n": n}) for n in (1, 2, 3, 4, 5, 7, 8)]
    chunks = [(first, [r["n"] for r in chunk]) for first, chunk in contiguous_chunks(rows, 2)]
    assert chunks == [(1, [1, 2]), (3, [3, 4]), (5, [5]), (7, [7, 8])]
    assert list(contiguous_chunks([], 10)) == []
