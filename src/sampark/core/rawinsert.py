"""Bulk INSERT straight through the driver, for loaders that write thousands of rows a batch.

`connection.execute(insert(table), rows)` spends about as long turning each row's values into
driver values (SQLAlchemy's per-parameter machinery, JSON encoding) as SQLite spends storing
them. `insert_rows` and `insert_tuples` do the same conversion with each column's own bind
processor, once per value and nothing more, and hand plain tuples to the driver's
`executemany` — the stored values are exactly those SQLAlchemy would store.

Two kinds of value are taken as already converted, which lets a writer skip the conversion (or
do it in another process): a `str` given for a JSON column is JSON text (a JSON column of these
tables never holds a bare string), and a `str` given for a uuid column is the id's 32 hex digits
(`core.ids.new_id_hex`) — what SQLite stores, and what PostgreSQL reads as a uuid."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any, cast

import orjson
from sqlalchemy import JSON, FromClause, Table, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

_NONE: type = type(None)


def json_text(value: Any) -> str:
    """JSON text for a JSON column, as the functions here take it: orjson's (compact, UTF-8;
    ~0.3 µs for a small list against json.dumps' ~3 µs), json's for what orjson refuses (an
    integer past 64 bits). Either reads back as the same value."""
    try:
        return orjson.dumps(value).decode()
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Per column kind: value types the driver takes as they are.
_READY_JSON: frozenset[type] = frozenset({str})
_READY_UUID: frozenset[type] = frozenset({str, _NONE})
_READY_NONE: frozenset[type] = frozenset({_NONE})


def _json_converter(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, str):  # JSON text made earlier
            return value
        return process(value) if process is not None else value

    return convert


def _uuid_converter(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if value is None or isinstance(value, str):  # None, or the id's hex digits
            return value
        return process(value) if process is not None else value

    return convert


_UUID = uuid.UUID
_PROBE = uuid.UUID(int=0x0123456789ABCDEF0123456789ABCDEF)


def _uuid_hex(value: Any) -> Any:
    """What SQLAlchemy's uuid bind processor makes on SQLite (`value.hex`), with one call less
    and the digits formatted here: ~0.5 instead of ~0.8 µs a value; four a new person."""
    if value.__class__ is _UUID:
        return "%032x" % value.int  # noqa: UP031 - the fastest spelling
    return value


def _skip_none(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else process(value)


def _is_json(column: Any) -> bool:
    return isinstance(column.type, JSON) or isinstance(getattr(column.type, "impl", None), JSON)


def _plan(
    table: Table, dialect: Dialect, columns: Sequence[str]
) -> tuple[str, list[tuple[Callable[[Any], Any], frozenset[type]] | None]]:
    """The INSERT statement for `columns`, and each column's converter with the value types it
    need not touch (None: the driver takes every value as it is)."""
    converters: list[tuple[Callable[[Any], Any], frozenset[type]] | None] = []
    marks: list[str] = []
    qmark = dialect.paramstyle == "qmark"
    for name in columns:
        column = table.c[name]
        process = column.type._cached_bind_processor(dialect)
        if _is_json(column):
            converters.append((_json_converter(process), _READY_JSON))
            marks.append("?" if qmark else "%s::jsonb" if dialect.name == "postgresql" else "%s")
            continue
        marks.append("?" if qmark else "%s")
        if isinstance(column.type, Uuid):
            stores_hex = process is not None and process(_PROBE) == _PROBE.hex
            converters.append((_uuid_hex if stores_hex else _uuid_converter(process), _READY_UUID))
        else:  # SQLAlchemy's own conversion (None: the driver takes the value as it is)
            converters.append(None if process is None else (_skip_none(process), _READY_NONE))
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) VALUES ({', '.join(marks)})"  # noqa: S608
    )
    return sql, converters


def _check_filled(table: Table, columns: Sequence[str]) -> None:
    # SQLAlchemy would fill these; here the caller must (a missing one would be stored NULL).
    given = set(columns)
    unfilled = [c.name for c in table.c if c.name not in given and c.default is not None]
    if unfilled:
        raise ValueError(f"insert_rows into {table.name}: give {', '.join(unfilled)}")


def _convert(
    values: Sequence[Any], converter: tuple[Callable[[Any], Any], frozenset[type]] | None
) -> Sequence[Any] | None:
    """One column's values converted, or None when the driver takes them as they are. The
    types are looked at in C (`set(map(type, …))`); a column holding one object in every row (a
    batch's timestamp, its source) is converted once."""
    if converter is None:
        return None
    convert, ready = converter
    if set(map(type, values)) <= ready:
        return None
    first = values[0]
    if values[-1] is first and len(set(map(id, values))) == 1:
        return [convert(first)] * len(values)
    return list(map(convert, values))


def driver_cursor(session: Session) -> Any:
    """A cursor of the driver's own connection under the session's transaction: rows fetched
    with it skip SQLAlchemy's result objects, which cost a few µs a row."""
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def _execute(session: Session, sql: str, data: Sequence[Sequence[Any]]) -> None:
    cursor = driver_cursor(session)
    try:
        cursor.executemany(sql, data)
    finally:
        cursor.close()


def insert_rows(session: Session, into: FromClause, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys, all columns of `table`) in one executemany."""
    if not rows:
        return
    columns = list(rows[0])
    if len(columns) == 1:
        tuples = [(row[columns[0]],) for row in rows]
    else:  # itemgetter of several keys makes each row's tuple in C
        tuples = list(map(itemgetter(*columns), rows))
    insert_tuples(session, into, columns, tuples)


def insert_tuples(
    session: Session,
    into: FromClause,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """INSERT `rows` (tuples of the values of `columns`, in that order) in one executemany;
    `same`: columns with one value for every row (converted once, added to each row)."""
    if not rows:
        return
    table = cast(Table, into)  # a model's __table__
    dialect = session.connection().dialect
    extra = list(same or {})
    names = [*columns, *extra]
    _check_filled(table, names)
    sql, converters = _plan(table, dialect, names)
    width = len(columns)
    # Column by column, in C where it can be: transposed with zip, each column's types checked
    # with one set(map(type, …)), converted only when some value needs it.
    transposed: list[Sequence[Any]] = list(zip(*rows, strict=True))
    changed = False
    for index in range(width):
        converted = _convert(transposed[index], converters[index])
        if converted is not None:
            transposed[index], changed = converted, True
    data: Sequence[Sequence[Any]] = list(zip(*transposed, strict=True)) if changed else rows
    if extra:
        tail = []
        for offset, name in enumerate(extra):
            value = (same or {})[name]
            converter = converters[width + offset]
            tail.append(value if converter is None or value is None else converter[0](value))
        constant = tuple(tail)
        data = [row + constant for row in data]  # type: ignore[operator]
    _execute(session, sql, data)
