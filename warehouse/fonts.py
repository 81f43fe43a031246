"""The Sarabun font as CSS @font-face rules with the font inlined, for HTML that must show Thai anywhere.

Machines without a Thai font (servers, fresh containers, many Linux desktops) show Thai as empty
boxes; a report opened offline cannot fetch a web font. Inlining Sarabun from the PyPI package
fontpkg-sarabun (never a system font) makes the file render the same everywhere (~250 KB).
"""
from __future__ import annotations

import base64
from functools import lru_cache
from importlib import resources

FAMILY = "Sarabun"
STACK = f'"{FAMILY}", "TH Sarabun New", "TH SarabunPSK", "Noto Sans Thai", sans-serif'


class FontMissing(RuntimeError):
    """fontpkg-sarabun is not installed."""


@lru_cache(maxsize=1)
def sarabun_css() -> str:
    """@font-face rules for Sarabun Regular (400) and Bold (700), fonts inlined as base64."""
    try:
        files = resources.files("fontpkg_sarabun") / "files"
    except ModuleNotFoundError as exc:
        raise FontMissing("the Sarabun font package is missing: pip install fontpkg-sarabun") from exc
    rules = []
    for weight, name in ((400, "Regular"), (700, "Bold")):
        data = base64.b64encode((files / f"Sarabun-{name}.ttf").read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: normal; '
                     f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}')
    return "\n".join(rules)
