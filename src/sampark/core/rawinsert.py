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
    # frame); a column holding one object in every row (a batch's timestamp, its source) is
    # converted once.
    values: list[list[Any]] = []
    for name, convert in zip(columns, converters, strict=True):
        column_values = [row[name] for row in rows]
        if convert is not None:
            first = column_values[0]
            if column_values[-1] is first and len(set(map(id, column_values))) == 1:
                column_values = [convert(first)] * len(column_values)
            else:
                column_values = list(map(convert, column_values))
        values.append(column_values)
    data = list(zip(*values, strict=True))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, data)
    finally:
        cursor.close()
