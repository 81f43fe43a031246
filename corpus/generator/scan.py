"""The `scan` producer style: the office rendering printed, marked and scanned into an image-only PDF.

Degradations (chosen per seed in document.scan_params, listed in features.json): 150-300 dpi,
grey or colour, skew up to 2 degrees, blur, uneven light, JPEG noise, a highlighter stroke, a stamp
or a signature over text, a landscape page turned onto a portrait sheet, a page upside down.
Deterministic: every random number comes from a generator seeded with the document's seed.
"""
from __future__ import annotations

import io
import math
import time

from corpus.generator.model import Document


def scan_params(seed: int, n_hint: int = 0) -> dict:
    """The scan's degradations, from their own seeded stream (the document content is unaffected)."""
    import random

    r = random.Random(seed * 7919 + 17)
    return {
        "dpi": r.choice([150, 200, 200, 200, 250, 300]),
        "colour": r.random() < 0.3,
        "skew_deg": round(r.uniform(-2.0, 2.0) if r.random() < 0.6 else r.uniform(-0.5, 0.5), 2),
        "blur": round(r.choice([0.0, 0.0, 0.4, 0.7, 1.0]), 2),
        "uneven_light": r.random() < 0.4,
        "jpeg_quality": r.choice([35, 45, 55, 65, 75]),
        "noise": round(r.uniform(1.5, 6.0), 1),
        "highlighter": r.random() < 0.3,
        "stamp": r.random() < 0.35,
        "signature_over_text": r.random() < 0.25,
        "rotate_landscape_onto_portrait": r.random() < 0.3,
        "upside_down_page": r.random() < 0.08,
    }


def _font(size: int):
    from PIL import ImageFont

    from corpus.render import sarabun_path
    return ImageFont.truetype(str(sarabun_path("Bold")), size)


def render_scan(doc: Document, path: str) -> dict:
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw, ImageFilter

    from corpus.generator.pdf import render_pdf

    p = doc.features.get("scan") or scan_params(doc.seed)
    rng = np.random.default_rng(doc.seed + 99991)
    office = io.BytesIO()
    render_pdf(doc, "office", office)
    dpi = p["dpi"]
    pages = []
    pdf = pdfium.PdfDocument(office.getvalue())
    n = len(pdf)
    flip = int(rng.integers(0, n)) if p["upside_down_page"] and n > 1 else -1
    stamp_page = 0
    sign_page = n - 1
    hi_page = int(rng.integers(0, n))
    rotated = 0
    for k in range(n):
        page = pdf[k]
        img = page.render(scale=dpi / 72).to_pil().convert("RGB")
        W, H = img.size
        draw = ImageDraw.Draw(img, "RGBA")
        if p["highlighter"] and k == hi_page:
            y = int(H * rng.uniform(0.25, 0.75))
            x0 = int(W * rng.uniform(0.08, 0.3))
            x1 = int(W * rng.uniform(0.55, 0.9))
            draw.rectangle([x0, y, x1, y + int(dpi * 0.18)], fill=(255, 235, 0, 90))
        if p["stamp"] and k == stamp_page:
            cx, cy = int(W * rng.uniform(0.6, 0.85)), int(H * rng.uniform(0.08, 0.3))
            r0 = int(dpi * 0.8)
            col = (190, 30, 40, 170)
            draw.ellipse([cx - r0, cy - r0 // 2, cx + r0, cy + r0 // 2], outline=col, width=max(2, dpi // 60))
            f = _font(max(12, dpi // 5))
            draw.text((cx - r0 + dpi // 5, cy - dpi // 7), "สำเนาถูกต้อง", fill=col, font=f)
        if p["signature_over_text"] and k == sign_page:
            cx, cy = W * rng.uniform(0.45, 0.7), H * rng.uniform(0.55, 0.85)
            pts = []
            for i in range(40):
                t = i / 39
                pts.append((cx + (t - 0.5) * dpi * 1.6 + math.sin(t * 17) * dpi * 0.08,
                            cy + math.sin(t * 9 + 1) * dpi * 0.15 + math.cos(t * 23) * dpi * 0.05))
            draw.line(pts, fill=(20, 40, 140, 230), width=max(2, dpi // 70))
        del draw
        if p["uneven_light"]:
            a = np.asarray(img, np.float32)
            gx = np.linspace(rng.uniform(0.8, 1.0), rng.uniform(0.92, 1.05), W)[None, :, None]
            gy = np.linspace(rng.uniform(0.9, 1.02), rng.uniform(0.85, 1.0), H)[:, None, None]
            img = Image.fromarray(np.clip(a * gx * gy + 8, 0, 255).astype(np.uint8))
        if not p["colour"]:
            img = img.convert("L")
        fill = 255 if img.mode == "L" else (255, 255, 255)
        if p["skew_deg"]:
            img = img.rotate(p["skew_deg"] * float(rng.uniform(0.6, 1.0)), resample=Image.Resampling.BILINEAR,
                             fillcolor=fill, expand=False)
        if p["blur"]:
            img = img.filter(ImageFilter.GaussianBlur(p["blur"] * dpi / 200))
        a = np.array(img, np.float32)
        a *= np.float32(0.94)
        a += rng.standard_normal(a.shape, dtype=np.float32) * np.float32(p["noise"]) + np.float32(8)
        a[rng.random(a.shape[:2]) < 0.0002] = 80
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        if W > H and p["rotate_landscape_onto_portrait"]:
            img = img.rotate(90 if rng.random() < 0.5 else -90, expand=True)
            rotated += 1
        if k == flip:
            img = img.rotate(180)
        pages.append(img)
    fixed = time.gmtime(1704067200)
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=p["jpeg_quality"],
                  title=doc.doc_id, creationDate=fixed, modDate=fixed)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return {"pages": n, "rotated_pages": rotated, "upside_down_page": flip if flip >= 0 else None}
