"""A table's cells read as figures, its columns' kinds, and its totals worked out and compared.

The loader reports what is wrong (a cell that does not fit its column, a stated total
that is not the sum of its parts); the pages show the same grid. Both read it from here,
so the figure a page shows is the figure that was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from planpress.plan.figures import SUMMABLE, CellKind, Value, column_kind, format_as, read_value
from planpress.plan.model import Finance, Plan, Table

STATED_TOTAL = "stated-total"
"""The rule id an author names in `accept:` to keep a published total that does not add up."""


@dataclass(frozen=True)
class Mismatch:
    """A stated total that is not the sum of its parts."""

    row: int
    column: int
    stated: str
    computed: str
    parts: str
    """What was added up, e.g. `the rows above in the column '2016'`."""

    def message(self) -> str:
        return (
            f"the stated total {self.stated} is not the sum of {self.parts}, which is {self.computed}: "
            "correct it, or, to keep the total as published, add `accept: [stated-total]` "
            "and a `reason` to the table"
        )


@dataclass
class Grid:
    """A table's cells read from their text, with its worked-out totals."""

    values: list[list[Value]]
    kinds: list[CellKind]
    row_header: int | None
    filled: dict[tuple[int, int], str] = field(default_factory=dict)
    """Total cells the plan left blank, with the total planpress worked out."""
    mismatches: list[Mismatch] = field(default_factory=list)

    def summable(self, column: int) -> bool:
        return self.kinds[column] in SUMMABLE and column != self.row_header


def row_header_column(table: Table) -> int | None:
    """The column that names the rows: the one chosen, or the first unless it holds only figures."""
    if table.row_header is False:
        return None
    if isinstance(table.row_header, str):
        return table.header.index(table.row_header) if table.row_header in table.header else None
    first = [read_value(row[0]).kind for row in table.rows if row]
    return 0 if first and any(kind == CellKind.TEXT for kind in first) else None


def read_grid(table: Table) -> Grid:
    """Read every cell, settle each column's kind, and work out the totals the table declares."""
    width = len(table.header)
    values = [[read_value(cell) for cell in row] for row in table.rows]
    body = values[:-1] if table.total_row else values
    if table.column_types:
        kinds = [CellKind(t.value) for t in table.column_types]
    else:
        kinds = [column_kind(row[j] for row in body if j < len(row)) for j in range(width)]
    grid = Grid(values, kinds, row_header_column(table))
    if any(len(row) != width for row in values) or not values:
        return grid
    last_column = width - 1
    if table.total_column and grid.kinds[last_column] == CellKind.EMPTY:
        part_kinds = {grid.kinds[j] for j in range(last_column) if grid.summable(j)}
        grid.kinds[last_column] = part_kinds.pop() if len(part_kinds) == 1 else CellKind.EMPTY
    parts = [j for j in range(width) if grid.summable(j) and not (table.total_column and j == last_column)]
    body_rows = range(len(values) - 1 if table.total_row else len(values))
    sums_rows = table.total_column and grid.summable(last_column)
    if sums_rows:
        for r in body_rows:
            _compare(grid, r, last_column, [values[r][j] for j in parts], f"the figures in row {r + 1}")
    if table.total_row:
        last_row = len(values) - 1
        for j in [*parts, *([last_column] if sums_rows else [])]:
            cells = [_effective(grid, r, j) for r in body_rows]
            _compare(grid, last_row, j, cells, f"the rows above in the column '{table.header[j]}'")
        if sums_rows and not any((m.row, m.column) == (last_row, last_column) for m in grid.mismatches):
            cells = [_effective(grid, last_row, j) for j in parts]
            _compare(grid, last_row, last_column, cells, "the totals in the last row")
    return grid


def _effective(grid: Grid, row: int, column: int) -> Value:
    """A cell, or the total worked out for it when the plan left it blank."""
    value = grid.values[row][column]
    if value.kind == CellKind.EMPTY and (row, column) in grid.filled:
        return read_value(grid.filled[(row, column)])
    return value


