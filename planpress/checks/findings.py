"""What a check found, where it came from, and whether someone accepted it on purpose."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from planpress.plan.source import SourceLocation

FindingSeverity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One thing a reader may struggle with, pointing at the source line that caused it."""

    rule: str
    severity: FindingSeverity
    message: str
    """What is wrong and how to fix it, e.g. "split this sentence: 19 words, at most 15"."""
    text: str
    """The offending text, shortened."""
    location: SourceLocation | None = None
    page: str | None = None
    """The URL of the page it is on, relative to the site root."""
    accepted: str | None = None
    """The reason given in the source for accepting this finding, if any."""
    subject: str = ""
    """What the finding is about when that is one word, e.g. the acronym to explain."""

    def at(self, location: SourceLocation | None = None, page: str | None = None) -> Finding:
        return replace(self, location=location or self.location, page=page or self.page)

    def accept(self, reason: str) -> Finding:
        return replace(self, accepted=reason)

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        page = f" (page {self.page})" if self.page else ""
        quoted = f': "{self.text}"' if self.text else ""
        return f"{where}{self.severity} [{self.rule}] {self.message}{quoted}{page}"


def excerpt(text: str, limit: int = 80) -> str:
    """Enough of the text for a person to find it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."
