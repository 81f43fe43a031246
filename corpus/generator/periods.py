"""Periods (ระยะเวลาดำเนินการ) in the many forms agencies print, with the gold dates the schema's
rules give them: a fiscal year or a month range is dated; a deadline ('ภายในวันที่ …') is not."""
from __future__ import annotations

import random
from typing import Optional

from corpus.generator.thaitext import (MONTHS, MONTHS_ABBR, fy_start_end, month_end, month_start,
                                        month_year_be, thai_digits)

# fiscal-year month order: Oct .. Sep
FY_MONTHS = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]
FORMS = ["full_dates", "full_dates", "abbr_2digit", "whole_fy", "whole_fy_bare", "quarters", "every_quarter",
         "month_range", "month_range", "single_month", "fy_months", "abbr_range", "day_range_abbr",
         "deadline", "every_month", "abbr_range_one_year"]
DASHES = [" - ", " – ", "-", " ถึง ", " – "]


def period(rng: random.Random, fy: int, thai: bool, form: Optional[str] = None) -> tuple[str, Optional[str], Optional[str], str]:
    """(printed text, period_start, period_end, form)."""
    form = form or rng.choice(FORMS)
    d = rng.choice(DASHES)
    s, e = fy_start_end(fy)
    if form == "full_dates":
        text, a, b = f"1 ตุลาคม {fy - 1}{d}30 กันยายน {fy}", s, e
    elif form == "abbr_2digit":
        text, a, b = f"ต.ค. {(fy - 1) % 100}{d}ก.ย. {fy % 100}", s, e
    elif form == "whole_fy":
        text, a, b = f"ตลอดปีงบประมาณ พ.ศ. {fy}", s, e
    elif form == "whole_fy_bare":
        text, a, b = rng.choice(["ตลอดปีงบประมาณ", "ตลอดปี"]), s, e
        if text == "ตลอดปี":
            text = "ตลอดปีงบประมาณ"
    elif form == "quarters":
        text, a, b = rng.choice(["ไตรมาส 1-4", "ไตรมาสที่ 1 - 4", "ไตรมาส 1 – ไตรมาส 4"]), s, e
    elif form == "every_quarter":
        text, a, b = "ทุกไตรมาส", s, e
    elif form == "every_month":
        text, a, b = "ทุกเดือน", s, e
    elif form == "fy_months":
        text, a, b = f"ตุลาคม {fy - 1}{d}กันยายน {fy}", s, e
    elif form in ("month_range", "abbr_range", "abbr_range_one_year"):
        i = rng.randrange(0, 10)
        j = rng.randrange(i + 1, min(12, i + 7))
        m1, m2 = FY_MONTHS[i], FY_MONTHS[j]
        y1, y2 = month_year_be(m1, fy), month_year_be(m2, fy)
        names = MONTHS if form == "month_range" else MONTHS_ABBR
        n1, n2 = names[m1 - 1], names[m2 - 1]
        if form == "abbr_range_one_year" and y1 == y2:
            text = f"{n1}{d}{n2} {y2 % 100}"
        elif y1 == y2 and rng.random() < 0.6:
            text = f"{n1}{d}{n2} {y2}"
        else:
            text = f"{n1} {y1}{d}{n2} {y2}"
        a, b = month_start(m1, y1), month_end(m2, y2)
    elif form == "single_month":
        m = rng.choice(FY_MONTHS)
        y = month_year_be(m, fy)
        text, a, b = f"{MONTHS[m - 1]} {y}", month_start(m, y), month_end(m, y)
    elif form == "day_range_abbr":
        i = rng.randrange(0, 6)
        m1, m2 = FY_MONTHS[i], FY_MONTHS[rng.randrange(i + 1, 12)]
        y1, y2 = month_year_be(m1, fy), month_year_be(m2, fy)
        last = int(month_end(m2, y2)[-2:])
        text = f"1 {MONTHS_ABBR[m1 - 1]} {y1}{d}{last} {MONTHS_ABBR[m2 - 1]} {y2}"
        a, b = month_start(m1, y1), month_end(m2, y2)
    else:  # deadline: not a period the schema dates
        m = rng.choice([12, 3, 6, 9])
        y = month_year_be(m, fy)
        last = int(month_end(m, y)[-2:])
        text, a, b = f"ภายในวันที่ {last} {MONTHS[m - 1]} {y}", None, None
        form = "deadline"
    if thai:
        text = thai_digits(text)
    return text, a, b, form
