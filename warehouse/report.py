"""One self-contained HTML report of the warehouse: charts and the tables behind them, offline.

Plotly draws the charts in the browser, so Thai labels are shaped by the browser's text engine
(matplotlib's own layout places Thai marks wrongly); plotly.js and the Sarabun font are inlined,
so the file opens from a USB stick or an e-mail with no network and no Thai font installed.
Every chart is followed by its table, so figures can be copied and checked.
"""
from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from corpus.catalog import load_grades
from warehouse import queries
from warehouse.fonts import FAMILY, STACK, sarabun_css
from warehouse.queries import _indicator_names
from warehouse.reading import QueryError, open_read, read_frame
from warehouse.weakness_sql import check_year

TOP_ITEMS = 15
TREND_CONCEPTS = 8
PASS_SCORE = 85.0


def build_report(db: str | Path, year: int | None = None, out: str | Path = "report.html") -> Path:
    """Write the report for ITA `year` (default: the latest year in the warehouse) to `out`."""
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    check_year(year)
    con = open_read(db)
    try:
        years = read_frame(con, "SELECT DISTINCT ita_year_be AS y FROM v_agency_years ORDER BY 1")["y"].tolist()
        if not years:
            raise QueryError(f"{db} has no dated documents yet: ingest plans or analysis reports first")
        year = year or int(years[-1])
        if year not in years:
            raise QueryError(f"no documents of ITA {year}; years in the warehouse: {', '.join(map(str, years))}")
        summary = _summary(con, year)
        scores = read_frame(con, "SELECT * FROM v_agency_score_values WHERE ita_year_be = ? AND scope = 'indicator'",
                            [year])
        by_year = read_frame(con, """SELECT ita_year_be, count(*) AS agencies, round(avg(overall), 2) AS mean_overall,
                                            round(median(overall), 2) AS median_overall
                                     FROM v_agency_scores WHERE overall IS NOT NULL GROUP BY 1 ORDER BY 1""")
        grades = read_frame(con, """
            SELECT coalesce(agency_type, '(ไม่ทราบประเภท)') AS agency_type, grade, count(*) AS agencies
            FROM v_agency_scores WHERE ita_year_be = ? AND grade IS NOT NULL GROUP BY ALL""", [year])
    finally:
        con.close()
    weak = queries.weaknesses(db, year=year, limit=TOP_ITEMS)
    trend = queries.weaknesses(db, by="concept", years=(int(years[0]), int(years[-1])), limit=TREND_CONCEPTS)

    sections = [
        _section("ข้อคำถาม ITA ที่หน่วยงานอ้างถึงมากที่สุด", _weakness_chart(go, weak), _weakness_table(weak),
                 f"ร้อยละของหน่วยงานที่มีเอกสาร ITA {year} ในคลังซึ่งอ้างถึงข้อคำถามในมาตรการหรือรายงานผลการวิเคราะห์"),
        _section("การกระจายของคะแนนรายตัวชี้วัด", *_score_parts(go, scores, year),
                 f"คะแนนตัวชี้วัดของแต่ละหน่วยงาน ITA {year}; เส้นประคือเกณฑ์ {PASS_SCORE:.0f} คะแนน"),
        _section("แนวโน้มรายปี", *_trend_parts(go, trend, by_year),
                 "ร้อยละของหน่วยงานที่อ้างถึงข้อคำถามเดียวกัน (ตามแนวคิดของข้อคำถามข้ามปี) และคะแนนรวมเฉลี่ย"),
        _section("จำนวนหน่วยงานตามระดับผลการประเมิน", *_grade_parts(go, grades, year),
                 f"ระดับผลการประเมิน ITA {year} ตามคะแนนรวม แยกตามประเภทหน่วยงาน"),
    ]
    page = _page(year, summary, sections, get_plotlyjs())
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def _summary(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, int]:
    row = read_frame(con, """
        SELECT (SELECT count(DISTINCT agency_key) FROM v_agency_years WHERE ita_year_be = ?) AS agencies,
               (SELECT count(*) FROM documents WHERE status <> 'failed' AND doc_type <> 'unknown') AS documents,
               (SELECT count(*) FROM v_agency_scores WHERE ita_year_be = ?) AS scored""", [year, year])
    return {k: int(v) for k, v in row.iloc[0].items()}


# ------------------------------------------------------------------------------------------ charts

