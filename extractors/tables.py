"""Pages -> tables: ruled and borderless tables per page, stitched across pages into logical tables.

Works on the common page model only (words + rules), so native PDFs, OCR and text exports share it.
A table that runs over many pages with its header repeated on each page becomes one `Table`; the
repeated header rows are dropped and the page of every row is kept for provenance.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractors.borderless import borderless_tables, continued_table
from extractors.columns import is_header_row
from extractors.header import flatten, header_depth
from extractors.model import Page, PageTable, Table, TableRow, text_lines
from extractors.ruled import find_grids, grid_rows

PAGE_FURNITURE = re.compile(r"^\s*[-–—(]*\s*(?:หน้า\s*)?[0-9๐-๙]{1,3}\s*[-–—)/]*\s*(?:[0-9๐-๙]{1,3})?\s*$")


def find_tables(pages: list[Page]) -> list[Table]:
    """Every logical table of a document, in reading order.

    Text printed after the last table of a page (a heading at the foot of the page) belongs to the
    first table of the next page: that table then starts something new rather than continuing. Nor
    does a table run on to a page of another size or orientation: the section break that turns a
    page ends the table (a landscape table followed by its portrait signature page)."""
    page_tables: list[PageTable] = []
    trailing: list[str] = []
    size: tuple[int, int] | None = None
    for page in pages:
        here = (round(page.width), round(page.height))
        turned, size = here != size, here
        tables = tables_on_page(page, page_tables[-1] if page_tables and not trailing and not turned else None)
        if tables and trailing:
            tables[0].context = trailing + tables[0].context
            tables[0].at_page_top = False
        if tables:
            below = [w for w in page.words if w.yc > tables[-1].bottom]
            trailing = [ln for ln in text_lines(below) if not PAGE_FURNITURE.match(ln)]
        else:
            trailing = [ln for ln in text_lines(list(page.words)) if not PAGE_FURNITURE.match(ln)]
        page_tables.extend(tables)
    return stitch(page_tables)


def tables_on_page(page: Page, previous: PageTable | None = None) -> list[PageTable]:
    """Ruled tables first (their lines are hard evidence), then borderless ones in the remaining text;
    each with the text lines printed between it and the table above it. `previous` is the last table
    of the previous page when nothing followed it there: a borderless table may run on headerless."""
    words = list(page.words)
    found: list[PageTable] = []
    used: set[int] = set()
    for grid in find_grids(page.rules):
        x0, top, x1, bottom = grid.bbox
        inside = [i for i, w in enumerate(words) if x0 - 1 <= w.xc <= x1 + 1 and top - 1 <= w.yc <= bottom + 1]
        rows = grid_rows(grid, [words[i] for i in inside], page.number)
        if rows:
            used.update(inside)
            found.append(PageTable(page.number, rows, grid.xs, top, bottom))
    rest = [w for i, w in enumerate(words) if i not in used]
    found.extend(borderless_tables(rest, page.number))
    if previous is not None and not previous.ruled and previous.page == page.number - 1:
        first_top = min((t.top for t in found), default=page.height)
        cont = continued_table([w for w in rest if w.yc < first_top], page.number, previous, table_below=bool(found))
        if cont is not None:
            found.append(cont)
    found.sort(key=lambda t: t.top)
    inside_any = [(t.top - 1, t.bottom + 1) for t in found]
    prev_bottom = 0.0
    for table in found:
        above = [w for i, w in enumerate(words) if i not in used and prev_bottom <= w.yc < table.top
                 and not any(a <= w.yc <= b for a, b in inside_any)]
        table.context = text_lines(above)
        table.at_page_top = not table.context
        prev_bottom = table.bottom
    return found


# ------------------------------------------------------------------------------------- stitching


def stitch(page_tables: list[PageTable]) -> list[Table]:
    """Join a table that starts at the top of a page to the previous page's last table when the
    columns line up; drop repeated header rows; derive one label per column."""
    groups: list[list[PageTable]] = []
    for pt in page_tables:
        if groups and _continues(groups[-1], pt):
            groups[-1].append(pt)
        else:
            groups.append([pt])
    return [_assemble(group) for group in groups]


def _continues(group: list[PageTable], nxt: PageTable) -> bool:
    """Whether `nxt` runs on the table `group`: next page, nothing new above it (no text, or only a
    page title the table's first page also printed above it), and the same columns."""
    prev = group[-1]
    if nxt.page != prev.page + 1:
        return False
    repeated_title = bool(nxt.context) and all(_squash(ln) in {_squash(c) for c in group[0].context}
                                               for ln in nxt.context)
    if not (nxt.at_page_top or repeated_title):
        return False
    if len(prev.xs) != len(nxt.xs):
        return False
    return all(abs(a - b) <= 6.0 for a, b in zip(prev.xs, nxt.xs))


def _repeats_header(row: TableRow, header_rows: list[TableRow]) -> bool:
    """Whether a row at the top of a continued part is one of the first part's header rows again:
    the same text, or (as OCR garbles it: "gaaraITA | ขอคนพบ ษบูบ" for "ข้อคำถาม ITA | ข้อค้นพบ")
    text in exactly the same columns, every cell about as long as the label above it and one at
    least `_HEADER_LIKENESS` like it (a data cell, a sentence, is neither)."""
    squashed = _squash("".join(row.texts))
    filled = [i for i, t in enumerate(row.texts) if t.strip()]
    return bool(filled) and any(
        squashed == _squash("".join(header.texts))
        or filled == [i for i, t in enumerate(header.texts) if t.strip()]
        and all(_label_sized(row.texts[i], header.texts[i]) for i in filled)
        and max(fuzz.ratio(_squash(row.texts[i]), _squash(header.texts[i])) for i in filled) >= _HEADER_LIKENESS
        for header in header_rows
    )


def _label_sized(cell: str, label: str) -> bool:
    """Whether a cell is about as long as a header label (half to twice): data cells are sentences."""
    return 0.5 <= len(_squash(cell)) / max(len(_squash(label)), 1) <= 2.0


_HEADER_LIKENESS = 50


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assemble(parts: list[PageTable]) -> Table:
    """One logical table from its page parts: the header found by structure on the first part, the
    header rows a later part repeats (however the page break fell, even garbled) dropped."""
    header_rows: list[TableRow] = []
    titles: list[TableRow] = []
    body: list[TableRow] = []
    for n, part in enumerate(parts):
        if n == 0:
            titles = _title_rows(part.rows)
            rows = part.rows[len(titles):]
            lead = max(header_depth(rows), _known_header_rows(rows))
            header_rows = rows[:lead]
            lead += len(titles)
        else:
            lead = 0
            while lead < len(part.rows) and _repeats_header(part.rows[lead], titles + header_rows):
                lead += 1
        body.extend(part.rows[lead:])
    ncols = max((len(r.cells) for r in [*header_rows, *body]), default=0)
    parts_per_column = flatten(header_rows, ncols) if header_rows else ()
    return Table(
        rows=tuple(body),
        header=tuple(" / ".join(p) for p in parts_per_column),
        header_parts=parts_per_column,
        page_first=parts[0].page,
        page_last=parts[-1].page,
        ruled=parts[0].ruled,
        context="\n".join([*parts[0].context, *(row.cells[0].text for row in titles)]),
    )


def _title_rows(rows: list[TableRow]) -> list[TableRow]:
    """Banner rows above a table's header: its title printed in a cell across the table, which is
    context (like a heading above the table), not a row, and repeats on every page."""
    n = 0
    while n < len(rows) - 1 and rows[n].is_banner and header_depth(rows[n + 1:]) > 0:
        n += 1
    return rows[:n]


def _known_header_rows(rows: list[TableRow]) -> int:
    """Leading rows whose labels the column vocabulary knows (a header with data-like labels)."""
    lead = 0
    while lead < len(rows) and is_header_row(rows[lead].texts):
        lead += 1
    return lead
