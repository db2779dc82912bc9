"""Every error the product raises on purpose, in one place.

The hierarchy (a page or the CLI catches the class it can explain)::

    RaspError                      anything we raise on purpose; its str() is plain English for a user
    ├── FrameworkError             the framework file is missing or malformed (the app cannot start)
    ├── SetupError                 unknown partnership / council / round, or a bad name in set-up
    ├── StoreBusy                  the database stayed busy with other writers after every retry
    └── ReturnError                an uploaded return cannot be taken
        ├── UnreadableFile         not a workbook we can open at all (exit code 2 in the CLI)
        └── InvalidReturn          a workbook, but with problems; carries every Problem (exit code 1)

`Problem` is one thing wrong with a return, located by sheet and cell so an officer can fix it
in one pass. Validation collects all problems before raising `InvalidReturn`.
"""

from __future__ import annotations

from dataclasses import dataclass


class RaspError(Exception):
    """Base class. The message is written for the person using the product."""


class FrameworkError(RaspError):
    """The framework file cannot be used. The message names the file and the problem."""


class SetupError(RaspError):
    """A partnership, council or round is unknown or cannot be created as asked."""


class StoreBusy(RaspError):
    """Other writers kept the database busy through every retry; nothing of this change was stored."""


class ReturnError(RaspError):
    """An uploaded return cannot be taken."""


class UnreadableFile(ReturnError):
    """The file is not an Excel workbook we can read safely (wrong type, damaged, too big, ...)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a return, with where it is."""

    sheet: str
    cell: str
    message: str
    item: str = ""

    def where(self) -> str:
        """'sheet Questions, cell D14 (T3)' style location."""
        parts = [f"sheet {self.sheet}"] if self.sheet else []
        if self.cell:
            parts.append(f"cell {self.cell}")
        text = ", ".join(parts)
        if self.item:
            text += f" ({self.item})"
        return text

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class InvalidReturn(ReturnError):
    """A readable workbook with one or more problems. Nothing from it is stored."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = max(total or 0, len(self.problems))
        count = self.total
        text = f"The return has {count:,} problem{'s' if count != 1 else ''} to fix"
        if count > len(self.problems):
            text += f"; the first {len(self.problems)} are listed"
        super().__init__(text + ".")