def _layout(fig, height: int, **kwargs) -> str:
    kwargs.setdefault("margin", {"l": 10, "r": 10, "t": 30, "b": 10})
    fig.update_layout(height=height, font={"family": STACK, "size": 14}, template="plotly_white", **kwargs)
    return fig.to_html(full_html=False, include_plotlyjs=False, default_height=f"{height}px",
                       config={"displaylogo": False, "responsive": True})


def _short(text: str, n: int = 60) -> str:
    text = str(text or "")
    return text if len(text) <= n else text[: n - 1] + "…"


def _weakness_chart(go, weak: pd.DataFrame) -> str:
    if weak.empty:
        return _empty("ยังไม่มีข้อคำถามที่หน่วยงานอ้างถึงในปีนี้")
    rows = weak.iloc[::-1]
    labels = [f"{c} {_short(w, 48)}" for c, w in zip(rows["code"], rows["wording"])]
    fig = go.Figure(go.Bar(x=rows["pct_agencies"], y=labels, orientation="h", text=rows["agencies"],
                           texttemplate="%{text} หน่วยงาน", marker_color="#b5402a",
                           hovertemplate="%{y}<br>ร้อยละ %{x}<extra></extra>"))
    # A fixed left margin: plotly measures labels before the inlined font is ready, so automargin falls short.
    return _layout(fig, 120 + 32 * len(rows), xaxis_title="ร้อยละของหน่วยงาน",
                   margin={"l": 380, "r": 10, "t": 30, "b": 10})


def _weakness_table(weak: pd.DataFrame) -> str:
    columns = {"code": "ข้อ", "wording": "ข้อคำถาม", "tool": "เครื่องมือ", "indicator_no": "ตัวชี้วัด",
               "agencies": "หน่วยงาน", "pct_agencies": "ร้อยละ", "in_plans": "ในมาตรการ",
               "in_analyses": "ในรายงานวิเคราะห์"}
    return _table(weak[[c for c in columns if c in weak]].rename(columns=columns))


def _score_parts(go, scores: pd.DataFrame, year: int) -> tuple[str, str]:
    if scores.empty:
        return _empty("ยังไม่มีคะแนนรายตัวชี้วัดในคลัง (นำเข้ารายงานผลการวิเคราะห์ ITA)"), ""
    names = _indicator_names()
    names = names[names["ita_year_be"] == year].set_index("indicator_no")["wording"]
    scores = scores.assign(label=[f"{int(n)}. {names.get(int(n), '')}" for n in scores["indicator_no"]])
    fig = go.Figure()
    for (_, label), g in scores.sort_values("indicator_no").groupby(["indicator_no", "label"], sort=True):
        fig.add_trace(go.Box(y=g["score"], name=label, boxpoints="outliers", marker_color="#2a6fb5"))
    fig.add_hline(y=PASS_SCORE, line_dash="dash", line_color="#b5402a")
    chart = _layout(fig, 480, showlegend=False, yaxis_title="คะแนน", xaxis={"tickangle": -30})
    table = (scores.groupby("label", sort=False)["score"]
             .agg(หน่วยงาน="count", ค่ามัธยฐาน="median", ต่ำสุด="min", สูงสุด="max",
                  ร้อยละต่ำกว่าเกณฑ์=lambda s: round(100.0 * (s < PASS_SCORE).mean(), 1))
             .reset_index().rename(columns={"label": "ตัวชี้วัด"}))
    return chart, _table(table.round(2))


def _trend_parts(go, trend: pd.DataFrame, by_year: pd.DataFrame) -> tuple[str, str]:
    pct = [c for c in trend.columns if c.startswith("pct_")]
    if trend.empty or len(pct) < 2:
        return _empty("ต้องมีข้อมูลอย่างน้อยสองปีจึงจะแสดงแนวโน้ม"), _table(trend) if not trend.empty else ""
    years = [int(c.removeprefix("pct_")) for c in pct]
    fig = go.Figure()
    for r in trend.itertuples():
        fig.add_trace(go.Scatter(x=years, y=[getattr(r, c) for c in pct], mode="lines+markers",
                                 name=_short(f"{r.item} {r.wording}", 50)))
    if not by_year.empty:
        fig.add_trace(go.Scatter(x=by_year["ita_year_be"], y=by_year["mean_overall"], name="คะแนนรวมเฉลี่ย",
                                 yaxis="y2", mode="lines+markers", line={"dash": "dot", "color": "#333"}))
    chart = _layout(fig, 460, xaxis={"title": "ปี ITA", "dtick": 1}, yaxis_title="ร้อยละของหน่วยงานที่อ้างถึง",
                    yaxis2={"title": "คะแนนรวมเฉลี่ย", "overlaying": "y", "side": "right", "tickformat": ".1f"},
                    legend={"orientation": "h", "y": -0.25})
    table = _thai_trend_columns(trend.drop(columns="concept")[["item", *trend.columns.drop(["concept", "item"])]])
    return chart, _table(table) + (_table(by_year.rename(columns={
        "ita_year_be": "ปี ITA", "agencies": "หน่วยงานที่มีคะแนน", "mean_overall": "คะแนนรวมเฉลี่ย",
        "median_overall": "ค่ามัธยฐาน"})) if not by_year.empty else "")


