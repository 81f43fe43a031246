"""Header rows found by structure, and flattened to one label per column.

Agencies word their headers in endless ways, so a word list cannot be what says "this row is the
header". Structure can: a header is one to four rows at the top of a table whose cells are labels
(short, and holding no data: no question code, no number, no list, no sentence-long text), marked
as a header by at least one of
- a label the column vocabulary knows (`columns.column_role`),
- bold type over a body that is not bold,
- spanning cells (a group label over several columns, or a label reaching down over two rows),
- the shape of a group in a text export, which loses spans: an empty cell to the right of a label in
  one row, filled in the row below;
- a body below it that holds data in a column where it holds a label.
A later header row must complete the rows above it (fill columns under a group or under nothing), or
be known or bold itself. Flattening gives each column `group / sub` (a spanning cell's text reaches
every column it covers; an empty cell under a label takes nothing).
"""
from __future__ import annotations

import re

from extractors.columns import column_role
from extractors.model import TableRow
from extractors.normalize import split_steps, thai_digits_to_arabic

MAX_HEADER_ROWS = 4
_LABEL_CHARS = 130  # a group label with its fiscal year ("แนวทาง… ประจำปีงบประมาณ พ.ศ. 2567") is ~110
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[\s(]*[-+]?\d{1,3}(?:[.,]\d{1,2})?\s*%?[\s)]*$")
_CODE_LEAD = re.compile(r"^\s*(?:ข้อ(?:ที่)?\s*)?[(\[]?\s*(?:[iIeEoO]\s?[-.]?\s?\d{1,2}|๐\d|\d{1,2}[.)]?\s)(?![\d.])")


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


def is_data(text: str) -> bool:
    """Whether a cell holds data no header label holds: a number, a leading question code or item
    number, a list of two or more items, or more text than a label has."""
    flat = thai_digits_to_arabic(text).strip()
    if not flat:
        return False
    return (len(_squash(flat)) > _LABEL_CHARS or bool(_NUMBER.match(flat)) or bool(_CODE_LEAD.match(flat))
            or len(split_steps(flat)) >= 2 and len(_squash(flat)) > 40)


def _filled(row: TableRow) -> list[int]:
    return [i for i, c in enumerate(row.cells) if not c.empty]


def _label_row(row: TableRow) -> bool:
    filled = _filled(row)
    return bool(filled) and not row.is_banner and not any(is_data(row.cells[i].text) for i in filled)


def _known(row: TableRow) -> bool:
    return any(column_role(row.cells[i].text) for i in _filled(row))


def _bold(row: TableRow) -> bool:
    return all(row.cells[i].bold for i in _filled(row))


def _spans(row: TableRow) -> bool:
    """A cell covering more than one column (or covered by one) in a row that is not a banner."""
    return not row.is_banner and any(s != 1 for s in row.spans)


def _group_shaped(row: TableRow, below: TableRow | None) -> bool:
    """A text export's group: a label followed by empty cells that the row below fills."""
    if below is None:
        return False
    cells = row.cells
    for i in range(len(cells) - 1):
        if not cells[i].empty and cells[i + 1].empty and i + 1 < len(below.cells) \
                and not below.cells[i + 1].empty and not below.cells[i].empty:
            return True
    return False


def _completes(row: TableRow, above: TableRow) -> bool:
    """Whether a row fills columns under a group (a covered cell) or under an empty cell above it,
    and leaves empty at least one column whose label above reaches down."""
    filled = _filled(row)
    under_group = [i for i in filled if i < len(above.cells) and (above.cells[i].empty or
                                                                 (above.spans and above.spans[i] == 0))]
    return bool(under_group) and len(filled) < len(row.cells)


def _data_below(rows: list[TableRow], depth: int) -> bool:
    """Body rows under the candidate header hold data in a column where the header holds a label."""
    body = [r for r in rows[depth:depth + 6] if not r.is_banner]
    if not body:
        return False
    head = rows[:depth]
    label_cols = {i for r in head for i in _filled(r)}
    for i in label_cols:
        cells = [r.cells[i].text for r in body if i < len(r.cells) and not r.cells[i].empty]
        if cells and sum(is_data(t) for t in cells) * 2 >= len(cells):
            return True
    return False


def header_depth(rows: list[TableRow]) -> int:
    """How many rows at the top of a table are its header (0 when it starts with data)."""
    depth = 0
    for k, row in enumerate(rows[:MAX_HEADER_ROWS]):
        if not _label_row(row):
            break
        below = rows[k + 1] if k + 1 < len(rows) else None
        if k == 0:
            body_bold = below is not None and not below.is_banner and _bold(below) and not _label_row(below)
            marked = (_known(row) or (_bold(row) and not body_bold) or _spans(row)
                      or _group_shaped(row, below) or _data_below(rows, 1))
        else:
            above = rows[k - 1]
            marked = _completes(row, above) or _known(row) or _spans(row) or (_bold(row) and _bold(above))
            if marked and below is not None and _label_row(below) and not (_known(row) or _completes(row, above)):
                marked = _data_below(rows, k + 1)
        if not marked:
            break
        depth += 1
    return depth


def flatten(rows: list[TableRow], ncols: int) -> tuple[tuple[str, ...], ...]:
    """Per column, its labels from the header rows top to bottom (group first, then sub).

    A cell's text reaches the columns its span covers; in a text export (no spans) a label followed
    by empty cells that the next header row fills is a group over them."""
    parts: list[list[str]] = [[] for _ in range(ncols)]
    for k, row in enumerate(rows):
        below = rows[k + 1] if k + 1 < len(rows) else None
        owner: int | None = None
        owner_end = 0
        for c in range(min(ncols, len(row.cells))):
            text = row.cells[c].text.strip()
            span = row.spans[c] if c < len(row.spans) else 1
            if text:
                owner, owner_end = c, c + max(span, 1)
            elif span == 0 and owner is not None and c < owner_end:
                text = row.cells[owner].text.strip()  # covered by the spanning cell to its left
            elif span == 0:
                pass  # covered by the label above, which reached down: nothing new
            elif owner is not None and below is not None and c < len(below.cells) and not below.cells[c].empty \
                    and owner < len(below.cells) and not below.cells[owner].empty:
                text = row.cells[owner].text.strip()  # a text export's group label over this column
            else:
                owner = None
            if text and text not in parts[c]:
                parts[c].append(text)
    return tuple(tuple(p) for p in parts)
