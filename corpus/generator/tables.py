"""Logical rows -> a Table grid: column order, header groups of any depth, merged cells down a
column, one step per table row, banner rows, and rows continued over a forced page break.

The printed text of every cell comes from the logical row (content.py), so whatever layout is
chosen here, the answer key stays the logical rows.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional, Union

from corpus.generator import content
from corpus.generator.model import Cell, LogicalRow, Table

# default width weight per role (relative)
WEIGHT = {"seq": 0.5, "issue": 1.6, "question": 2.2, "score": 0.8, "finding": 2.2, "measure": 1.8,
          "steps": 3.2, "period": 1.3, "responsible": 1.3, "result": 2.4, "outcome": 1.8, "percent": 0.8,
          "problems": 1.2, "status": 1.0, "target": 1.1, "kpi": 1.2, "budget": 0.9, "supervisor": 1.0,
          "monitoring": 1.3, "note": 0.8, "status_done": 0.6, "status_doing": 0.6, "status_not": 0.6}


@dataclass
class Banner:
    text: str                 # printed text (markup)


@dataclass
class TableSpec:
    roles: list[str]
    labels: list[str]                               # header markup per column
    groups: list[tuple[int, int, int, str]] = field(default_factory=list)  # (depth, c0, c1, label)
    issue_mode: str = "merged"                      # merged | repeat | first_only
    steps_per_row: bool = False                     # question/finding merged over one step per row
    step_form: str = "num_dot"
    step_thai: bool = False
    resp_form: str = "slash"
    issue_form: str = "num_dot"
    issue_thai: bool = False
    repeat_header: bool = True
    rules: Optional[str] = None
    header_fill: bool = False
    quirk: Optional[str] = None                     # legacy font quirk of the body cells
    continue_row: Optional[int] = None              # logical row index split over a page break
    seq_start: int = 1
    extra_breaks: set[int] = field(default_factory=set)  # logical row indexes that start a page


def header_grid(spec: TableSpec) -> list[list[Optional[Cell]]]:
    ncols = len(spec.roles)
    depth_of = [0] * ncols
    for d, c0, c1, _ in spec.groups:
        for j in range(c0, c1 + 1):
            depth_of[j] = max(depth_of[j], d + 1)
    nrows = 1 + max([d + 1 for d, *_ in spec.groups] + [0])
    grid: list[list[Optional[Cell]]] = [[None] * ncols for _ in range(nrows)]
    for d, c0, c1, text in spec.groups:
        grid[d][c0] = Cell(text, colspan=c1 - c0 + 1, bold=True, align="center")
    for j in range(ncols):
        r = depth_of[j]
        grid[r][j] = Cell(spec.labels[j], rowspan=nrows - r, bold=True, align="center")
    return grid


def cell_text(spec: TableSpec, rng: random.Random, row: LogicalRow, role: str, seq: int,
              steps: Optional[list[str]] = None, step_start: int = 1) -> str:
    if role == "seq":
        return content.thai_digits(str(seq)) if spec.step_thai else str(seq)
    if role == "issue":
        return content.issue_markup(row.issue_no, row.issue_title, spec.issue_form, spec.issue_thai) \
            if row.issue_no else (row.issue_title or "")
    if role == "question":
        return content.questions_markup(row.questions)
    if role == "steps":
        st = row.steps if steps is None else steps
        return content.steps_markup(rng, st, spec.step_form, spec.step_thai, start=step_start) if st else ""
    if role == "responsible":
        return content.responsible_markup(row.responsible, spec.resp_form)
    if role in ("finding", "measure", "period_text", "result", "outcome"):
        return getattr(row, role) or ""
    if role == "period":
        return row.period_text or ""
    return row.extras.get(role, "")


def build_table(spec: TableSpec, items: list[Union[LogicalRow, Banner]], rng: random.Random) -> Table:
    ncols = len(spec.roles)
    body: list[list[Optional[Cell]]] = []
    breaks: set[int] = set()
    steps_col = spec.roles.index("steps") if "steps" in spec.roles else None
    seq = spec.seq_start
    # issue spans: (grid row of the open span's cell, issue_no) ; closed on change/banner/break
    open_issue: Optional[list] = None   # [cell, issue_no]
    prev_issue = None
    li = -1

    def close_issue():
        nonlocal open_issue
        open_issue = None

    def mk(text: str, role: str) -> Cell:
        return Cell(text, quirk=spec.quirk if role not in ("seq",) else None,
                    align="center" if role in ("seq", "score", "percent", "status", "budget") or role.startswith("status_")
                    else "left")

    for item in items:
        if isinstance(item, Banner):
            row = [None] * ncols
            row[0] = Cell(item.text, colspan=ncols, bold=True)
            body.append(row)
            close_issue()
            prev_issue = None
            continue
        li += 1
        r = item
        if li in spec.extra_breaks and body:
            breaks.add(len(body))
            close_issue()
        per_row = spec.steps_per_row and steps_col is not None and len(r.steps) > 1
        split = spec.continue_row == li and not per_row and len(r.steps) >= 2
        first_steps = r.steps
        rest_steps: list[str] = []
        if split:
            k = max(1, len(r.steps) // 2)
            first_steps, rest_steps = r.steps[:k], r.steps[k:]
        n_grid = len(r.steps) if per_row else 1
        start = len(body)
        for g in range(n_grid):
            body.append([None] * ncols)
        for j, role in enumerate(spec.roles):
            if role == "issue" and spec.issue_mode == "merged":
                if open_issue is not None and prev_issue == r.issue_no:
                    open_issue[0].rowspan += n_grid
                    continue
                c = mk(cell_text(spec, rng, r, role, seq), role)
                c.rowspan = n_grid
                body[start][j] = c
                open_issue = [c, r.issue_no]
                continue
            if role == "issue" and spec.issue_mode == "first_only" and prev_issue == r.issue_no:
                body[start][j] = mk("", role)
                if n_grid > 1:
                    body[start][j].rowspan = n_grid
                continue
            if role == "steps" and per_row:
                for g, s in enumerate(r.steps):
                    num_form = spec.step_form if spec.step_form not in ("inline",) else "num_dot"
                    body[start + g][j] = mk(content.steps_markup(rng, [s], num_form, spec.step_thai, start=g + 1)
                                            if num_form in ("dash", "bullet") else
                                            _one_step(s, num_form, g + 1, spec.step_thai), role)
                continue
            text = cell_text(spec, rng, r, role, seq, steps=first_steps if split else None)
            c = mk(text, role)
            c.rowspan = n_grid
            body[start][j] = c
        prev_issue = r.issue_no
        seq += 1
        if split:
            breaks.add(len(body))
            close_issue()
            cont = [mk("", role) for role in spec.roles]
            cont[steps_col] = mk(content.steps_markup(rng, rest_steps, spec.step_form, spec.step_thai,
                                                      start=len(first_steps) + 1), "steps")
            body.append(cont)
            prev_issue = None if spec.issue_mode == "merged" else r.issue_no
            if spec.issue_mode == "merged":
                prev_issue = "__cont__"
    widths = [WEIGHT.get(role, 1.0) * (0.9 + 0.2 * rng.random()) for role in spec.roles]
    return Table(header=header_grid(spec), body=body, widths=widths, repeat_header=spec.repeat_header,
                 breaks=breaks, rules=spec.rules, header_fill=spec.header_fill)


def _one_step(s: str, form: str, i: int, thai: bool) -> str:
    n = content.thai_digits(str(i)) if thai else str(i)
    if form == "num_dot":
        return f"{n}. {s}"
    if form == "num_paren":
        return f"{n}) {s}"
    if form == "paren_num":
        return f"({n}) {s}"
    return s
