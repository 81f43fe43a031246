"""The table engine on hand-built pages and on text exports: grids, spans, headers, stitching."""
from __future__ import annotations

from extractors.model import Cell, Page, PageTable, Rule, TableRow, Word, join_lines
from extractors.sources.text import layout
from extractors.model import text_lines
from extractors.ruled import find_grids
from extractors.tables import find_tables, stitch


def grid_rules(xs: list[float], ys: list[float], skip_v: set[tuple[int, int]] = frozenset()) -> list[Rule]:
    """Rules of a full grid; skip_v holds (row, x index) pairs whose vertical stroke is left out."""
    rules = [Rule(xs[0], y, xs[-1], y) for y in ys]
    for r in range(len(ys) - 1):
        for i, x in enumerate(xs):
            if (r, i) not in skip_v:
                rules.append(Rule(x, ys[r], x, ys[r + 1]))
    return rules


def word(text: str, x: float, y: float, **kw) -> Word:
    return Word(text, x, y, x + 8 * len(text), y + 10, size=10, **kw)


def test_grid_is_found_from_short_strokes():
    # a table drawn as many short segments, as Word does, is still one grid
    rules = [Rule(0, 0, 50, 0), Rule(50, 0, 100, 0), Rule(0, 20, 100, 20),
             Rule(0, 0, 0, 20), Rule(100, 0, 100, 10), Rule(100, 10, 100, 20)]
    grids = find_grids(rules)
    assert len(grids) == 1
    assert grids[0].xs == [0, 100] and grids[0].ys == [0, 20]


def test_merged_header_cell_spans_its_columns_and_labels_each():
    xs, ys = [0, 100, 200, 300, 400], [0, 20, 40, 80]
    # row 0: "ประเด็น" spans rows 0-1 (no rule under it), group label spans columns 1-2
    rules = [r for r in grid_rules(xs, ys, skip_v={(0, 2)}) if not (r.top == 20 and r.x0 == 0)]
    rules += [Rule(100, 20, 400, 20)]
    words = [word("ประเด็น", 10, 5), word("การนำผลการวิเคราะห์ไปสู่การปฏิบัติ", 110, 5),
             word("ขั้นตอน", 310, 5), word("ข้อคำถาม ITA", 110, 25), word("ข้อค้นพบ", 210, 25),
             word("1. ประเด็นแรก", 10, 45), word("o12 รายงาน", 110, 45), word("พบว่า", 210, 45),
             word("ทำคู่มือ", 310, 45)]
    tables = find_tables([Page(1, 600, 800, tuple(words), tuple(rules))])
    assert len(tables) == 1
    t = tables[0]
    group = "การนำผลการวิเคราะห์ไปสู่การปฏิบัติ"
    assert t.header == ("ประเด็น", f"{group} / ข้อคำถาม ITA", f"{group} / ข้อค้นพบ", "ขั้นตอน")
    assert t.header_parts[1] == (group, "ข้อคำถาม ITA")
    assert [c.text for c in t.rows[0].cells] == ["1. ประเด็นแรก", "o12 รายงาน", "พบว่า", "ทำคู่มือ"]


def test_table_continued_on_next_page_is_one_table_without_repeated_header():
    xs, ys = [0, 200, 400], [50, 70, 120]
    header = [word("ขั้นตอน", 10, 55), word("ผู้รับผิดชอบ", 210, 55)]
    p1 = Page(1, 600, 800, tuple(header + [word("ก่อน", 10, 75), word("กองคลัง", 210, 75)]), tuple(grid_rules(xs, ys)))
    p2 = Page(2, 600, 800, tuple(header + [word("ต่อ", 10, 75), word("กองช่าง", 210, 75)]), tuple(grid_rules(xs, ys)))
    tables = find_tables([p1, p2])
    assert len(tables) == 1
    assert [r.texts for r in tables[0].rows] == [["ก่อน", "กองคลัง"], ["ต่อ", "กองช่าง"]]
    assert (tables[0].page_first, tables[0].page_last) == (1, 2)


def test_table_after_a_heading_on_the_next_page_is_a_new_table():
    xs, ys = [0, 200, 400], [50, 70, 120]
    header = [word("ขั้นตอน", 10, 55), word("ผู้รับผิดชอบ", 210, 55)]
    p1 = Page(1, 600, 800, tuple(header + [word("ก่อน", 10, 75)]), tuple(grid_rules(xs, ys)))
    p2 = Page(2, 600, 800, tuple(header + [word("๒. ด้าน EIT", 10, 20), word("ใหม่", 10, 75)]),
              tuple(grid_rules(xs, ys)))
    tables = find_tables([p1, p2])
    assert len(tables) == 2
    assert tables[1].context == "๒. ด้าน EIT"


