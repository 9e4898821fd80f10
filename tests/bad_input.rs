//! The bad-input corpus: every malformed input gets exit status 2, a message naming the file (and
//! its line and column, or row and column, where there is one) and what is allowed, no panic, a
//! short message even for a 20 MB input, and nothing written. One table, one loop.
//!
//! - Profiles: the files in `tests/bad-inputs/profiles/`, each with `# expect:` (phrases of the
//!   message, one per line) and `# at:` (`:line:col`) headers, plus those that cannot carry
//!   headers and the huge ones, generated at test time and never committed: 20 MB files and
//!   values, 100 000 tailoring entries, 20 000 own clauses. A huge profile is only bad input when
//!   it is also malformed; the line numbers of its errors must still be right.
//! - Libraries: edits of a copy of `requirements/`.
//! - Responses (CSV and XLSX): made from the matrix the binary issues for an example profile and
//!   passed to `assess … -o FILE`, which must not exist afterwards. Only what stops a response
//!   being read belongs here; a response that reads but is wrong (another tender's ids, a failed
//!   MUST, a missing row) is a finding, exit 1, and is tested in `assess.rs`. The huge ones: a
//!   100 000-row CSV broken near its end, a 20 000-row workbook.
//! - Templates: `generate --templates DIR`. An empty templates directory is fine, not bad input.
//!
//! Tailoring entries never refer to one another, so nothing in a profile can form a cycle; the
//! tailoring cases are the contradictions: a clause excluded twice, excluded and included, changed
//! twice or changed while excluded, and the profile's own clause ids colliding with the library's,
//! with each other, or tailored as if they were library clauses.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Profile,
    Library,
    ResponseCsv,
    ResponseXlsx,
    Templates,
    Usage,
}

const KINDS: [Kind; 6] = [
    Kind::Profile,
    Kind::Library,
    Kind::ResponseCsv,
    Kind::ResponseXlsx,
    Kind::Templates,
    Kind::Usage,
];

