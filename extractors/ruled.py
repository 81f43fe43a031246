"""Ruled tables: grids found from ruling lines, merged cells resolved from the missing borders."""
from __future__ import annotations

from dataclasses import dataclass

from extractors.model import Cell, Rule, TableRow, Word
from extractors.paragraphs import cell_of, text_edges

SNAP = 2.5  # points: rules closer than this are the same line
JOIN = 4.0  # points: collinear segments with a smaller gap are one line
COVER = 0.8  # a border exists when a rule covers this share of the cell side


@dataclass
class Grid:
    """A ruled table region on one page: column x positions, row y positions and the borders."""

    xs: list[float]
    ys: list[float]
    h: list[Rule]
    v: list[Rule]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def find_grids(rules: tuple[Rule, ...] | list[Rule]) -> list[Grid]:
    """Connected groups of horizontal and vertical rules that form at least a 1x1 grid."""
    h = _merge([r for r in rules if r.horizontal], horizontal=True)
    v = _merge([r for r in rules if not r.horizontal], horizontal=False)
    if not h or not v:
        return []
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, hr in enumerate(h):
        for j, vr in enumerate(v):
            if (hr.x0 - JOIN <= vr.x0 <= hr.x1 + JOIN) and (vr.top - JOIN <= hr.top <= vr.bottom + JOIN):
                parent[find(i)] = find(len(h) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, hr in enumerate(h):
        groups.setdefault(find(i), ([], []))[0].append(hr)
    for j, vr in enumerate(v):
        groups.setdefault(find(len(h) + j), ([], []))[1].append(vr)
    grids = []
    for gh, gv in groups.values():
        xs = _positions([r.x0 for r in gv])
        ys = _positions([r.top for r in gh])
        if len(xs) >= 2 and len(ys) >= 2:
            grids.append(Grid(xs, ys, gh, gv))
    return grids


def _merge(rules: list[Rule], horizontal: bool) -> list[Rule]:
    """Snap rules to shared positions and join collinear pieces (tables are drawn in short strokes)."""
    if horizontal:
        items = sorted(((r.top + r.bottom) / 2, min(r.x0, r.x1), max(r.x0, r.x1)) for r in rules)
    else:
        items = sorted(((r.x0 + r.x1) / 2, min(r.top, r.bottom), max(r.top, r.bottom)) for r in rules)
    out: list[list[float]] = []
    by_pos: dict[int, list[list[float]]] = {}
    positions: list[float] = []
    for pos, a, b in items:
        key = None
        for k in range(len(positions) - 1, max(-1, len(positions) - 4), -1):
            if abs(positions[k] - pos) <= SNAP:
                key = k
                break
        if key is None:
            positions.append(pos)
            key = len(positions) - 1
        by_pos.setdefault(key, []).append([positions[key], a, b])
    for segs in by_pos.values():
        segs.sort(key=lambda s: s[1])
        cur = list(segs[0])
        for s in segs[1:]:
            if s[1] <= cur[2] + JOIN:
                cur[2] = max(cur[2], s[2])
            else:
                out.append(cur)
                cur = list(s)
        out.append(cur)
    if horizontal:
        return [Rule(a, p, b, p) for p, a, b in out]
    return [Rule(p, a, p, b) for p, a, b in out]


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _covered(rules: list[Rule], pos: float, a: float, b: float, horizontal: bool) -> bool:
    """Whether some rule at `pos` covers most of the span a..b."""
    need = (b - a) * COVER
    for r in rules:
        if horizontal:
            if abs(r.top - pos) <= SNAP and min(b, r.x1) - max(a, r.x0) >= need:
                return True
        elif abs(r.x0 - pos) <= SNAP and min(b, r.bottom) - max(a, r.top) >= need:
            return True
    return False


def grid_rows(grid: Grid, words: list[Word], page: int) -> list[TableRow]:
    """Cells of a grid with merged cells resolved; text goes to the merged cell's top-left slot."""
    nr, nc = len(grid.ys) - 1, len(grid.xs) - 1
    owner = [[(r, c) for c in range(nc)] for r in range(nr)]
    for r in range(nr):
        for c in range(nc):
            y0, y1 = grid.ys[r], grid.ys[r + 1]
            x0, x1 = grid.xs[c], grid.xs[c + 1]
            if c + 1 < nc and not _covered(grid.v, x1, y0, y1, horizontal=False):
                owner[r][c + 1] = owner[r][c]
            if r + 1 < nr and not _covered(grid.h, y1, x0, x1, horizontal=True):
                owner[r + 1][c] = owner[r][c]
    buckets: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        r = _index(grid.ys, w.yc)
        c = _index(grid.xs, w.xc)
        if r is not None and c is not None:
            buckets.setdefault(owner[r][c], []).append(w)
    edges = [text_edges([w for (r, c), ws in buckets.items() if c == col and _single(owner, r, c, nc) for w in ws])
             for col in range(nc)]
    rows: list[TableRow] = []
    for r in range(nr):
        cells, spans = [], []
        for c in range(nc):
            if owner[r][c] != (r, c):
                cells.append(Cell(()))
                spans.append(0)
                continue
            span = 1
            while c + span < nc and owner[r][c + span] == (r, c):
                span += 1
            ws = buckets.get((r, c), [])
            cells.append(cell_of(ws, edges[c] if span == 1 else None))
            spans.append(span)
        if any(not cell.empty for cell in cells) or r == 0:
            rows.append(TableRow(tuple(cells), page, grid.ys[r], tuple(spans)))
    return [row for row in rows if any(not c.empty for c in row.cells)]


def _single(owner: list[list[tuple[int, int]]], r: int, c: int, nc: int) -> bool:
    """Whether the cell whose top-left slot is (r, c) covers that one column (its text shows the
    column's width; a merged cell's does not)."""
    return c + 1 >= nc or owner[r][c + 1] != (r, c)


def _index(edges: list[float], v: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= v <= edges[i + 1]:
            return i
    return None