def test_text_lines_keep_source_spaces_and_justified_pieces_join():
    ws = [Word("การ", 0, 0, 20, 10, size=10), Word("ให้", 30, 0, 45, 10, size=10, space_before=False, space_after=True),
          Word("บริการ", 50, 0, 80, 10, size=10)]
    assert text_lines(ws) == ["การให้ บริการ"]


def test_join_lines_uses_printed_wrap_spaces():
    assert join_lines(["e12 วิธีการขั้น", "ตอนการปฏิบัติ ", "หรือการให้"]) == "e12 วิธีการขั้นตอนการปฏิบัติ หรือการให้"
    assert join_lines(["ระบบ E-Servic", "e"]) == "ระบบ E-Service"
    assert join_lines(["1 ตุลาคม", "2566 ถึง"]) == "1 ตุลาคม 2566 ถึง"


def test_a_wrap_between_thai_and_latin_or_an_aside_stood_for_a_space():
    assert join_lines(["ประชาสัมพันธ์ผ่านเว็บไซต์", "FaceBook และ LINE"]) == "ประชาสัมพันธ์ผ่านเว็บไซต์ FaceBook และ LINE"
    assert join_lines(["ข้อมูลสาธารณะ", "(OIT) แล้ว"]) == "ข้อมูลสาธารณะ (OIT) แล้ว"
    assert join_lines(["(3)", "รายงานผล"]) == "(3) รายงานผล"
    assert join_lines(["ประชา", "สัมพันธ์"]) == "ประชาสัมพันธ์"  # Thai to Thai: no evidence of a space


def test_text_export_tables_stitch_across_blocks_and_keep_banners():
    text = (
        "รายงานผลการดำเนินการ\r\n\r\n"
        "มาตรการ/แนวทาง\tขั้นตอน/วิธีการปฏิบัติ\tผู้รับผิดชอบ\r\n"
        "<b>มาตรการกลุ่มแรก</b>\t\t\r\n"
        "จัดทำคู่มือ\t<p>1. ร่าง</p><p>2. เผยแพร่</p>\tสำนักปลัด\r\n\r\n"
        "มาตรการ/แนวทาง\tขั้นตอน/วิธีการปฏิบัติ\tผู้รับผิดชอบ\r\n"
        "\t3. ทบทวน\t\r\n"
    )
    pages = layout(text)
    assert len(pages) == 2
    tables = find_tables(pages)
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0].is_banner and rows[0].cells[0].text == "มาตรการกลุ่มแรก"
    assert rows[1].cells[1].lines == ("1. ร่าง ", "2. เผยแพร่ ")
    assert rows[2].page == 2 and rows[2].cells[1].text == "3. ทบทวน"


def test_markdown_pipe_table_is_read():
    pages = layout("| ตัวชี้วัด | คะแนน |\n|-|:--|\n| การปฏิบัติหน้าที่ | ๙๑.๒๑ |\n")
    grid_words = [w.text for w in pages[0].words]
    assert grid_words == ["ตัวชี้วัด", "คะแนน", "การปฏิบัติหน้าที่", "๙๑.๒๑"]
    assert find_grids(pages[0].rules)


def test_fake_bold_duplicates_are_dropped_but_repeated_letters_kept():
    from extractors.sources.pdf import dedupe_chars

    def ch(text, x):
        return {"text": text, "x0": x, "top": 10.0}

    chars = [ch("ก", 0), ch("ก", 0.3), ch("า", 8), ch("า", 8.2), ch("า", 16)]  # "กา" bold-printed, then another า
    assert [(c["text"], c["x0"]) for c in dedupe_chars(chars)] == [("ก", 0), ("า", 8), ("า", 16)]


def test_page_title_repeated_above_each_page_does_not_split_the_table():
    xs, ys = [0, 200, 400], [50, 70, 120]
    header = [word("ขั้นตอน", 10, 55), word("ผู้รับผิดชอบ", 210, 55)]
    title = [word("มาตรการส่งเสริมคุณธรรม", 10, 20)]
    p1 = Page(1, 600, 800, tuple(title + header + [word("ก่อน", 10, 75)]), tuple(grid_rules(xs, ys)))
    p2 = Page(2, 600, 800, tuple(title + header + [word("ต่อ", 10, 75)]), tuple(grid_rules(xs, ys)))
    tables = find_tables([p1, p2])
    assert len(tables) == 1 and [r.texts[0] for r in tables[0].rows] == ["ก่อน", "ต่อ"]


def _row(page: int, *texts: str) -> TableRow:
    return TableRow(tuple(Cell((t,)) for t in texts), page)


