"""Layout families A-F of shared/notes/layouts.md and the report layouts, as block lists.

A  NACC form: ประเด็น | group(ข้อคำถาม ITA | ข้อค้นพบ) | ขั้นตอน | ระยะเวลา | หน่วยงาน, ประเด็น merged down.
B  per-issue pairs: issue heading, portrait question/score table, landscape one-row 8-column plan.
C  plans citing questions without codes (wording only, bare number, code only).
D  plans as lists (มาตรการที่ 1 …, steps as indented lines, period and unit as lines).
E  extra columns (เป้าหมาย, ตัวชี้วัด, งบประมาณ, ผู้กำกับติดตาม, หมายเหตุ, ลำดับ).
F  header wording drift, shuffled column order, horizontal-only rules.
Each builder returns (blocks, logical rows in reading order); features go into ctx.features.
"""
from __future__ import annotations


from corpus.generator import catalog, content, headers, prose, tables, vocab
from corpus.generator.content import Ctx
from corpus.generator.model import Cell, LogicalRow, PageBreak, Paragraph, Table
from corpus.generator.tables import Banner, TableSpec
from corpus.generator.thaitext import thai_digits

SECTION_TITLES = {
    "IIT": ["มาตรการแก้ไขตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
            "ส่วนที่ {n} แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "ด้าน IIT", "{n}) ด้านการรับรู้ภายใน (IIT)"],
    "EIT": ["มาตรการแก้ไขตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
            "ส่วนที่ {n} แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)", "ด้าน EIT", "{n}) ด้านการรับรู้ภายนอก (EIT)"],
    "OIT": ["มาตรการแก้ไขตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)",
            "ส่วนที่ {n} แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "ด้าน OIT", "{n}) ด้านการเปิดเผยข้อมูล (OIT)"],
}


def section_title(ctx: Ctx, tool: str, n: int, variant: int) -> str:
    t = SECTION_TITLES[tool][variant].format(n=n)
    if variant == 0:
        t = f"{n}. {t}"
    return ctx.d(t)


def extras_fill(ctx: Ctx, rows: list[LogicalRow], roles: list[str]) -> None:
    r = ctx.rng
    for row in rows:
        for role in roles:
            if role == "target":
                row.extras[role] = r.choice(vocab.TARGETS)
            elif role == "kpi":
                row.extras[role] = content.fill(ctx, r.choice(vocab.KPIS))
            elif role == "budget":
                row.extras[role] = content.fill(ctx, r.choice(vocab.BUDGETS))
            elif role == "supervisor":
                row.extras[role] = r.choice(vocab.SUPERVISORS)
            elif role == "monitoring":
                row.extras[role] = content.fill(ctx, r.choice(vocab.MONITORING))
            elif role == "note":
                row.extras[role] = r.choice(vocab.NOTES)
            elif role == "percent":
                row.extras[role] = ctx.d(str(r.choice([50, 75, 80, 100, 100, 100])))
            elif role == "problems":
                row.extras[role] = r.choice(vocab.PROBLEMS)
            elif role == "status":
                row.extras[role] = r.choice(vocab.STATUS)


