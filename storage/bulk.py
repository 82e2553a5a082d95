"""Many rows in one INSERT whose SQL is rendered once: for the statements a poll runs with
dozens of rows (its entries, stories, story aliases).

SQLAlchemy's ``insertmanyvalues`` builds the same multi-row ``INSERT ... VALUES (...), (...)
RETURNING`` but does per-row work in Python to get there (a dict of parameters per row, each
value through the compiled statement's parameter machinery): on a cold poll of 50 entries that
cost more CPU than SQLite spent storing them. Here a row is a tuple in the declared column order,
each value goes through its column type's bind processor (the same conversion SQLAlchemy
applies: UTC datetimes, booleans), and the statement goes to the driver as it is, in the
caller's transaction. The SQL is standard for SQLite (3.35+) and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect

MAX_PARAMS = 900    # values bound in one statement (SQLite before 3.32 allowed at most 999)


@dataclass(frozen=True)
class BulkInsert:
    """``INSERT INTO table (columns) VALUES ... [ON CONFLICT (conflict) DO NOTHING | DO UPDATE SET
    update = excluded.update [WHERE update_where]] [RETURNING returning]``."""

    table: Table
    columns: tuple[str, ...]
    returning: tuple[str, ...] = ()     # values come back as the column types read them (UTC datetimes)
    conflict: tuple[str, ...] = ()      # columns of a unique index: a row that collides is skipped...
    update: tuple[str, ...] = ()        # ... or updates these columns of the row it collides with
    update_where: str = ""              # SQL: when it does (``excluded.`` names the new row's values)

    def run(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """Insert ``rows`` (values in the order of ``columns``); the RETURNING rows, in no order."""
        plan = _plan(self, conn.dialect)
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(rows), plan.batch):
            part = rows[i:i + plan.batch]
            params: list[Any] = []
            for row in part:
                if len(row) != len(self.columns):
                    raise ValueError(f"{self.table.name}: {len(row)} values for {len(self.columns)} columns")
                params.extend(row)
            for at, process in plan.processors:
                for j in range(at, len(params), len(self.columns)):
                    params[j] = process(params[j])
            result = conn.exec_driver_sql(plan.sql(len(part)), tuple(params))
            if self.returning:
                out.extend(_read(r, plan.results) for r in result)
        return out


def _read(row: Any, results: tuple[tuple[int, Callable[[Any], Any]], ...]) -> tuple[Any, ...]:
    if not results:
        return tuple(row)
    values = list(row)
    for at, process in results:
        values[at] = process(values[at])
    return tuple(values)


@dataclass(frozen=True)
class _Plan:
    head: str
    group: str
    tail: str
    batch: int
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]
    results: tuple[tuple[int, Callable[[Any], Any]], ...]
    rendered: dict[int, str] = field(default_factory=dict, compare=False)    # by number of rows

    def sql(self, rows: int) -> str:
        sql = self.rendered.get(rows)
        if sql is None:
            sql = self.rendered[rows] = self.head + ", ".join([self.group] * rows) + self.tail
        return sql


_plans: dict[tuple[BulkInsert, str], _Plan] = {}


def _plan(bulk: BulkInsert, dialect: Dialect) -> _Plan:
    key = (bulk, dialect.name)
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = _make_plan(bulk, dialect)
    return plan


def _make_plan(bulk: BulkInsert, dialect: Dialect) -> _Plan:
    if dialect.paramstyle == "qmark":
        mark = "?"
    elif dialect.paramstyle in ("format", "pyformat"):
        mark = "%s"
    else:
        raise NotImplementedError(f"bulk insert: paramstyle {dialect.paramstyle}")
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in bulk.columns)
    tail = f" ON CONFLICT ({', '.join(quote(c) for c in bulk.conflict)})" if bulk.conflict else ""
    if bulk.conflict and bulk.update:
        tail += " DO UPDATE SET " + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in bulk.update)
        tail += f" WHERE {bulk.update_where}" if bulk.update_where else ""
    elif bulk.conflict:
        tail += " DO NOTHING"
    if bulk.returning:
        tail += " RETURNING " + ", ".join(quote(c) for c in bulk.returning)
    # the dialect's own type (SQLite's DATETIME writes SQLAlchemy's text format, which the
    # driver's default adapter does not: the stored text is compared in queries)
    processors = [(at, p) for at, name in enumerate(bulk.columns)
                  if (p := bulk.table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    results = [(at, p) for at, name in enumerate(bulk.returning)
               if (p := bulk.table.c[name].type.dialect_impl(dialect).result_processor(dialect, None)) is not None]
    return _Plan(f"INSERT INTO {dialect.identifier_preparer.format_table(bulk.table)} ({names}) VALUES ",
                 "(" + ", ".join([mark] * len(bulk.columns)) + ")", tail,
                 max(1, MAX_PARAMS // len(bulk.columns)), tuple(processors), tuple(results))
