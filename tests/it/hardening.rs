//! Hardening: the same inputs give the same bytes in separate processes; a writer that fails
//! part-way leaves the previous pack untouched; text from a profile is shown as written and never
//! evaluated (template, formula or markup) in any format, checked with real readers (xmllint,
//! LibreOffice, pdftotext, calamine); and the tender reference cannot steer output outside
//! `output/<slug>/`.

use std::path::{Path, PathBuf};

use crate::support::*;

/// Every format, in the order `generate` renders them.
const ALL_FORMATS: &str = "docx,pdf,md,html,csv,xlsx,json";

/// The files a full pack holds, with the buyer's record beside it.
const PACK_FILES: [&str; 9] = [
    "security-requirements.docx",
    "security-requirements.pdf",
    "security-requirements.md",
    "security-requirements.html",
    "response-matrix.csv",
    "response-matrix.xlsx",
    "selection.json",
    "pack-record.md",
    "pack-record.pdf",
];

#[test]
fn every_format_of_every_example_is_byte_identical_across_processes() {
    for profile in examples() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(&profile, a.path(), ALL_FORMATS);
        generate(&profile, b.path(), ALL_FORMATS);
        for f in PACK_FILES {
            let (x, y) = (
                std::fs::read(a.path().join(f)).unwrap(),
                std::fs::read(b.path().join(f)).unwrap(),
            );
            assert!(!x.is_empty(), "{} {f} is empty", stem(&profile));
            assert!(
                x == y,
                "{} {f} differs between two runs ({} vs {} bytes)",
                stem(&profile),
                x.len(),
                y.len()
            );
        }
    }
}

/// Writes a profile that builds (small example) with one custom clause whose text is `text`.
fn profile_with_clause_text(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("broken.toml");
    let toml = format!(
        r#"[tender]
title = "Writer failure"
reference = "HARD-FAIL-1"
buyer = "Test Council"
[scope]
technologies = ["environmental-sensors"]
[[clause]]
id = "FAIL-01"
section = "design"
title = "A clause one writer cannot hold"
text = "The Supplier MUST {text}."
obligation = "must"
evidence = ["A statement"]
"#
    );
    std::fs::write(&path, toml).unwrap();
    path
}

