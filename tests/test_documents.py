"""Document type, agency and years, on short paragraphs written in the style of real ITA documents."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.documents import detect_doc_type, find_agency, find_years, plausible_year
from extractors.model import AgencyInfo as Agency

# --- document type ---------------------------------------------------------------------------

PLAN_OPENING_WITH_ANALYSIS_SENTENCE = (
    "จากการวิเคราะห์ผลคะแนน ITA ปี 2567 ของเทศบาลตำบลหนองไผ่ พบว่ามีคะแนน 88.42 คะแนน "
    "เทศบาลตำบลหนองไผ่ จึงได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ดังนี้\n"
    "ประเด็น ข้อคำถาม ITA ข้อค้นพบ ขั้นตอน / วิธีการปฏิบัติ ระยะเวลาดำเนินการ หน่วยงานผู้รับผิดชอบ\n"
)
ANALYSIS_WITH_PLAN = (
    "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส\n"
    "ในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\n"
    "องค์การบริหารส่วนตำบลโคกสูง อำเภอเมือง จังหวัดอุดรธานี\n"
    "องค์การบริหารส่วนตำบลโคกสูง ได้คะแนน ๘๗.๑๒ คะแนน อยู่ในระดับ B\n"
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบลโคกสูง ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n"
)
REPORT = (
    "รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
    "ประจำปีงบประมาณ พ.ศ. 2567\nเทศบาลเมืองท่าข้าม อำเภอพุนพิน จังหวัดสุราษฎร์ธานี\n"
)
PLAN_TITLE = (
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\nประจำปีงบประมาณ พ.ศ. 2568\n"
    "อบต.บ้านกลาง อ.สันป่าตอง จ.เชียงใหม่\n"
)


@pytest.mark.parametrize(
    ("text", "has_results", "expected"),
    [
        (PLAN_OPENING_WITH_ANALYSIS_SENTENCE, None, "measures"),
        (ANALYSIS_WITH_PLAN, None, "analysis"),
        (REPORT, None, "measures_report"),
        (REPORT, False, "measures_report"),
        (PLAN_TITLE, None, "measures"),
        (PLAN_TITLE, True, "measures_report"),  # result columns make a plan a report
        ("การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส\nประจำปี 2567\n", None, "measures_report"),
        ("ประกาศ เรื่อง นโยบายไม่รับของขวัญ No Gift Policy\n", None, "unknown"),
        ("", None, "unknown"),
    ],
)
def test_detect_doc_type(text, has_results, expected):
    assert detect_doc_type(text, has_result_columns=has_results) == expected


def test_analysis_title_without_any_score_is_a_plan():
    text = ("การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส และมาตรการส่งเสริมคุณธรรม ประจำปี 2567\n"
            "ประเด็น ขั้นตอน ระยะเวลา ผู้รับผิดชอบ\n")
    assert detect_doc_type(text) == "measures"


# --- agency ----------------------------------------------------------------------------------


def test_agency_from_title_line_with_district_and_province():
    assert find_agency(REPORT) == Agency("เทศบาลเมืองท่าข้าม", "เทศบาลเมือง", "พุนพิน", "สุราษฎร์ธานี")


def test_agency_abbreviations_expanded_and_short_place_words():
    a = find_agency(PLAN_TITLE)
    assert (a.name, a.agency_type, a.district, a.province) == (
        "องค์การบริหารส่วนตำบลบ้านกลาง", "องค์การบริหารส่วนตำบล", "สันป่าตอง", "เชียงใหม่")


def test_agency_majority_spelling_wins_and_typo_is_a_variant():
    text = (
        "องค์การบริหารส่วนตำบลหนองสาหร่าย ได้จัดทำมาตรการ ... อบต.หนองสาหร่าย ประกาศ ... "
        "องค์การบริหารส่วนตำบลหนองสาหร่ายจึงกำหนด ... องค์การบริหารส่วนตำบลหนองสาหราย มีคะแนน 100.00 คะแนน"
    )
    a = find_agency(text)
    assert a.name == "องค์การบริหารส่วนตำบลหนองสาหร่าย"
    assert a.variants == ("องค์การบริหารส่วนตำบลหนองสาหราย",)
    assert (a.district, a.province) == (None, None)  # not stated: not guessed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ของเทศบาลตำบลบ้านแพ้วได้ดำเนินการ", "เทศบาลตำบลบ้านแพ้ว"),
        ("เทศบาลตำบลบ้านแพ้วจึงได้กำหนดมาตรการ", "เทศบาลตำบลบ้านแพ้ว"),
        ("มาตรการของเทศบาลตำบลบ้านแพ้วประจำปีงบประมาณ 2567", "เทศบาลตำบลบ้านแพ้ว"),
        ("ในคราวประชุมพนักงานเทศบาลตำบลบ้านแพ้วเมื่อวันที่ 3 มีนาคม 2567", "เทศบาลตำบลบ้านแพ้ว"),
        ("ทน.เชียงราย ได้ประกาศเจตนารมณ์", "เทศบาลนครเชียงราย"),
        ("ท.ต. หนองหาน โดยมีนายกเทศมนตรีเป็นประธาน", "เทศบาลตำบลหนองหาน"),
        ("การบริหารงานของเทศบาลตำบลบ้านแพ้วเป็นไปตามหลักธรรมาภิบาล", "เทศบาลตำบลบ้านแพ้ว"),
        # a provincial administrative organisation is named after its province, whatever follows it
        ("การบริหารงานขององค์การบริหารส่วนจังหวัดชัยภูมิเป็นธรรมตามหลักธรรมาภิบาล", "องค์การบริหารส่วนจังหวัดชัยภูมิ"),
    ],
)
def test_agency_name_does_not_swallow_the_following_word(text, name):
    assert find_agency(text).name == name


def test_subdistrict_is_not_the_agency_and_nacc_is_never_named():
    text = (
        "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้กำหนด "
        "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ ประเมินหน่วยงาน "
        "เทศบาลตำบลท่าช้าง ได้วิเคราะห์ ประชาชนในตำบลท่าช้างส่วนใหญ่ และตำบลท่าช้าง"
    )
    a = find_agency(text)
    assert (a.name, a.agency_type) == ("เทศบาลตำบลท่าช้าง", "เทศบาลตำบล")


def test_other_agency_kind_when_no_local_government():
    text = (
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
        "โรงเรียนบ้านดอนแดง สำนักงานเขตพื้นที่การศึกษาประถมศึกษาร้อยเอ็ด เขต 2\n"
        "โรงเรียนบ้านดอนแดงได้วิเคราะห์ผลการประเมิน ตามแนวทางของสำนักงาน ป.ป.ช."
    )
    a = find_agency(text)
    assert (a.name, a.agency_type) == ("โรงเรียนบ้านดอนแดง", "other")
    assert a.variants == ()


def test_provincial_administration_takes_province_from_its_name():
    a = find_agency("องค์การบริหารส่วนจังหวัดลำปางได้จัดทำมาตรการ ... อบจ.ลำปาง ประกาศ")
    assert (a.name, a.agency_type, a.district, a.province) == (
        "องค์การบริหารส่วนจังหวัดลำปาง", "องค์การบริหารส่วนจังหวัด", None, "ลำปาง")


def test_bangkok_and_pattaya():
    assert find_agency("มาตรการส่งเสริมคุณธรรมของกรุงเทพมหานคร ประจำปี 2567 กรุงเทพมหานครได้กำหนด").agency_type == "กรุงเทพมหานคร"
    a = find_agency("เมืองพัทยา อำเภอบางละมุง จังหวัดชลบุรี ได้กำหนดมาตรการ")
    assert (a.name, a.district, a.province) == ("เมืองพัทยา", "บางละมุง", "ชลบุรี")


def test_generic_mentions_are_not_an_agency():
    assert find_agency("องค์การบริหารส่วนตำบลทั่วประเทศ และเทศบาลตำบลในพื้นที่ ได้ดำเนินการ") == Agency(None, None)
    assert find_agency("") == Agency(None, None)


def test_place_without_spaces_is_still_split():
    a = find_agency("เทศบาลตำบลนาดี อำเภอเมืองจังหวัดยโสธร")
    assert (a.district, a.province) == ("เมือง", "ยโสธร")


# --- years -----------------------------------------------------------------------------------


def test_years_from_analysis_sentence_and_periods():
    starts = [date(2024, 10, 1)] * 5 + [date(2025, 9, 1)]
    assert find_years(PLAN_OPENING_WITH_ANALYSIS_SENTENCE, starts) == (2568, 2567)


def test_years_without_periods_assume_the_plan_follows_the_analysed_round():
    assert find_years(PLAN_OPENING_WITH_ANALYSIS_SENTENCE) == (2568, 2567)


def test_years_plan_title_wins_over_analysis_title():
    # the analysis is of round 2566; its embedded plan is for fiscal year 2567 (Thai digits)
    assert find_years(ANALYSIS_WITH_PLAN) == (2567, 2566)


def test_years_report_with_intro_naming_both_rounds():
    text = (
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๗\n"
        "ตามที่ได้วิเคราะห์ผลคะแนนการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ.๒๕๖๖ "
        "และได้กำหนดมาตรการในการส่งเสริมคุณธรรมในปีงบประมาณ พ.ศ.๒๕๖๗ ดังนี้"
    )
    assert find_years(text) == (2567, 2566)


def test_years_an_analysed_year_ocr_cut_short_is_the_round_before_the_plan():
    intro = ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
             "ประจำปีงบประมาณ พ.ศ.๒๕๖๘\n"
             "ตามที่ได้ดำเนินการวิเคราะห์ผลคะแนนการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ.{} "
             "และได้กำหนดมาตรการในปีงบประมาณ พ.ศ.๒๕๖๘")
    assert find_years(intro.format("๒๕๖")) == (2568, 2567)  # "๒๕๖" fits 2567, the round before 2568
    assert find_years(intro.format("๒๕๕")) == (2568, None)  # it does not fit: not guessed


def test_years_target_round_is_not_the_analysed_round():
    text = ("มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2568 "
            "เพื่อยกระดับผลการประเมิน ITA ประจำปี พ.ศ. 2568 ให้สูงขึ้น")
    assert find_years(text) == (2568, None)


def test_years_foreword_without_result_words_is_ignored():
    text = (
        "รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส\nพ.ศ.๒๕๖๔\n"
        "การประเมิน ITA ประจำปีงบประมาณ พ.ศ.๒๕๖๕ นับเป็นปีที่ ๙ ของการดำเนินการ\n"
        "มีผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.๒๕๖๔ ได้ ๙๐.๑๒ คะแนน"
    )
    assert find_years(text) == (2565, 2564)


def test_years_plan_title_with_periods_of_another_year_keeps_the_title():
    assert find_years(PLAN_TITLE, [date(2023, 10, 1)]) == (2568, None)


def test_years_not_stated():
    assert find_years("ประกาศ เรื่อง นโยบายไม่รับของขวัญ") == (None, None)
    assert find_years("", []) == (None, None)


def test_years_table_header_about_analysis_is_not_the_analysed_round():
    text = ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
            "ประเด็น การนำผลการวิเคราะห์ไปสู่การปฏิบัติ ขั้นตอน\n"
            "1. การเปิดเผยข้อมูล o22 รายงานผลการจัดซื้อจัดจ้างของปีงบประมาณ พ.ศ. 2566 ไม่ครบถ้วน\n")
    assert find_years(text, [date(2024, 10, 1)]) == (2568, None)


@given(st.text(alphabet="กขงตนมยรลวสอะาิีุู่้ำเแโ ๐๑๒๕๖0125.:|\nองค์การบริหารส่วนตำบลเทศบาลอำเภอจังหวัดอบต.ปีงบประมาณพ.ศ.วิเคราะห์",
               max_size=200))
def test_document_functions_never_raise_on_arbitrary_text(text):
    assert detect_doc_type(text) in {"measures", "measures_report", "analysis", "unknown"}
    agency = find_agency(text)
    assert (agency.name is None) == (agency.agency_type is None)
    fiscal, ita = find_years(text)
    assert ita is None or fiscal is None or ita < fiscal


def test_report_period_from_the_title():
    from extractors.documents import report_period

    title = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\nประจำปีงบประมาณ พ.ศ.๒๕๖๘"
    assert report_period(title + " (รอบ ๖ เดือน)\nเทศบาล") == "6 months"
    assert report_period(title + "\nเทศบาล\nตามที่ได้ดำเนินการ\nขั้นตอน: รายงานผลรอบ 6 เดือน") == "annual"
    assert report_period("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน") is None


def test_a_year_no_ita_document_can_have_is_a_misreading_and_is_not_kept():
    """OCR reads ๒๕๖๘ as ๒๕๒๑: no plan is for fiscal 2521 (the first ITA round was 2556), so the title's
    year is unknown and the fiscal year comes from the other evidence (the rows' periods here)."""
    text = ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๒๑\n"
            "จากผลการวิเคราะห์การประเมิน ITA ประจำปี พ.ศ. ๒๕๒๕")
    assert find_years(text) == (None, None)
    assert find_years(text, [date(2024, 11, 1), date(2025, 2, 1)]) == (2568, None)
    assert plausible_year(2567) and not plausible_year(2521)