/// How a case's input is made. Everything made is written into the case's own scratch directory.
enum Input {
    /// A path from the repository root, passed as it is: a committed file, or one that is missing.
    Path(String),
    /// `profile.toml`, written at test time.
    Generated(fn() -> Vec<u8>),
    /// A copy of the shipped library, changed.
    LibraryCopy(fn(&Path)),
    /// A response file with this name, made from the matrix as issued.
    Response(&'static str, fn(&Issued) -> Vec<u8>),
    /// An empty directory with this name, where a file is expected.
    Directory(&'static str),
    /// A templates directory.
    TemplatesDir(fn(&Path)),
}

struct Case {
    name: String,
    kind: Kind,
    input: Input,
    /// The command, with `{in}` for the input's path and `{out}` for an output path in scratch.
    command: &'static [&'static str],
    /// Phrases the message must contain; `{in}` stands for the input's path.
    expect: Vec<String>,
}

const GENERATE: &[&str] = &["generate", "{in}", "-o", "{out}"];
const GENERATE_WITH_LIBRARY: &[&str] = &[
    "generate",
    "examples/air-quality-sensors.toml",
    "--library",
    "{in}",
    "-o",
    "{out}",
];
const CHECK_LIBRARY: &[&str] = &["check", "--library", "{in}"];
const GENERATE_WITH_TEMPLATES: &[&str] = &[
    "generate",
    "examples/air-quality-sensors.toml",
    "--templates",
    "{in}",
    "-o",
    "{out}",
];
/// The profile the responses answer; its matrix is what `Issued` holds.
const ASSESSED_PROFILE: &str = "examples/city-centre-cctv.toml";
const ASSESS: &[&str] = &["assess", ASSESSED_PROFILE, "{in}", "-o", "{out}/report.md"];

/// A small valid profile, seven lines, for the generated ones to extend.
const BASE_PROFILE: &str =
    "[tender]\ntitle = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"\n\n[scope]\ntechnologies = [\"cctv\"]\n";

/// 20 MB: the size of the huge values (the huge files are 200 000 lines of 101 bytes).
const HUGE: usize = 20_000_000;

/// A custom clause for generated profiles, seven lines, its id on the second.
fn own_clause(id: &str) -> String {
    format!(
        "[[clause]]\nid = \"{id}\"\nsection = \"design\"\ntitle = \"T\"\ntext = \"The Supplier MUST do it.\"\nobligation = \"must\"\nevidence = [\"E\"]\n"
    )
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Kind::*;
    let mut cases = corpus_profiles();
    cases.extend([
        // ---- Profiles the corpus cannot carry: no room for headers, or too big to commit.
        committed("empty profile", "tests/bad-inputs/profiles/35-empty.toml",
            &["{in}", "the profile is empty", "tenderguard init"]),
        committed("profile not UTF-8", "tests/bad-inputs/profiles/36-not-utf8.toml",
            &["{in}:2:13", "not valid UTF-8 (byte 0xe9)", "save the file as UTF-8"]),
        committed("profile saved as UTF-16", "tests/bad-inputs/profiles/69-utf16.toml",
            &["{in}:1:1", "not valid UTF-8 (byte 0xff)", "save the file as UTF-8"]),
        given("missing profile", Profile, "no-such-profile.toml", GENERATE,
            &["{in}", "cannot read the profile: no such file", "tenderguard init"]),
        given("directory as profile", Profile, "examples", GENERATE,
            &["{in}", "expected a profile file but this is a directory", "pass the profile's .toml file"]),
        profile("20 MB of comment, then a syntax error on the last line",
            || format!("{BASE_PROFILE}{}[impact\n", giant_comment()).into_bytes(),
            &["{in}:200008:8", "unclosed table, expected `]`"]),
        profile("20 MB clause id, where 24 characters are allowed",
            || format!("{BASE_PROFILE}{}", own_clause(&"A".repeat(HUGE))).into_bytes(),
            &["{in}:9:6", "is not a usable clause id", "at most 24 characters"]),
        profile("20 MB word where a hosting model belongs",
            || BASE_PROFILE.replace("[scope]\n", &format!("[scope]\nhosting = \"{}\"\n", "c".repeat(HUGE))).into_bytes(),
            &["{in}:7:11", "unknown variant", "expected one of `on-premises`, `cloud`, `hybrid`"]),
        profile("20 MB string where a yes/no answer belongs",
            || format!("{BASE_PROFILE}[impact]\nsafety = \"{}\"\n", "y".repeat(HUGE)).into_bytes(),
            &["{in}:9:10", "expected a boolean"]),
        profile("20 000 own clauses, the last reusing an id",
            || {
                let clauses: String = (0..20_000).map(|i| own_clause(&format!("X-{i}"))).collect();
                format!("{BASE_PROFILE}{clauses}{}", own_clause("X-5")).into_bytes()
            },
            &["{in}:140009:6", "clause id `X-5` is used twice", "first used at {in}:44:6"]),
        profile("100 000 exclusions of one clause",
            || {
                let entry = "  { id = \"DES-001\", reason = \"Not needed\" },\n";
                format!("{BASE_PROFILE}[tailoring]\nexclude = [\n{}]\n", entry.repeat(100_000)).into_bytes()
            },
            &["{in}:11:10", "contradicts or repeats", "the exclude is at {in}:10:10",
              "99949 more not shown", "99999 problems found"]),

        // ---- Libraries: a copy of requirements/, changed.
        library("library syntax error", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "technologies.toml", "\n[[technology]\nid = \"x\"\n"),
            &["{in}/technologies.toml:", "unclosed array table, expected `]`"]),
        library("duplicate clause id", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("id = \"DES-003\"", "id = \"DES-001\"", 1)),
            &["{in}/clauses/design.toml:", "duplicate clause id `DES-001`", "first used at", "never reused"]),
        library("obligation weakens as risk rises", CHECK_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-900", OBLIGATION_WEAKENS, ALL, "ncsc-cp-6", "ncsc-cp", "{{restore_hours}}")),
            &["{in}/clauses/design.toml:", "weaker at medium risk than at low risk", "absent < should < must"]),
        library("unknown trait", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-901", HIGH_MUST, "{ traits = [\"camra\"] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "unknown trait `camra`", "did you mean `camera`"]),
        library("unknown technology", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-902", HIGH_MUST, "{ technologies = [\"cctvv\"] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "unknown technology `cctvv`", "did you mean `cctv`"]),
        library("unknown guidance item", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-903", HIGH_MUST, ALL, "ncsc-cp-99", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "unknown guidance item `ncsc-cp-99`"]),
        library("unknown source", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-904", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cpp", "")),
            &["{in}/clauses/design.toml:", "unknown source document `ncsc-cpp`", "did you mean `ncsc-cp`"]),
        library("undeclared parameter", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-905", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cp", "{{restore_hour}}")),
            &["{in}/clauses/design.toml:", "parameter `restore_hour` is used but not declared", "did you mean `restore_hours`"]),
        library("id breaks the scheme", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DESIGN-1", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "breaks the id scheme", "exactly three digits (`DES-004`)"]),
        library("undeclared id prefix", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("XYZ-001", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "`XYZ` is not a declared prefix", "library.toml allows"]),
        library("two applies_to forms", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-906", HIGH_MUST, "{ all = true, traits = [\"device\"] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "exactly one form", "{ all = true }"]),
        library("applies_to names an empty list", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-907", HIGH_MUST, "{ traits = [] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "`applies_to` names an empty list", "or write `{ all = true }`"]),
        library("clause cites no guidance", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-908", HIGH_MUST, ALL, "", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "cites no guidance item", "name the guidance.toml items"]),
        library("obligation not a word", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-910", "{ high = true }", ALL, "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "expected `should` or `must`, written as a quoted string"]),
        library("unknown clause key", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("[[clause]]\n", "[[clause]]\ncategory = \"x\"\n", 1)),
            &["{in}/clauses/design.toml:", "unknown field `category`", "expected one of `id`"]),
        library("clause missing its fields", GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", "\n[[clause]]\nid = \"DES-909\"\nversion = 1\n"),
            &["{in}/clauses/design.toml:", "missing field `title`"]),
        library("version written as text", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("version = 2\n", "version = \"2\"\n", 1)),
            &["{in}/clauses/design.toml:", "expected a whole number (0 or more)"]),
        library("version 0", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("version = 2\n", "version = 0\n", 1)),
            &["{in}/clauses/design.toml:", "has version 0; versions start at 1"]),
        library("unknown verification stage", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("due = \"go-live\"", "due = \"golive\"", 1)),
            &["{in}/clauses/design.toml:", "unknown variant `golive`", "did you mean `go-live`"]),
        library("award criterion without word_limit", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/award.toml", |s| s.replacen("word_limit = 750\n", "", 1)),
            &["{in}/clauses/award.toml:", "needs `strong_answer` and `word_limit`"]),
        library("contract technology renamed", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "technologies.toml", |s| s.replace("id = \"parking\"", "id = \"car-parking\"")),
            &["{in}/technologies.toml:", "`parking` is part of the product contract"]),
        library("duplicate technology", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "technologies.toml", |s| s.replacen("id = \"anpr\"", "id = \"cctv\"", 1)),
            &["{in}/technologies.toml:", "duplicate technology `cctv`", "first defined at {in}/technologies.toml:"]),
        library("unknown default risk", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "technologies.toml", |s| s.replacen("default_risk = \"medium\"", "default_risk = \"severe\"", 1)),
            &["{in}/technologies.toml:", "unknown variant `severe`", "expected one of `low`, `medium`, `high`"]),
        library("parameter default of the wrong type", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "parameters.toml", |s| s.replacen("default = 14", "default = \"fourteen\"", 1)),
            &["{in}/parameters.toml:", "declared as an integer"]),
        library("parameter default out of its range", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "parameters.toml", |s| s.replacen("default = 14\n", "default = 400\n", 1)),
            &["{in}/parameters.toml:", "has a default 400 outside its range 1–90"]),
        library("duplicate parameter", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "parameters.toml", |s| s.replacen("name = \"other_patch_days\"", "name = \"critical_patch_days\"", 1)),
            &["{in}/parameters.toml:", "duplicate parameter `critical_patch_days`", "first defined at"]),
        library("source without https", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "sources.toml", |s| s.replacen("url = \"https://", "url = \"http://", 1)),
            &["{in}/sources.toml:", "needs an https:// canonical URL"]),
        library("guidance item from an unknown source", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "guidance.toml", |s| s.replacen("source = \"ncsc-cp\"", "source = \"ncsc-xx\"", 1)),
            &["{in}/guidance.toml:", "unknown source `ncsc-xx`"]),
        library("contract guidance item removed", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "guidance.toml", |s| s.replacen("id = \"ncsc-cp-14\"", "id = \"ncsc-cp-15\"", 1)),
            &["{in}/guidance.toml:", "`ncsc-cp-14` is part of the product contract"]),
        library("library version not MAJOR.MINOR.PATCH", GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "library.toml", |s| s.replacen("version = \"0.2.0\"", "version = \"one\"", 1)),
            &["{in}/library.toml:", "MAJOR.MINOR.PATCH"]),
        library("empty library.toml", CHECK_LIBRARY,
            |lib| write(lib, "library.toml", b""),
            &["{in}/library.toml:1:1", "missing field `name`"]),
        library("index file missing", CHECK_LIBRARY,
            |lib| std::fs::remove_file(lib.join("guidance.toml")).unwrap(),
            &["{in}/guidance.toml", "the library has no `guidance.toml`", "a library directory holds"]),
        library("no clause files", GENERATE_WITH_LIBRARY,
            |lib| std::fs::remove_dir_all(lib.join("clauses")).unwrap(),
            &["{in}/clauses", "the library has no clause files", "clauses/*.toml"]),
        library("library file not UTF-8", CHECK_LIBRARY,
            |lib| write(lib, "clauses/zz.toml", b"# caf\xe9\n"),
            &["{in}/clauses/zz.toml:1:6", "not valid UTF-8", "save the file as UTF-8"]),
        library("directory named library.toml", GENERATE_WITH_LIBRARY,
            |lib| {
                std::fs::remove_file(lib.join("library.toml")).unwrap();
                std::fs::create_dir(lib.join("library.toml")).unwrap();
            },
            &["{in}/library.toml", "expected a TOML file but this is a directory"]),
        library("directory named like a clause file", CHECK_LIBRARY,
            |lib| std::fs::create_dir(lib.join("clauses/extra.toml")).unwrap(),
            &["{in}/clauses/extra.toml", "expected a TOML file but this is a directory"]),
        library("20 MB clause file with a syntax error on the last line", GENERATE_WITH_LIBRARY,
            |lib| write(lib, "clauses/zz.toml", format!("{}[[clause]\n", giant_comment()).as_bytes()),
            &["{in}/clauses/zz.toml:200001:10", "unclosed array table, expected `]`"]),
        given("missing library directory", Library, "no-such-library", GENERATE_WITH_LIBRARY,
            &["{in}", "the library directory does not exist", "laid out like `requirements/`"]),
        given("file given as the library", Library, "README.md", GENERATE_WITH_LIBRARY,
            &["{in}", "the library path is not a directory"]),

        // ---- Responses as CSV, made from the matrix as issued.
        csv("empty CSV", "response.csv", |_| Vec::new(),
            &["{in}", "the response is empty", "starts with the header row: Requirement ID, Version"]),
        csv("CSV of only a byte-order mark and blank lines", "response.csv", |_| b"\xEF\xBB\xBF\r\n\r\n".to_vec(),
            &["{in}", "the response is empty"]),
        csv("CSV of empty cells", "response.csv", |_| b",,,\n,,,\n".to_vec(),
            &["{in}", "the response has no header row", "starts with the header row: Requirement ID"]),
        csv("CSV header with none of the columns", "response.csv", |_| b"Foo,Bar,Baz\n1,2,3\n".to_vec(),
            &["{in}:1", "none of its cells is a column title", "it reads: `Foo`, `Bar`, `Baz`", "Requirement ID, Version, Pack ref"]),
        csv("CSV header of only the ID column", "response.csv", |_| b"Requirement ID\nDES-001\n".to_vec(),
            &["{in}:1", "the header has no `Version`, `Pack ref`", "`Justification` columns"]),
        csv("CSV without the ID column", "response.csv",
            |m| csv_bytes(&m.with(|rows| rows.iter_mut().for_each(|r| { r.remove(0); }))),
            &["{in}:1", "the header has no `Requirement ID` column", "the column titles as issued"]),
        csv("CSV with a misspelt column", "response.csv",
            |m| csv_bytes(&m.with(|rows| rows[0][8] = "Complaince".into())),
            &["{in}:1", "no `Compliance` column", "`Complaince` looks like `Compliance`"]),
        csv("CSV with a column twice", "response.csv",
            |m| csv_bytes(&m.with(|rows| rows[0][12] = "Compliance".into())),
            &["{in}:1", "column `Compliance`: appears twice in the header (columns 9 and 13)"]),
        csv("CSV saved as Windows-1252", "response.csv",
            |m| latin1(csv_bytes(&m.with(|rows| rows[4][9] = "Caf\u{1}".into()))),
            &["{in}:5", "column `Supplier response`", "not valid UTF-8 (byte 0xE9 after 3 characters)", "CSV UTF-8"]),
        csv("CSV saved as UTF-16 'Unicode text'", "response.txt",
            |m| {
                let text = String::from_utf8(csv_bytes(&m.rows)).unwrap().replace(',', "\t");
                [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
            },
            &["{in}:1", "not valid UTF-8 (byte 0xFF", "CSV UTF-8"]),
        csv("CSV with a quote never closed", "response.csv",
            |m| [csv_bytes(&m.rows[..2]), b"DES-001,1,4.2.1,\"Design\n".to_vec()].concat(),
            &["{in}:3", "column `Section`", "a quoted cell opens on text line", "is never closed", "write any `\"` inside it twice"]),
        csv("zip archive named .csv", "response.csv", |m| m.xlsx.clone(),
            &["{in}", "this is a zip archive (an XLSX workbook?), not CSV text", "name it .xlsx"]),
        csv("PDF named .csv", "response.csv", |_| PDF.to_vec(),
            &["{in}", "this is a PDF document, not a response matrix", "response-matrix.xlsx or response-matrix.csv"]),
        csv("PDF given as the response", "response.pdf", |_| PDF.to_vec(),
            &["{in}", "this is a PDF document, not a response matrix"]),
        given("missing response", ResponseCsv, "no-such-response.csv", ASSESS,
            &["{in}", "cannot read the response: no such file"]),
        case("directory given as the response", ResponseCsv, Input::Directory("response.csv"), ASSESS,
            &["{in}", "expected a response matrix file but this is a directory"]),
        csv("100 000-row CSV, not UTF-8 near the end", "response.csv",
            |m| {
                let mut bytes = huge_csv(m);
                let cell = supplier_response_of(&bytes, "ZZZ-99990");
                bytes[cell + 1] = 0xE9;
                bytes
            },
            &["{in}:99992", "column `Supplier response`", "not valid UTF-8 (byte 0xE9 after 1 characters)"]),
        csv("100 000-row CSV, a quote never closed near the end", "response.csv",
            |m| {
                let mut bytes = huge_csv(m);
                let cell = supplier_response_of(&bytes, "ZZZ-99990");
                bytes.insert(cell, b'"');
                bytes
            },
            &["{in}:99992", "column `Supplier response`", "opens on text line 99992 and is never closed"]),

        // ---- Responses as XLSX.
        xlsx("CSV text named .xlsx", |m| csv_bytes(&m.rows),
            &["{in}", "not an XLSX workbook: the file is not a zip archive", "if it is CSV, name it .csv"]),
        xlsx("Excel 97-2003 file named .xlsx", |_| [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0].to_vec(),
            &["{in}", "not a zip archive", "Excel 97-2003 .xls file: save it as .xlsx"]),
        xlsx("zip of junk", |_| [b"PK\x03\x04".as_slice(), &[0x5A; 500]].concat(),
            &["{in}", "cannot read the workbook", "save it again as .xlsx"]),
        xlsx("truncated workbook", |m| m.xlsx[..m.xlsx.len() / 2].to_vec(),
            &["{in}", "cannot read the workbook", "save it again as .xlsx"]),
        xlsx("Word document named .xlsx",
            |_| zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
            &["{in}", "cannot read the workbook", "save it again as .xlsx"]),
        xlsx("workbook without the Matrix sheet",
            |_| xlsx_bytes(&[("Instructions", vec![vec!["Filled in by the supplier".into()]])]),
            &["{in}", "the workbook has no `Matrix` sheet", "its sheets: Instructions", "with its Matrix sheet"]),
        xlsx("empty Matrix sheet", |_| xlsx_bytes(&[("Matrix", Vec::new())]),
            &["{in}", "sheet `Matrix` is empty", "starts with the header row"]),
        xlsx("Matrix sheet with a title above the header",
            |m| xlsx_bytes(&[("Matrix", m.with(|rows| rows.insert(0, vec!["Response matrix".into()])))]),
            &["{in}:1", "none of its cells is a column title", "it reads: `Response matrix`"]),
        xlsx("Matrix sheet with a column twice",
            |m| xlsx_bytes(&[("Matrix", m.with(|rows| rows[0][12] = "Compliance".into()))]),
            &["{in}:1", "appears twice in the header (columns I and M)"]),
        xlsx("Matrix sheet with a misspelt column",
            |m| xlsx_bytes(&[("Matrix", m.with(|rows| rows[0][9] = "Supplier reponse".into()))]),
            &["{in}:1", "no `Supplier response` column", "`Supplier reponse` looks like `Supplier response`"]),
        xlsx("Matrix sheet XML cut short",
            |m| rezip(&m.xlsx, "xl/worksheets/sheet2.xml", |xml| xml[..xml.len() / 2].to_vec()),
            &["{in}", "cannot read sheet `Matrix`", "save it again as .xlsx"]),
        xlsx("Matrix sheet missing from the package",
            |m| rezip(&m.xlsx, "xl/worksheets/sheet2.xml", |_| Vec::new()),
            &["{in}", "cannot read sheet `Matrix`"]),
        case("directory given as the response workbook", ResponseXlsx, Input::Directory("response.xlsx"), ASSESS,
            &["{in}", "expected a response matrix file but this is a directory"]),
        xlsx("20 000-row workbook with a misspelt column",
            |m| {
                let mut rows = m.with(|rows| rows[0][8] = "Complaince".into());
                let answered = rows[1].clone();
                rows.extend((0..20_000).map(|i| [vec![format!("ZZZ-{i}")], answered[1..].to_vec()].concat()));
                xlsx_bytes(&[("Matrix", rows)])
            },
            &["{in}:1", "no `Compliance` column", "`Complaince` looks like `Compliance`"]),

        // ---- Templates: --templates DIR.
        templates("template syntax error", |dir| write(dir, "how-to-read.hbs", b"Hello {{#if tender.title}} unclosed\n"),
            &["{in}/how-to-read.hbs:", "template syntax error", "Handlebars syntax"]),
        templates("field that does not exist", |dir| write(dir, "context.hbs", b"Buyer: {{tender.nosuchfield}}\n"),
            &["{in}/context.hbs:1:", "template `context` failed", "templates may use: tender.*"]),
        templates("unknown helper", |dir| write(dir, "context.hbs", b"x {{frobnicate tender.title}} y\n"),
            &["{in}/context.hbs:1:3", "Helper not found frobnicate", "built-in helpers: if, unless, each"]),
        templates("unknown partial", |dir| write(dir, "context.hbs", b"{{> header}}\n"),
            &["{in}/context.hbs:1:1", "Partial not found header"]),
        templates("unknown template name", |dir| write(dir, "how-to-raed.hbs", b"x"),
            &["{in}/how-to-raed.hbs", "not a template tenderguard uses", "did you mean `how-to-read.hbs`"]),
        templates("template not UTF-8", |dir| write(dir, "context.hbs", b"caf\xe9 {{tender.title}}\n"),
            &["{in}/context.hbs:1:4", "not valid UTF-8 (byte 0xe9)", "save the file as UTF-8"]),
        templates("directory named like a template", |dir| std::fs::create_dir(dir.join("context.hbs")).unwrap(),
            &["{in}/context.hbs", "expected a template file but this is a directory"]),
        templates("a million lines, then a syntax error",
            |dir| write(dir, "context.hbs", format!("{}{{{{#if x}}\n", "ok\n".repeat(1_000_000)).as_bytes()),
            &["{in}/context.hbs:1000001:", "template syntax error"]),
        given("missing templates directory", Templates, "no-such-templates", GENERATE_WITH_TEMPLATES,
            &["{in}", "cannot read the templates directory: no such file", "a directory of .hbs files"]),
        given("file given as the templates directory", Templates, "README.md", GENERATE_WITH_TEMPLATES,
            &["{in}", "it is a file, not a directory"]),

        // ---- Usage.
        given("unknown --format", Usage, "examples/air-quality-sensors.toml",
            &["generate", "{in}", "--format", "md,pfd", "-o", "{out}"],
            &["invalid value 'pfd' for '--format <LIST>'", "[possible values: docx, pdf, md, html, csv, xlsx, json]"]),
        given("empty --format", Usage, "examples/air-quality-sensors.toml",
            &["generate", "{in}", "--format", ",", "-o", "{out}"],
            &["a value is required for '--format <LIST>'", "[possible values: docx, pdf, md, html, csv, xlsx, json]"]),
        case("assess report written over its response", Usage, Input::Response("response.csv", |m| csv_bytes(&m.rows)),
            &["assess", ASSESSED_PROFILE, "{in}", "--format", "md", "-o", "{in}"],
            &["{in}", "the report would overwrite an input file", "choose another -o path"]),
        case("assess report format unknown", Usage, Input::Response("response.csv", |m| csv_bytes(&m.rows)),
            &["assess", ASSESSED_PROFILE, "{in}", "--format", "pdf", "-o", "{out}/report.pdf"],
            &["invalid value 'pdf' for '--format <FORMAT>'", "[possible values: text, json, md, docx]"]),
    ]);
    cases
}

