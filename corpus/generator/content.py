"""What a document says: the agency, its years, and the logical rows of its plan or report.

Every value chosen here is final printed text (digits already Thai or Arabic), so the layout code
only arranges it and the gold copies it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional

from corpus.generator import catalog, codes, periods, vocab
from corpus.generator.model import LogicalRow, Question
from corpus.generator.thaitext import MONTHS, month_year_be, thai_digits

# ITA years whose catalog is complete enough to cite, weighted as real corpora are
ITA_YEARS = [(2567, 35), (2566, 30), (2568, 15), (2564, 12), (2565, 8)]


@dataclass
class Ctx:
    """Document-wide choices every module reads."""
    rng: random.Random
    seed: int
    agency: dict
    agency_short: str            # how the body refers to the agency (full name or abbreviation)
    fy: int
    ita: int
    thai: bool                   # Thai digits in the body
    thai_title: bool             # Thai digits in the title / prose
    doc_type: str
    family: Optional[str] = None
    features: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def d(self, s: str) -> str:
        return thai_digits(s) if self.thai else s

    def dt(self, s: str) -> str:
        return thai_digits(s) if self.thai_title else s


def pick_weighted(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def make_agency(rng: random.Random) -> tuple[dict, str, list[str]]:
    """(gold agency dict, short form used in the body, notes)."""
    atype = rng.choices(vocab.AGENCY_TYPES, vocab.AGENCY_WEIGHTS)[0]
    district, province = rng.choice(vocab.DISTRICTS)
    if atype == "องค์การบริหารส่วนจังหวัด":
        place = province
        district = None
    elif atype == "เทศบาลนคร" and rng.random() < 0.5:
        place = province
    else:
        place = rng.choice(vocab.PLACE_HEAD) + rng.choice(vocab.PLACE_TAIL)
    name = atype + place
    say_district = district is not None and rng.random() < 0.75
    # a provincial organisation's name states its province
    say_province = atype == "องค์การบริหารส่วนจังหวัด" or rng.random() < 0.85
    agency = {"name": name, "type": atype, "district": district if say_district else None,
              "province": province if say_province else None, "name_variants": []}
    short = name
    notes = []
    if rng.random() < 0.3:
        short = vocab.ABBR[atype] + place
        agency["name_variants"].append(short)
        notes.append(f"the body calls the agency '{short}'; the title spells it out")
    return agency, short, notes


def location_line(agency: dict) -> str:
    parts = [agency["name"]]
    if agency.get("district"):
        parts.append("อำเภอ" + agency["district"])
    if agency.get("province") and agency["type"] != "องค์การบริหารส่วนจังหวัด":
        parts.append("จังหวัด" + agency["province"])
    elif agency.get("province") and agency["name"] != "องค์การบริหารส่วนจังหวัด" + agency["province"]:
        parts.append("จังหวัด" + agency["province"])
    return " ".join(parts)


def item_pool(ita: int) -> list[catalog.Item]:
    return list(catalog.items(ita))


def pick_units(rng: random.Random, atype: str) -> list[str]:
    pool = vocab.UNITS_BY_TYPE[atype] + vocab.UNITS_COMMON
    k = rng.choices([1, 2, 3], [60, 30, 10])[0]
    units = []
    while len(units) < k:
        u = rng.choice(pool)
        if u in units or (u.startswith("ทุก") and units):
            continue
        if u.startswith("สำนักปลัด") and rng.random() < 0.15:
            u = f"{u} ({rng.choice(vocab.SUBUNITS)})"
        units.append(u)
        if u.startswith("ทุก"):
            break
    return units


def fill(ctx: Ctx, template: str, oit: str = "ข้อมูลข่าวสาร") -> str:
    r = ctx.rng
    month = r.choice(periods.FY_MONTHS)       # a date inside the document's fiscal year
    s = template.format(n=r.choice([2, 3, 5, 7, 10, 15, 30, 45, 120]), m=r.choice([1, 2, 4, 6, 12, 20]),
                        p=r.choice([80, 85, 90, 95, 100]), score=f"{r.uniform(55, 84):.2f}", oit=oit,
                        d=r.randint(1, 28), month=MONTHS[month - 1], year=month_year_be(month, ctx.fy))
    return ctx.d(s)


def fresh(rng: random.Random, pool: list[str], used: set[str], k: int = 1) -> list[str]:
    """k texts from a pool, preferring ones the document has not printed yet."""
    left = [x for x in pool if x not in used]
    if len(left) < k:
        left = list(pool)
    out = rng.sample(left, min(k, len(left)))
    used.update(out)
    return out


def make_rows(ctx: Ctx, n: int, *, questions: bool = True, qforms: Optional[list] = None,
              report: bool = False, two_q_rate: float = 0.12, issues_sorted: bool = True,
              tools: Optional[list[str]] = None) -> list[LogicalRow]:
    """n logical rows with content; questions cite items of the document's ITA year."""
    rng = ctx.rng
    pool = item_pool(ctx.ita)
    if tools:
        pool = [it for it in pool if it.tool in tools] or pool
    qforms = qforms or ["code_text"]
    used: set[str] = set()
    seen_text: set[str] = set()
    rows: list[LogicalRow] = []
    for _ in range(n):
        it = rng.choice([p for p in pool if p.code not in used] or pool)
        used.add(it.code)
        issue = rng.choice(catalog.issues_of(it))
        row = LogicalRow(issue_no=issue, issue_title=catalog.issue_title(issue), tool=it.tool)
        if questions:
            form = rng.choice(qforms)
            row.questions.append(codes.question(rng, it, form, ctx.thai, pool,
                                                score=ctx.d(f"{rng.uniform(50, 84):.2f}")))
            if rng.random() < two_q_rate:
                same = [p for p in pool if p.tool == it.tool and p.code not in used
                        and issue in catalog.issues_of(p)]
                if same:
                    it2 = rng.choice(same)
                    used.add(it2.code)
                    f2 = form if form not in ("misprint",) else "code_text"
                    row.questions.append(codes.question(rng, it2, f2, ctx.thai, pool))
        row.finding = fill(ctx, fresh(rng, vocab.FINDINGS[issue], seen_text)[0])
        oit = it.text if it.tool == "OIT" else "ข้อมูลข่าวสาร"
        k = rng.choices([1, 2, 3, 4], [15, 35, 35, 15])[0]
        row.steps = [fill(ctx, s, oit) for s in fresh(rng, vocab.STEPS[issue], seen_text, k)]
        row.measure = fresh(rng, vocab.MEASURES[issue], seen_text)[0]
        text, a, b, pform = periods.period(rng, ctx.fy, ctx.thai)
        row.period_text, row.period_start, row.period_end = text, a, b
        row.extras["period_form"] = pform
        row.responsible = pick_units(rng, ctx.agency["type"])
        if report:
            row.result = fill(ctx, fresh(rng, vocab.RESULTS, seen_text)[0])
            row.outcome = fill(ctx, fresh(rng, vocab.OUTCOMES, seen_text)[0])
        rows.append(row)
    if issues_sorted:
        rows.sort(key=lambda r: r.issue_no or 0)
    return rows