def make_spec(ctx: Ctx, roles: list[str], *, groups_wanted: list[tuple[str, list[str]]],
              drift: float, plain_labels: bool, title_row: bool) -> TableSpec:
    """Header labels (with drift) and the groups whose member columns sit side by side."""
    r = ctx.rng
    fmt = {"ita": ctx.dt(str(ctx.ita)), "fy": ctx.dt(str(ctx.fy))}
    labels, ids, drifts = [], [], []
    for role in roles:
        text, lid = headers.label(r, role, fmt, plain=plain_labels)
        while "{ita}" in headers.LABELS[role][int(lid.split(":")[1])] and not ctx.features.get("ita_year_stated"):
            text, lid = headers.label(r, role, fmt)   # the year would state what the document must not
        if role == "result" and ctx.thai_title:
            text = thai_digits(text)
        text, kinds = headers.drift(r, text, drift)
        labels.append(text)
        ids.append(lid)
        drifts.extend(kinds)
    groups = []
    depth0 = 1 if title_row else 0
    for kind, members in groups_wanted:
        idx = sorted(roles.index(m) for m in members if m in roles)
        if len(idx) >= 2 and idx == list(range(idx[0], idx[-1] + 1)):
            text, gid = headers.group_label(r, kind, fmt)
            text, kinds = headers.drift(r, text, drift * 0.5)
            groups.append((depth0, idx[0], idx[-1], text))
            ids.append(gid)
    if title_row:
        text, gid = headers.group_label(r, "title", fmt)
        groups.insert(0, (0, 0, len(roles) - 1, text))
        ids.append(gid)
    ctx.features.setdefault("header_ids", []).extend(ids)
    if drifts:
        ctx.features.setdefault("header_drift", []).extend(drifts)
    spec = TableSpec(roles=roles, labels=labels, groups=groups)
    spec.step_form = r.choice(content.STEP_FORMS)
    spec.step_thai = ctx.thai and r.random() < 0.7
    spec.resp_form = r.choice(content.RESP_FORMS)
    spec.issue_form = r.choice(content.ISSUE_FORMS)
    spec.issue_thai = ctx.thai and r.random() < 0.7
    spec.repeat_header = r.random() < 0.75
    spec.rules = "horizontal" if r.random() < 0.3 else None
    spec.header_fill = r.random() < 0.25
    spec.quirk = ctx.features.get("font_quirk")
    return spec


def record_spec(ctx: Ctx, spec: TableSpec, tb: Table) -> None:
    f = ctx.features
    f.setdefault("column_orders", []).append(spec.roles)
    f["header_rows"] = max(f.get("header_rows", 0), len(tb.header))
    f["header_groups"] = f.get("header_groups", 0) + len(spec.groups)
    f.setdefault("step_forms", []).append(spec.step_form)
    f.setdefault("responsible_forms", []).append(spec.resp_form)
    f["repeat_header"] = spec.repeat_header
    f["rules_borderless"] = spec.rules or "none"
    merged = any(c is not None and c.rowspan > 1 for row in tb.body for c in row)
    f["merged_cells"] = f.get("merged_cells", False) or merged
    f["continuation_rows"] = f.get("continuation_rows", 0) + len(tb.breaks)
    if "issue" in spec.roles:
        f["issue_cell"] = spec.issue_mode
        f.setdefault("issue_forms", []).append(spec.issue_form)
    if spec.steps_per_row:
        f["steps_one_per_row"] = True


def prune(rows: list[LogicalRow], roles: list[str], issue_from_heading: bool = False) -> None:
    """The gold holds only what is printed: fields whose column the table lacks become empty."""
    for x in rows:
        if "issue" not in roles and not issue_from_heading:
            x.issue_no, x.issue_title = None, None
        if "question" not in roles:
            x.questions = []
        for role in ("measure", "finding", "result", "outcome"):
            if role not in roles:
                setattr(x, role, None)
        if "steps" not in roles:
            x.steps = []
        if "period" not in roles:
            x.period_text = x.period_start = x.period_end = None
        if "responsible" not in roles:
            x.responsible = []