fn case(
    name: &str,
    kind: Kind,
    input: Input,
    command: &'static [&'static str],
    expect: &[&str],
) -> Case {
    Case {
        name: name.to_string(),
        kind,
        input,
        command,
        expect: expect.iter().map(|s| s.to_string()).collect(),
    }
}

fn committed(name: &str, path: &str, expect: &[&str]) -> Case {
    case(
        name,
        Kind::Profile,
        Input::Path(path.to_string()),
        GENERATE,
        expect,
    )
}

fn given(
    name: &str,
    kind: Kind,
    path: &'static str,
    command: &'static [&'static str],
    expect: &[&str],
) -> Case {
    case(name, kind, Input::Path(path.to_string()), command, expect)
}

fn profile(name: &str, make: fn() -> Vec<u8>, expect: &[&str]) -> Case {
    case(
        name,
        Kind::Profile,
        Input::Generated(make),
        GENERATE,
        expect,
    )
}

fn library(
    name: &str,
    command: &'static [&'static str],
    change: fn(&Path),
    expect: &[&str],
) -> Case {
    case(
        name,
        Kind::Library,
        Input::LibraryCopy(change),
        command,
        expect,
    )
}

fn csv(name: &str, file: &'static str, make: fn(&Issued) -> Vec<u8>, expect: &[&str]) -> Case {
    case(
        name,
        Kind::ResponseCsv,
        Input::Response(file, make),
        ASSESS,
        expect,
    )
}