def test_a_header_row_ocr_garbled_on_a_continued_page_is_dropped_not_read_as_data():
    """Scanned plans repeat both header rows on every page; OCR may garble the second one (dev scan)."""
    xs = [0.0, 100.0, 200.0, 300.0, 400.0]
    top = ("ประเด็น", "การนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "", "ขั้นตอน/วิธีการปฏิบัติ")
    first = PageTable(1, [_row(1, *top), _row(1, "", "ข้อคำถาม ITA", "ข้อค้นพบ", ""),
                          _row(1, "1. กระบวนการ", "e1 หน่วยงานปฏิบัติงาน", "มีผู้มาติดต่อ", "1. แจ้งผู้ปฏิบัติงาน")],
                      xs, 0.0, 500.0)
    second = PageTable(2, [_row(2, *top), _row(2, "", "gaaraITA", "ขอคนพบ ษบูบ", ""),
                           _row(2, "", "", "", "4. ประชาสัมพันธ์ช่องทางแจ้ง"),
                           _row(2, "2. การให้บริการ", "e12 วิธีการขั้นตอน", "ไม่มีคู่มือ", "1. สำรวจความพึงพอใจ")],
                       xs, 0.0, 500.0, at_page_top=True)
    (table,) = stitch([first, second])
    assert [r.texts[3] for r in table.rows] == ["1. แจ้งผู้ปฏิบัติงาน", "4. ประชาสัมพันธ์ช่องทางแจ้ง", "1. สำรวจความพึงพอใจ"]
    # a row continued in the same columns as that header row, with its own sentences, is kept
    continued = _row(2, "", "ข้อคำถาม ITA ที่ได้คะแนนต่ำ", "ข้อค้นพบจากการวิเคราะห์", "")  # 61 % and 52 % alike
    third = PageTable(2, [second.rows[0], continued, second.rows[3]], xs, 0.0, 500.0, at_page_top=True)
    (table,) = stitch([first, third])
    assert continued in table.rows


def _table(header: tuple[str, ...], *rows: tuple[str, ...]):
    from extractors.model import Table

    return Table(tuple(TableRow(tuple(Cell((t,)) for t in row), 1, float(k), (1,) * len(row))
                       for k, row in enumerate(rows)), header, tuple((h,) for h in header))


def test_item_titles_under_an_unreadable_header_are_the_questions():
    """OIT items are titles ("ข้อมูลสถิติการให้บริการ") with no code or question word; under a header OCR
    made unreadable, a column of item titles (a code here and there) is the question column. Titles
    never overrule a header that names a role: a measures column may well be worded like an item."""
    from extractors.roles import column_roles

    header = ("พะพาเอวเพลา๘หITA", "มาตรการ", "ระยะเวลา")
    rows = [("ข้อ๐35 การดำเนินการตามมาตรการส่งเสริมคุณธรรม", "การประเมินความเสี่ยงการทุจริต", "ตุลาคม 2567"),
            ("ข้อมูลสถิติการให้บริการ", "การจัดการเรื่องร้องเรียนการทุจริต", "ไตรมาส 1-4"),
            ("การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ", "มาตรการเปิดเผยข้อมูลข่าวสาร", "ตลอดปีงบประมาณ")]
    assert column_roles(_table(header, *rows)) == ("question", "measure", "period")
    # the same cells under a header no one can read, but plain prose: no role
    prose = [("ยังไม่มีผู้รับผิดชอบติดตามผล",) + r[1:] for r in rows]
    assert column_roles(_table(header, *prose))[0] is None


def test_the_period_of_carrying_out_is_the_period_not_the_steps():
    """"ระยะเวลาการดำเนินการ" holds the steps' phrase "การดำเนินการ", which is longer than the
    period's "ระยะเวลา": the whole phrase is a period wording of its own, also with ำ lost or cut
    over two lines."""
    from extractors.columns import column_role

    for label in ("ระยะเวลาการดำเนินการ", "ระยะเวลาการดเนินการ", "ระยะเว ลาการดำเนินการ*"):
        assert column_role(label) == "period", label
    assert column_role("การดำเนินการ") == "steps"


def test_a_header_label_with_ocr_latin_junk_inside_a_thai_word_keeps_its_role():
    """OCR strews short Latin junk into Thai words ("ขั้นตอน/วิ oY a ธีการปฏิบัติ"); the label still names
    the steps column. A label that is Latin and Thai by design keeps what it names."""
    from extractors.columns import column_role

    assert column_role("ขั้นตอน/วิ oY a ธีการปฏิบัติ") == column_role("ขั้นตอน/วิธีการปฏิบัติ") == "steps"
    assert column_role("ผู้รับ pe ผิดชอบ") == "responsible"
    assert column_role("ข้อคำถาม ITA") == "question"
    # the official wording, misread by two letters, is still that wording (ITA alone names nothing)
    assert column_role("ข้อคถ้า HITA") == "question" and column_role("ITA") is None
    # a cell border OCR read as a bar or "!" inside a label is no letter of it
    assert column_role("ข้อคำ |ถาม|!") == "question"
