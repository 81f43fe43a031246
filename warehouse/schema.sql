-- The warehouse: public tables and columns are a contract with users' SQL. Add, never rename.
-- Every statement is idempotent so that opening an existing warehouse upgrades it in place.

CREATE TABLE IF NOT EXISTS agencies (
    agency_id    VARCHAR PRIMARY KEY,   -- stable slug of type + name + province
    name         VARCHAR,               -- full official name, abbreviations expanded
    agency_type  VARCHAR,               -- องค์การบริหารส่วนตำบล | เทศบาลตำบล | เทศบาลเมือง | เทศบาลนคร | องค์การบริหารส่วนจังหวัด | กรุงเทพมหานคร | เมืองพัทยา | other
    district     VARCHAR,               -- อำเภอ, without the word
    province     VARCHAR,               -- จังหวัด, without the word
    name_variants VARCHAR[]             -- other spellings documents printed (OCR, typos)
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR PRIMARY KEY,  -- sha256 of the file's bytes
    path              VARCHAR,              -- as given on the command line
    file_name         VARCHAR,
    doc_type          VARCHAR,              -- measures | measures_report | analysis | unknown
    agency_id         VARCHAR,
    fiscal_year_be    INTEGER,              -- the fiscal year the plan or report covers
    ita_year_be       INTEGER,              -- the ITA assessment whose results were analysed
    n_pages           INTEGER,
    text_source       VARCHAR,              -- pdf | ocr | mixed | text
    status            VARCHAR,              -- ok | partial | failed
    error             VARCHAR,              -- one line: what went wrong and what to do
    extractor_version VARCHAR,
    ingested_at       TIMESTAMP,
    warnings          VARCHAR[],            -- consistency checks and repairs worth a look
    report_period     VARCHAR,              -- implementation reports: '6 months' (รอบ ๖ เดือน) | 'annual'
    seconds           DOUBLE                -- extraction time
);

CREATE TABLE IF NOT EXISTS measures (
    measure_id   VARCHAR PRIMARY KEY,       -- doc_id + ':' + row_no
    doc_id       VARCHAR,
    row_no       INTEGER,                   -- 1-based order of the logical row in the document
    section      VARCHAR,                   -- IIT | EIT | OIT when the row sits under such a heading
    issue_no     INTEGER,                   -- 1..7: the NACC issue (ประเด็น) the row names
    issue_title  VARCHAR,
    measure      VARCHAR,                   -- มาตรการ / แนวทาง
    finding      VARCHAR,                   -- ข้อค้นพบ
    steps        VARCHAR[],                 -- ขั้นตอน / วิธีการปฏิบัติ, one item each, numbering removed
    period_text  VARCHAR,                   -- ระยะเวลาดำเนินการ as printed
    period_start DATE,
    period_end   DATE,
    responsible  VARCHAR[],                 -- หน่วยงานผู้รับผิดชอบ, one unit each
    result       VARCHAR,                   -- สรุปผลการดำเนินการ (reports)
    outcome      VARCHAR,                   -- ผลลัพธ์ / ความสำเร็จ, ปัญหา/อุปสรรค (reports)
    responsible_units VARCHAR[],            -- responsible, canonical unit names (สำนักปลัดเทศบาล -> สำนักปลัด)
    page_first   INTEGER,
    page_last    INTEGER,
    table_no     INTEGER,                   -- which table of the document the row came from
    extra        MAP(VARCHAR, VARCHAR)      -- columns with no known role, by header label
);

CREATE TABLE IF NOT EXISTS measure_questions (
    measure_id      VARCHAR,
    doc_id          VARCHAR,
    position        INTEGER,                -- order of the question within its row
    code_raw        VARCHAR,                -- exactly as printed: '๐24', 'E 12', '14'
    code            VARCHAR,                -- normalised printed code: 'o24', 'e12'; NULL for a bare number
    question_text   VARCHAR,                -- wording as printed, code stripped
    catalog_code    VARCHAR,                -- the catalog item the citation resolves to
    catalog_year_be INTEGER,
    match_score     DOUBLE,                 -- 0..100
    code_conflict   BOOLEAN,                -- printed code and wording/finding point to different items
    match_method    VARCHAR                 -- how the resolution was decided
);

CREATE TABLE IF NOT EXISTS scores (
    doc_id       VARCHAR,
    ita_year_be  INTEGER,
    scope        VARCHAR,                   -- overall | IIT | EIT | OIT | indicator
    indicator_no INTEGER,                   -- 1..10 when scope = 'indicator'
    score        DOUBLE,
    grade        VARCHAR
);

CREATE TABLE IF NOT EXISTS weak_questions (
    doc_id         VARCHAR,
    code           VARCHAR,
    question_text  VARCHAR,
    catalog_code   VARCHAR,
    recommendation VARCHAR
);

CREATE TABLE IF NOT EXISTS question_scores (
    doc_id        VARCHAR,
    ita_year_be   INTEGER,
    code          VARCHAR,                  -- the item, normalised: 'i7', 'e12', 'o30'
    question_text VARCHAR,
    score         DOUBLE,                   -- an item printed with two values has two rows (and a warning)
    catalog_code  VARCHAR
);

CREATE TABLE IF NOT EXISTS text_quality (
    doc_id  VARCHAR,
    page    INTEGER,
    flags   VARCHAR[],                      -- damage seen on the page: pua, no_sara_am, spaced_aa, ...
    trusted BOOLEAN
);

-- Upgrades of warehouses created by earlier versions: columns added since (never renamed).
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS name_variants VARCHAR[];
ALTER TABLE measures ADD COLUMN IF NOT EXISTS responsible_units VARCHAR[];
ALTER TABLE documents ADD COLUMN IF NOT EXISTS report_period VARCHAR;
