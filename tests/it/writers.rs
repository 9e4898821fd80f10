//! The PDF as an accessible document (PDF/UA-1): tagged structure in reading order, artifacts
//! for page furniture and badges, language, title, XMP identification, and an independent
//! checker's verdict. Runs the real binary and reads its output with poppler, qpdf and the
//! `pdfua` checker that `scripts/install-test-deps` installs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use tempfile::TempDir;

use crate::support::*;

/// The city-centre example as PDF, Markdown and JSON, generated once.
fn pack() -> &'static Path {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    DIR.get_or_init(|| generate_temp(&example("city-centre-cctv"), "pdf,md,json"))
        .path()
}

fn pdf() -> PathBuf {
    pack().join("security-requirements.pdf")
}

/// `pdfinfo -struct-text`: the structure tree with each element's text.
fn structure() -> String {
    tool("pdfinfo", &["-struct-text", pdf().to_str().unwrap()])
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
    let info = tool("pdfinfo", &[pdf().to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let meta = tool("pdfinfo", &["-meta", pdf().to_str().unwrap()]);
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    assert!(meta.contains("<dc:title>"), "{meta}");
    let catalog = tool(
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
    let catalog = tool(
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
    require_tool("pdfua");
    let out = Command::new("pdfua")
        .args(["check", pdf().to_str().unwrap()])
        .output()
        .expect("pdfua runs");
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
    assert!(quoted
        .iter()
        .any(|l| l.contains("Contract requirement (MUST)")));
}

/// Every `/URI` link annotation of the PDF: (page from 1, its rectangle, the address, whether it
/// has a `/StructParent` and a `/Contents`).
fn uri_annotations(path: &Path) -> Vec<(usize, [f32; 4], String, bool, bool)> {
    let doc = lopdf::Document::load(path).unwrap();
    let mut out = Vec::new();
    for (n, (_, page)) in doc.get_pages().into_iter().enumerate() {
        let page = doc.get_dictionary(page).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let a = match a {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
                lopdf::Object::Dictionary(d) => d,
                _ => continue,
            };
            let Ok(action) = a.get(b"A").and_then(|x| x.as_dict()) else {
                continue;
            };
            if action.get(b"S").and_then(|s| s.as_name()).ok() != Some(b"URI".as_slice()) {
                continue;
            }
            let uri = String::from_utf8_lossy(action.get(b"URI").unwrap().as_str().unwrap());
            let rect: Vec<f32> = a
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap())
                .collect();
            out.push((
                n + 1,
                [rect[0], rect[1], rect[2], rect[3]],
                uri.into_owned(),
                a.has(b"StructParent"),
                a.has(b"Contents"),
            ));
        }
    }
    out
}

#[test]
fn every_source_address_is_a_uri_link_on_one_line() {
    let links = uri_annotations(&pdf());
    assert!(!links.is_empty(), "no /URI link annotations");
    // The sources cited by the selected clauses (objects with a section and an address).
    let selection: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(pack().join("selection.json")).unwrap())
            .unwrap();
    fn sources<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v str>) {
        match v {
            serde_json::Value::Object(o) => {
                if let (Some(_), Some(url)) = (o.get("section"), o.get("url")) {
                    out.extend(url.as_str().filter(|u| u.starts_with("http")));
                }
                o.values().for_each(|x| sources(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| sources(x, out)),
            _ => {}
        }
    }
    let mut urls = Vec::new();
    sources(&selection, &mut urls);
    urls.sort_unstable();
    urls.dedup();
    assert!(!urls.is_empty(), "selection.json names no source address");
    for url in &urls {
        assert!(
            links.iter().any(|(_, _, uri, _, _)| uri == url),
            "{url} is not a link in the PDF"
        );
    }
    for (page, [_, y1, _, y2], uri, parent, contents) in &links {
        // One line of body text is about 12 points high: a link broken over two lines would be
        // two annotations, or one twice that height.
        assert!((y2 - y1).abs() < 16.0, "page {page}: {uri} spans lines");
        assert!(*parent && *contents, "page {page}: {uri} is not tagged");
    }
    // The text shows each address whole, or shortened with an ellipsis: never its start on one
    // line and the rest on the next.
    let text = tool("pdftotext", &[pdf().to_str().unwrap(), "-"]);
    for line in text.lines() {
        let Some(at) = line.find("http") else {
            continue;
        };
        let shown: String = line[at..].split_whitespace().next().unwrap().to_string();
        let shown = shown.trim_end_matches([',', '.', ';', ')']);
        let ok = links.iter().any(|(_, _, uri, _, _)| {
            uri == shown
                || shown
                    .strip_suffix('\u{2026}')
                    .is_some_and(|cut| uri.starts_with(cut))
        });
        assert!(ok, "{shown:?} is not a whole linked address: {line:?}");
    }
}

#[test]
fn web_links_are_link_elements_with_an_object_reference() {
    let structure = structure();
    let links = uri_annotations(&pdf());
    let tagged = structure
        .lines()
        .collect::<Vec<_>>()
        .windows(3)
        .filter(|w| {
            w[0].trim().starts_with("Link")
                && w[1].trim().trim_matches('"').starts_with("http")
                && w[2].trim().starts_with("Object ")
        })
        .count();
    assert_eq!(tagged, links.len(), "{structure}");
}

#[test]
fn clause_chapter_and_annex_references_jump_to_their_destination() {
    let doc = lopdf::Document::load(pdf()).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let mut jumps: Vec<(String, usize)> = Vec::new();
    for page in &pages {
        let page = doc.get_dictionary(*page).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let a = match a {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
                _ => continue,
            };
            let Ok(text) = a.get(b"Contents").and_then(|c| c.as_str()) else {
                continue;
            };
            let text = String::from_utf8_lossy(text).into_owned();
            let Some(what) = text.strip_prefix("Go to ") else {
                continue;
            };
            let dest = a.get(b"A").unwrap().as_dict().unwrap().get(b"D").unwrap();
            let target = dest.as_array().unwrap()[0].as_reference().unwrap();
            let n = pages.iter().position(|p| *p == target).unwrap() + 1;
            jumps.push((what.to_string(), n));
        }
    }
    let kinds = |p: fn(&str) -> bool| jumps.iter().filter(|(w, _)| p(w)).count();
    assert!(kinds(|w| w.starts_with("chapter ")) > 0, "{jumps:?}");
    assert!(kinds(|w| w.starts_with("Annex ")) > 0, "{jumps:?}");
    assert!(kinds(|w| w.contains('-')) > 20, "{jumps:?}");
    // Each destination page shows what the link names: the clause id, "Annex X" or the
    // chapter's number at the start of a line (its heading).
    let mut checked = std::collections::BTreeSet::new();
    for (what, page) in &jumps {
        if !checked.insert(what.clone()) {
            continue;
        }
        let n = page.to_string();
        let text = tool(
            "pdftotext",
            &["-f", &n, "-l", &n, pdf().to_str().unwrap(), "-"],
        );
        let shown = match what.strip_prefix("chapter ") {
            Some(number) => text.lines().any(|l| l.starts_with(number)),
            None => text.contains(what.as_str()),
        };
        assert!(shown, "{what} jumps to page {page}, which does not show it");
    }
}