def _compare(grid: Grid, row: int, column: int, parts: list[Value], what: str) -> None:
    """Fill a blank total cell, or note a stated total that is not the sum of `parts`."""
    computed = sum((v.number for v in parts if v.number is not None and v.kind in SUMMABLE), Decimal(0))
    kind = grid.kinds[column]
    stated = grid.values[row][column]
    if stated.kind == CellKind.EMPTY:
        grid.filled.setdefault((row, column), format_as(kind, computed))
    elif stated.number is not None and stated.number != computed:
        grid.mismatches.append(Mismatch(row, column, stated.shown(), format_as(kind, computed), what))


@dataclass(frozen=True)
class FinanceTotals:
    """A finance block's totals: per plan year, for lines with no year, and overall."""

    by_year: dict[str, Decimal]
    undated: Decimal
    overall: Decimal
    match_funding: Decimal


def finance_totals(finance: Finance) -> FinanceTotals:
    """Add up every amount of every item, per year and overall."""
    by_year: dict[str, Decimal] = {}
    undated = Decimal(0)
    for item in finance.items:
        if item.amount is not None:
            if item.year is None:
                undated += item.amount
            else:
                by_year[item.year] = by_year.get(item.year, Decimal(0)) + item.amount
        for year, amount in item.amounts.items():
            by_year[year] = by_year.get(year, Decimal(0)) + amount
    overall = undated + sum(by_year.values(), Decimal(0))
    match = sum((i.match_funding for i in finance.items if i.match_funding is not None), Decimal(0))
    return FinanceTotals(by_year, undated, overall, match)


def item_total(finance_item_amount: Decimal | None, amounts: dict[str, Decimal]) -> Decimal:
    """One item's amount over all its years."""
    return (finance_item_amount or Decimal(0)) + sum(amounts.values(), Decimal(0))


def worked_out(plan: Plan) -> dict[str, Any]:
    """The totals planpress worked out, for `plan.json`: each total cell of each table (as the
    plan states it and as the parts add up), and each finance block's totals, exactly."""
    tables: dict[str, Any] = {}
    for table in plan.tables:
        if not (table.total_row or table.total_column) or not table.rows:
            continue
        grid = read_grid(table)
        mismatches = {(m.row, m.column): m.computed for m in grid.mismatches}
        last_row, last_column = len(grid.values) - 1, len(table.header) - 1
        cells = [(last_row, c) for c in range(len(table.header)) if table.total_row and grid.summable(c)]
        if table.total_column and grid.summable(last_column):
            cells += [(r, last_column) for r in range(len(grid.values)) if (r, last_column) not in cells]
        tables[table.id] = [
            {
                "row": r,
                "column": c,
                "stated": grid.values[r][c].shown() or None,
                "computed": grid.filled.get((r, c)) or mismatches.get((r, c)) or grid.values[r][c].shown(),
            }
            for r, c in sorted(cells)
        ]
    finance = {}
    for block in plan.finance:
        totals = finance_totals(block)
        finance[block.id] = {
            "by_year": {year: str(amount) for year, amount in sorted(totals.by_year.items())},
            "undated": str(totals.undated),
            "overall": str(totals.overall),
            "match_funding": str(totals.match_funding),
            **({"stated": str(block.total)} if block.total is not None else {}),
        }
    return {"tables": tables, "finance": finance}


WORKED_OUT_SCHEMA: dict[str, Any] = {
    "readOnly": True,
    "description": "Written by planpress in each version's plan.json, never in a plan file: the "
    "totals it worked out. `tables`: per table id, each total cell (row and column from 0) as "
    "`stated` in the plan (null when left blank) and as `computed` from its parts. `finance`: "
    "per block id, amounts in pounds as exact decimal strings.",
    "type": "object",
    "properties": {
        "tables": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "row": {"type": "integer"},
                        "column": {"type": "integer"},
                        "stated": {"type": ["string", "null"]},
                        "computed": {"type": "string"},
                    },
                    "required": ["row", "column", "stated", "computed"],
                    "additionalProperties": False,
                },
            },
        },
        "finance": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "by_year": {"type": "object", "additionalProperties": {"type": "string"}},
                    "undated": {"type": "string"},
                    "overall": {"type": "string"},
                    "match_funding": {"type": "string"},
                    "stated": {"type": "string"},
                },
                "required": ["by_year", "undated", "overall", "match_funding"],
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
"""The shape of `worked_out` in plan.json, added to the plan schema (`planpress.schema`)."""
