"""One file -> one `ExtractedDocument`: read, build pages, find tables, make records, match, check.

This is the path a document takes; each step lives in its own module under `extractors/` or
`corpus/`. Nothing here raises for a bad file: every failure becomes a status and a one-line reason.
"""
from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from pathlib import Path

from extractors import documents
from extractors.model import ExtractedDocument, MeasureRow, Page, PageQuality, Table, text_lines
from extractors.question_scores import extract_question_scores, resolve_question_scores
from extractors.quirks import repair_quirks
from extractors.list_records import fill_from_context, list_rows
from extractors.scores import PAGE_BREAK, extract_analysis, prose_text
from extractors.roles import column_roles
from extractors.records import heading_issue, is_measures_table, measure_rows
from extractors.sources.ocr import INSTALL_HINT as OCR_HINT
from extractors.sources.ocr import OcrError, ocr_pages, tesseract_available
from extractors.sources.pdf import PdfError, read_pdf
from extractors.sources.text import read_text
from extractors.tables import find_tables
from extractors.thai import assess, repair_text
from pipeline.resolve import resolve_questions, resolve_weak_questions

EXTRACTOR_VERSION = "0.3.0"  # bump when extraction changes: documents read by an older version are read again
SUPPORTED_SUFFIXES = frozenset({".pdf", ".txt", ".md"})


def failed_document(doc_id: str, shown: str, reason: str) -> ExtractedDocument:
    return ExtractedDocument(doc_id=doc_id, path=shown, file_name=Path(shown).name, status="failed", error=reason)


def extract_file(path: Path, shown: str, doc_id: str, ocr: str = "auto",
                 on_ocr: Callable[[int], None] | None = None) -> ExtractedDocument:
    """Extract one file; the result always has a status (ok | partial | failed) and a reason.

    `ocr`: "auto" OCRs the pages with no text layer or with text the damage detector cannot trust,
    "always" every page of a PDF, "never" none (scanned pages are then recorded as partial).
    `on_ocr(n)` is told how many pages are about to be OCR'd, before it starts: the process running
    the file gives a file with OCR pages more time (`pipeline.limits`)."""
    started = time.perf_counter()
    try:
        doc = _extract(path, shown, doc_id, ocr, on_ocr)
    except PdfError as exc:
        doc = failed_document(doc_id, shown, str(exc))
    except Exception as exc:  # a bug of ours must not stop a batch of thousands
        where = traceback.extract_tb(exc.__traceback__)[-1]
        doc = failed_document(doc_id, shown, f"internal error {type(exc).__name__}: {exc} "
                                             f"(at {Path(where.filename).name}:{where.lineno}); please report it")
    doc.seconds = time.perf_counter() - started
    return doc


def read_pages(path: Path) -> tuple[list[Page], str]:
    """Pages of any supported source, and the source kind for `documents.text_source`."""
    head = path.read_bytes()[:1024]
    if not head.strip():
        raise PdfError("empty file: nothing to read")
    if head.lstrip().startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return list(read_pdf(path)), "pdf"
    if path.suffix.lower() in (".txt", ".md"):
        return read_text(path), "text"
    raise PdfError(f"unsupported file type {path.suffix or '(none)'}: give a PDF, .txt or .md file")


