"""How a question is printed in a cell, and what the answer key says about it.

Real plans print codes as `i12`, `E 12`, `ข้อ i๑๙`, `๐24` (Thai zero for o), `O ๒๔`; some give only the
wording, only a bare number (`ข้อ 14`), only the code, or a misprinted code next to the right
wording. Each form here returns the printed fragment and the gold Question together.
"""
from __future__ import annotations

import random
import re
from typing import Optional

from corpus.generator.catalog import Item
from corpus.generator.model import Question
from corpus.generator.thaitext import thai_digits

CODE_FORMS = ["plain", "plain", "plain", "plain", "upper", "spaced", "thai_num", "thai_num_spaced",
              "thai_zero", "upper_thai"]


def print_code(rng: random.Random, code: str, thai_doc: bool, form: Optional[str] = None) -> tuple[str, str]:
    """(code_raw, form) for a code like 'o24'; the normalised code is always `code`."""
    letter, num = code[0], code[1:]
    if form is None:
        form = rng.choice(CODE_FORMS)
        if not thai_doc and form.startswith("thai") and rng.random() < 0.6:
            form = "plain"
    if form == "thai_zero" and letter != "o":
        form = "thai_num"
    if form == "plain":
        raw = code
    elif form == "upper":
        raw = letter.upper() + num
    elif form == "spaced":
        raw = letter.upper() + " " + num
    elif form == "thai_num":
        raw = letter + thai_digits(num)
    elif form == "thai_num_spaced":
        raw = letter + " " + thai_digits(num)
    elif form == "thai_zero":
        raw = "๐" + num            # a Thai zero typed for the letter o
    elif form == "upper_thai":
        raw = letter.upper() + thai_digits(num)
    else:
        raw = code
    return raw, form


def wording(rng: random.Random, it: Item, thai_doc: bool) -> str:
    """The item's wording as an agency prints it: IIT sub-questions after ' : ' often dropped."""
    text = it.text
    if " : " in text and rng.random() < 0.6:
        text = text.split(" : ")[0]
    if thai_doc and rng.random() < 0.5:
        text = thai_digits(text)
    return text


def question(rng: random.Random, it: Item, form: str, thai_doc: bool, pool: list[Item],
             score: Optional[str] = None) -> Question:
    """One question printed in a given cell form; `pool` gives the misprint candidates."""
    text = wording(rng, it, thai_doc)
    lead = "ข้อ " if rng.random() < 0.15 else ""
    if form == "wording":
        return Question(None, None, text, it.code, text)
    if form == "number":
        num = str(it.number)
        if thai_doc and rng.random() < 0.5:
            num = thai_digits(num)
        return Question(num, None, text, it.code, f"ข้อ {num} {text}")
    if form == "number_only":
        num = str(it.number)
        return Question(num, None, None, it.code, f"ข้อ {num}")
    shown = it
    if form == "misprint":
        near = [p for p in pool if p.tool == it.tool and p.code != it.code]
        if near:
            shown = rng.choice(near)
    raw, _ = print_code(rng, shown.code, thai_doc)
    if form == "code_only":
        return Question(raw, shown.code, None, it.code, f"{lead}{raw}")
    printed = f"{lead}{raw} {text}"
    if form == "code_text_score" and score:
        printed += f" ({score} คะแนน)" if rng.random() < 0.5 else f" คะแนน {score}"
    return Question(raw, shown.code, text, it.code, printed)


def normalise(raw: str) -> Optional[str]:
    """Normalised code of a printed code (used by the tests as a cross-check)."""
    s = raw.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    s = re.sub(r"^ข้อ\s*", "", s)
    if raw.strip().startswith("๐"):
        s = "o" + s[1:]
    m = re.match(r"^([ieoIEO])\s*(\d{1,2})$", s)
    return (m.group(1).lower() + m.group(2)) if m else None
