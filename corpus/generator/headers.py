"""Column header wordings per role, header groups, and the drift real headers show (family F).

Every wording carries an id (role:index) that goes into features.json, so a benchmark can say
which header variants the worst documents had.
"""
from __future__ import annotations

import random

LABELS: dict[str, list[str]] = {
    "seq": ["ที่", "ลำดับ", "ลำดับที่", "ข้อ"],
    "issue": ["ประเด็น", "ประเด็นที่ต้องพัฒนา", "ประเด็นการประเมิน", "ประเด็นที่ต้องปรับปรุง", "ประเด็นปัญหา"],
    "question": ["ข้อคำถาม ITA", "ข้อความ ITA", "ข้อคำถาม", "ข้อคำถามที่มีคะแนนต่ำ", "ตัวชี้วัด/ข้อคำถาม",
                 "ข้อคำถามที่ต้องพัฒนา"],
    "score": ["คะแนน", "ผลการประเมิน (คะแนน)", "คะแนนที่ได้", "ผลคะแนน"],
    "finding": ["ข้อค้นพบ", "ข้อค้นพบ ปี {ita}", "ผลการวิเคราะห์", "สภาพปัญหา/ข้อค้นพบ", "ข้อค้นพบ/สาเหตุ"],
    "measure": ["มาตรการ/แนวทาง", "แนวทาง/มาตรการ", "มาตรการ", "มาตรการ/แนวทางการดำเนินการ",
                "วิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ (แนวทาง/มาตรการ)", "แนวทางการแก้ไข"],
    "steps": ["ขั้นตอน/วิธีการปฏิบัติ", "ขั้นตอน / วิธีการปฏิบัติ", "วิธีการดำเนินการ", "ขั้นตอนการดำเนินการ",
              "ขั้นตอน/วิธีการ", "กิจกรรม/วิธีการ", "การดำเนินการ"],
    "period": ["ระยะเวลาดำเนินการ", "ระยะเวลา", "ช่วงเวลาดำเนินการ", "กำหนดเวลาแล้วเสร็จ", "ระยะเวลาการดำเนินการ",
               "ห้วงเวลา"],
    "responsible": ["หน่วยงานผู้รับผิดชอบ", "ผู้รับผิดชอบ", "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง", "หน่วยงานที่รับผิดชอบ",
                    "ส่วนราชการที่รับผิดชอบ", "ผู้รับผิดชอบหลัก"],
    "result": ["สรุปผลการดำเนินการ", "ผลการดำเนินการ", "ผลการดำเนินการ รอบ 6 เดือน", "ผลการดำเนินงาน",
               "ผลการดำเนินการ รอบ 12 เดือน"],
    "outcome": ["ผลลัพธ์/ความสำเร็จ", "ผลสัมฤทธิ์", "ผลลัพธ์ที่ได้", "ความสำเร็จ/ผลลัพธ์"],
    "percent": ["ร้อยละความสำเร็จ", "ร้อยละของความสำเร็จ", "ความก้าวหน้า (ร้อยละ)"],
    "problems": ["ปัญหา/อุปสรรค", "ปัญหาและอุปสรรค", "ปัญหา/อุปสรรค/ข้อเสนอแนะ"],
    "status": ["สถานะการดำเนินการ", "สถานะ", "ผลการดำเนินการ (✓)"],
    "target": ["เป้าหมาย", "กลุ่มเป้าหมาย"],
    "kpi": ["ตัวชี้วัดความสำเร็จ", "ตัวชี้วัด", "ค่าเป้าหมาย/ตัวชี้วัด"],
    "budget": ["งบประมาณ", "งบประมาณ (บาท)"],
    "supervisor": ["ผู้กำกับติดตาม", "ผู้กำกับดูแล"],
    "monitoring": ["การติดตามประเมินผล", "การรายงานผล/ติดตาม", "การติดตามและประเมินผล"],
    "note": ["หมายเหตุ"],
    "status_done": ["ดำเนินการแล้ว", "แล้วเสร็จ"],
    "status_doing": ["อยู่ระหว่างดำเนินการ", "กำลังดำเนินการ"],
    "status_not": ["ยังไม่ดำเนินการ", "ยังไม่ได้ดำเนินการ"],
}
GROUPS: dict[str, list[str]] = {
    "analysis": ["การนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "วิเคราะห์ผลการประเมิน", "ผลการวิเคราะห์ ITA"],
    "action": ["แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ เพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {fy}",
               "แนวทางการดำเนินการ", "แผนการดำเนินงาน"],
    "report": ["ผลการดำเนินงาน", "ผลการดำเนินการตามมาตรการ", "การรายงานผล"],
    "status": ["สถานะการดำเนินงาน", "ผลการดำเนินงาน (ทำเครื่องหมาย √)", "สถานะ"],
    "title": ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {fy}",
              "แผนการนำผลการวิเคราะห์ไปสู่การปฏิบัติ ประจำปีงบประมาณ พ.ศ. {fy}"],
}
NOTES_IN_BRACKETS = ["(ระบุ)", "(โปรดระบุ)", "(แสดงรายละเอียด)", "(ถ้ามี)", "(เดือน/ปี)"]


def label(rng: random.Random, role: str, fmt: dict, plain: bool = False) -> tuple[str, str]:
    """(wording, id) for a role; `plain` keeps the first (NACC form) wording."""
    options = LABELS[role]
    i = 0 if plain else rng.randrange(len(options))
    return options[i].format(**fmt), f"{role}:{i}"


def group_label(rng: random.Random, kind: str, fmt: dict) -> tuple[str, str]:
    options = GROUPS[kind]
    i = rng.randrange(len(options))
    return options[i].format(**fmt), f"group.{kind}:{i}"


def drift(rng: random.Random, text: str, level: float) -> tuple[str, list[str]]:
    """Header wording drift: a break inside the phrase, extra spaces, a lost ำ, an asterisk, a
    note in brackets. Returns the printed header markup and the kinds of drift applied."""
    kinds = []
    if level <= 0:
        return text, kinds
    if "ำ" in text and rng.random() < 0.25 * level:
        k = text.index("ำ")
        text = text[:k] + text[k + 1:]
        kinds.append("lost_am")
    if rng.random() < 0.5 * level and len(text) > 6:
        # a break anywhere inside the phrase (not inside a Thai cluster: before a consonant)
        spots = [i for i in range(3, len(text) - 2) if "\u0e01" <= text[i] <= "\u0e2e" and text[i - 1] not in " เแโใไ"]
        if spots:
            k = rng.choice(spots)
            text = text[:k] + "<br>" + text[k:]
            kinds.append("break")
    if rng.random() < 0.3 * level and " " in text:
        text = text.replace(" ", "  ", 1)
        kinds.append("spaces")
    if rng.random() < 0.2 * level:
        text = text + "*"
        kinds.append("asterisk")
    if rng.random() < 0.2 * level:
        text = text + " " + rng.choice(NOTES_IN_BRACKETS)
        kinds.append("bracket_note")
    return text, kinds
