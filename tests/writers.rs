//! The PDF as an accessible document (PDF/UA-1): tagged structure in reading order, artifacts
//! for page furniture and badges, language, title, XMP identification, and an independent
//! checker's verdict. Runs the real binary and reads its output with poppler, qpdf and the
//! `pdfua` checker that `scripts/install-test-deps` installs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use tempfile::TempDir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (scripts/install-test-deps): {e}"))
}

fn stdout(program: &str, args: &[&str]) -> String {
    let out = run(program, args);
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The city-centre example as PDF and Markdown, generated once.
fn pack() -> &'static Path {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let profile = root().join("examples/city-centre-cctv.toml");
        stdout(
            env!("CARGO_BIN_EXE_tenderguard"),
            &[
                "generate",
                profile.to_str().unwrap(),
                "--format",
                "pdf,md",
                "-o",
                dir.path().to_str().unwrap(),
            ],
        );
        dir
    })
    .path()
}

fn pdf() -> PathBuf {
    pack().join("security-requirements.pdf")
}

/// `pdfinfo -struct-text`: the structure tree with each element's text.
fn structure() -> String {
    stdout("pdfinfo", &["-struct-text", pdf().to_str().unwrap()])
}

/// The quoted texts of the elements of one type, in tree order, with whitespace removed
/// (poppler joins a heading's number and title without a space).
fn texts_of(structure: &str, role: &str) -> Vec<String> {
    let lines: Vec<&str> = structure.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].trim() == role || w[0].trim() == format!("{role} (block)"))
        .map(|w| {
            w[1].trim()
                .trim_matches('"')
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        })
        .collect()
}

#[test]
fn the_pdf_is_tagged_in_english_with_its_title_shown_and_claims_pdf_ua_1() {
    let info = stdout("pdfinfo", &[pdf().to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let meta = stdout("pdfinfo", &["-meta", pdf().to_str().unwrap()]);
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    assert!(meta.contains("<dc:title>"), "{meta}");
    let catalog = stdout(
        "qpdf",
        &[
            "--show-object=trailer",
            "--filtered-stream-data",
            pdf().to_str().unwrap(),
        ],
    );
    let root = catalog
        .split("/Root ")
        .nth(1)
        .and_then(|r| r.split(" R").next())
        .expect("trailer names the catalog")
        .replace(' ', ",");
    let catalog = stdout(
        "qpdf",
        &[&format!("--show-object={root}"), pdf().to_str().unwrap()],
    );
    for entry in [
        "/Lang (en-GB)",
        "/DisplayDocTitle true",
        "/Marked true",
        "/StructTreeRoot",
    ] {
        assert!(catalog.contains(entry), "catalog lacks {entry}: {catalog}");
    }
}

#[test]
fn an_independent_pdf_ua_checker_finds_nothing() {
    let out = run("pdfua", &["check", pdf().to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains("errors=0 warnings=0"),
        "pdfua check reports findings:\n{report}"
    );
}

#[test]
fn headings_are_tagged_in_reading_order_without_skipping_a_level() {
    let s = structure();
    let markdown = std::fs::read_to_string(pack().join("security-requirements.md")).unwrap();
    // Chapters and annexes, as the Markdown lists them (after the title, subtitle and contents).
    let expected: Vec<String> = markdown
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter(|h| *h != "Security requirements")
        .map(|h| h.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let h1 = texts_of(&s, "H1");
    // The cover title first, then Contents and every chapter and annex in order.
    assert_eq!(&h1[1..], &expected[..], "H1 headings out of order");
    // No heading level is skipped: every H3 has an H2 before it since the last H1, and so on.
    let mut deepest = 0;
    for line in s.lines().map(str::trim) {
        for level in 1..=6 {
            if line == format!("H{level} (block)") {
                assert!(
                    level <= deepest + 1,
                    "H{level} follows H{deepest} with a level skipped"
                );
                deepest = level;
            }
        }
    }
}

#[test]
fn tables_have_header_cells_with_scope_and_a_caption() {
    let s = structure();
    assert!(s.contains("Table (block)"), "no tables tagged");
    assert!(s.contains("/Scope /Column"), "no column header cells");
    assert!(
        s.contains("/Scope /Row"),
        "no row header cells (document control)"
    );
    let captions = texts_of(&s, "Caption");
    assert!(
        captions.iter().any(|c| c == "Supplierresponsematrix"),
        "{captions:?}"
    );
    // A header row repeated on a later page is an artifact: the response matrix heads its
    // columns once in the structure, however many pages it spans.
    // poppler prints a header cell as `TH:`, its attributes, then its text.
    let lines: Vec<&str> = s.lines().map(str::trim).collect();
    let heads = lines
        .windows(2)
        .filter(|w| w[0] == "/Scope /Column" && w[1] == "\"Compliance\"")
        .count();
    assert_eq!(
        heads, 1,
        "the response matrix's header row is tagged {heads} times"
    );
}

#[test]
fn page_furniture_and_badges_are_not_read_as_content() {
    let s = structure();
    let quoted: Vec<&str> = s
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"'))
        .collect();
    assert!(
        !quoted
            .iter()
            .any(|l| l.starts_with("\"Page ") && l.contains(" of ")),
        "a running footer is in the structure"
    );
    // A bare MUST or SHOULD is only ever a table cell (the obligation column), never the badge
    // beside a clause title.
    let lines: Vec<&str> = s.lines().map(str::trim).collect();
    for w in lines.windows(2) {
        if w[1] == "\"MUST\"" || w[1] == "\"SHOULD\"" {
            assert!(
                w[0].starts_with("TD"),
                "an obligation badge is in the structure, under {}",
                w[0]
            );
        }
    }
    // The obligation is still read once, in the line under the clause title.
    assert!(quoted.iter().any(|l| l.contains("Mandatory (MUST)")));
}
