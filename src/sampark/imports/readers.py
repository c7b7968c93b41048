"""Reading import files: CSV in any common delimiter and encoding, and XLSX, as a stream of rows.

`inspect(path)` finds out what a file is (format, encoding, delimiter, header row);
`iter_rows(path, info)` then yields its data rows one at a time, never the whole file in memory.
A row that cannot be read (a field past `MAX_FIELD` characters, a broken quote) comes out as a
row with an error instead of ending the file."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

DELIMITERS = (",", ";", "\t", "|")
MAX_FIELD = 65_536  # characters in one cell; past it the row is reported, not imported
SAMPLE_BYTES = 256 * 1024
_CSV_HARD_LIMIT = 16 * 1024 * 1024  # the csv module's own cap, above ours so we can report it

csv.field_size_limit(_CSV_HARD_LIMIT)


class FileUnreadable(Exception):
    """The file as a whole cannot be read (not CSV or XLSX, no header row, corrupt archive)."""


@dataclass(frozen=True)
class FileInfo:
    format: str  # csv | xlsx
    encoding: str | None  # csv only: utf-8, utf-8-sig, utf-16, cp1252 …
    delimiter: str | None  # csv only
    headers: list[str]


@dataclass
class Row:
    number: int  # the spreadsheet row number: the header is row 1, the first data row 2
    values: list[str]
    error: str | None = None


def _is_xlsx(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            return "xl/workbook.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def detect_encoding(path: Path) -> str:
    """BOM first (UTF-8, UTF-16 LE/BE); else strict UTF-8 over the whole file; else what
    charset-normalizer guesses from a sample, Windows-1252 when it has no opinion."""
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    with path.open("rb") as f:
        sample = f.read(SAMPLE_BYTES)
    best = from_bytes(
        sample, cp_isolation=["cp1252", "utf_16", "cp1250", "cp1251", "latin_1", "utf_8"]
    ).best()
    if best is None or best.encoding in _LATIN:
        # What Excel on Windows writes. Short samples of Latin text make the detector waver
        # between these code pages; Windows-1252 is the one meant unless it cannot decode them.
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return str(best.encoding).replace("_", "-") if best else "cp1252"
    return str(best.encoding).replace("_", "-")


_LATIN = {"ascii", "utf_8", "latin_1", "cp1250", "cp1252", "iso8859_15", "iso8859_2", "mac_roman"}


def detect_delimiter(sample: str) -> str:
    """The candidate that splits the first lines into the same number (> 1) of columns, the
    most columns winning; a comma when nothing does."""
    lines = sample.splitlines()[:30]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may cut the last line short
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        consistent = sum(1 for w in widths if w == widths[0])
        score = (consistent, widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    errors = "strict" if encoding.startswith("utf") else "replace"
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, errors=errors, newline="")


def _clean_header(value: str, index: int) -> str:
    text = " ".join(str(value).replace("\ufeff", "").split())
    return text or f"Column {index + 1}"


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h, 0)
        seen[h] = n + 1
        out.append(h if n == 0 else f"{h} ({n + 1})")
    return out


def inspect(path: Path) -> FileInfo:
    """What the file is and its header row; raises FileUnreadable when it cannot be imported."""
    if not path.exists() or path.stat().st_size == 0:
        raise FileUnreadable("The file is empty.")
    if _is_xlsx(path):
        for row in _xlsx_rows(path):
            if row.values and any(v for v in row.values):
                return FileInfo(
                    "xlsx", None, None, _unique([_clean_header(v, i) for i, v in enumerate(row.values)])
                )
        raise FileUnreadable("The first sheet has no header row.")
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileUnreadable("This is a spreadsheet format we cannot read; save it as XLSX or CSV.")
    encoding = detect_encoding(path)
    try:
        with _open_text(path, encoding) as text:
            sample = text.read(SAMPLE_BYTES)
    except UnicodeDecodeError as exc:
        raise FileUnreadable(f"The file is not text in {encoding}: {exc}") from exc
    if "\x00" in sample:
        raise FileUnreadable("The file is binary, not CSV text.")
    delimiter = detect_delimiter(sample)
    try:
        # newline="": a bare carriage return (old Mac line endings) ends a line, as in the rows.
        header_line = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), None)
    except csv.Error as exc:
        raise FileUnreadable(f"The header row cannot be read: {exc}") from exc
    if not header_line or not any(h.strip() for h in header_line):
        raise FileUnreadable("The file has no header row.")
    headers = _unique([_clean_header(h, i) for i, h in enumerate(header_line)])
    return FileInfo("csv", encoding, delimiter, headers)


def iter_rows(path: Path, info: FileInfo, skip: int = 0) -> Iterator[Row]:
    """The data rows after the header, skipping the first `skip` of them (a resumed import)."""
    source = _xlsx_rows(path) if info.format == "xlsx" else _csv_rows(path, info)
    header_seen = False
    index = 0
    for row in source:
        if not header_seen:
            if info.format == "xlsx" and not any(row.values):
                continue
            header_seen = True
            continue
        index += 1
        if index <= skip:
            continue
        if row.error is None and row.values and max(map(len, row.values)) > MAX_FIELD:
            row = Row(row.number, [], f"a cell is longer than {MAX_FIELD:,} characters")
        yield row


# Encodings in which a quote, a carriage return and a line feed are those single bytes and no
# other character contains them.
_BYTE_COUNTABLE = {"utf-8", "utf-8-sig", "ascii", "cp1252", "cp1250", "cp1251", "latin-1", "iso-8859-1"}


def count_rows(path: Path, info: FileInfo) -> int:
    """How many rows `iter_rows` yields. A CSV without a single quote character is one row per
    line, so its line breaks are counted in the bytes (\n, \r and \r\n, as the reader splits
    lines), ~100× faster than parsing it; any other file is read row by row."""
    if info.format == "csv" and (info.encoding or "utf-8") in _BYTE_COUNTABLE:
        records = _count_unquoted_lines(path)
        if records is not None:
            return max(records - 1, 0)  # the header row
    return sum(1 for _ in iter_rows(path, info))


def _count_unquoted_lines(path: Path, chunk_size: int = 1 << 20) -> int | None:
    """Lines, as `open(newline="")` splits them (a line after the last break counts when it is
    not empty); None when the file has a quote, so a field may span lines."""
    lines = 0
    last = b""
    with path.open("rb") as f:
        while chunk := f.read(chunk_size):
            if b'"' in chunk:
                return None
            lines += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last == b"\r" and chunk[:1] == b"\n":  # one \r\n across two chunks
                lines -= 1
            last = chunk[-1:]
    if last not in (b"", b"\n", b"\r"):
        lines += 1
    return lines


def _csv_rows(path: Path, info: FileInfo) -> Iterator[Row]:
    with _open_text(path, info.encoding or "utf-8") as text:
        reader = csv.reader(text, delimiter=info.delimiter or ",", strict=False)
        number = 0
        while True:
            number += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Row(number, [], f"the row cannot be read: {exc}")
                continue
            yield Row(number, values)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a corrupt archive
        raise FileUnreadable(f"The workbook cannot be opened: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_cell(v) for v in cells]
            while values and values[-1] == "":
                values.pop()
            yield Row(number, values)
    finally:
        book.close()


def describe_encoding(encoding: str | None) -> str | None:
    """A name people know: utf-8-sig → UTF-8 (with BOM), cp1252 → Windows-1252."""
    names = {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8 (with BOM)",
        "utf-16": "UTF-16",
        "cp1252": "Windows-1252",
    }
    if encoding is None:
        return None
    return names.get(encoding, encoding)