/// Generates a good pack into `out`, then runs `formats` on `bad` into the same directory and
/// checks the failure is exit 2 with `expect` in the message, every earlier file is
/// byte-identical and no temporary file is left.
fn assert_failure_leaves_pack_intact(bad: &Path, formats: &str, expect: &str) {
    let out = tempfile::tempdir().unwrap();
    generate(
        &root().join("examples/air-quality-sensors.toml"),
        out.path(),
        ALL_FORMATS,
    );
    let before: Vec<(String, Vec<u8>)> = files_below(out.path())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(out.path().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert_eq!(before.len(), PACK_FILES.len());
    let o = run(&[
        "generate",
        bad.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--format",
        formats,
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "exit 2 expected; stderr:\n{err}");
    assert!(err.contains(expect), "`{expect}` expected: {err}");
    let after = files_below(out.path());
    assert_eq!(
        after,
        before.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(),
        "no new, partial or temporary (.tenderguard-*) file"
    );
    for (f, bytes) in &before {
        assert!(
            &std::fs::read(out.path().join(f)).unwrap() == bytes,
            "{f} changed after a failed run"
        );
    }
}

#[test]
fn a_character_the_pdf_cannot_draw_is_refused_at_the_profile_and_leaves_the_previous_pack_untouched(
) {
    let dir = tempfile::tempdir().unwrap();
    // U+2713 is not in Liberation Sans: refused at its line and column before any writer runs.
    let bad = profile_with_clause_text(dir.path(), "tick every box \u{2713}");
    assert_failure_leaves_pack_intact(
        &bad,
        ALL_FORMATS,
        "has a character the PDF fonts cannot draw: `\u{2713}`",
    );
}

#[test]
fn a_control_character_is_refused_at_the_profile_and_leaves_the_previous_pack_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A control character is valid TOML (as an escape) but cannot be held in WordprocessingML;
    // it is refused once, at the profile, for every format (Markdown and CSV included).
    let bad = profile_with_clause_text(dir.path(), "ring the bell \\u0007 twice");
    assert_failure_leaves_pack_intact(
        &bad,
        "md,csv,json,docx,html,xlsx,pdf",
        "contains the control character U+0007",
    );
}

/// Title, buyer and custom clauses full of template, formula and markup syntax.
const INJECTION_PROFILE: &str = r#"[tender]
title = "Tender {{tender.buyer}} <script>alert(1)</script> <w:t>x</w:t> ]]> &amp; back\\slash"
reference = "INJ-2026-01"
buyer = "=HYPERLINK(\"http://x.invalid\")"
[scope]
technologies = ["environmental-sensors"]

[[clause]]
id = "INJ-01"
section = "design"
title = "=HYPERLINK(\"http://x.invalid\",\"click\")"
text = "The Supplier MUST print {{tender.buyer}} and {{#each x}}y{{/each}} and <script>alert(1)</script> as written."
obligation = "must"
evidence = ["\tTabbed <w:t>evidence</w:t>", "]]> &amp; \\ end"]

[[clause]]
id = "INJ-02"
section = "design"
title = "+1 plus"
text = "The Supplier MUST keep <b>markup</b> & ]]> inert."
obligation = "must"
evidence = ["-1 minus"]

[[clause]]
id = "INJ-03"
section = "manage"
title = "@SUM(A1)"
text = "The Supplier SHOULD keep @SUM(A1) inert."
obligation = "should"
evidence = ["+1 plus", "@SUM(A1)"]

[[clause]]
id = "INJ-04"
section = "manage"
title = "-1 minus"
text = "The Supplier MUST keep -1 inert."
obligation = "must"
evidence = ["=1+1"]
"#;

const TITLE: &str =
    r"Tender {{tender.buyer}} <script>alert(1)</script> <w:t>x</w:t> ]]> &amp; back\slash";
const BUYER: &str = r#"=HYPERLINK("http://x.invalid")"#;
const INJ01_TEXT: &str = "The Supplier MUST print {{tender.buyer}} and {{#each x}}y{{/each}} and <script>alert(1)</script> as written.";

/// Strings that must reach every document exactly as written (after whitespace is collapsed).
const VERBATIM: [&str; 8] = [
    TITLE,
    BUYER,
    INJ01_TEXT,
    r#"=HYPERLINK("http://x.invalid","click")"#,
    "The Supplier MUST keep <b>markup</b> & ]]> inert.",
    "<w:t>evidence</w:t>",
    r"]]> &amp; \ end",
    "@SUM(A1)",
];

/// The injection profile's pack, generated once per test.
fn injection_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("inj.toml");
    std::fs::write(&profile, INJECTION_PROFILE).unwrap();
    generate(&profile, &dir.path().join("out"), ALL_FORMATS);
    dir
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_shows_verbatim(format: &str, text: &str) {
    let text = collapse(text);
    for s in VERBATIM {
        assert!(
            text.contains(&collapse(s)),
            "{format} does not show {s:?} as written"
        );
    }
}

#[test]
fn injected_text_is_shown_verbatim_and_inert_in_json_html_and_markdown() {
    let dir = injection_pack();
    let out = dir.path().join("out");

    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("selection.json")).unwrap()).unwrap();
    assert_eq!(v["tender"]["title"], TITLE);
    assert_eq!(v["tender"]["buyer"], BUYER);
    let inj01 = v["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "INJ-01")
        .unwrap();
    assert_eq!(inj01["text"], INJ01_TEXT, "no template evaluated");

    let html = std::fs::read_to_string(out.join("security-requirements.html")).unwrap();
    assert!(!html.contains("<script"), "no script element");
    assert!(!html.contains("<w:t>") && !html.contains("<b>markup"));
    for escaped in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;w:t&gt;x&lt;/w:t&gt;",
        "&amp;amp;",
        "]]&gt;",
        "{{tender.buyer}}",
        "{{#each x}}y{{/each}}",
    ] {
        assert!(html.contains(escaped), "HTML holds {escaped}");
    }

    let md = std::fs::read_to_string(out.join("security-requirements.md")).unwrap();
    // Markdown escapes `#`, so a reader sees `{{#each x}}` as written.
    assert!(md.contains("{{tender.buyer}}") && md.contains(r"{{\#each x}}y{{/each}}"));
    assert!(
        !md.contains("<script>") && !md.contains("<b>markup"),
        "raw HTML in Markdown is escaped"
    );
}

#[test]
fn injected_text_is_neutralised_in_the_csv_matrix() {
    let dir = injection_pack();
    let mut r = csv::Reader::from_path(dir.path().join("out/response-matrix.csv")).unwrap();
    let mut seen = 0;
    for row in r.records() {
        let row = row.unwrap();
        for cell in row.iter() {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "CSV cell would be a formula: {cell:?}"
            );
        }
        // Columns as issued: Title is the third, Evidence required the twelfth; evidence
        // items are a list, so each cell starts with a bullet.
        let expect: Option<(&str, &str)> = match &row[0] {
            "INJ-01" => Some((
                "'=HYPERLINK(\"http://x.invalid\",\"click\")",
                "\u{2022} Tabbed <w:t>evidence</w:t> (with the tender)\n\u{2022} ]]> &amp; \\ end (with the tender)",
            )),
            "INJ-02" => Some(("'+1 plus", "\u{2022} -1 minus (with the tender)")),
            "INJ-03" => Some((
                "'@SUM(A1)",
                "\u{2022} +1 plus (with the tender)\n\u{2022} @SUM(A1) (with the tender)",
            )),
            "INJ-04" => Some(("'-1 minus", "\u{2022} =1+1 (with the tender)")),
            _ => None,
        };
        if let Some((title, evidence)) = expect {
            seen += 1;
            assert_eq!(&row[2], title, "{}: title", &row[0]);
            assert_eq!(&row[11], evidence, "{}: evidence", &row[0]);
        }
    }
    assert_eq!(seen, 4, "every injected clause is in the matrix");
}

