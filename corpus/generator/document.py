"""generate(seed): every choice of one document, drawn from one seeded random stream.

The order of draws is fixed, so a seed always gives the same document (and, through the
deterministic renderers, byte-identical files).
"""
from __future__ import annotations

import random

from corpus.generator import analysis, content, families, prose
from corpus.generator.content import Ctx, pick_weighted
from corpus.generator.model import Document, PageBreak
from corpus.generator.scan import scan_params

DOC_TYPES = [("measures", 55), ("measures_report", 20), ("analysis", 25)]
FAMILIES = [("A", 22), ("B", 13), ("C", 16), ("D", 14), ("E", 17), ("F", 18)]
QFORMS = {
    "A": ["code_text"] * 7 + ["misprint", "code_text_score"],
    "C": ["wording", "wording", "wording", "number", "number", "code_only"],
    "E": ["code_text"] * 4 + ["wording", "code_only", "code_text_score", "number"],
    "F": ["code_text"] * 4 + ["wording", "code_only", "misprint", "number"],
    "D": ["code_text", "code_text", "wording", "number"],
}


def make_ctx(seed: int) -> Ctx:
    rng = random.Random(seed)
    agency, short, notes = content.make_agency(rng)
    ita = pick_weighted(rng, content.ITA_YEARS)
    fy = ita + (2 if ita == 2564 or rng.random() < 0.1 else 1)
    dmode = rng.choices(["arabic", "thai", "mixed"], [55, 30, 15])[0]
    doc_type = pick_weighted(rng, DOC_TYPES)
    ctx = Ctx(rng=rng, seed=seed, agency=agency, agency_short=short, fy=fy, ita=ita,
              thai=dmode == "thai", thai_title=dmode in ("thai", "mixed"), doc_type=doc_type, notes=list(notes))
    ctx.features.update({"doc_type": doc_type, "digits": dmode, "agency_type": agency["type"],
                         "ita_year_be": ita, "fiscal_year_be": fy, "agency_abbreviated": short != agency["name"],
                         "district_stated": agency["district"] is not None,
                         "province_stated": agency["province"] is not None})
    q = rng.random()
    ctx.features["font_quirk"] = "am" if q < 0.12 else ("spaced" if q < 0.24 else None)
    ctx.features["text_markdown"] = rng.random() < 0.15
    ctx.features["legacy_digit_glyphs"] = dmode != "arabic" and rng.random() < 0.4
    return ctx