# ------------------------------------------------------------------------------------------------
def plan_table_family(ctx: Ctx, family: str, rows: list[LogicalRow], *, report: bool = False,
                      embedded: bool = False) -> list:
    """Families A, C, E, F and report tables: one table, or one per issue/section with headings."""
    r = ctx.rng
    blocks: list = []
    has_q = bool(rows and rows[0].questions)
    if report:
        roles = ["measure", "steps", "responsible", "period", "result", "outcome"]
        if has_q:
            roles.insert(0, "question")
        if r.random() < 0.25:
            roles.remove("outcome")
        if r.random() < 0.3:
            roles[roles.index("responsible")], roles[roles.index("period")] = "period", "responsible"
    else:
        roles = ["issue", "question", "finding", "steps", "period", "responsible"]
        if r.random() < 0.2 and family != "A":
            roles.insert(3, "measure")
        elif r.random() < 0.1:
            roles.insert(3, "measure")
        if r.random() < 0.3:
            roles[-1], roles[-2] = roles[-2], roles[-1]
        if family in ("C", "F") and r.random() < 0.2:
            roles.remove("finding")
    extras: list[str] = []
    if family == "E" or (family == "F" and r.random() < 0.4):
        extras = r.sample(["target", "kpi", "budget", "supervisor", "monitoring", "note"], r.randint(1, 3))
    ticks = False
    if report:
        extras += r.sample(["percent", "problems", "status"], r.choice([0, 0, 1, 2]))
        if "status" not in extras and r.random() < 0.25:
            ticks = True
    for e in extras:
        pos = r.randint(1, len(roles)) if e not in ("note",) else len(roles)
        roles.insert(pos, e)
    if ticks:
        roles += ["status_done", "status_doing", "status_not"]
        extras += ["status_done", "status_doing", "status_not"]
        for x in rows:
            k = r.choice([0, 0, 0, 1, 2])
            mark = r.choice(["√", "/", "√"])
            for i, role in enumerate(["status_done", "status_doing", "status_not"]):
                x.extras[role] = mark if i == k else ""
        ctx.features["status_ticks"] = True
    if (family == "E" and r.random() < 0.6) or r.random() < 0.08:
        roles.insert(0, "seq")
        extras.append("seq")
    if family == "F":
        # shuffle a few adjacent pairs (keep the first column)
        for _ in range(r.randint(1, 3)):
            i = r.randrange(1, len(roles) - 1)
            roles[i], roles[i + 1] = roles[i + 1], roles[i]
    extras_fill(ctx, rows, [e for e in extras if e != "seq" and not e.startswith("status_")])
    ctx.features.setdefault("extra_columns", []).extend(extras)

    # sections by tool: heading per section, or banner rows inside one table
    sectioned = r.random() < (0.6 if report else 0.3)
    per_issue = not report and not sectioned and "issue" in roles and r.random() < 0.25
    section_variant = r.randrange(4)
    section_as = r.choice(["heading", "banner"]) if sectioned else None
    groups_wanted = [("analysis", ["question", "finding"])] if family == "A" or r.random() < 0.45 else []
    if report and r.random() < 0.4:
        groups_wanted.append(("report", ["result", "outcome"]))
    if ticks:
        groups_wanted.append(("status", ["status_done", "status_doing", "status_not"]))
    if family in ("E", "F") and r.random() < 0.3:
        groups_wanted.append(("action", ["steps", "period", "responsible"]))
    if per_issue:
        roles.remove("issue")
    drift = {"F": 1.0}.get(family, 0.15 if r.random() < 0.3 else 0.0)
    spec = make_spec(ctx, roles, groups_wanted=groups_wanted, drift=drift, plain_labels=(family == "A" and r.random() < 0.5),
                     title_row=r.random() < 0.12)
    if "issue" in roles:
        spec.issue_mode = r.choice(["merged", "merged", "merged", "repeat", "first_only"])
    spec.steps_per_row = "steps" in roles and r.random() < 0.12
    ctx.features["sections"] = section_as
    ctx.features["one_table_per"] = "issue" if per_issue else ("section" if section_as == "heading" else "document")

    # continuation over a page break (forced, besides the page flow's own)
    if r.random() < 0.3 and rows:
        spec.continue_row = r.randrange(len(rows))

    measure_banner = r.random() < (0.6 if report else 0.2)
    under_banner: list[tuple[str, list[LogicalRow]]] = []   # banner title, rows printed under it
    if sectioned:
        order = ["IIT", "EIT", "OIT"]
        rows.sort(key=lambda x: (order.index(x.tool) if x.tool in order else 3, x.issue_no or 0))
        for x in rows:
            x.section = x.tool
    units: list[tuple[str, list]] = []   # (heading or '', items)
    if per_issue:
        by: dict[int, list] = {}
        for x in rows:
            by.setdefault(x.issue_no, []).append(x)
        for no, rs in sorted(by.items()):
            units.append((content.issue_markup(no, catalog.issue_title(no), r.choice(["num_paren", "num_dot", "prefix"]),
                                               ctx.thai), rs))
    elif sectioned:
        seen: list[str] = []
        for x in rows:
            if x.tool not in seen:
                seen.append(x.tool)
        items_all: list = []
        for n, tool in enumerate(seen, 1):
            rs = [x for x in rows if x.tool == tool]
            title = section_title(ctx, tool, n, section_variant)
            items: list = []
            if measure_banner:
                mt = r.choice(vocab.MEASURE_GROUPS)
                items.append(Banner(f"<b>{mt}</b>"))
                under_banner.append((mt, rs))
            items.extend(rs)
            if section_as == "heading":
                units.append((title, items))
            else:
                items_all.append(Banner(f"<b>{title}</b>"))
                items_all.extend(items)
        if section_as == "banner":
            units.append(("", items_all))
    else:
        items = list(rows)
        if measure_banner:
            cut = r.randint(1, len(rows) - 1) if len(rows) > 2 and r.random() < 0.5 else len(rows)
            titles = r.sample(vocab.MEASURE_GROUPS, 2)
            items = [Banner(f"<b>{titles[0]}</b>")] + rows[:cut]
            under_banner.append((titles[0], rows[:cut]))
            if cut < len(rows):
                items += [Banner(f"<b>{titles[1]}</b>")] + rows[cut:]
                under_banner.append((titles[1], rows[cut:]))
        units.append(("", items))
    if measure_banner:
        ctx.features["measure_banners"] = True
    prune(rows, roles, issue_from_heading=per_issue)
    if "measure" not in roles:
        # a measure-group banner is the measure of the rows under it when no column holds one
        for title, rs in under_banner:
            for x in rs:
                x.measure = title
        if under_banner:
            ctx.notes.append("the bold measure-group banner rows are not rows; with no มาตรการ column they "
                             "give the measure of the rows under them")
    elif under_banner:
        ctx.notes.append("the bold measure-group banner rows are not rows; the rows' own มาตรการ column "
                         "gives their measure")
    seq = 1
    for k, (heading, items) in enumerate(units):
        if heading:
            blocks.append(Paragraph(heading, bold=True, space_before=6.0, keep_with_next=True))
        spec.seq_start = seq
        lrows = [x for x in items if isinstance(x, LogicalRow)]
        tb = tables.build_table(spec, items, r)
        if k > 0 and r.random() < 0.3 and not embedded:
            blocks.append(prose.between(ctx))
        blocks.append(tb)
        record_spec(ctx, spec, tb)
        seq += len(lrows)
        spec.continue_row = None   # only the first table gets a forced continuation
    return blocks


