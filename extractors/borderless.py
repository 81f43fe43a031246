"""Borderless tables: columns from the header labels and the text's left edges, rows from vertical gaps.

Without ruling lines the evidence is typographic:
- a header band: one to four tightly spaced lines whose phrases are known header labels (bold in
  most producers); labels stacked in one column ("ระยะเวลา" over "ดำเนินการ") are one label, and a
  label spanning several others (การนำผลการวิเคราะห์ไปสู่การปฏิบัติ) is a group label;
- columns: body text is left-aligned in its column, so the most frequent left edge of text between
  one label and the next is where the column starts;
- rows: cells are padded, so the gap between two rows is wider than the line pitch inside a cell;
- the table ends at the next header band, a wide vertical gap, or a paragraph line running across
  column starts (a single such line between table lines is a banner row: a group title).
"""
from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.columns import column_role
from extractors.model import Cell, PageTable, TableRow, Word, text_lines, word_lines
from extractors.paragraphs import cell_of, text_edges, wraps_on

_PHRASE_GAP = 1.0  # em: words closer than this belong to one phrase (a cell line)
_LABEL_GAP = 0.5  # em: header labels of neighbouring columns can sit closer than body text
_START_GAP = 0.5  # em: a wider gap inside a line may be where a column starts (cells padded thinly)
_BAND_PITCH = 1.6  # em: header lines are at most this far apart (a normal line pitch is ~1.45 em)
_ROW_GAP = 1.15  # a line gap this many times the usual pitch separates two rows
_END_GAP = 2.0  # a gap this many times the pitch (a blank line or more) ends the table
_MIN_ROLES = 3  # distinct column roles a header band must name
_LABEL_CHARS = 40  # a header phrase on one line of a band is short
_BRIDGE_SLACK = 1.0  # em: how far short of a column label a narrow group label may end
_MAX_BAND_LINES = 12  # lines of a header band: narrow columns wrap a label over many lines


@dataclass
class _Line:
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.size or 10.0 for w in self.words)


@dataclass
class _Phrase:
    text: str
    x0: float
    x1: float
    bold: bool


def borderless_tables(words: list[Word], page: int) -> list[PageTable]:
    """The borderless tables among `words` (words of ruled tables already removed)."""
    lines = _lines(words)
    tables: list[PageTable] = []
    i = 0
    while i < len(lines):
        band = _band_at(lines, i)
        if band is None:
            i += 1
            continue
        top, band_end, labels = band
        nxt = next((b[0] for k in range(band_end, len(lines)) if (b := _band_at(lines, k)) is not None), len(lines))
        table, used = _table(lines[top:band_end], lines[band_end:nxt], labels, page, before_header=nxt < len(lines))
        if table is not None:
            tables.append(table)
        i = band_end + used
    return tables


def _band_at(lines: list[_Line], i: int) -> tuple[int, int, list[tuple[str, float, float]]] | None:
    """A header band starting at line i that names enough column roles: (first line, end, labels)."""
    end = _header_band(lines, i)
    if end is None:
        return None
    top = _band_top(lines, i)
    labels = _labels(lines[top:end])
    if len({column_role(t) for t, _, _ in labels} - {None, "group"}) < _MIN_ROLES:
        return None
    return top, end, labels


def _lines(words: list[Word]) -> list[_Line]:
    """The text lines of the page model's own grouping (`model.word_lines`), as `_Line`s."""
    return [_Line(line) for line in word_lines(words)]


def _phrases(line: _Line, gap: float = _PHRASE_GAP) -> list[_Phrase]:
    groups: list[list[Word]] = []
    for w in line.words:
        if groups and w.x0 - groups[-1][-1].x1 <= gap * (w.size or 10):
            groups[-1].append(w)
        else:
            groups.append([w])
    return [_Phrase(text_lines(g)[0].strip(), g[0].x0, max(w.x1 for w in g), all(w.bold for w in g)) for g in groups]