def generate_document(seed: int) -> Document:
    ctx = make_ctx(seed)
    r = ctx.rng
    f = ctx.features
    blocks: list = []
    rows = []
    scores, weak, qscores = [], [], []
    if ctx.doc_type == "measures":
        family = pick_weighted(r, FAMILIES)
        f["family"] = family
        f["ita_year_stated"] = r.random() < 0.9 or family == "B"
        title, head = prose.title_block(ctx, "measures")
        if family == "B":
            orientation = "portrait"
            blocks += title + [prose.intro(ctx, "measures")]
            b_blocks, rows, qscores = families.family_b(ctx, r.choice([2, 2, 3]))
            blocks += b_blocks + prose.closing(ctx) + prose.signature(ctx)
            ctx.notes.append("family B: each issue heading names the issue of the one-row plan table after its "
                             "question/score table; the plan's ประเด็น cell holds the weak question; the per-issue "
                             "question tables give question_scores (a code printed without a score has none)")
        elif family == "D":
            orientation = "portrait" if r.random() < 0.7 else "landscape"
            rows = content.make_rows(ctx, r.randint(3, 5), qforms=QFORMS["D"])
            blocks += title + [prose.intro(ctx, "measures")] + families.family_d(ctx, rows) + prose.signature(ctx)
        else:
            rows = content.make_rows(ctx, r.randint(3, 6), qforms=QFORMS[family])
            tbl = families.plan_table_family(ctx, family, rows)
            orientation, blocks = _frame(ctx, title, [prose.intro(ctx, "measures")], tbl)
    elif ctx.doc_type == "measures_report":
        f["family"] = "report"
        f["ita_year_stated"] = r.random() < 0.85
        tfam = r.choice(["A", "E", "F"])
        f["table_family"] = tfam
        title, head = prose.title_block(ctx, "measures_report")
        with_q = r.random() < 0.25
        rows = content.make_rows(ctx, r.randint(3, 5), questions=with_q, qforms=QFORMS["A"], report=True,
                                 issues_sorted=False)
        tbl = families.plan_table_family(ctx, tfam, rows, report=True)
        orientation, blocks = _frame(ctx, title, [prose.intro(ctx, "measures_report")], tbl)
    else:
        f["ita_year_stated"] = True
        title, head = prose.title_block(ctx, "analysis")
        a_blocks, scores, weak, qscores = analysis.analysis_blocks(ctx)
        orientation = "portrait"
        blocks = title + a_blocks
        embed = r.random() < 0.5
        if embed:
            tfam = r.choice(["A", "C", "E", "F"])
            f["family"] = tfam
            f["embedded_plan"] = True
            rows = content.make_rows(ctx, r.randint(3, 5), qforms=QFORMS[tfam])
            heading = prose.Paragraph(ctx.dt(f"4. มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {ctx.fy}"),
                                      bold=True, space_before=6.0, keep_with_next=True)
            tbl = families.plan_table_family(ctx, tfam, rows, embedded=True)
            if r.random() < 0.5:
                blocks += [PageBreak("landscape"), heading] + tbl + [PageBreak("portrait")]
                f["landscape_section"] = True
            else:
                blocks += [heading] + tbl
        else:
            f["family"] = None
        blocks += prose.closing(ctx) + prose.signature(ctx)
    f["orientation"] = orientation
    # every key in every file, so a benchmark can tabulate features without gaps
    for k, v in (("family", None), ("landscape_section", False), ("merged_cells", False), ("continuation_rows", 0),
                 ("header_rows", 0), ("header_groups", 0), ("header_ids", []), ("header_drift", []),
                 ("column_orders", []), ("extra_columns", []), ("step_forms", []), ("responsible_forms", []),
                 ("repeat_header", None), ("sections", None), ("one_table_per", None), ("issue_cell", None),
                 ("steps_one_per_row", False), ("measure_banners", False), ("status_ticks", False),
                 ("embedded_plan", False), ("analysis_parts", [])):
        f.setdefault(k, v)
    f["scan"] = scan_params(seed)
    f["rows"] = len(rows)
    f["questions"] = sum(len(x.questions) for x in rows)
    qf = sorted({_qform(q) for x in rows for q in x.questions})
    f["question_cell_forms"] = qf
    f["two_questions_in_cell"] = any(len(x.questions) > 1 for x in rows)
    f["period_forms"] = sorted({x.extras.get("period_form") for x in rows if x.extras.get("period_form")})
    ctx.notes.insert(0, f"Generated by corpus.generator from seed {seed}: doc_type {ctx.doc_type}, family "
                        f"{f.get('family')}, digits {f['digits']}, ITA {ctx.ita} / FY {ctx.fy}, all choices drawn "
                        "from one seeded random stream (see features.json).")
    ctx.notes.append("Rows are the logical rows the layout was printed from: steps without numbering, "
                     "continuations and one-step-per-table-row layouts merged into one row; banners, "
                     "headers, prose and signatures are not rows.")
    if f.get("legacy_digit_glyphs"):
        ctx.notes.append("legacy style only: Thai digits are drawn from glyphs whose text layer says ASCII digits "
                         "(the page shows ๒๕๖๗, the text says 2567); the gold keeps the digits the page shows")
    if f.get("font_quirk"):
        ctx.notes.append(f"legacy style only: the body cells use a font quirk ({f['font_quirk']}); the gold keeps the true text")
    doc_id = f"g{seed}"
    return Document(seed=seed, doc_id=doc_id, doc_type=ctx.doc_type, orientation=orientation, blocks=blocks,
                    agency=ctx.agency, fiscal_year_be=ctx.fy,
                    ita_year_be=ctx.ita if f.get("ita_year_stated") else None, rows=rows, scores=scores,
                    weak_questions=weak, question_scores=qscores, features=f, notes=ctx.notes, title=head)


def _qform(q) -> str:
    if q.code_raw is None:
        return "wording"
    if q.code is None:
        return "number" if q.text else "number_only"
    if q.text is None:
        return "code_only"
    if q.true_code != q.code:
        return "misprint"
    return "code_text"


def _frame(ctx: Ctx, title: list, intro: list, tbl: list) -> tuple[str, list]:
    """Page orientation: landscape throughout, portrait throughout, or a landscape table section
    between portrait pages."""
    r = ctx.rng
    x = r.random()
    end = (prose.closing(ctx) if r.random() < 0.4 else []) + prose.signature(ctx)
    if x < 0.65:
        return "landscape", title + intro + tbl + end
    if x < 0.8:
        return "portrait", title + intro + tbl + end
    ctx.features["landscape_section"] = True
    return "portrait", title + intro + [PageBreak("landscape")] + tbl + [PageBreak("portrait")] + end
