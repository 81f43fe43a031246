"""A generated corpus for the plan benchmark: agencies of every local type (and one department) that
each published an ITA analysis and the plan answering it, as text exports the real pipeline ingests.

The samples hold no agency with both a plan that cites its items and the analysis it answers, so
leave-one-out drafting needs documents written for it. Each agency's texts name the agency in its
own spellings (full name, อบต.X), its officials and units by its type (นายกเทศมนตรี, สำนักปลัดเทศบาล),
and dates of its own fiscal year, as real plans do: exactly what a draft borrowed from it must not
carry into another agency's plan. Steps come from a shared pool per item (agencies copy each other),
each agency taking a few of them in its own words, so a draft can be compared with what the agency
really wrote. The generator imports nothing from `extractors/`, `pipeline/` or `warehouse/`: the
benchmark's answer keys and leak vocabulary cannot share the drafter's mistakes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from corpus.catalog import load_catalog, year_items

ITA_YEAR = 2567  # the analyses' ITA round; plans are for fiscal year ITA_YEAR + 1
EARLIER = ITA_YEAR - 1  # some agencies also published the plan before (fiscal year ITA_YEAR)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@dataclass(frozen=True)
class Kind:
    """What a type of agency calls itself, its officials, units and documents."""

    full: str
    short: str
    head: str
    palad: str
    office: str
    staff: str
    law: str


KINDS = {
    "องค์การบริหารส่วนตำบล": Kind("องค์การบริหารส่วนตำบล", "อบต.", "นายกองค์การบริหารส่วนตำบล",
                                 "ปลัดองค์การบริหารส่วนตำบล", "สำนักปลัด", "พนักงานส่วนตำบล",
                                 "ข้อบัญญัติงบประมาณรายจ่าย"),
    "เทศบาลตำบล": Kind("เทศบาลตำบล", "ทต.", "นายกเทศมนตรี", "ปลัดเทศบาล", "สำนักปลัดเทศบาล", "พนักงานเทศบาล",
                       "เทศบัญญัติงบประมาณรายจ่าย"),
    "เทศบาลเมือง": Kind("เทศบาลเมือง", "ทม.", "นายกเทศมนตรี", "ปลัดเทศบาล", "สำนักปลัดเทศบาล", "พนักงานเทศบาล",
                        "เทศบัญญัติงบประมาณรายจ่าย"),
    "องค์การบริหารส่วนจังหวัด": Kind("องค์การบริหารส่วนจังหวัด", "อบจ.", "นายกองค์การบริหารส่วนจังหวัด",
                                    "ปลัดองค์การบริหารส่วนจังหวัด", "สำนักปลัดองค์การบริหารส่วนจังหวัด",
                                    "พนักงานส่วนจังหวัด", "ข้อบัญญัติงบประมาณรายจ่าย"),
    "กรม": Kind("กรม", "กรม", "อธิบดี", "รองอธิบดี", "สำนักงานเลขานุการกรม", "ข้าราชการ", "แผนการใช้จ่ายงบประมาณ"),
}


@dataclass(frozen=True)
class Agency:
    type: str
    place: str
    district: str
    province: str
    thai_digits: bool

    @property
    def kind(self) -> Kind:
        return KINDS[self.type]

    @property
    def name(self) -> str:
        return self.type + self.place

    @property
    def short(self) -> str:
        return self.kind.short + self.place


AGENCIES = (
    Agency("องค์การบริหารส่วนตำบล", "โคกสะอาดงาม", "พล", "ขอนแก่น", False),
    Agency("องค์การบริหารส่วนตำบล", "หนองบัวทองคำ", "บ้านไผ่", "ขอนแก่น", True),
    Agency("องค์การบริหารส่วนตำบล", "ห้วยทรายขาว", "สันทราย", "เชียงใหม่", False),
    Agency("องค์การบริหารส่วนตำบล", "ดอนมะเกลือ", "อู่ทอง", "สุพรรณบุรี", True),
    Agency("องค์การบริหารส่วนตำบล", "นาคำใหญ่", "เซกา", "บึงกาฬ", False),
    Agency("เทศบาลตำบล", "ท่าช้างเผือก", "พิมาย", "นครราชสีมา", False),
    Agency("เทศบาลตำบล", "บ้านแพงศรี", "นาแก", "นครพนม", True),
    Agency("เทศบาลตำบล", "วังน้ำเย็นใต้", "วังน้ำเย็น", "สระแก้ว", False),
    Agency("เทศบาลเมือง", "ลำพูนชัย", "เมืองลำพูน", "ลำพูน", False),
    Agency("เทศบาลเมือง", "ปากพนังฝั่ง", "ปากพนัง", "นครศรีธรรมราช", True),
    Agency("องค์การบริหารส่วนจังหวัด", "อ่างทอง", "เมืองอ่างทอง", "อ่างทอง", False),
    Agency("องค์การบริหารส่วนจังหวัด", "พิจิตร", "เมืองพิจิตร", "พิจิตร", True),
    Agency("กรม", "ส่งเสริมบริการประชาชน", "พญาไท", "กรุงเทพมหานคร", False),
)

# Per ITA 2567 item: (finding, recommendation, steps, unit key). Slots: {name} {short} {head} {palad}
# {office} {staff} {law} {month} (a month of the plan's fiscal year) {fy} {fy0} (its first year).
ITEMS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "i1": ("ผู้รับบริการบางส่วนยังไม่ทราบขั้นตอนและระยะเวลาการให้บริการของ{name}",
           "ควรทบทวนคู่มือการปฏิบัติงานและประกาศระยะเวลาการให้บริการให้ชัดเจน",
           ("ทบทวนคู่มือการปฏิบัติงานและคู่มือสำหรับประชาชนของทุกงานบริการของ{short}",
            "ประกาศขั้นตอนและระยะเวลาการให้บริการไว้ที่จุดบริการและบนเว็บไซต์ของ{name}",
            "หัวหน้าส่วนราชการตรวจสอบทะเบียนคุมการรับคำขอทุกเดือนและรายงาน{head}",
            "จัดอบรม{staff}เรื่องการให้บริการตามคู่มือภายในเดือน{month}"), "office"),
    "i8": ("{staff}ระดับปฏิบัติการส่วนใหญ่ไม่เคยมีส่วนร่วมในการจัดทำคำของบประมาณ",
           "ควรเปิดโอกาสให้บุคลากรทุกระดับเสนอความต้องการงบประมาณก่อนจัดทำร่าง{law}",
           ("สำรวจความต้องการงบประมาณของทุกส่วนราชการก่อนจัดทำร่าง{law}ประจำปีงบประมาณ พ.ศ. {fy}",
            "ชี้แจงผลการพิจารณาคำของบประมาณให้{staff}ทราบในการประชุมประจำเดือน",
            "เผยแพร่ร่าง{law}ให้บุคลากรแสดงความคิดเห็นก่อนเสนอ{head}"), "finance"),
    "i19": ("บุคลากรบางส่วนไม่ทราบแนวปฏิบัติการยืมทรัพย์สินของราชการของ{short}",
            "ควรจัดทำแนวปฏิบัติการใช้ทรัพย์สินของราชการและเผยแพร่ให้บุคลากรทราบ",
            ("จัดทำแนวปฏิบัติการยืมและการใช้ทรัพย์สินของราชการของ{name}",
             "ชี้แจงแนวปฏิบัติให้{staff}ทุกคนทราบในการประชุมประจำเดือน{month}",
             "จัดทำทะเบียนการยืมทรัพย์สินและให้{palad}ตรวจสอบทุกไตรมาส"), "finance"),
    "i28": ("บุคลากรบางส่วนไม่ทราบว่า{name}นำผลการประเมิน ITA ไปปรับปรุงการทำงานอย่างไร",
            "ควรชี้แจงผลการประเมินและมาตรการที่กำหนดขึ้นให้บุคลากรทุกคนทราบ",
            ("ประชุมชี้แจงผลการประเมิน ITA และมาตรการส่งเสริมคุณธรรมให้{staff}ทุกคนทราบ",
             "ติดตามผลการดำเนินการตามมาตรการในการประชุมประจำเดือนทุกไตรมาส",
             "รายงานผลการดำเนินการตามมาตรการต่อ{head}ภายในวันที่ 31 มีนาคม {fy}"), "office"),
    "i29": ("บุคลากรบางส่วนไม่มั่นใจว่าจะได้รับความคุ้มครองหากแจ้งเบาะแสการทุจริตต่อ{short}",
            "ควรประกาศมาตรการคุ้มครองผู้แจ้งเบาะแสและช่องทางร้องเรียนที่ไม่ต้องระบุตัวตน",
            ("ประกาศมาตรการคุ้มครองผู้แจ้งเบาะแสและผู้ร้องเรียนของ{name}",
             "จัดตู้รับเรื่องร้องเรียนแบบปิดผนึกและช่องทางออนไลน์ที่ไม่ต้องระบุตัวตน",
             "รายงานสถิติเรื่องร้องเรียนให้{head}ทราบทุก 6 เดือน"), "audit"),
    "e6": ("ประชาชนผู้สูงอายุในพื้นที่ไม่ได้ใช้สื่อออนไลน์ของ{short}จึงไม่ทราบข่าวสารสำคัญ",
           "ควรเผยแพร่ข้อมูลข่าวสารหลายช่องทางทั้งออนไลน์และหอกระจายข่าว",
           ("เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์ เพจเฟซบุ๊ก และไลน์ทางการของ{short}",
            "ประชาสัมพันธ์ข่าวสารสำคัญผ่านหอกระจายข่าวและบอร์ดประจำหมู่บ้าน",
            "จัดทำสรุปข่าวประจำเดือนในรูปแบบอินโฟกราฟิกที่อ่านง่าย"), "office"),
    "e11": ("ผู้รับบริการเห็นว่าการให้บริการของ{name}ยังไม่ดีขึ้นกว่าปีที่ผ่านมา",
            "ควรนำผลการสำรวจความพึงพอใจมาปรับปรุงการให้บริการ",
            ("สำรวจความพึงพอใจของผู้รับบริการทุก 6 เดือน",
             "นำผลการสำรวจมาปรับปรุงการให้บริการและรายงาน{palad}",
             "เผยแพร่ผลการปรับปรุงการให้บริการบนเว็บไซต์ของ{name}ภายในเดือน{month}"), "office"),
    "e12": ("ขั้นตอนการขออนุญาตก่อสร้างอาคารของ{short}ยังใช้เวลานาน",
            "ควรลดขั้นตอนการให้บริการและเปิดช่องทางยื่นคำขอออนไลน์",
            ("ลดขั้นตอนการขออนุญาตก่อสร้างอาคารและประกาศระยะเวลาแล้วเสร็จ",
             "เปิดช่องทางยื่นคำขอออนไลน์ผ่านเว็บไซต์ของ{name}",
             "เปิดให้บริการนอกเวลาราชการทุกวันพุธตั้งแต่เดือน{month}"), "works"),
    "e14": ("ผู้รับบริการยังไม่มีช่องทางเสนอแนะการปรับปรุงงานของ{short}",
            "ควรจัดเวทีรับฟังความคิดเห็นและช่องทางออนไลน์ให้ผู้รับบริการเสนอแนะ",
            ("จัดเวทีประชาคมรับฟังความคิดเห็นต่อการให้บริการของ{name}",
             "เปิดช่องทางแสดงความคิดเห็นออนไลน์และตอบกลับภายใน 7 วัน",
             "สรุปข้อเสนอแนะเสนอ{head}พิจารณาปรับปรุงงาน"), "office"),
    "o11": ("แผนดำเนินงานที่เผยแพร่บนเว็บไซต์ของ{short}ไม่แสดงงบประมาณของแต่ละโครงการ",
            "ควรจัดทำแผนดำเนินงานให้มีงบประมาณและระยะเวลาครบทุกโครงการ",
            ("จัดทำแผนดำเนินงานประจำปีงบประมาณ พ.ศ. {fy} ให้มีงบประมาณครบทุกโครงการ",
             "เผยแพร่แผนดำเนินงานบนเว็บไซต์ของ{name}ภายในเดือนธันวาคม {fy0}",
             "ให้{palad}ตรวจสอบความครบถ้วนของข้อมูลก่อนเผยแพร่"), "plan"),
    "o12": ("รายงานรอบ 6 เดือนของ{name}ไม่แสดงความก้าวหน้าของโครงการและผลการใช้จ่ายงบประมาณ",
            "ควรจัดทำรายงานที่แสดงความก้าวหน้าและผลการใช้จ่ายงบประมาณของทุกโครงการ",
            ("รวบรวมความก้าวหน้าของทุกโครงการและผลการใช้จ่ายงบประมาณรอบ 6 เดือน",
             "จัดทำรายงานเสนอ{head}ภายในวันที่ 30 เมษายน {fy}",
             "เผยแพร่รายงานบนเว็บไซต์ของ{short}"), "plan"),
    "o24": ("{short}เผยแพร่แผนพัฒนาบุคลากรแล้วแต่ยังไม่รายงานความก้าวหน้าของการดำเนินการตามแผน",
            "ควรรายงานการดำเนินการตามแผนการบริหารทรัพยากรบุคคลและเผยแพร่ให้ครบถ้วน",
            ("รวบรวมผลการฝึกอบรมและการพัฒนา{staff}ทุกไตรมาส",
             "จัดทำรายงานการดำเนินการตามแผนการบริหารทรัพยากรบุคคลเสนอ{head}",
             "เผยแพร่รายงานบนเว็บไซต์ของ{name}ภายในเดือน{month}"), "office"),
    "o33": ("{name}ประกาศนโยบาย No Gift Policy แล้วแต่ยังไม่ได้รายงานผลการดำเนินการตามนโยบาย",
            "ควรจัดทำรายงานผลตามนโยบาย No Gift Policy และเผยแพร่ต่อสาธารณะ",
            ("รวบรวมข้อมูลการรับของขวัญของ{staff}ทุกส่วนราชการ",
             "จัดทำรายงานผลตามนโยบาย No Gift Policy เสนอ{head}",
             "เผยแพร่รายงานบนเว็บไซต์ของ{short}ภายในวันที่ 30 กันยายน {fy}"), "office"),
    "o37": ("{short}ยังไม่ได้จัดทำรายงานการกำกับติดตามการป้องกันการทุจริตรอบ 6 เดือน",
            "ควรรายงานความก้าวหน้าของแผนปฏิบัติการป้องกันการทุจริตให้ทันตามกำหนด",
            ("รวบรวมผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริตจากทุกส่วนราชการ",
             "จัดทำรายงานรอบ 6 เดือนเสนอ{head}ภายในเดือนเมษายน {fy}",
             "เผยแพร่รายงานบนเว็บไซต์ของ{name}"), "audit"),
}
UNITS = {  # unit key -> unit name by type (a department's own units last)
    "office": lambda k: k.office,
    "finance": lambda k: "กองคลัง",
    "works": lambda k: "กองช่าง",
    "audit": lambda k: "หน่วยตรวจสอบภายใน",
    "plan": lambda k: "สำนักปลัด (งานนโยบายและแผน)" if k.short == "อบต." else (
        "กองยุทธศาสตร์และงบประมาณ" if k.short in ("ทม.", "อบจ.") else k.office),
}
DEPARTMENT_STEP = "ทบทวนกระบวนงานการขอใช้ตรานกยูงพระราชทานของกรมให้แล้วเสร็จภายใน 15 วัน"
MONTHS = ("พฤศจิกายน", "ธันวาคม", "มกราคม", "กุมภาพันธ์", "มีนาคม")
INDICATORS = ("การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
              "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
              "การปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต")
ISSUE_OF = {"i1": 1, "e12": 2, "e14": 2, "e6": 3, "e11": 1, "i8": 5, "o11": 5, "o12": 5, "i19": 4, "o24": 6,
            "i28": 7, "i29": 7, "o33": 7, "o37": 7}
ISSUES = {1: "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ", 2: "การให้บริการและระบบ E-Service",
          3: "ช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ",
          4: "การใช้ทรัพย์สินของราชการ",
          5: "กระบวนการสร้างความโปร่งใสในการใช้งบประมาณและการจัดซื้อจัดจ้าง",
          6: "กระบวนการควบคุม ตรวจสอบการใช้อำนาจและการบริหารงานบุคคล",
          7: "กลไกและมาตรการในการแก้ไขและป้องกันการทุจริตภายในหน่วยงาน"}


def fill(template: str, agency: Agency, fy: int, rng: random.Random) -> str:
    k = agency.kind
    text = template.format(name=agency.name, short=agency.short, head=k.head, palad=k.palad, office=k.office,
                           staff=k.staff, law=k.law, month=f"{rng.choice(MONTHS)} {fy - 1 if rng.random() < 0.5 else fy}",
                           fy=fy, fy0=fy - 1)
    return text.translate(THAI_DIGITS) if agency.thai_digits else text


def weak_items(index: int) -> list[str]:
    """5 to 7 of the items, a different mix per agency (deterministic); the department's include e12,
    where it writes a step only a department would (DEPARTMENT_STEP)."""
    rng = random.Random(1000 + index)
    items = rng.sample(sorted(ITEMS), 5 + index % 3)
    if AGENCIES[index].type == "กรม" and "e12" not in items:
        items[0] = "e12"
    return sorted(items, key=list(ITEMS).index)


def item_score(index: int, code: str) -> float:
    if code.startswith("o"):
        return 0.0
    return round(55 + (37 * index + 11 * list(ITEMS).index(code)) % 29 + 0.25 * (index % 4), 2)


def indicator_scores(index: int, weak: list[str]) -> dict[int, float]:
    """Indicators holding a weak item score below 85; the others above it."""
    wordings = year_items(load_catalog(), ITA_YEAR).set_index("code")
    low = {int(wordings.loc[c, "indicator_no"]) for c in weak}
    return {i: round((70 + (3 * index + 7 * i) % 14) if i in low else (86 + (5 * index + i) % 12) + 0.37, 2)
            for i in range(1, 11)}


def analysis_text(index: int, agency: Agency) -> str:
    wordings = year_items(load_catalog(), ITA_YEAR).set_index("code")
    weak = weak_items(index)
    rng = random.Random(index)
    scores = indicator_scores(index, weak)
    lines = ["รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
             f"ในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {ITA_YEAR}",
             f"{agency.name} อำเภอ{agency.district} จังหวัด{agency.province}", "",
             f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {ITA_YEAR} ของ{agency.name} มีผลคะแนนรายตัวชี้วัด ดังนี้", "",
             "ตัวชี้วัด\tคะแนน"]
    lines += [f"ตัวชี้วัดที่ {i} {INDICATORS[i - 1]}\t{s:.2f}" for i, s in scores.items()]
    lines += ["", "๓. ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนและข้อเสนอแนะ", "", "ข้อคำถามที่ควรปรับปรุง ได้แก่", ""]
    for code in weak:
        finding, advice, _, _ = ITEMS[code]
        lines += [f"- ข้อ {code} {wordings.loc[code, 'text']} {fill(finding, agency, ITA_YEAR + 1, rng)} {fill(advice, agency, ITA_YEAR + 1, rng)}", ""]
    lines += ["๔. ข้อคำถามที่ได้คะแนนต่ำที่สุดของแต่ละเครื่องมือ", "", "ข้อคำถาม\tคะแนน"]
    lines += [f"{code} {wordings.loc[code, 'text']}\t{item_score(index, code):.2f}" for code in weak]
    return "\n".join(lines) + "\n"


def plan_rows(index: int, agency: Agency, fy: int, codes: list[str]) -> list[tuple[str, str, list[str], str]]:
    """(code, finding, steps, unit) per item: two or three steps of the pool, the first two most often."""
    rng = random.Random(10 * index + fy)
    rows = []
    for code in codes:
        finding, _, steps, unit = ITEMS[code]
        picked = [s for j, s in enumerate(steps) if j < 2 or rng.random() < 0.4]
        if index % 4 == 3:  # some agencies reword their first step
            picked[0] = picked[0].replace("และ", "พร้อมทั้ง", 1)
        texts = [fill(s, agency, fy, rng) for s in picked]
        if agency.type == "กรม" and code == "e12":
            texts.insert(0, DEPARTMENT_STEP)
        rows.append((code, fill(finding, agency, fy, rng), texts, UNITS[unit](agency.kind)))
    return rows


def plan_text(index: int, agency: Agency, fy: int) -> str:
    year = fy - 1
    items = year_items(load_catalog(), year)
    by_concept = items.set_index("concept_id")
    latest = year_items(load_catalog(), ITA_YEAR).set_index("code")
    codes = weak_items(index) if fy == ITA_YEAR + 1 else weak_items(index)[:3]
    digits = (lambda s: s.translate(THAI_DIGITS)) if agency.thai_digits else (lambda s: s)
    lines = ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", f"ประจำปีงบประมาณ พ.ศ. {fy}",
             f"{agency.name} อำเภอ{agency.district} จังหวัด{agency.province}", "",
             "ประเด็น\tข้อคำถาม ITA\tข้อค้นพบ\tขั้นตอน/วิธีการปฏิบัติ\tระยะเวลาดำเนินการ\tหน่วยงานผู้รับผิดชอบ"]
    for code, finding, steps, unit in plan_rows(index, agency, fy, codes):
        item = by_concept.loc[latest.loc[code, "concept_id"]]  # the same question in the plan's ITA year
        cell = "".join(f"<p>{n}. {s}</p>" for n, s in enumerate(steps, start=1))
        period = digits(f"1 ตุลาคม {fy - 1} - 30 กันยายน {fy}")
        issue = ISSUE_OF[code]
        lines.append(f"{issue}. {ISSUES[issue]}\t{item['code']} {item['text']}\t{finding}\t{cell}\t{period}\t{unit}")
    lines += ["", "ลงชื่อ", agency.kind.head + ("" if agency.type == "กรม" else agency.place)]
    return "\n".join(lines) + "\n"


def write(folder: Path) -> list[Path]:
    """Every agency's analysis (ITA_YEAR) and plan (fiscal year ITA_YEAR + 1); every other agency's plan
    of the year before too. Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, agency in enumerate(AGENCIES):
        docs = {f"analysis_{index:02d}.txt": analysis_text(index, agency),
                f"plan_{index:02d}_{ITA_YEAR + 1}.txt": plan_text(index, agency, ITA_YEAR + 1)}
        if index % 2 == 0:
            docs[f"plan_{index:02d}_{ITA_YEAR}.txt"] = plan_text(index, agency, ITA_YEAR)
        for name, text in docs.items():
            (folder / name).write_text(text, encoding="utf-8")
            files.append(folder / name)
    return files