def _is_header_line(line: _Line) -> bool:
    """Known labels side by side, or two or more short bold phrases side by side: a header whose labels
    wrap inside narrow columns shows its words only in pieces ("แนว" / "ทางการแก้ไข"), and the band
    they form must still name enough roles once its pieces are stacked (`_band_at`)."""
    phrases = _phrases(line)
    roles = sum(1 for p in phrases if column_role(p.text))
    if roles >= 2 and (roles * 2 >= len(phrases) or all(p.bold for p in phrases)):
        return True
    return len(phrases) >= 2 and all(p.bold and len(p.text) <= _LABEL_CHARS for p in phrases)


def _header_band(lines: list[_Line], i: int) -> int | None:
    """End index of a header band starting at line i, or None."""
    if not _is_header_line(lines[i]):
        return None
    end = i + 1
    while end < len(lines) and end - i < _MAX_BAND_LINES:
        line, prev = lines[end], lines[end - 1]
        if not _next_in_band(prev, line):
            break
        phrases = _phrases(line)
        if not (_is_header_line(line) or all(p.bold and len(p.text) <= _LABEL_CHARS for p in phrases)):
            break
        end += 1
    return end


def _next_in_band(prev: _Line, line: _Line) -> bool:
    """Whether `line` is close enough under `prev` to be the header's next line: at most one band pitch
    from top to top, or at most the gap a band pitch leaves between the lines. Labels centred vertically
    in cells of different heights sit half a line apart; grouped into one line they make it taller,
    and only the gap under it still tells a header's next line from a row's."""
    return line.top - prev.top <= _BAND_PITCH * prev.size or line.top - prev.bottom <= (_BAND_PITCH - 1) * prev.size


def _band_top(lines: list[_Line], i: int) -> int:
    """Header lines above the first line with two labels: the upper halves of wrapped labels."""
    while i > 0 and _next_in_band(lines[i - 1], lines[i]) \
            and all(p.bold and len(p.text) <= _LABEL_CHARS for p in _phrases(lines[i - 1])):
        i -= 1
    return i


