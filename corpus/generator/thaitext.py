"""Thai digits, month names and Buddhist-era dates: the small text facts every module needs."""
from __future__ import annotations

import calendar
import re

ARABIC = "0123456789"
THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(ARABIC, THAI)

MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
MONTHS_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
               "พ.ย.", "ธ.ค."]
_TAG = re.compile(r"<[^>]+>")


def thai_digits(s: str) -> str:
    return s.translate(_TO_THAI)


def digits(s: str, thai: bool) -> str:
    """Print a string with Thai digits when the document (or this field) uses them."""
    return thai_digits(s) if thai else s


def fy_start_end(fy_be: int) -> tuple[str, str]:
    """ISO CE dates of a Thai fiscal year: 1 Oct of the year before to 30 Sep."""
    return f"{fy_be - 544}-10-01", f"{fy_be - 543}-09-30"


def month_year_be(month: int, fy_be: int) -> int:
    """The BE calendar year a month (1-12) of fiscal year fy_be falls in."""
    return fy_be - 1 if month >= 10 else fy_be


def month_start(month: int, year_be: int) -> str:
    return f"{year_be - 543}-{month:02d}-01"


def month_end(month: int, year_be: int) -> str:
    ce = year_be - 543
    return f"{ce}-{month:02d}-{calendar.monthrange(ce, month)[1]:02d}"


def collapse(s: str) -> str:
    """Text as the gold keeps it: tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", _TAG.sub(" ", s)).strip()


def fmt_score(x: float) -> str:
    return f"{x:.2f}"
