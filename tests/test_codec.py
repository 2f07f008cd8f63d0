from __future__ import annotations

import io

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearline.codec import ErrorRecord, read_csv, read_jsonl
from clearline.model import InputError, Message
from support import line


def _jsonl(data: bytes, limit: int = 512 * 1024) -> list[Message | ErrorRecord]:
    return [item for _, item in read_jsonl(io.BytesIO(data), limit)]


def test_each_bad_line_gets_its_own_clear_error_and_good_lines_still_parse() -> None:
    data = b"".join(
        [
            line(id="ok1"),
            b'{"id": "broken", "ts": \n',
            line(id="nots", ts="soon"),
            b"\n",
            b'"just a string"\n',
            line(id="bad-utf8", body="x").replace(b'"x"', b'"\xc3\x28"'),
            line(id="ok2"),
        ]
    )
    items = _jsonl(data)
    assert [type(i).__name__ for i in items] == [
        "Message",
        "ErrorRecord",
        "ErrorRecord",
        "ErrorRecord",
        "ErrorRecord",
        "ErrorRecord",
        "Message",
    ]
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert [e.line for e in errors] == [2, 3, 4, 5, 6]
    assert errors[0].error.startswith("invalid JSON")
    assert errors[1].id == "nots" and "`ts`" in errors[1].error
    assert errors[2].error == "empty line"
    assert "JSON object" in errors[3].error
    bad_line = line(id="bad-utf8", body="x").replace(b'"x"', b'"\xc3\x28"')
    where = bad_line.index(b"\xc3")
    # Where the bad byte is, whatever msgspec release reports it (0.23 stopped giving the offset).
    assert errors[4].id == "bad-utf8"
    assert errors[4].error == f"invalid UTF-8 at byte {where} of the line"


def test_a_one_megabyte_line_is_refused_without_stopping_the_run() -> None:
    huge = line(id="huge", body="x" * 1_000_000)
    items = _jsonl(line(id="a") + huge + line(id="b"), limit=64 * 1024)
    assert isinstance(items[0], Message) and isinstance(items[2], Message)
    error = items[1]
    assert isinstance(error, ErrorRecord)
    assert error.line == 2 and error.id == "huge"
    assert "over the 65,536-byte limit" in error.error


def test_a_body_beyond_the_text_limit_is_an_input_error() -> None:
    [item] = _jsonl(line(id="big", body="y" * 70_000))
    assert isinstance(item, ErrorRecord) and "`body`" in item.error


def test_empty_input_yields_nothing() -> None:
    assert _jsonl(b"") == []


def test_byte_order_mark_on_the_first_line_is_ignored() -> None:
    [item] = _jsonl(b"\xef\xbb\xbf" + line())
    assert isinstance(item, Message)


def test_csv_with_the_same_columns_reads_like_json_lines() -> None:
    data = (
        b"id,ts,from,to,body,channel,campaign\r\n"
        b'c1,2026-11-23T15:00:00Z,+12125550123,+14155550100,"hello, ""friend""\nsee you",,\r\n'
        b"c2,2026-11-23T15:00:00Z,+12125550123,+14155550100,hi,mms,CAMP1\r\n"
        b"c3,not-a-time,+12125550123,+14155550100,hi,,\r\n"
        b"c4,2026-11-23T15:00:00Z,+12125550123\r\n"
    )
    items = list(read_csv(io.BytesIO(data)))
    first, second, third, fourth = (item for _, item in items)
    assert isinstance(first, Message) and first.body == 'hello, "friend"\nsee you'
    assert isinstance(second, Message) and second.channel == "mms" and second.campaign == "CAMP1"
    assert isinstance(third, ErrorRecord) and third.id == "c3" and "`ts`" in third.error
    assert isinstance(fourth, ErrorRecord) and "fields" in fourth.error
    assert [n for n, _ in items] == [3, 4, 5, 6]


def test_csv_unknown_columns_and_bad_bytes_are_named() -> None:
    unknown = (
        b"id,ts,from,to,body,colour\r\nc1,2026-11-23T15:00:00Z,+12125550123,+14155550100,hi,red\r\n"
    )
    with pytest.raises(InputError) as raised:
        list(read_csv(io.BytesIO(unknown)))
    assert str(raised.value) == (
        "CSV header: unknown column `colour`; the columns are id, ts, from, to, body (required) "
        "and campaign, channel (optional)"
    )
    bad = b"id,ts,from,to,body\r\nc1,2026-11-23T15:00:00Z,+12125550123,+14155550100,\xff\r\n"
    [(_, err)] = list(read_csv(io.BytesIO(bad)))
    assert isinstance(err, ErrorRecord) and err.error == "invalid UTF-8"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=120).map(lambda b: b.replace(b"\n", b"")), max_size=30))
