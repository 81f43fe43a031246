"""Agency types as users type them: the full word (องค์การบริหารส่วนตำบล) or its short form (อบต., อบต).

The warehouse stores the full word (`agencies.agency_type`); every option that filters by type
accepts either, so `--agency-type อบต.` finds what `--agency-type องค์การบริหารส่วนตำบล` finds.
"""
from __future__ import annotations

import re

# full type -> the short forms Thai documents and people use (without dots)
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "องค์การบริหารส่วนตำบล": ("อบต",),
    "องค์การบริหารส่วนจังหวัด": ("อบจ",),
    "เทศบาลตำบล": ("ทต",),
    "เทศบาลเมือง": ("ทม",),
    "เทศบาลนคร": ("ทน",),
    "กรุงเทพมหานคร": ("กทม",),
    "เมืองพัทยา": (),
}
_LOOKUP = {re.sub(r"[\s.]", "", form): full for full, forms in SHORT_FORMS.items() for form in (full, *forms)}


def full_agency_type(value: str | None) -> str | None:
    """'อบต.', 'อบต', ' องค์การบริหารส่วนตำบล ' -> 'องค์การบริหารส่วนตำบล'; anything else unchanged (stripped)."""
    if value is None:
        return None
    return _LOOKUP.get(re.sub(r"[\s.]", "", value), value.strip())


def short_agency_type(full: str | None) -> str | None:
    """'องค์การบริหารส่วนตำบล' -> 'อบต.' (for labels); a type without a short form is returned as is."""
    forms = SHORT_FORMS.get(full or "", ())
    return f"{forms[0]}." if forms else full