#[test]
fn injected_text_is_stored_as_strings_in_the_xlsx_matrix() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = injection_pack();
    let path = dir.path().join("out/response-matrix.xlsx");
    // No formula element in any sheet but the workbook's own (an award answer shown in the
    // Matrix, a word count), read as raw XML.
    let own =
        |f: &str| f.starts_with("IF('Award answers'!E") || f.starts_with("IF(TRIM(SUBSTITUTE(");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        if part.name().starts_with("xl/worksheets/") {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
            assert!(
                !xml.contains("<f "),
                "{} holds a shared formula",
                part.name()
            );
            for f in xml.split("<f>").skip(1) {
                assert!(
                    own(f),
                    "{} holds a formula: {}",
                    part.name(),
                    &f[..f.find("</f>").unwrap()]
                );
            }
        }
    }
    // And as a spreadsheet reader sees it: strings, written as in the profile.
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let mut found = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                if let Data::String(s) = cell {
                    if s.contains("HYPERLINK") || s.contains("SUM(A1)") || s.starts_with("+1") {
                        found.push(s.clone());
                    }
                }
                assert!(
                    !matches!(cell, Data::Error(_)),
                    "{name}: an error cell means something was evaluated"
                );
            }
        }
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas
                .used_cells()
                .all(|(_, _, f)| f.is_empty() || own(f)),
            "{name}: no formulas but the workbook's own"
        );
    }
    for s in [
        r#"=HYPERLINK("http://x.invalid","click")"#,
        "+1 plus",
        "@SUM(A1)",
    ] {
        assert!(
            found.iter().any(|c| c == s),
            "XLSX holds the title {s:?} as a string cell: {found:?}"
        );
    }
}

#[test]
fn injected_text_is_escaped_in_the_docx_and_shown_as_written_by_libreoffice() {
    let dir = injection_pack();
    let docx = dir.path().join("out/security-requirements.docx");
    let parts = dir.path().join("parts");
    for name in unzip(&docx, &parts) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(&parts.join(&name));
        }
    }
    let document = std::fs::read_to_string(parts.join("word/document.xml")).unwrap();
    assert!(document.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(document.contains("&lt;w:t&gt;x&lt;/w:t&gt;"));
    assert!(!document.contains("<script"));
    // LibreOffice reads it back as the same text.
    let copy = dir.path().join("inj.docx");
    std::fs::copy(&docx, &copy).unwrap();
    let txt = soffice_convert(&[copy], "txt:Text (encoded):UTF8", "txt", dir.path()).remove(0);
    let text = std::fs::read_to_string(txt).unwrap();
    assert_shows_verbatim("DOCX (LibreOffice text)", &text);
}

#[test]
fn injected_text_is_drawn_as_written_in_the_pdf() {
    let dir = injection_pack();
    let pdf = dir.path().join("out/security-requirements.pdf");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    // Long strings may wrap at any space; `collapse` joins the lines.
    assert_shows_verbatim("PDF (pdftotext)", &text);
}

#[test]
fn the_tender_reference_cannot_steer_output_outside_the_output_folder() {
    for (reference, slug) in [
        ("../../etc/passwd", "etc-passwd"),
        ("/tmp/x", "tmp-x"),
        ("..\\\\..\\\\windows", "windows"),
        ("a/../../b", "a-b"),
    ] {
        let cwd = tempfile::tempdir().unwrap();
        let work = cwd.path().join("work");
        std::fs::create_dir(&work).unwrap();
        std::fs::write(
            work.join("p.toml"),
            format!(
                "[tender]\ntitle = \"T\"\nreference = \"{reference}\"\nbuyer = \"B\"\n\
                 [scope]\ntechnologies = [\"environmental-sensors\"]\n"
            ),
        )
        .unwrap();
        let o = run_in(&work, &["generate", "p.toml", "--format", "json,md"]);
        assert!(
            o.status.success(),
            "{reference}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            files_below(cwd.path()),
            vec![
                format!("work/output/{slug}/pack-record.md"),
                format!("work/output/{slug}/security-requirements.md"),
                format!("work/output/{slug}/selection.json"),
                "work/p.toml".to_string(),
            ],
            "{reference}: everything lands in output/<slug>/"
        );
    }
    // A reference with nothing to make a folder name from is refused, not written to output/.
    let cwd = tempfile::tempdir().unwrap();
    std::fs::write(
        cwd.path().join("p.toml"),
        "[tender]\ntitle = \"T\"\nreference = \"../..\"\nbuyer = \"B\"\n\
         [scope]\ntechnologies = [\"environmental-sensors\"]\n",
    )
    .unwrap();
    let o = run_in(cwd.path(), &["generate", "p.toml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(files_below(cwd.path()), vec!["p.toml".to_string()]);
}