def _labels(band: list[_Line]) -> list[tuple[str, float, float]]:
    """Leaf column labels (text, x0, x1), stacked fragments joined, group labels dropped."""
    rows = [(k, p) for k, line in enumerate(band) for p in _phrases(line, _LABEL_GAP)]
    phrases = [p for _, p in rows]

    def overlap(a: _Phrase, b: _Phrase) -> bool:
        return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.3 * min(a.x1 - a.x0, b.x1 - b.x0)

    def over_two(k: int, p: _Phrase) -> bool:
        """A label over two or more narrower labels that sit side by side under it, or over two labels
        on lower lines that do not overlap each other (a group label centred over its columns), or over
        a label it is not aligned with (a group of three columns centred over its middle one)."""
        if column_role(p.text) == "group":
            return True
        under = [q for j, q in rows if j > k and q.x1 - q.x0 < p.x1 - p.x0 and overlap(p, q)]
        if len(under) >= 2 and not any(overlap(a, b) for a in under for b in under if a is not b):
            return True
        below = [q for j, q in rows if j > k and touches(p, q)]
        return any(min(a.x1, b.x1) < max(a.x0, b.x0) for a in below for b in below) or bridges(k, p) \
            or (bool(below) and not any(aligned(p, q, band[k].size) for q in below))

    def aligned(a: _Phrase, b: _Phrase, em: float) -> bool:
        """The lines of one label share its cell's alignment: centred, left or right."""
        return min(abs(a.x0 + a.x1 - b.x0 - b.x1) / 2, abs(a.x0 - b.x0), abs(a.x1 - b.x1)) <= em

    def bridges(k: int, p: _Phrase) -> bool:
        """A group label narrower than its columns: centred over the boundary between two labels side
        by side on one lower line, over neither of them, and spanning the gap between them. A leaf
        label between two columns of a lower line sits inside that gap instead, and goes on downwards
        in lines aligned with it (a narrow column among narrow columns)."""
        centre, slack = (p.x0 + p.x1) / 2, _BRIDGE_SLACK * band[k].size
        if any(j > k and touches(p, q) and aligned(p, q, band[k].size) for j, q in rows):
            return False
        for line in band[k + 1:]:
            below = _phrases(line, _LABEL_GAP)
            for a, b in zip(below, below[1:]):
                if a.x1 < centre < b.x0 and p.x0 <= a.x1 + slack and p.x1 >= b.x0 - slack:
                    return True
        return False

    def touches(a: _Phrase, b: _Phrase) -> bool:
        return min(a.x1, b.x1) - max(a.x0, b.x0) > 1.0

    def wraps(k: int, p: _Phrase, j: int, q: _Phrase) -> bool:
        """p, the next text under q, is the rest of q's wrapped label: one line pitch under it, centred,
        alone on its line, and over no label below (a column's label centred under its group sits in
        the header row below the group's, or goes on downwards)."""
        under = [(i, r) for i, r in rows if j < i <= k and overlap(r, q)]
        return under == [(k, p)] and abs((p.x0 + p.x1) - (q.x0 + q.x1)) / 2 <= band[k].size \
            and band[k].top - band[j].top <= _BAND_PITCH * band[j].size \
            and not any(i > k and touches(p, r) for i, r in rows)

    groups = {id(p) for k, p in rows if over_two(k, p)}
    for k, p in sorted(rows, key=lambda r: -r[0]):  # a group label's upper lines belong to the group
        if id(p) not in groups and any(id(q) in groups and j > k and overlap(p, q) for j, q in rows):
            groups.add(id(p))
    for k, p in sorted(rows, key=lambda r: r[0]):  # ... and so do its lower lines
        if id(p) not in groups and any(id(q) in groups and wraps(k, p, j, q) for j, q in rows):
            groups.add(id(p))
    leaves = [p for p in phrases if id(p) not in groups]
    columns: list[list[_Phrase]] = []
    for p in leaves:
        for col in columns:
            if any(overlap(p, q) for q in col):
                col.append(p)
                break
        else:
            columns.append([p])
    out = [(" ".join(q.text for q in col), min(q.x0 for q in col), max(q.x1 for q in col)) for col in columns]
    return sorted(out, key=lambda t: t[1])


