"""Score-analysis reports: prose with small score tables, weak questions named in sentences or
lists, sometimes a per-question score table and an embedded plan.

Scores are made consistent the way real reports are: a tool's score is the mean of its
indicators and the overall score is 0.3 IIT + 0.3 EIT + 0.4 OIT, graded by ita_grades.csv.
"""
from __future__ import annotations

from corpus.generator import catalog, content
from corpus.generator.content import Ctx
from corpus.generator.model import Cell, Paragraph, Table
from corpus.generator.thaitext import thai_digits

TOOL_OF_INDICATOR = {1: "IIT", 2: "IIT", 3: "IIT", 4: "IIT", 5: "IIT", 6: "EIT", 7: "EIT", 8: "EIT", 9: "OIT", 10: "OIT"}
INDICATOR_NAMES = {1: "การปฏิบัติหน้าที่", 2: "การใช้งบประมาณ", 3: "การใช้อำนาจ", 4: "การใช้ทรัพย์สินของราชการ",
                   5: "การแก้ไขปัญหาการทุจริต", 6: "คุณภาพการดำเนินงาน", 7: "ประสิทธิภาพการสื่อสาร",
                   8: "การปรับปรุงระบบการทำงาน", 9: "การเปิดเผยข้อมูล", 10: "การป้องกันการทุจริต"}


def year_scores(ctx: Ctx, level: float) -> dict:
    r = ctx.rng
    ind = {i: round(min(100.0, max(35.0, r.gauss(level, 7.0))), 2) for i in range(1, 11)}
    tools = {}
    for t in ("IIT", "EIT", "OIT"):
        vals = [v for i, v in ind.items() if TOOL_OF_INDICATOR[i] == t]
        tools[t] = round(sum(vals) / len(vals), 2)
    overall = round(0.3 * tools["IIT"] + 0.3 * tools["EIT"] + 0.4 * tools["OIT"], 2)
    return {"ind": ind, "tools": tools, "overall": overall}


def s(ctx: Ctx, x: float, thai: bool) -> str:
    t = f"{x:.2f}"
    return thai_digits(t) if thai else t


def weak_code(ctx: Ctx, code: str) -> str:
    """A weak question's code as analyses print it ('ข้อ i12', '1๒๘', '๐24', 'O ๒๔', 'E 12')."""
    r = ctx.rng
    letter, num = code[0], code[1:]
    forms = ["ข้อ plain", "plain", "thai", "upper_space", "upper_space_thai"]
    if letter == "i":
        forms.append("one_for_i")
    if letter == "o":
        forms.append("thai_zero")
    f = r.choice(forms)
    if f == "ข้อ plain":
        return "ข้อ " + code
    if f == "plain":
        return code
    if f == "thai":
        return letter + thai_digits(num)
    if f == "upper_space":
        return letter.upper() + " " + num
    if f == "upper_space_thai":
        return letter.upper() + " " + thai_digits(num)
    if f == "one_for_i":
        return "1" + thai_digits(num)
    return "๐" + num