fn xlsx(name: &str, make: fn(&Issued) -> Vec<u8>, expect: &[&str]) -> Case {
    case(
        name,
        Kind::ResponseXlsx,
        Input::Response("response.xlsx", make),
        ASSESS,
        expect,
    )
}

fn templates(name: &str, make: fn(&Path), expect: &[&str]) -> Case {
    case(
        name,
        Kind::Templates,
        Input::TemplatesDir(make),
        GENERATE_WITH_TEMPLATES,
        expect,
    )
}

/// The committed profile corpus: a case per file with `# expect:` headers.
fn corpus_profiles() -> Vec<Case> {
    let dir = root().join("tests/bad-inputs/profiles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        let header = |key: &str| -> Vec<String> {
            text.lines()
                .filter_map(|l| l.strip_prefix(key))
                .map(|s| s.trim().to_string())
                .collect()
        };
        let mut expect = header("# expect:");
        if expect.is_empty() {
            continue; // a file that cannot carry headers; the table names it
        }
        expect.push("{in}".into());
        expect.extend(header("# at:").into_iter().map(|at| format!("{{in}}{at}")));
        cases.push(Case {
            input: Input::Path(format!("tests/bad-inputs/profiles/{name}")),
            name,
            kind: Kind::Profile,
            command: GENERATE,
            expect,
        });
    }
    cases
}