def _body_labels(body: list[_Line], labels: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """The labels that head a column of the body.

    A label under which no body text starts, and across which the table's own lines run (`_table_lines`,
    cut by the columns body text does start), heads no column: it is a group label narrower than the gap
    between its columns' labels (centred header cells leave wide gaps), or a note. Kept as a column, its
    start would cut every cell it crosses and end the table at its first row. An empty column keeps its
    label: no cell runs across it, and prose under the table (one column's text at most) is no evidence."""
    starts_seen = Counter(round(p.x0) for line in body for p in _phrases(line, _START_GAP))
    headed = [k for k, (_, x0, _) in enumerate(labels)
              if any((labels[k - 1][2] if k else float("-inf")) < x <= x0 + 2 for x in starts_seen)]
    if len(headed) == len(labels):
        return labels
    starts = _column_starts(body, [labels[k] for k in headed], starts_seen)
    return [label for k, label in enumerate(labels) if k in headed or not any(
        w.x0 < label[1] - 2 and w.x1 > label[1] + 2 for line in _table_lines(body, starts) for w in line.words)]


def _table_lines(body: list[_Line], starts: list[float]) -> Iterator[_Line]:
    """The lines with text in two or more columns, down to the first paragraph line across the columns
    (banner rows are passed over)."""
    pitch, size = _spacing(body)
    for k, line in enumerate(body):
        if _ends(body, k, pitch, size):
            return
        if _crosses(line, starts):
            if not _banner_at(body, k, starts):
                return
        elif len(_by_column(line, starts)) >= 2:
            yield line


def _spacing(body: list[_Line]) -> tuple[float, float]:
    """The body's usual line pitch and font size."""
    pitches = [b.top - a.top for a, b in zip(body, body[1:])]
    pitch = statistics.median(pitches) if pitches else body[0].size * 1.2
    return pitch, statistics.median(line.size for line in body)


def _ends(body: list[_Line], k: int, pitch: float, size: float) -> bool:
    """Whether the table ends above line k: a blank line, or text in another size (a signature block,
    a heading)."""
    return k > 0 and (body[k].top - body[k - 1].top > _END_GAP * pitch or abs(body[k].size - size) > 0.1 * size)


def _column_starts(body: list[_Line], labels: list[tuple[str, float, float]],
                   starts_seen: Counter | None = None) -> list[float]:
    """Left edge of each column: the leftmost well-supported phrase start between the previous label
    and this one (left-aligned text starts there; indented or justified pieces start further right)."""
    starts_seen = starts_seen or Counter(round(p.x0) for line in body for p in _phrases(line, _START_GAP))
    out: list[float] = []
    for k, (_, x0, _) in enumerate(labels):
        low = labels[k - 1][2] if k else float("-inf")
        candidates = {x: n for x, n in starts_seen.items() if low < x <= x0 + 2}
        if not candidates:
            out.append(x0)
            continue
        need = max(2, 0.3 * max(candidates.values()))
        supported = [x for x, n in candidates.items() if n >= need] or [max(candidates, key=candidates.get)]
        out.append(float(min(supported)))
    return out


def _crosses(line: _Line, starts: list[float]) -> bool:
    """A paragraph line runs across a column start; table text never does."""
    return any(w.x0 < s - 2 and w.x1 > s + 2 for w in line.words for s in starts[1:])


_MAX_BANNERS = 3  # banner lines in a row: a section heading over a measure-group title


def _banner_at(body: list[_Line], k: int, starts: list[float]) -> bool:
    """Whether the line at k, which runs across column starts, is a banner row inside the table: table
    text follows it, after at most `_MAX_BANNERS` bold lines across the columns (a section banner over
    a measure-group banner). A plain paragraph line across the columns ends the table. Bold banner
    lines that end the page are the title of the rows the table goes on with overleaf."""
    for j in range(k, min(len(body), k + _MAX_BANNERS + 1)):
        if not _crosses(body[j], starts):
            return j > k
        if j > k and not all(w.bold for w in body[j].words):
            return False
    return len(body) - k <= _MAX_BANNERS and all(w.bold for line in body[k:] for w in line.words)


def _table(band: list[_Line], body: list[_Line], labels: list[tuple[str, float, float]],
           page: int, before_header: bool, starts: list[float] | None = None) -> tuple[PageTable | None, int]:
    """The table under a header band (or, with no band, continuing with known column starts), and
    how many body lines it used.

    When another header band follows, a last short row with text in the first column only is the
    heading of the next table ("๒. ด้าน EIT"), not a row of this one."""
    if not body:
        return None, 0
    if starts is None:
        labels = _body_labels(body, labels)
        starts = _column_starts(body, labels)
    roles = [column_role(text) for text, _, _ in labels]
    pitch, size = _spacing(body)
    rows: list[list[_Line]] = []
    banners: set[int] = set()
    used = 0
    rights = [0.0] * len(starts)  # each column's right text edge, from the lines inside the table
    for line in body:
        if not _crosses(line, starts):
            for w in line.words:
                c = _column_of(w, starts)
                rights[c] = max(rights[c], w.x1)
    for k, line in enumerate(body):
        if _ends(body, k, pitch, size):
            break
        gap = line.top - body[k - 1].top if k else 0.0
        if _crosses(line, starts):
            if not _banner_at(body, k, starts):
                break
            banners.add(len(rows))
            rows.append([line])
        elif not rows or (len(rows) - 1) in banners \
                or (gap > _ROW_GAP * pitch and not _flows_on(line, rows[-1], starts, roles, rights)):
            rows.append([line])
        else:
            rows[-1].append(line)
        used = k + 1
    if before_header and used == len(body) and (len(rows) > 1 or not band) and len(rows[-1]) <= 2 and (len(rows) - 1) not in banners \
            and all(w.x0 < starts[1] - 2 for line in rows[-1] for w in line.words):
        used -= len(rows.pop())
    if not rows:
        return None, 0
    ncols = len(starts)
    top = band[0].top if band else rows[0][0].top
    table_rows = [TableRow(tuple(Cell((t,)) for t, _, _ in labels), page, top, (1,) * ncols)] if band else []
    buckets: list[list[list[Word]]] = []
    for lines in rows:
        buckets.append([[] for _ in range(ncols)])
        for w in (w for line in lines for w in line.words):
            buckets[-1][_column_of(w, starts)].append(w)
    edges = [text_edges([w for n, row in enumerate(buckets) if n not in banners for w in row[c]]) for c in range(ncols)]
    for n, lines in enumerate(rows):
        if n in banners:
            text = text_lines([w for line in lines for w in line.words])
            table_rows.append(TableRow((Cell(tuple(text)),) + (Cell(()),) * (ncols - 1), page, lines[0].top,
                                       (ncols,) + (0,) * (ncols - 1)))
        else:
            cells = tuple(cell_of(words, edges[c]) for c, words in enumerate(buckets[n]))
            table_rows.append(TableRow(cells, page, lines[0].top, (1,) * ncols))
    last = rows[-1][-1]
    xs = [(x0 + x1) / 2 for _, x0, x1 in labels]  # label centres: the same on every page the table runs over
    return PageTable(page, table_rows, xs, top, last.bottom, ruled=False, starts=starts, labels=labels), used


_KEYED = frozenset({"question", "period", "responsible"})  # columns a new row fills on its first line


def _flows_on(line: _Line, row: list[_Line], starts: list[float], roles: list[str | None],
              rights: list[float]) -> bool:
    """Whether a line after a gap as wide as a row's goes on with the row above: paragraph spacing
    inside its cells, not a new row. A new row names its question on its first line, and mostly
    starts its period and unit there; a line under a row that has a question goes on with that row
    when its question text (if any) is the wrapped rest of a question line above (`wraps_on`), and
    its period or unit text (if any) only continues a cell that was still running on the line before."""
    question = {c for c, r in enumerate(roles) if r == "question"}
    keyed = {c for c, r in enumerate(roles) if r in _KEYED}
    cells = _by_column(line, starts)
    above = _by_column(row[-1], starts)
    wrapped = {c for c in cells.keys() & above.keys() if wraps_on(above[c], cells[c], rights[c])}
    return bool(question) and cells.keys() & question <= wrapped and cells.keys() & keyed <= above.keys() \
        and bool(question & {_column_of(w, starts) for prior in row for w in prior.words})


def _by_column(line: _Line, starts: list[float]) -> dict[int, list[Word]]:
    """A line's words by the column they fall in."""
    out: dict[int, list[Word]] = {}
    for w in line.words:
        out.setdefault(_column_of(w, starts), []).append(w)
    return out


def _column_of(word: Word, starts: list[float]) -> int:
    """The column a word belongs to: the last column starting at or left of it."""
    return max((c for c, s in enumerate(starts) if s <= word.x0 + 2), default=0)


def continued_table(words: list[Word], page: int, previous: PageTable, table_below: bool) -> PageTable | None:
    """A borderless table that runs on from the previous page without repeating its header: the lines
    at the top of the page fit the previous table's column starts and cross none of them.
    `table_below`: another table starts under these lines (so a last heading-like row is its title)."""
    lines = _lines(words)
    if not lines or not previous.starts or _crosses(lines[0], previous.starts) or _is_header_line(lines[0]):
        return None
    body = lines[: next((b[0] for k in range(len(lines)) if (b := _band_at(lines, k)) is not None), len(lines))]
    table, _ = _table([], body, previous.labels, page, before_header=table_below or len(body) < len(lines),
                      starts=previous.starts)
    return table
