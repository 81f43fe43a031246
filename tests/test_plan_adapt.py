"""Borrowed text adapted to the agency (warehouse.adapt), and the leave-one-out benchmark on a
generated many-agency corpus ingested through the real pipeline (bench.plan_corpus).

Expected words come from the generated corpus' own vocabulary (bench.plan_corpus.KINDS), which the
adapter never sees.
"""
from __future__ import annotations

import pytest

from bench.bench_plans import Result, leave_one_out
from bench.plan_corpus import AGENCIES, DEPARTMENT_STEP, ITA_YEAR, KINDS, write
from pipeline.ingest import ingest
from warehouse.adapt import Adapter, Agency, clean, peer_tier, vote_spaces
from warehouse.plans import draft_plan

TAMBON = Agency("องค์การบริหารส่วนตำบลบ้านใหม่", "องค์การบริหารส่วนตำบล", "เมือง", "ลำปาง")
PAO = Agency("องค์การบริหารส่วนจังหวัดอุทัยธานี", "องค์การบริหารส่วนจังหวัด", "เมืองอุทัยธานี", "อุทัยธานี")
TOWN = Agency("เทศบาลเมืองศรีสุข", "เทศบาลเมือง", "เมือง", "ชัยภูมิ")


def test_peer_name_in_every_spelling_becomes_the_agencys():
    a = Adapter(TAMBON, 2569)
    for printed in ("องค์การบริหารส่วนจังหวัดอุทัยธานี", "อบจ.อุทัยธานี", "อบจ. อุทัยธานี", "อ.บ.จ.อุทัยธานี"):
        done = a.adapt(f"เผยแพร่ข่าวของ{printed}ทุกเดือน", PAO, 2569)
        assert "อุทัยธานี" not in done.text and "บ้านใหม่" in done.text, printed
        assert done.original == f"เผยแพร่ข่าวของ{printed}ทุกเดือน" and done.changes
    assert a.adapt("ประชุมที่ศาลากลางจังหวัดอุทัยธานี", PAO, 2569).text == "ประชุมที่ศาลากลางจังหวัดลำปาง"


def test_officials_units_and_laws_follow_the_agency_type():
    done = Adapter(TOWN, 2569).adapt(
        "รายงานต่อนายกองค์การบริหารส่วนตำบล ปลัด อบต. และสำนักปลัด อบต. ชี้แจงร่างข้อบัญญัติให้พนักงานส่วนตำบลทราบ "
        "เผยแพร่บนเว็บไซต์ของ อบต.", None, 2569)
    assert done.text == ("รายงานต่อนายกเทศมนตรี ปลัดเทศบาล และสำนักปลัดเทศบาล ชี้แจงร่างเทศบัญญัติให้พนักงานเทศบาลทราบ "
                         "เผยแพร่บนเว็บไซต์ของ ทม.")
    assert Adapter(TAMBON, 2569).adapt("ขยายถนนของเทศบาลและเสนอนายกเทศมนตรี", None, 2569).text == \
        "ขยายถนนขององค์การบริหารส่วนตำบลและเสนอนายกองค์การบริหารส่วนตำบล"
    unit = Adapter(TOWN, 2569).unit("สำนักปลัดอบต.", set())
    assert unit.text == "สำนักปลัดเทศบาล" and not unit.flags
    assert Adapter(TAMBON, 2569).unit("กองพัสดุและทรัพย์สิน", set()).flags  # an อบต. has no such unit
    assert not Adapter(TAMBON, 2569).unit("กองพัสดุและทรัพย์สิน", {"กองพัสดุและทรัพย์สิน"}).flags  # it names one


def test_dates_move_to_the_plans_fiscal_year():
    a = Adapter(TAMBON, 2569)
    done = a.adapt("เผยแพร่ภายในเดือนธันวาคม 2567 และรายงานภายใน ๓๑ มีนาคม ๒๕๖๘ ตามพระราชบัญญัติข้อมูลข่าวสารของ"
                   "ราชการ พ.ศ. 2540", None, 2568)
    assert done.text == ("เผยแพร่ภายในเดือนธันวาคม 2568 และรายงานภายใน ๓๑ มีนาคม ๒๕๖๙ ตามพระราชบัญญัติข้อมูลข่าวสารของ"
                         "ราชการ พ.ศ. 2540")
    assert not done.flags
    assert a.adapt("ดำเนินการในปี 2562", None, None).flags  # no source year: kept, flagged


def test_text_is_clean_and_spaced_as_most_documents_print_it():
    assert clean("Do&amp;#x27;s &amp; Don&#x27;ts <b>ของ</b>  หน่วยงาน") == "Do's & Don'ts ของ หน่วยงาน"
    assert vote_spaces([("เสนอ นายก", 2), ("เสนอนายก", 2)]) == "เสนอนายก"
    assert vote_spaces([("ต่าง ๆ นี้", 3), ("ต่าง ๆนี้", 1)]) == "ต่าง ๆ นี้"


def test_peer_tiers():
    assert peer_tier("เทศบาลตำบล", "เทศบาลตำบล") == 0 and peer_tier("เทศบาลตำบล", "เทศบาลเมือง") == 1
    assert peer_tier("เทศบาลตำบล", "องค์การบริหารส่วนตำบล") == 2 and peer_tier("เทศบาลตำบล", "other") == 3


# ------------------------------------------------------------------------------------------ generated corpus

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan_corpus")
    db = folder / "generated.duckdb"
    summary = ingest([str(p) for p in write(folder / "docs")], db, workers=2)
    assert summary.failed == 0
    return db


def test_leave_one_out_has_no_leaks_and_finds_every_item(generated):
    """One agency of each local family: its plan removed, drafted again, compared with what it wrote."""
    names = {a.name for a in AGENCIES if a.type in ("องค์การบริหารส่วนตำบล", "เทศบาลเมือง", "องค์การบริหารส่วนจังหวัด")}
    picked = {next(n for n in sorted(names) if n.startswith(t)) for t in
              ("องค์การบริหารส่วนตำบล", "เทศบาลเมือง", "องค์การบริหารส่วนจังหวัด")}
    result = Result()
    leave_one_out(generated, ITA_YEAR + 1, result, only=picked)
    assert result.agencies == 3 and result.leaks == []
    assert min(result.recall) == 1.0 and result.empty_findings == 0 and result.empty_steps == 0
    assert sum(result.similarity) / len(result.similarity) > 0.8


def test_a_departments_steps_never_reach_a_local_plan(generated):
    tambon = next(a for a in AGENCIES if a.type == "องค์การบริหารส่วนตำบล")
    plan = draft_plan(generated, tambon.name, weak="e12", peers=50)
    steps = [s for r in plan.rows for s in r.steps]
    assert steps and all("ตรานกยูง" not in s.text and not s.flags for s in steps)
    department = next(a for a in AGENCIES if a.type == "กรม")
    assert all(src.agency_name != department.name for s in steps for src in s.sources)
    own = draft_plan(generated, department.name, weak="e12", peers=50)
    assert any(DEPARTMENT_STEP in s.text for r in own.rows for s in r.steps)  # its own step, first
    for r in own.rows:  # the rest comes from local agencies: in neutral words, flagged
        for s in r.steps:
            if s.origin == "peer":
                assert s.flags and KINDS["เทศบาลตำบล"].head not in s.text