fn write(dir: &Path, file: &str, bytes: &[u8]) {
    std::fs::write(dir.join(file), bytes).unwrap();
}

/// Changes one library file; the change must change something.
fn edit(lib: &Path, file: &str, change: impl Fn(&str) -> String) {
    let path = lib.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(&text);
    assert_ne!(changed, text, "the edit of {file} changed nothing");
    std::fs::write(path, changed).unwrap();
}

fn append(lib: &Path, file: &str, text: &str) {
    edit(lib, file, |s| format!("{s}{text}"));
}

const HIGH_MUST: &str = "{ high = \"must\" }";
const OBLIGATION_WEAKENS: &str = "{ low = \"must\", medium = \"should\", high = \"must\" }";
const ALL: &str = "{ all = true }";

/// A library clause with the given fields; `guidance` is one item id, or empty for none.
fn test_clause(
    id: &str,
    obligation: &str,
    applies: &str,
    guidance: &str,
    source: &str,
    param: &str,
) -> String {
    let guidance = if guidance.is_empty() {
        String::new()
    } else {
        format!("\"{guidance}\"")
    };
    format!(
        "\n[[clause]]\nid = \"{id}\"\nversion = 1\ntitle = \"Test clause\"\nsection = \"design\"\nstage = \"specification\"\n\
text = \"The Supplier MUST restore service within {param} hours of a test failure.\"\nobligation = {obligation}\napplies_to = {applies}\n\
evidence = [\"A test report\"]\nverify = [\"go-live\"]\nrationale = \"Tests the checker.\"\nguidance = [{guidance}]\n\n\
[[clause.source]]\ndocument = \"{source}\"\nsection = \"Principle #9\"\nverified = false\n"
    )
}