def _extract(path: Path, shown: str, doc_id: str, ocr: str,
             on_ocr: Callable[[int], None] | None) -> ExtractedDocument:
    doc = ExtractedDocument(doc_id=doc_id, path=shown, file_name=path.name)
    pages, doc.text_source = read_pages(path)
    pages = repair_quirks(pages)
    paged_text = _paged_text(pages)
    full_text = paged_text.replace(PAGE_BREAK, "\n")
    doc.quality = _document_quality(pages, full_text)
    if doc.text_source == "pdf":
        read, doc.text_source = _route_ocr(path, pages, ocr, doc, on_ocr)
        if read is not pages:  # some pages were read again by OCR: judge the new text
            pages, paged_text = read, _paged_text(read)
            full_text = paged_text.replace(PAGE_BREAK, "\n")
            doc.quality = _document_quality(pages, full_text)
    doc.n_pages = len(pages)
    all_tables = find_tables(pages)
    tables = [t for t in all_tables if is_measures_table(t)]
    unknown = sorted({t.header[c] for t in tables for c, role in enumerate(column_roles(t))
                      if role is None and c < len(t.header) and t.header[c].strip()})
    doc.warnings.extend(f"column '{h}' has no known role: its text is kept in measures.extra" for h in unknown)

    has_results = any("สรุปผล" in h or "ผลการดำเนิน" in h for t in tables for h in t.header)
    doc.doc_type = documents.detect_doc_type(full_text, has_result_columns=has_results)
    doc.agency = documents.find_agency(full_text)
    if doc.doc_type == "measures_report":
        doc.report_period = documents.report_period(full_text)
    # Periods like "ตลอดปีงบประมาณ" need the fiscal year, and the fiscal year may come from the periods:
    # read rows with the year the text states, then settle the year with the rows' periods too.
    fiscal, _ = documents.find_years(full_text)
    rows = _rows(all_tables, fiscal, doc)
    doc.fiscal_year_be, doc.ita_year_be = documents.find_years(
        full_text, [r.period_start for r in rows if r.period_start])
    if doc.fiscal_year_be != fiscal:
        rows = _rows(all_tables, doc.fiscal_year_be, doc)
    if not rows and doc.doc_type in ("measures", "measures_report"):  # a plan written as a list (family D)
        rows = list_rows(prose_text(paged_text, all_tables).replace(PAGE_BREAK, "\n").splitlines(),
                         doc.fiscal_year_be)
    doc.rows = resolve_questions(rows, doc.ita_year_be, doc.fiscal_year_be, doc.text_source in ("ocr", "mixed"))
    doc.scores, weak, warnings = extract_analysis(all_tables, paged_text, doc.ita_year_be)
    doc.weak_questions = resolve_weak_questions(weak, doc.ita_year_be)
    question_scores, question_warnings = extract_question_scores(all_tables, paged_text, doc.ita_year_be)
    doc.question_scores = resolve_question_scores(question_scores)
    doc.warnings.extend(question_warnings + warnings)
    _set_status(doc, pages, sorted({p for t in all_tables for p in range(t.page_first, t.page_last + 1)}),
                sorted({p for t in tables for p in range(t.page_first, t.page_last + 1)}))
    return doc


def _route_ocr(path: Path, pages: list[Page], mode: str, doc: ExtractedDocument,
               on_ocr: Callable[[int], None] | None) -> tuple[list[Page], str]:
    """Replace the pages that need OCR by their OCR'd version; say which source the text came from.

    A page needs it with no text, or with text the damage detector does not trust (`doc.quality`).
    The same list is returned when no page was read again."""
    readable = {q.page for q in doc.quality if q.trusted}
    wanted = [p.number for p in pages
              if mode == "always" or (mode == "auto" and not (p.words and p.number in readable))]
    if not wanted or mode == "never":
        return pages, "pdf"
    if tesseract_available() is None:
        doc.warnings.append(f"{_NEEDS_OCR} {', '.join(map(str, wanted))}: OCR needs Tesseract ({OCR_HINT})")
        return pages, "pdf"
    if on_ocr:
        on_ocr(len(wanted))
    try:
        read = ocr_pages(path, wanted)
    except OcrError as exc:
        doc.warnings.append(f"OCR failed: {exc}")
        return pages, "pdf"
    pages = [read.get(p.number, p) for p in pages]
    return pages, "ocr" if len(read) == len(pages) else "mixed"


_NEEDS_OCR = "scanned or unreadable page(s)"
_CONTEXT_LINES = 6  # a measure's heading and labelled lines sit just above its small table


def _rows(tables: list[Table], fiscal_year_be: int | None, doc: ExtractedDocument) -> list[MeasureRow]:
    """Measure rows of every measures table, each with the issue heading printed above it or above the
    (question) table before it."""
    rows: list[MeasureRow] = []
    doc.row_tables = []
    heading: tuple[int | None, str | None] = (None, None)
    n = 0
    for table in tables:
        found = heading_issue(table.context)
        if found[0] is not None:
            heading = found
        if not is_measures_table(table):
            continue
        n += 1
        new = measure_rows(table, start_no=len(rows) + 1, fiscal_year_be=fiscal_year_be, heading=heading)
        if not {"question", "finding", "measure"} & set(column_roles(table)):  # a small table per measure
            fill_from_context(new, "\n".join(table.context.splitlines()[-_CONTEXT_LINES:]), fiscal_year_be)
        rows.extend(new)
        doc.row_tables.extend([n] * len(new))
    return rows


