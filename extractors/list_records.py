"""Plans written as lists, not tables (layout family D), and the labelled lines around small tables.

Some agencies write each measure as a heading (`มาตรการที่ 1 …`, `1. …`, `• …`) followed by labelled
lines (`ข้อค้นพบ : …`, `ระยะเวลา ตุลาคม 2567 – …`) and a list of steps under its own label. The labels
are the same phrases a table header uses, so the one column vocabulary reads them: a line is
labelled when its start (up to a colon, or its first words) is a known header phrase and little else.
The issue heading above (`ประเด็นที่ 3 …`) applies to the measures under it. The same reader gives a
small table its context: the measure heading and labelled lines printed just above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.issues import match_issue
from extractors.columns import header_coverage, header_role
from extractors.records import MEASURE_ROLES, heading_issue, record_from_fields

_COLON = re.compile(r"^(?P<label>[^:：]{2,45}?)\s*[:：]\s*(?P<value>.*)$")
_MARK = re.compile(r"^\s*(?P<mark>[-•▪●○◦*]|\(?[0-9๐-๙]{1,2}[.)]|มาตรการที่\s*[0-9๐-๙]{1,2}\s*[:.]?)\s*")
_CLOSING = re.compile(r"^\s*\(?\s*(?:ประกาศ\s*ณ|ลงชื่อ|ลงนาม|ตำแหน่ง|ข้อเสนอแนะ|ข้อจำกัด|หมายเหตุ|\(ลงชื่อ\))")
_LABEL_COVER = 0.75  # share of a label's letters header phrases cover: "จากผลการวิเคราะห์ข้างต้น" is prose
_MAX_LABEL_WORDS = 3
_WHOLE_LABEL = 0.8  # a prefix of several words is taken whole only when header phrases cover each word
_WRAPPING = frozenset({"question", "finding", "measure", "steps", "result", "outcome"})
_MIN_FIELDS = 2
_NOTE_ONLY = re.compile(r"^[(\[*][^)\]*]*[)\]*]$")  # a value that is only a bracketed note belongs to the label


@dataclass
class _Measure:
    measure: str | None
    issue: tuple[int | None, str | None]
    fields: dict[str, list[str]] = field(default_factory=dict)


def labelled(line: str) -> tuple[str, str] | None:
    """(role, value) when a line starts with a known label: `label : value` or `label value`."""
    m = _COLON.match(line)
    if m and (role := _label_role(m.group("label"))):
        return role, m.group("value").strip()
    words = line.split()
    found = [(k, role) for k in range(1, min(_MAX_LABEL_WORDS, len(words)) + 1)
             if (role := _label_role(" ".join(words[:k])))]
    if not found:
        return None
    whole = [(k, role) for k, role in found if all(header_coverage(w) >= _WHOLE_LABEL for w in words[:k])]
    k, role = whole[-1] if whole else found[0]  # the longest prefix of label words, else the shortest
    value = " ".join(words[k:])
    return role, "" if _NOTE_ONLY.match(value) else value  # "ผลการดำเนินการ (โปรดระบุ)": a label's note


def _label_role(label: str) -> str | None:
    role = header_role((label,))
    return role if role in MEASURE_ROLES and header_coverage(label) >= _LABEL_COVER else None


_ISSUE_SURE = 90.0  # a numbered line is an issue heading only when it is an issue's title nearly word for word


def _issue_heading(line: str) -> bool:
    """`ประเด็นที่ 3 …`, or a numbered line that is one of the seven issue titles; a numbered measure
    ("๓. มาตรการป้องกันการทุจริตภายในหน่วยงาน") only resembles the issue it serves."""
    number, score = match_issue(line)
    if number is None:
        return False
    return line.startswith("ประเด็น") or (bool(_MARK.match(line)) and score >= _ISSUE_SURE
                                          and not _strip_mark(line).startswith("มาตรการ"))


def _marker_style(line: str) -> str | None:
    m = _MARK.match(line)
    if not m:
        return None
    return re.sub(r"[0-9๐-๙]+", "9", m.group("mark").replace(" ", ""))


def _strip_mark(line: str) -> str:
    return _MARK.sub("", line, count=1).strip()


def list_measures(lines: list[str]) -> list[_Measure]:
    """Measures written as headings and labelled lines, in reading order."""
    out: list[_Measure] = []
    current: _Measure | None = None
    issue: tuple[int | None, str | None] = (None, None)
    open_role: str | None = None
    step_style: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        lab = labelled(line)
        if (lab is None or lab[0] == "issue") and _issue_heading(line):
            issue, current, open_role = heading_issue(line), None, None
            continue
        if _CLOSING.match(line):
            current, open_role = None, None
            continue
        if lab and lab[0] != "issue":
            role, value = lab
            if current is None or (role in current.fields and role != open_role):
                current = _Measure(None, issue)
                out.append(current)
            current.fields.setdefault(role, [])
            if value:
                current.fields[role].append(value)
            open_role = role if role in _WRAPPING or not value else None
            step_style = None
            continue
        style = _marker_style(line)
        items = current.fields.get(open_role) if current is not None and open_role is not None else None
        if items is not None and style is not None and not items and step_style is None or \
                items is not None and style is not None and step_style == style:
            step_style = style  # a list under a label alone: items of one marker style
            items.append(line)
            continue
        if items and style is None:  # the wrapped rest of a value or of a list item
            items.append(line)
            continue
        if style is not None:
            current = _Measure(_strip_mark(line), issue)
            out.append(current)
            open_role = step_style = None
        else:
            open_role = None
    return [m for m in out if len(m.fields) + (m.measure is not None) >= _MIN_FIELDS and m.fields]


def list_rows(lines: list[str], fiscal_year_be: int | None, start_no: int = 1) -> list:
    """Measure rows of a plan written as a list (`MeasureRow`s). A measure says what will be done,
    when or by whom: lines that give none of steps, period, unit or result (a header's fragments, an
    introduction that happens to start with a label word) are no measure."""
    rows = []
    for m in list_measures(lines):
        row = record_from_fields({role: "\n".join(v) for role, v in m.fields.items()}, fiscal_year_be)
        if row is None or not (row.steps or row.period_text or row.responsible or row.result or row.outcome):
            continue
        row.measure = row.measure or m.measure
        if row.issue_no is None and row.issue_title is None:
            row.issue_no, row.issue_title = m.issue
        row.row_no = start_no + len(rows)
        rows.append(row)
    return rows


def fill_from_context(rows: list, context: str, fiscal_year_be: int | None) -> None:
    """A small table's rows take what the measure heading and labelled lines just above the table say
    (`1. มาตรการ…` / `ข้อคำถาม …` / `ผลการวิเคราะห์ …` over a steps | period | units table), where the
    table itself says nothing of it."""
    measures = list_measures(context.splitlines())
    if not measures:
        return
    above = record_from_fields({role: "\n".join(v) for role, v in measures[-1].fields.items()}, fiscal_year_be)
    for row in rows:
        row.measure = row.measure or (above.measure if above else None) or measures[-1].measure
        if above is None:
            continue
        row.questions = row.questions or above.questions
        row.finding = row.finding or above.finding
        if row.issue_no is None and row.issue_title is None:
            row.issue_no, row.issue_title = above.issue_no, above.issue_title