def questions_markup(qs: list[Question], sep: str = "<br>") -> str:
    return sep.join(q.printed for q in qs)


STEP_FORMS = ["num_dot", "num_dot", "num_paren", "paren_num", "dash", "bullet", "lines", "inline"]


def steps_markup(rng: random.Random, steps: list[str], form: str, thai_num: bool, start: int = 1) -> str:
    """Steps printed in one cell; the gold keeps them without their numbering or bullets."""
    def num(i: int) -> str:
        s = str(i)
        return thai_digits(s) if thai_num else s
    if len(steps) == 1 and form not in ("dash", "bullet"):
        return steps[0]
    items = []
    for i, s in enumerate(steps, start):
        if form == "num_dot":
            items.append(f"{num(i)}. {s}")
        elif form == "num_paren":
            items.append(f"{num(i)}) {s}")
        elif form == "paren_num":
            items.append(f"({num(i)}) {s}")
        elif form == "dash":
            items.append(f"- {s}")
        elif form == "bullet":
            items.append(f"• {s}")
        elif form == "inline":
            items.append(f"{num(i)}. {s}")
        else:
            items.append(s)
    if form == "inline":
        return " ".join(items)
    if rng.random() < 0.5:
        return "".join(f"<p>{x}</p>" for x in items)
    return "<br>".join(items)


RESP_FORMS = ["slash", "slash", "comma", "lines", "dash_lines", "slash_spaced"]


def responsible_markup(units: list[str], form: str) -> str:
    if len(units) == 1:
        return units[0]
    if form == "slash":
        return "/".join(units)
    if form == "slash_spaced":
        return " / ".join(units)
    if form == "comma":
        return ", ".join(units)
    if form == "dash_lines":
        return "<br>".join("- " + u for u in units)
    return "<br>".join(units)


ISSUE_FORMS = ["num_dot", "num_dot", "num_paren", "prefix", "bare"]


def issue_markup(no: int, title: str, form: str, thai_num: bool) -> str:
    n = thai_digits(str(no)) if thai_num else str(no)
    if form == "num_dot":
        return f"{n}. {title}"
    if form == "num_paren":
        return f"{n}) {title}"
    if form == "prefix":
        return f"ประเด็นที่ {n} {title}"
    return title