def _paged_text(pages: list[Page]) -> str:
    """The document's text line by line, its pages separated by `PAGE_BREAK` (the analysis readers
    use the pages; everything else reads it with the breaks as line ends)."""
    return PAGE_BREAK.join("\n".join(text_lines(list(page.words))) for page in pages)


def _document_quality(pages: list[Page], full_text: str) -> list[PageQuality]:
    """Each page's damage, and the damage only a whole document shows.

    A lost ำ shows only over 400+ Thai consonants (`thai.NO_SARA_AM_MIN_CONSONANTS`), more than many
    pages hold: a document that has them and no ำ anywhere flags every page with Thai on it.
    """
    quality = [_quality(p) for p in pages]
    if "no_sara_am" not in assess(repair_text(full_text)).flags:
        return quality
    return [
        PageQuality(q.page, (*q.flags, "no_sara_am"), trusted=False)
        if "no_sara_am" not in q.flags and assess(" ".join(w.text for w in p.words)).thai_consonants else q
        for q, p in zip(quality, pages)
    ]


def _quality(page: Page) -> PageQuality:
    """Damage left after repair: what the repair fixed (PUA, split sara am) is no longer a doubt."""
    flags = assess(repair_text(" ".join(w.text for w in page.words))).flags + page.flags
    return PageQuality(page.number, flags, trusted=not flags)


def _set_status(doc: ExtractedDocument, pages: list[Page], table_pages: list[int],
                measures_pages: list[int]) -> None:
    """ok, or partial with a reason a person can act on. `table_pages`: where any table was seen;
    `measures_pages`: where a table's columns are a plan's (steps, period, unit…)."""
    if not any(p.words for p in pages):
        doc.status = "partial"
        doc.error = f"no text layer: the pages are images (a scan); OCR is needed to read them ({OCR_HINT})"
        return
    untrusted = [q.page for q in doc.quality if not q.trusted]
    unread = [w for w in doc.warnings if w.startswith(_NEEDS_OCR)]
    if unread:  # a mixed document read without OCR: what was read is kept, the rest is named
        doc.status = "partial"
        doc.error = unread[0]
    elif not (doc.agency and doc.agency.name) and not (doc.question_scores or doc.weak_questions or any(
            q.code or q.catalog_code for r in doc.rows for q in r.questions)):
        # no agency and no ITA question anywhere (rows read from a list that cite none, a lone score quoted in
        # prose): a README or a letter quoting ITA titles must not count as a document of some year, nor
        # leave rows in `measures`; this holds whatever its text's damage (a README quoting damaged Thai)
        doc.doc_type, doc.fiscal_year_be, doc.ita_year_be, doc.rows, doc.scores = "unknown", None, None, [], []
        doc.status = "partial"
        doc.error = ("not an ITA document: it names no agency and cites no ITA question (no measures row with "
                     "a question, no item score, no weak question); it is left out of every count"
                     + (f"; its text is also damaged on page(s) {', '.join(map(str, untrusted[:10]))}"
                        if untrusted else ""))
    elif untrusted:  # before "no table": damaged text is the likelier reason a table was not found
        doc.status = "partial"
        doc.error = f"text damaged on page(s) {', '.join(map(str, untrusted[:10]))}: check with `ita check`"
    elif not doc.rows and doc.doc_type in ("measures", "measures_report"):
        doc.status = "partial"
        doc.error = _no_rows_reason(doc.doc_type, table_pages)
    elif not doc.rows and measures_pages:  # an analysis with the next year's plan in it, the plan unread
        doc.status = "partial"
        doc.error = (f"a measures table was seen on page(s) {', '.join(map(str, measures_pages[:10]))} but no "
                     "measures row was extracted from it; check with `ita check`")
    elif not doc.rows and not doc.scores and not doc.question_scores:
        doc.status = "partial"
        doc.error = "no measures table or scores found in the text"
    else:
        doc.status = "ok"


def _no_rows_reason(doc_type: str, table_pages: list[int]) -> str:
    """Why a plan or report with no rows is doubtful, and where a person should look."""
    kind = "an implementation report" if doc_type == "measures_report" else "a measures plan"
    where = (f"tables seen on page(s) {', '.join(map(str, table_pages[:10]))} were not understood"
             if table_pages else "no table was found")
    return f"the text reads as {kind} but no measures row was extracted: {where}; check with `ita check`"