def test_every_input_line_yields_exactly_one_record_in_order(lines: list[bytes]) -> None:
    data = b"".join(chunk + b"\n" for chunk in lines)
    records = list(read_jsonl(io.BytesIO(data)))
    assert [n for n, _ in records] == list(range(1, len(lines) + 1))
    for _, item in records:
        if isinstance(item, ErrorRecord):
            assert item.error
            msgspec.json.encode(item)


def test_csv_field_over_the_limit_is_an_error_and_the_next_row_still_reads() -> None:
    data = (
        "id,ts,from,to,body\n"
        f"c1,2026-11-23T15:00:00Z,+12125550123,+14155550100,{'x' * 5000}\n"
        "c2,2026-11-23T15:00:00Z,+12125550123,+14155550100,ok\n"
    ).encode()
    (_, first), (_, second) = read_csv(io.BytesIO(data), 2048)
    assert isinstance(first, ErrorRecord) and "limit" in first.error
    assert isinstance(second, Message) and second.id == "c2"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([line(id="a"), line(id="b", body="z" * 300), b"\n", b"{bad\n"]),
            st.binary(max_size=200),
        ),
        max_size=20,
    ),
    st.integers(min_value=1, max_value=64),
)
def test_chunk_boundaries_never_change_the_records(parts: list[bytes], chunk: int) -> None:
    import clearline.codec as codec

    data = b"".join(parts)
    expected = list(read_jsonl(io.BytesIO(data), max_line_bytes=1024))
    original = codec._CHUNK_BYTES
    codec._CHUNK_BYTES = chunk
    try:
        assert list(read_jsonl(io.BytesIO(data), max_line_bytes=1024)) == expected
    finally:
        codec._CHUNK_BYTES = original


_CSV_HEAD = b"id,ts,from,to,body\n"


def _csv_row(row_id: str, body: str) -> bytes:
    return f"{row_id},2026-11-23T15:00:00Z,+12125550123,+14155550100,{body}\n".encode()


def test_csv_header_without_required_columns_is_one_error_naming_the_expected_columns() -> None:
    data = b"id,from,to,text\n" + b"c1,+12125550123,+14155550100,hi\n" * 3
    with pytest.raises(InputError, match=r"CSV header: unknown column `text`; missing column `ts`"):
        list(read_csv(io.BytesIO(data)))


def test_csv_unterminated_quote_at_the_end_is_an_error_and_the_rows_after_it_still_score() -> None:
    data = _CSV_HEAD + _csv_row("c1", '"never closed') + _csv_row("c2", "hi") + _csv_row("c3", "yo")
    records = list(read_csv(io.BytesIO(data)))
    assert [(n, getattr(r, "id", None)) for n, r in records] == [(2, "c1"), (3, "c2"), (4, "c3")]
    first = records[0][1]
    assert isinstance(first, ErrorRecord)
    assert first.error == "unterminated quoted field: the quote opened on line 2 never closes"
    assert all(isinstance(r, Message) for _, r in records[1:])


def test_csv_quoted_field_past_the_byte_bound_is_an_error_and_reading_resumes_after_it() -> None:
    filler = b"".join(_csv_row(f"f{i}", "x" * 100) for i in range(30))  # 30 rows, ~3 KB
    data = _CSV_HEAD + _csv_row("c1", '"runs on') + filler
    records = list(read_csv(io.BytesIO(data), 1024))
    assert len(records) == 31
    number, first = records[0]
    assert number == 2 and isinstance(first, ErrorRecord) and first.id == "c1"
    assert "runs past the 1,024-byte limit" in first.error
    assert [n for n, _ in records[1:]] == list(range(3, 33))
    assert all(isinstance(r, Message) for _, r in records[1:])


def test_csv_legal_multiline_fields_and_stray_quotes_still_read_as_one_row() -> None:
    data = _CSV_HEAD + _csv_row("c1", '"two\nlines"') + _csv_row("c2", 'a 5" screen')
    records = list(read_csv(io.BytesIO(data)))
    assert [n for n, _ in records] == [3, 4]
    first, second = (r for _, r in records)
    assert isinstance(first, Message) and first.body == "two\nlines"
    assert isinstance(second, Message) and second.body == 'a 5" screen'