# ------------------------------------------------------------------------------------------------
def family_b(ctx: Ctx, n_issues: int) -> tuple[list, list[LogicalRow], list[dict]]:
    """Per-issue pairs: a portrait question/score table, then a landscape one-row plan table."""
    r = ctx.rng
    pool = list(catalog.items(ctx.ita))
    by_issue: dict[int, list] = {}
    for it in pool:
        for no in catalog.issues_of(it):
            by_issue.setdefault(no, []).append(it)
    issues = sorted(r.sample(sorted(by_issue), min(n_issues, len(by_issue))))
    blocks: list = []
    rows: list[LogicalRow] = []
    qscores: list[dict] = []
    fmt = {"fy": ctx.dt(str(ctx.fy)), "ita": ctx.dt(str(ctx.ita))}
    tool_cell = r.choice(["code", "name"])
    head_form = r.choice(["num_paren", "num_dot"])
    action_label, _ = headers.group_label(r, "action", fmt)
    action_label = headers.GROUPS["action"][0].format(**fmt) if r.random() < 0.7 else action_label
    for k, no in enumerate(issues):
        its = sorted(r.sample(by_issue[no], min(len(by_issue[no]), r.randint(2, 5))),
                     key=lambda it: ("IEO".index(it.code[0].upper()), it.number))
        if k > 0:
            blocks.append(PageBreak("portrait"))
        blocks.append(Paragraph(content.issue_markup(no, catalog.issue_title(no), head_form, ctx.thai and r.random() < 0.5),
                                bold=True, space_before=6.0, keep_with_next=True))
        # question/score table
        scores = {it.code: round(r.uniform(45, 99), 2) for it in its}
        blank = r.choice(its).code if r.random() < 0.4 and len(its) > 2 else None
        header = [[Cell(x, bold=True, align="center") for x in ["ที่", "หัวข้อ", "เครื่องมือการประเมิน", "ข้อคำถาม", "คะแนน", "หมายเหตุ"]]]
        body = []
        tool_runs: dict[str, int] = {}
        for it in its:
            tool_runs[it.tool] = tool_runs.get(it.tool, 0) + 1
        seen_tool: set[str] = set()
        for i, it in enumerate(its, 1):
            row = [Cell(ctx.d(str(i)), align="center"),
                   Cell(catalog.indicators(ctx.ita)[it.indicator_no - 1][2] if catalog.indicators(ctx.ita) else ""),
                   None, Cell(it.code), Cell("" if it.code == blank else ctx.d(f"{scores[it.code]:.2f}"), align="center"),
                   Cell("ไม่มีข้อมูล" if it.code == blank and r.random() < 0.5 else "")]
            if it.tool not in seen_tool:
                seen_tool.add(it.tool)
                name = it.tool if tool_cell == "code" else f"{catalog.TOOL_NAMES[it.tool]} ({it.tool})"
                row[2] = Cell(name, rowspan=tool_runs[it.tool], align="center")
            body.append(row)
            if it.code != blank:
                qscores.append({"ita_year_be": ctx.ita, "code": it.code, "score": scores[it.code]})
        blocks.append(Table(header=header, body=body, widths=[0.5, 2.0, 1.6, 1.0, 0.9, 1.0]))
        # the weakest item with a score becomes the plan row
        weak = min((it for it in its if it.code != blank), key=lambda it: scores[it.code])
        row = LogicalRow(issue_no=no, issue_title=catalog.issue_title(no), tool=weak.tool)
        q = content.codes.question(r, weak, "code_text", ctx.thai, pool)
        row.questions = [q]
        row.finding = content.fill(ctx, r.choice(vocab.FINDINGS[no]))
        row.measure = r.choice(vocab.MEASURES[no])
        row.steps = [content.fill(ctx, s, weak.text) for s in r.sample(vocab.STEPS[no], r.randint(1, 4))]
        text, a, b, pform = content.periods.period(r, ctx.fy, ctx.thai)
        row.period_text, row.period_start, row.period_end = text, a, b
        row.responsible = content.pick_units(r, ctx.agency["type"])
        row.extras["monitoring"] = content.fill(ctx, r.choice(vocab.MONITORING))
        row.extras["score"] = ctx.d(f"{scores[weak.code]:.2f}")
        rows.append(row)
        blocks.append(PageBreak("landscape"))
        roles = ["question", "score", "finding", "measure", "steps", "responsible", "period", "monitoring"]
        labels = ["ประเด็น", "ผลการประเมิน (คะแนน)",
                  r.choice(["ข้อค้นพบ *แสดงการวิเคราะห์ผลการประเมิน*", "ข้อค้นพบ"]),
                  "วิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "ขั้นตอน/วิธีการ", "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
                  "ระยะเวลาดำเนินการ", "การติดตามประเมินผล"]
        spec = TableSpec(roles=roles, labels=labels, groups=[(0, 3, 7, action_label)])
        spec.step_form = r.choice(content.STEP_FORMS)
        spec.step_thai = ctx.thai
        spec.resp_form = r.choice(content.RESP_FORMS)
        spec.quirk = ctx.features.get("font_quirk")
        tb = tables.build_table(spec, [row], r)
        tb.widths = [1.8, 0.8, 1.8, 1.6, 2.6, 1.2, 1.1, 1.1]
        blocks.append(tb)
        record_spec(ctx, spec, tb)
    ctx.features["question_table_tool_cell"] = tool_cell
    return blocks, rows, qscores


