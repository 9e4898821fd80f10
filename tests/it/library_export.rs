//! `tenderguard library`: the whole library for legal review, as CSV, Markdown and DOCX. Every
//! clause with every field, grouped as in the pack, the library version on the cover, and
//! `--library DIR` respected. The DOCX is opened in LibreOffice.

use std::path::Path;

use serde_json::Value;

use crate::support::*;

const REQUIREMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/requirements");

fn clauses(library: Option<&Path>) -> Vec<Value> {
    let mut args = vec!["list", "clauses", "--json"];
    let lib;
    if let Some(l) = library {
        lib = l.to_str().unwrap().to_string();
        args.splice(0..0, ["--library", lib.as_str()]);
    }
    serde_json::from_slice::<Vec<Value>>(&run(&args).stdout).unwrap()
}

/// A small library: the shipped one with only three clause files, edited so that a clause
/// title looks like a spreadsheet formula.
fn small_library(dir: &Path) -> std::path::PathBuf {
    let lib = dir.join("lib");
    copy_dir(Path::new(REQUIREMENTS), &lib);
    for entry in std::fs::read_dir(lib.join("clauses")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !["participation.toml", "award.toml", "contract.toml"].contains(&name.as_str()) {
            std::fs::remove_file(path).unwrap();
        }
    }
    let path = lib.join("clauses/participation.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap()
        .to_string();
    std::fs::write(
        &path,
        text.replacen(
            &title,
            "title = \"=HYPERLINK(\\\"http://x.invalid\\\",\\\"x\\\")\"",
            1,
        ),
    )
    .unwrap();
    let meta = lib.join("library.toml");
    let text = std::fs::read_to_string(&meta).unwrap().replacen(
        "version = \"0.2.0\"",
        "version = \"9.8.7\"\nreleased = 2026-11-25",
        1,
    );
    std::fs::write(&meta, text).unwrap();
    lib
}

#[test]
fn the_csv_has_every_clause_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("library.csv");
    run(&["library", "--format", "csv", "-o", out.to_str().unwrap()]);
    let rows = read_csv_rows(&out);
    let listed = clauses(None);
    assert_eq!(rows.len() - 1, listed.len(), "one row per clause");
    let header = &rows[0];
    for column in [
        "Group",
        "Id",
        "Version",
        "Title",
        "Section",
        "Stage",
        "Obligation at low risk",
        "Obligation at medium risk",
        "Obligation at high risk",
        "Applies to",
        "Conditions",
        "Text",
        "Evidence",
        "Verified",
        "Rationale",
        "Guidance",
        "Mappings",
        "Sources",
        "A strong answer covers",
        "Word limit",
    ] {
        assert!(header.iter().any(|h| h == column), "column {column}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for c in &listed {
        let row = rows
            .iter()
            .find(|r| r[1] == c["id"].as_str().unwrap())
            .expect("every clause");
        assert_eq!(row[col("Version")], c["version"].to_string());
        assert_eq!(row[col("Title")], c["title"].as_str().unwrap());
        assert_eq!(row[col("Text")], c["text"].as_str().unwrap());
        let high = c["obligations"]["high"]
            .as_str()
            .map_or("not used".to_string(), str::to_uppercase);
        assert_eq!(row[col("Obligation at high risk")], high);
        // One line per item, each with when it is due: "Draft inventory (with the tender)".
        let evidence: Vec<&str> = row[col("Evidence")].lines().collect();
        let items = c["evidence"].as_array().unwrap();
        assert_eq!(evidence.len(), items.len(), "{}", c["id"]);
        for (line, e) in evidence.iter().zip(items) {
            assert!(
                line.starts_with(e["item"].as_str().unwrap()),
                "{}: {line}",
                c["id"]
            );
        }
    }
    // Grouped as in the pack.
    let groups: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r[0].as_str())
        .fold(Vec::new(), |mut g, x| {
            if g.last() != Some(&x) {
                g.push(x);
            }
            g
        });
    assert_eq!(
        groups,
        vec![
            "Conditions of participation",
            "Security requirements: Understand",
            "Security requirements: Design",
            "Security requirements: Manage",
            "Security requirements: Technology-specific",
            "Award criteria",
            "Contract security obligations",
        ]
    );
}

