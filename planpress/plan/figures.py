"""Figures as authors type them: `1,238`, `£412,000`, `£1.3m`, `43.4%`, `April 2016`.

A cell or an amount is read from its text into a kind and an exact value (`Decimal`,
never a float, so `£1,240,000` adds up to the penny), and shown back in one consistent
form. Totals are worked out here too, so the loader can compare them with the totals a
plan states and the pages can show them: the model knows nothing of HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class CellKind(StrEnum):
    """What a cell holds; `empty` is a blank cell (`''`)."""

    EMPTY = "empty"
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    TEXT = "text"


SUMMABLE = frozenset({CellKind.NUMBER, CellKind.MONEY})
"""Kinds that add up. Percentages and dates never do."""

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^(-?)({_NUMBER})$")
_PERCENT_RE = re.compile(rf"^(-?)({_NUMBER})\s?%$")
_MONEY_RE = re.compile(rf"^(-?)£\s?({_NUMBER})\s?(k|m|bn)?$", re.IGNORECASE)
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (dt.date(2000, number, 1).strftime("%B"), dt.date(2000, number, 1).strftime("%b"))
}
_MONTH_RE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_SCALE = {"": Decimal(1), "k": Decimal(1000), "m": Decimal(1_000_000), "bn": Decimal(1_000_000_000)}


@dataclass(frozen=True)
class Value:
    """A cell read from what was typed: its kind, its exact value, and the text typed."""

    kind: CellKind
    typed: str
    number: Decimal | None = None
    date: dt.date | None = None
    month_only: bool = False
    """`April 2016` names a month, not a day."""

    def shown(self) -> str:
        """The value in the site's one form: `1,238`, `£412,000`, `43.4%`, `1 April 2016`."""
        if self.kind == CellKind.NUMBER and self.number is not None:
            return format_number(self.number)
        if self.kind == CellKind.MONEY and self.number is not None:
            return format_money(self.number)
        if self.kind == CellKind.PERCENT and self.number is not None:
            return f"{format_number(self.number)}%"
        if self.kind == CellKind.DATE and self.date is not None:
            return f"{self.date:%B %Y}" if self.month_only else f"{self.date.day} {self.date:%B %Y}"
        return self.typed


def read_value(typed: str) -> Value:
    """Read one cell; text is whatever is not a number, an amount, a percentage or a date."""
    text = " ".join(typed.split())
    if not text:
        return Value(CellKind.EMPTY, "")
    if match := _NUMBER_RE.match(text):
        return Value(CellKind.NUMBER, text, _decimal(match.group(1), match.group(2)))
    if match := _PERCENT_RE.match(text):
        return Value(CellKind.PERCENT, text, _decimal(match.group(1), match.group(2)))
    if match := _MONEY_RE.match(text):
        scale = _SCALE[(match.group(3) or "").lower()]
        return Value(CellKind.MONEY, text, _decimal(match.group(1), match.group(2)) * scale)
    if _ISO_DATE_RE.match(text):
        try:
            return Value(CellKind.DATE, text, date=dt.date.fromisoformat(text))
        except ValueError:
            return Value(CellKind.TEXT, text)
    if (match := _MONTH_RE.match(text)) and match.group(1).casefold() in _MONTHS:
        month = _MONTHS[match.group(1).casefold()]
        return Value(CellKind.DATE, text, date=dt.date(int(match.group(2)), month, 1), month_only=True)
    return Value(CellKind.TEXT, text)


def read_money(typed: str) -> Decimal | None:
    """An amount of money: `£412,000`, `£1.3m`, or a plain number of pounds; None if not one."""
    value = read_value(typed)
    if value.kind in (CellKind.MONEY, CellKind.NUMBER) and value.number is not None:
        return _plain(value.number)
    return None


def _decimal(sign: str, digits: str) -> Decimal:
    number = Decimal(digits.replace(",", ""))
    return -number if sign else number


def _plain(number: Decimal) -> Decimal:
    """`1300000.0` (from `£1.3m`) as `1300000`; pence are kept when there are any."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def format_number(number: Decimal) -> str:
    """`1,238`, `17.98`, `-4`: thousands marked, the decimals that were typed kept."""
    text = format(abs(_plain(number)), ",f")
    return f"-{text}" if number < 0 else text


def format_money(number: Decimal) -> str:
    """`£412,000`, `£12.50`, `-£5,000`."""
    plain = _plain(number)
    if plain != plain.to_integral_value():
        plain = plain.quantize(Decimal("0.01"))
    text = format(abs(plain), ",f")
    return f"-£{text}" if number < 0 else f"£{text}"


def column_kind(values: Iterable[Value]) -> CellKind:
    """The kind all of a column's filled cells share; `text` when they differ."""
    kinds = {v.kind for v in values if v.kind != CellKind.EMPTY}
    return kinds.pop() if len(kinds) == 1 else (CellKind.EMPTY if not kinds else CellKind.TEXT)


def total_of(values: Iterable[Value]) -> Decimal:
    """The sum of the values that have a number (blank cells count for nothing)."""
    return sum((v.number for v in values if v.number is not None), Decimal(0))


def format_as(kind: CellKind, number: Decimal) -> str:
    """A worked-out total in the form of the column it belongs to."""
    return format_money(number) if kind == CellKind.MONEY else format_number(number)
