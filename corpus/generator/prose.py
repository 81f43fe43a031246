"""Title blocks, introductions, closing prose and signature blocks: text around the tables that a
reader must not take for rows."""
from __future__ import annotations

from corpus.generator import content, vocab
from corpus.generator.content import Ctx
from corpus.generator.model import Paragraph
from corpus.generator.thaitext import MONTHS

PLAN_TITLES = ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
               "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
               "การนำผลการวิเคราะห์ไปสู่การปฏิบัติ มาตรการส่งเสริมคุณธรรมและความโปร่งใส"]
REPORT_TITLES = ["รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
                 "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"]
ANALYSIS_TITLES = ["รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
                   "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"]


def title_block(ctx: Ctx, kind: str) -> tuple[list[Paragraph], str]:
    r = ctx.rng
    if kind == "measures":
        head = r.choice(PLAN_TITLES)
        year_line = f"ประจำปีงบประมาณ พ.ศ. {ctx.fy}"
    elif kind == "measures_report":
        head = r.choice(REPORT_TITLES)
        year_line = f"ประจำปีงบประมาณ พ.ศ. {ctx.fy}"
    else:
        head = r.choice(ANALYSIS_TITLES)
        year_line = f"ประจำปีงบประมาณ พ.ศ. {ctx.ita}"
    year_line = ctx.dt(year_line)
    loc = content.location_line(ctx.agency)
    order = r.random()
    lines = [head, year_line, loc] if order < 0.7 else [head, loc, year_line]
    if r.random() < 0.2:
        lines = [lines[0] + " " + lines[1]] + lines[2:]
    paras = [Paragraph(ln, align="center", bold=True, size=15.0) for ln in lines]
    paras[-1].space_before = 0
    return paras, lines[0]


def ita_phrase(ctx: Ctx) -> str:
    if ctx.features.get("ita_year_stated", True):
        return ctx.dt(f" ประจำปีงบประมาณ พ.ศ. {ctx.ita}")
    return ""


def intro(ctx: Ctx, kind: str) -> Paragraph:
    r = ctx.rng
    pool = vocab.REPORT_INTRO if kind == "measures_report" else vocab.INTRO
    t = r.choice(pool).format(agency=ctx.agency_short, fy=ctx.fy, ita_phrase=ita_phrase(ctx))
    return Paragraph(ctx.dt(t), align="justify", space_before=6.0)


def between(ctx: Ctx) -> Paragraph:
    return Paragraph(ctx.dt(ctx.rng.choice(vocab.BETWEEN)), align="justify", space_before=4.0)


def closing(ctx: Ctx) -> list[Paragraph]:
    r = ctx.rng
    out = []
    if r.random() < 0.5:
        out.append(Paragraph(ctx.dt(r.choice(vocab.LIMITS)), align="justify", space_before=4.0))
    if r.random() < 0.5:
        out.append(Paragraph(ctx.dt(r.choice(vocab.SUGGEST)), align="justify"))
    return out


def signature(ctx: Ctx) -> list[Paragraph]:
    """ประกาศ ณ วันที่ … / ลงชื่อ … / (name) / position: never rows."""
    r = ctx.rng
    name = f"{r.choice(['นาย', 'นาง', 'นางสาว'])}{r.choice(vocab.PERSON_FIRST)} {r.choice(vocab.PERSON_LAST)}"
    pos = r.choice([vocab.HEAD_OF, vocab.CLERK_OF])[ctx.agency["type"]] + \
        ctx.agency["name"][len(ctx.agency["type"]):] if r.random() < 0.7 else \
        r.choice([vocab.HEAD_OF, vocab.CLERK_OF])[ctx.agency["type"]]
    day = r.randint(1, 28)
    month = r.choice(MONTHS[9:] + MONTHS[:3])
    year = ctx.fy - 1 if month in MONTHS[9:] else ctx.fy
    align = r.choice(["center", "right"])
    out = []
    if r.random() < 0.6:
        out.append(Paragraph(ctx.dt(f"ประกาศ ณ วันที่ {day} {month} พ.ศ. {year}"), align=align, space_before=10.0))
    form = r.random()
    if form < 0.5:
        out.append(Paragraph("(ลงชื่อ) ........................................", align=align, space_before=8.0))
    elif form < 0.8:
        out.append(Paragraph("ลงชื่อ ........................................ ผู้รายงาน", align=align, space_before=8.0))
    out.append(Paragraph(f"({name})", align=align))
    out.append(Paragraph(("ตำแหน่ง " if r.random() < 0.4 else "") + pos, align=align))
    return out