/// 200 000 comment lines of 101 bytes: 20 MB with nothing in it.
fn giant_comment() -> String {
    format!("# {}\n", "x".repeat(98)).repeat(200_000)
}

/// The start of a PDF file.
const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

/// The response matrix as the binary issues it for `ASSESSED_PROFILE`.
struct Issued {
    /// Rows of cells, header first.
    rows: Vec<Vec<String>>,
    xlsx: Vec<u8>,
}

impl Issued {
    /// A copy of the rows, changed.
    fn with(&self, change: impl FnOnce(&mut Vec<Vec<String>>)) -> Vec<Vec<String>> {
        let mut rows = self.rows.clone();
        change(&mut rows);
        rows
    }
}

fn issued() -> &'static Issued {
    static ISSUED: OnceLock<Issued> = OnceLock::new();
    ISSUED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = run(&[
            "generate",
            ASSESSED_PROFILE,
            "-o",
            dir.path().to_str().unwrap(),
            "--format",
            "csv,xlsx",
        ]);
        assert!(o.status.success(), "generate failed: {}", stderr(&o));
        let csv = std::fs::read(dir.path().join("response-matrix.csv")).unwrap();
        let rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_slice())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let xlsx = std::fs::read(dir.path().join("response-matrix.xlsx")).unwrap();
        Issued { rows, xlsx }
    })
}

fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

/// The issued header and 100 000 answered rows for ids the pack does not have (`ZZZ-0` is row
/// 2), each with `Yes` as its Supplier response.
fn huge_csv(m: &Issued) -> Vec<u8> {
    let mut bytes = csv_bytes(&m.rows[..1]);
    for i in 0..100_000 {
        writeln!(
            bytes,
            "ZZZ-{i},1,9.9,Design,A requirement,MUST,Specification,A document,Full,Yes,Annex 1,,"
        )
        .unwrap();
    }
    bytes
}

/// Replaces the marker byte 0x01 with 0xE9, a Windows-1252 `é`, as Excel's plain "CSV" save does.
fn latin1(bytes: Vec<u8>) -> Vec<u8> {
    bytes
        .into_iter()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect()
}

/// Where the Supplier response (`Yes`) of one of `huge_csv`'s last rows starts.
fn supplier_response_of(bytes: &[u8], id: &str) -> usize {
    let tail = bytes.len() - 4096;
    let find = |from: usize, needle: &[u8]| {
        from + bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    let row = find(tail, format!("\n{id},").as_bytes());
    find(row, b",Yes,") + 1
}

/// A workbook with the given sheets, every cell text.
fn xlsx_bytes(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// The package with one entry changed; an empty result leaves the entry out.
fn rezip(package: &[u8], entry: &str, change: fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        let name = file.name().to_string();
        let bytes = if name == entry { change(bytes) } else { bytes };
        if !bytes.is_empty() {
            entries.push((name, bytes));
        }
    }
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_of(&borrowed)
}

/// Every file below `dir` with its bytes, to prove a run changed nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

/// A message may quote the input, but never a 20 MB input.
const MESSAGE_MAX: usize = 64 * 1024;

/// Makes the input, runs the command and checks the outcome; `Err` says what was wrong.
fn run_case(case: &Case) -> Result<(), String> {
    let scratch = tempfile::tempdir().unwrap();
    let input: String = match &case.input {
        Input::Path(path) => path.clone(),
        Input::Generated(make) => {
            let path = scratch.path().join("profile.toml");
            std::fs::write(&path, make()).unwrap();
            path.display().to_string()
        }
        Input::LibraryCopy(change) => {
            let lib = scratch.path().join("library");
            copy_dir(&root().join("requirements"), &lib);
            change(&lib);
            lib.display().to_string()
        }
        Input::Response(name, make) => {
            let path = scratch.path().join(name);
            std::fs::write(&path, make(issued())).unwrap();
            path.display().to_string()
        }
        Input::Directory(name) => {
            let path = scratch.path().join(name);
            std::fs::create_dir(&path).unwrap();
            path.display().to_string()
        }
        Input::TemplatesDir(make) => {
            let dir = scratch.path().join("templates");
            std::fs::create_dir(&dir).unwrap();
            make(&dir);
            dir.display().to_string()
        }
    };
    let out = scratch.path().join("out").display().to_string();
    let args: Vec<String> = case
        .command
        .iter()
        .map(|a| a.replace("{in}", &input).replace("{out}", &out))
        .collect();
    let before = snapshot(scratch.path());
    let o: Output = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let err = stderr(&o);
    let shown = || err.chars().take(3000).collect::<String>();
    if o.status.code() != Some(2) {
        return Err(format!(
            "exit {:?}, expected 2\n{}",
            o.status.code(),
            shown()
        ));
    }
    if err.contains("panicked") {
        return Err(format!("panicked\n{}", shown()));
    }
    if err.len() > MESSAGE_MAX {
        return Err(format!("a {} byte message\n{}", err.len(), shown()));
    }
    for phrase in &case.expect {
        let phrase = phrase.replace("{in}", &input);
        if !err.contains(&phrase) {
            return Err(format!("the message lacks {phrase:?}\n{}", shown()));
        }
    }
    let after = snapshot(scratch.path());
    if after != before {
        let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        return Err(format!(
            "files changed: {:?} became {:?}",
            names(&before),
            names(&after)
        ));
    }
    Ok(())
}

#[test]
fn every_bad_input_is_rejected_precisely() {
    let cases = cases();
    let count = |kind: Kind| cases.iter().filter(|c| c.kind == kind).count();
    for (kind, at_least) in KINDS.into_iter().zip([75, 35, 15, 12, 10, 4]) {
        assert!(
            count(kind) >= at_least,
            "{kind:?}: the corpus shrank to {}",
            count(kind)
        );
    }
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    let twice: Vec<&&str> = names
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| &w[0])
        .collect();
    assert!(twice.is_empty(), "case names used twice: {twice:?}");
    eprintln!(
        "{} bad inputs: {}",
        cases.len(),
        KINDS.map(|k| format!("{k:?} {}", count(k))).join(", ")
    );

    // Two at a time: the binary is single-threaded and the huge cases take a second or two.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                if let Err(why) = run_case(case) {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{:?} `{}`: {why}", case.kind, case.name));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} bad inputs were not rejected precisely:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