#[test]
fn the_markdown_names_the_version_and_every_clause() {
    let o = run(&["library"]);
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(
        md.starts_with("# tenderguard connected places security clause library — version 0.2.0")
    );
    assert!(md.contains("| Version | 0.2.0 |"));
    for c in clauses(None) {
        let heading = format!("### {} v{} ", c["id"].as_str().unwrap(), c["version"]);
        assert!(md.contains(&heading), "{heading}");
    }
    let order: Vec<usize> = [
        "## Conditions of participation",
        "## Security requirements: Understand",
        "## Award criteria",
        "## Contract security obligations",
        "## Technologies",
        "## Guidance items",
    ]
    .iter()
    .map(|h| md.find(h).unwrap_or_else(|| panic!("{h}")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "sections in pack order"
    );
}

#[test]
fn the_global_library_option_is_respected_and_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let lib = small_library(dir.path());
    let csv_path = dir.path().join("small.csv");
    run(&[
        "--library",
        lib.to_str().unwrap(),
        "library",
        "--format",
        "csv",
        "-o",
        csv_path.to_str().unwrap(),
    ]);
    let rows = read_csv_rows(&csv_path);
    assert_eq!(rows.len() - 1, clauses(Some(&lib)).len());
    assert!(
        rows.iter()
            .any(|r| r[3] == "'=HYPERLINK(\"http://x.invalid\",\"x\")"),
        "the title is neutralised"
    );
    assert!(rows
        .iter()
        .skip(1)
        .all(|r| !r.iter().any(|c| c.starts_with(['=', '+', '-', '@']))));
    let md =
        String::from_utf8(run(&["--library", lib.to_str().unwrap(), "library"]).stdout).unwrap();
    assert!(md.contains("version 9.8.7"));
    assert!(
        md.contains("| **Title** | '=HYPERLINK"),
        "a formula-like cell is neutralised in Markdown too"
    );
}

#[test]
fn the_docx_opens_in_libreoffice_with_the_version_on_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let lib = small_library(dir.path());
    let docx = dir.path().join("library.docx");
    run(&[
        "--library",
        lib.to_str().unwrap(),
        "library",
        "-o",
        docx.to_str().unwrap(),
    ]);
    let core = zip_entry(&docx, "docProps/core.xml");
    assert!(
        core.contains("version 9.8.7") && core.contains("2026-11-25T00:00:00Z"),
        "{core}"
    );
    let custom = zip_entry(&docx, "docProps/custom.xml");
    assert!(custom.contains("name=\"Library version\"><vt:lpwstr>9.8.7<"));
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(xml.contains("<w:pStyle w:val=\"Heading1\" />") && xml.contains("<w:tblHeader />"));

    soffice_in(dir.path(), &["--convert-to", "pdf", "library.docx"]);
    let pdf = dir.path().join("library.pdf");
    let first_page = tool("pdftotext", &["-l", "1", pdf.to_str().unwrap(), "-"]);
    assert!(first_page.contains("version 9.8.7"), "{first_page}");
    assert!(
        first_page.contains("Conditions of participation"),
        "{first_page}"
    );
}

#[test]
fn the_whole_library_docx_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.docx"), dir.path().join("b.docx"));
    run(&["library", "-o", a.to_str().unwrap()]);
    run(&["library", "--format", "docx", "-o", b.to_str().unwrap()]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let xml = zip_entry(&a, "word/document.xml");
    for c in clauses(None) {
        assert!(xml.contains(c["id"].as_str().unwrap()));
    }
}