# ------------------------------------------------------------------------------------------------
def family_d(ctx: Ctx, rows: list[LogicalRow]) -> list:
    """Plans as lists: มาตรการที่ n … with labelled lines and indented steps."""
    r = ctx.rng
    blocks: list = []
    head_form = r.choice(["มาตรการที่", "มาตรการที่", "number", "bullet"])
    by_issue = r.random() < 0.5
    show_q = rows and rows[0].questions and r.random() < 0.8
    show_f = r.random() < 0.6
    mini_table = r.random() < 0.3
    step_form = r.choice(["num_dot", "num_paren", "paren_num", "dash", "bullet"])
    step_thai = ctx.thai and r.random() < 0.7
    resp_form = r.choice(["slash", "comma"])
    labels = {"q": r.choice(["ข้อคำถาม", "ข้อคำถาม ITA", "ประเด็นข้อคำถาม"]),
              "f": r.choice(["ข้อค้นพบ", "ผลการวิเคราะห์"]),
              "s": r.choice(["ขั้นตอน/วิธีการปฏิบัติ", "วิธีการดำเนินการ", "ขั้นตอนการดำเนินงาน"]),
              "p": r.choice(["ระยะเวลาดำเนินการ", "ระยะเวลา"]),
              "u": r.choice(["ผู้รับผิดชอบ", "หน่วยงานผู้รับผิดชอบ"])}
    sep = r.choice([" : ", ": ", " "])
    prev_issue = None
    for i, row in enumerate(rows, 1):
        if not show_q:
            row.questions = []
        if not show_f:
            row.finding = None
        if by_issue and row.issue_no != prev_issue:
            blocks.append(Paragraph(content.issue_markup(row.issue_no, row.issue_title, "prefix", ctx.thai),
                                    bold=True, space_before=8.0, keep_with_next=True))
            prev_issue = row.issue_no
        if not by_issue:
            row.issue_no, row.issue_title = None, None
        n = ctx.d(str(i))
        if head_form == "มาตรการที่":
            head = f"มาตรการที่ {n} {row.measure}"
        elif head_form == "number":
            head = f"{n}. {row.measure}"
        else:
            head = f"• {row.measure}"
        blocks.append(Paragraph(head, bold=True, space_before=6.0, keep_with_next=True, indent=0.0))
        if row.questions:
            blocks.append(Paragraph(f"{labels['q']}{sep}{content.questions_markup(row.questions, ' ')}", indent=18.0,
                                    quirk=ctx.features.get("font_quirk")))
        if row.finding:
            blocks.append(Paragraph(f"{labels['f']}{sep}{row.finding}", indent=18.0, quirk=ctx.features.get("font_quirk")))
        if mini_table:
            hdr = [[Cell(labels["s"], bold=True, align="center"), Cell(labels["p"], bold=True, align="center"),
                    Cell(labels["u"], bold=True, align="center")]]
            body = [[Cell(content.steps_markup(r, row.steps, step_form, step_thai)), Cell(row.period_text),
                     Cell(content.responsible_markup(row.responsible, resp_form))]]
            blocks.append(Table(header=hdr, body=body, widths=[3.0, 1.2, 1.2]))
        else:
            blocks.append(Paragraph(labels["s"], indent=18.0))
            for k, s in enumerate(row.steps, 1):
                line = content.steps_markup(r, [s], step_form, step_thai, start=k) if step_form in ("dash", "bullet") \
                    else tables._one_step(s, step_form, k, step_thai)
                blocks.append(Paragraph(line, indent=36.0, quirk=ctx.features.get("font_quirk")))
            blocks.append(Paragraph(f"{labels['p']}{sep}{row.period_text}", indent=18.0))
            blocks.append(Paragraph(f"{labels['u']}{sep}{content.responsible_markup(row.responsible, resp_form)}",
                                    indent=18.0))
    ctx.features.update({"list_heading": head_form, "list_by_issue": by_issue, "list_mini_table": mini_table,
                         "step_forms": [step_form], "list_label_sep": sep.strip() or "space"})
    ctx.notes.append("family D: the label 'มาตรการที่ n' / 'n.' before a measure title is numbering, so the gold "
                     "measure is the title alone; labelled lines (period, units) are fields, not rows")
    return blocks