def _thai_trend_columns(trend: pd.DataFrame) -> pd.DataFrame:
    """Thai headers for a trend table: agencies_Y -> หน่วยงาน ปี Y, pct_Y -> ร้อยละ ปี Y."""
    names = {"item": "ข้อ (รหัสปีล่าสุด)", "wording": "ข้อคำถาม", "change_pct": "เปลี่ยนแปลง (จุดร้อยละ)"}
    for column in trend.columns:
        for prefix, thai in (("agencies_", "หน่วยงาน ปี "), ("pct_", "ร้อยละ ปี ")):
            if column.startswith(prefix) and column.removeprefix(prefix).isdigit():
                names[column] = thai + column.removeprefix(prefix)
    return trend.rename(columns=names)


def _grade_parts(go, grades: pd.DataFrame, year: int) -> tuple[str, str]:
    if grades.empty:
        return _empty("ยังไม่มีคะแนนรวมในคลัง (นำเข้ารายงานผลการวิเคราะห์ ITA)"), ""
    order = load_grades().query("ita_year_be == @year").sort_values("min_score", ascending=False)["grade"].tolist() \
        or sorted(grades["grade"].unique())
    wide = grades.pivot_table(index="grade", columns="agency_type", values="agencies", aggfunc="sum", fill_value=0)
    wide = wide.reindex(order, fill_value=0)
    fig = go.Figure([go.Bar(x=wide.index, y=wide[t], name=t) for t in wide.columns])
    chart = _layout(fig, 420, barmode="stack", xaxis_title="ระดับผลการประเมิน", yaxis_title="จำนวนหน่วยงาน")
    table = wide.assign(รวม=wide.sum(axis=1)).reset_index().rename(columns={"grade": "ระดับ"}).rename_axis(columns=None)
    return chart, _table(table)


def _empty(message: str) -> str:
    return f'<p class="empty">{html.escape(message)}</p>'


def _table(frame: pd.DataFrame) -> str:
    shown = frame.copy()
    for c in shown.columns:
        if shown[c].map(lambda v: isinstance(v, (list, tuple))).any():
            shown[c] = shown[c].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return shown.to_html(index=False, classes="data", na_rep="", border=0, escape=True)


# ------------------------------------------------------------------------------------------ page

def _section(title: str, chart: str, table: str, caption: str) -> str:
    return (f'<section><h2>{html.escape(title)}</h2><p class="caption">{html.escape(caption)}</p>'
            f'<div class="chart">{chart}</div><details open><summary>ตารางข้อมูล</summary>{table}</details></section>')


def _page(year: int, summary: dict[str, int], sections: list[str], plotly_js: str) -> str:
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"""<!doctype html>
<html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>รายงานผลการประเมิน ITA {year}</title>
<style>
{sarabun_css()}
body {{ font-family: {STACK}; margin: 24px auto; max-width: 1200px; color: #222; padding: 0 16px; }}
h1 {{ font-size: 26px; margin-bottom: 4px; }} h2 {{ font-size: 21px; margin-top: 36px; border-bottom: 2px solid #ddd; }}
.caption, .meta {{ color: #555; }} .empty {{ padding: 24px; background: #f6f6f6; color: #666; }}
table.data {{ border-collapse: collapse; font-size: 14px; margin: 8px 0; }}
table.data th, table.data td {{ border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }}
table.data th {{ background: #f0f0f0; }} summary {{ cursor: pointer; color: #2a6fb5; }}
</style>
<script>{plotly_js}</script>
</head><body>
<h1>รายงานผลการประเมินคุณธรรมและความโปร่งใส (ITA) ปี {year} จากคลังข้อมูล</h1>
<p class="meta">หน่วยงานที่มีเอกสารปี {year}: {summary['agencies']:,} · มีคะแนน: {summary['scored']:,} ·
เอกสารทั้งหมดในคลัง: {summary['documents']:,} · สร้างเมื่อ {stamp} · แบบอักษร {FAMILY}</p>
{''.join(sections)}
</body></html>
"""
