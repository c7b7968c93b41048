"""Bulk INSERT straight through the driver, for loaders that write thousands of rows a batch.

`connection.execute(insert(table), rows)` spends about as long turning each row's values into
driver values (SQLAlchemy's per-parameter machinery, JSON encoding) as SQLite spends storing
them. `insert_rows` does the same conversion with each column's own bind processor, once per
value and nothing more, and hands plain tuples to the driver's `executemany` — the stored values
are exactly those SQLAlchemy would store. A `str` given for a JSON column is taken as JSON text
made earlier (e.g. in a second process) and written as it is (a JSON column of these tables never
holds a bare string)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import JSON, FromClause, Table
from sqlalchemy.orm import Session


def _json_converter(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, str):  # JSON text made earlier
            return value
        return process(value) if process is not None else value

    return convert


def _skip_none(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else process(value)


def _repeats_once(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert`, reusing its answer while the value is the very object it last converted."""
    last: list[Any] = [_UNSET, None]

    def converted(value: Any) -> Any:
        if value is last[0]:
            return last[1]
        last[0], last[1] = value, convert(value)
        return last[1]

    return converted


_UNSET = object()


def insert_rows(session: Session, into: FromClause, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys, all columns of `table`) in one executemany."""
    if not rows:
        return
    table = cast(Table, into)  # a model's __table__
    conn = session.connection()
    dialect = conn.dialect
    columns = list(rows[0])
    # SQLAlchemy would fill these; here the caller must (a missing one would be stored NULL).
    unfilled = [c.name for c in table.c if c.name not in rows[0] and c.default is not None]
    if unfilled:
        raise ValueError(f"insert_rows into {table.name}: give {', '.join(unfilled)}")
    converters: list[Callable[[Any], Any] | None] = []
    marks: list[str] = []
    qmark = dialect.paramstyle == "qmark"
    for name in columns:
        column = table.c[name]
        is_json = isinstance(column.type, JSON) or isinstance(getattr(column.type, "impl", None), JSON)
        process = column.type._cached_bind_processor(dialect)
        if is_json:
            converters.append(_json_converter(process))
            marks.append("?" if qmark else "%s::jsonb" if dialect.name == "postgresql" else "%s")
        else:  # SQLAlchemy's own conversion (None: the driver takes the value as it is)
            converters.append(None if process is None else _skip_none(process))
            marks.append("?" if qmark else "%s")
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) VALUES ({', '.join(marks)})"  # noqa: S608
    )
    # Column by column: one list per column, converted with one `map` (no per-value generator
    # frame), and a value the same object as the row before's (a batch's one timestamp, its
    # source) is converted once.
    values: list[list[Any]] = []
    for name, convert in zip(columns, converters, strict=True):
        column_values = [row[name] for row in rows]
        if convert is not None:
            column_values = list(map(_repeats_once(convert), column_values))
        values.append(column_values)
    data = list(zip(*values, strict=True))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, data)
    finally:
        cursor.close()