def analysis_blocks(ctx: Ctx) -> tuple[list, list[dict], list[dict], list[dict]]:
    """(blocks, scores, weak_questions, question_scores) of the analysis part."""
    r = ctx.rng
    Y = ctx.ita
    tn = ctx.thai
    blocks: list = []
    scores: list[dict] = []
    feats = ctx.features.setdefault("analysis_parts", [])
    cur = year_scores(ctx, r.uniform(70, 95))
    prev = year_scores(ctx, r.uniform(65, 92)) if r.random() < 0.5 else None
    g = catalog.grade(Y, cur["overall"])
    blocks.append(Paragraph(ctx.dt("1. หลักการและเหตุผล"), bold=True, space_before=6.0))
    blocks.append(Paragraph(ctx.dt(
        "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) กำหนดให้หน่วยงานภาครัฐเข้ารับการประเมินคุณธรรม"
        "และความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) เป็นประจำทุกปี เพื่อให้หน่วยงานทราบสถานะของตนเองและนำผลไปปรับปรุง"
        f" {ctx.agency_short}จึงได้วิเคราะห์ผลการประเมินประจำปีงบประมาณ พ.ศ. {Y} เพื่อจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
        f"ในปีงบประมาณ พ.ศ. {ctx.fy}"), align="justify"))
    blocks.append(Paragraph(ctx.dt("2. ผลการประเมิน"), bold=True, space_before=6.0))
    sent = f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {Y} ของ{ctx.agency_short} ได้คะแนนรวม {cur['overall']:.2f} คะแนน อยู่ในระดับ {g}"
    scores.append({"ita_year_be": Y, "scope": "overall", "indicator_no": None, "score": cur["overall"], "grade": g})
    if prev and r.random() < 0.7:
        pg = catalog.grade(Y - 1, prev["overall"])
        word = "เพิ่มขึ้น" if cur["overall"] >= prev["overall"] else "ลดลง"
        sent += f" {word}จากปี พ.ศ. {Y - 1} ซึ่งได้ {prev['overall']:.2f} คะแนน (ระดับ {pg})"
        scores.append({"ita_year_be": Y - 1, "scope": "overall", "indicator_no": None, "score": prev["overall"], "grade": pg})
        feats.append("previous_overall")
    if r.random() < 0.4:
        sent += " ซึ่ง" + ("ผ่าน" if cur["overall"] >= 85 else "ยังไม่ผ่าน") + "เกณฑ์ค่าเป้าหมายที่กำหนดไว้ 85 คะแนน"
    blocks.append(Paragraph(ctx.dt(sent), align="justify"))
    if r.random() < 0.75:
        weights = r.random() < 0.5
        hdr = ["เครื่องมือการประเมิน"] + (["น้ำหนัก"] if weights else []) + ["คะแนน"]
        body = []
        for t, w in (("IIT", 30), ("EIT", 30), ("OIT", 40)):
            cells = [Cell(f"{catalog.TOOL_NAMES[t]} ({t})")]
            if weights:
                cells.append(Cell(ctx.d(f"ร้อยละ {w}"), align="center"))
            cells.append(Cell(s(ctx, cur["tools"][t], tn), align="center"))
            body.append(cells)
            scores.append({"ita_year_be": Y, "scope": t, "indicator_no": None, "score": cur["tools"][t], "grade": None})
        if r.random() < 0.5:
            row = [Cell("<b>คะแนนรวม</b>")] + ([Cell("")] if weights else []) + \
                  [Cell(f"<b>{s(ctx, cur['overall'], tn)}</b>", align="center")]
            body.append(row)
        blocks.append(Table([[Cell(x, bold=True, align="center") for x in hdr]], body,
                            [3.0] + ([0.9] if weights else []) + [0.9]))
        feats.append("tool_table")
    if r.random() < 0.7:
        two = prev is not None and r.random() < 0.7
        ranked = r.random() < 0.25
        order = sorted(range(1, 11), key=lambda i: -cur["ind"][i]) if ranked else list(range(1, 11))
        if two:
            hdr = (["อันดับ"] if ranked else []) + ["ตัวชี้วัด", ctx.d(f"คะแนนปี {Y - 1}"), ctx.d(f"คะแนนปี {Y}"), "การเปลี่ยนแปลง"]
        else:
            hdr = (["อันดับ"] if ranked else []) + ["ตัวชี้วัด", "คะแนน"]
        body = []
        for k, i in enumerate(order, 1):
            name = INDICATOR_NAMES[i] if ranked else f"ตัวชี้วัดที่ {ctx.d(str(i))} {INDICATOR_NAMES[i]}"
            cells = ([Cell(ctx.d(str(k)), align="center")] if ranked else []) + [Cell(name)]
            if two:
                diff = cur["ind"][i] - prev["ind"][i]
                cells += [Cell(s(ctx, prev["ind"][i], tn), align="center"), Cell(s(ctx, cur["ind"][i], tn), align="center"),
                          Cell(("+" if diff >= 0 else "-") + s(ctx, abs(diff), tn), align="center")]
            else:
                cells.append(Cell(s(ctx, cur["ind"][i], tn), align="center"))
            body.append(cells)
        for i in range(1, 11):
            scores.append({"ita_year_be": Y, "scope": "indicator", "indicator_no": i, "score": cur["ind"][i], "grade": None})
            if two:
                scores.append({"ita_year_be": Y - 1, "scope": "indicator", "indicator_no": i, "score": prev["ind"][i],
                               "grade": None})
        widths = ([0.6] if ranked else []) + [3.0] + ([0.9, 0.9, 0.9] if two else [0.9])
        blocks.append(Table([[Cell(x, bold=True, align="center") for x in hdr]], body, widths))
        feats.append("indicator_table_two_years" if two else "indicator_table")
        if ranked:
            feats.append("indicator_rank_column")
    if r.random() < 0.3:
        body = [[Cell(ctx.d(f"{lo:.2f} - {hi:.2f}"), align="center"), Cell(gr, align="center")]
                for gr, lo, hi in catalog.grade_bands(Y)]
        blocks.append(Paragraph("เกณฑ์ระดับผลการประเมิน มีดังนี้"))
        blocks.append(Table([[Cell("ช่วงคะแนน", bold=True, align="center"), Cell("ระดับผลการประเมิน", bold=True, align="center")]],
                            body, [1.5, 1.5]))
        feats.append("grade_band_table")

    # weak questions
    pool = list(catalog.items(Y))
    weak_items = r.sample(pool, min(len(pool), r.randint(2, 5)))
    weak: list[dict] = []
    blocks.append(Paragraph(ctx.dt("3. ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไข"), bold=True, space_before=6.0))
    as_list = r.random() < 0.5
    blocks.append(Paragraph("จากผลการประเมิน พบว่ามีข้อคำถามที่ได้คะแนนต่ำกว่าเกณฑ์ และต้องปรับปรุงแก้ไข ดังนี้" if as_list else
                            "จากการวิเคราะห์ผลการประเมินรายข้อ พบประเด็นที่ต้องพัฒนา", align="justify"))
    sentences = []
    by_wording = 0
    for it in weak_items:
        text = content.codes.wording(r, it, ctx.thai)
        if r.random() < 0.12:
            printed = text
            by_wording += 1
        else:
            printed = f"{weak_code(ctx, it.code)} {text}"
        weak.append({"code": it.code, "text": text})
        if as_list:
            blocks.append(Paragraph(f"{r.choice(['-', '•', ''])} {printed}".strip(), indent=18.0))
        else:
            sentences.append(printed)
    if sentences:
        blocks.append(Paragraph("ได้แก่ " + " และ ".join(sentences) + " ซึ่งหน่วยงานจะนำไปกำหนดมาตรการแก้ไขต่อไป",
                                align="justify"))
    feats.append("weak_list" if as_list else "weak_sentence")
    if by_wording:
        feats.append("weak_by_wording")
        ctx.notes.append("some weak questions are named by their wording only: the gold code is the catalog item")

    qscores: list[dict] = []
    if r.random() < 0.25:
        tools = sorted({it.tool for it in pool}, key=["IIT", "EIT", "OIT"].index)
        tool = r.choice(tools)
        its = [it for it in pool if it.tool == tool][: r.randint(8, 15)]
        blocks.append(Paragraph(ctx.dt(f"คะแนนรายข้อของ{catalog.TOOL_NAMES[tool]} ({tool})"), bold=True, space_before=6.0))
        body = []
        for it in its:
            v = round(r.uniform(55, 100) if tool != "OIT" else r.choice([0.0, 100.0, 100.0, 100.0]), 2)
            sc = ctx.d(f"{v:.2f}") if tool != "OIT" or r.random() < 0.5 else ctx.d(str(int(v)))
            body.append([Cell(it.code, align="center"), Cell(content.codes.wording(r, it, ctx.thai)), Cell(sc, align="center")])
            qscores.append({"ita_year_be": Y, "code": it.code, "score": v})
        blocks.append(Table([[Cell(x, bold=True, align="center") for x in ["ข้อ", "ประเด็นการประเมิน", "คะแนนที่ได้"]]],
                            body, [0.6, 4.0, 0.9]))
        feats.append("question_score_table")
    return blocks, scores, weak, qscores
