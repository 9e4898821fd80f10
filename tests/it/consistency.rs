//! One model feeds every writer, so every format carries the same clauses in the same order
//! with the same numbers: for each example profile (and the special-characters fixture), the
//! clause sequence read back from the DOCX (docx-rs reader), the HTML, the Markdown and the CSV
//! response matrix equals the one in `selection.json`, which equals the model's.

use std::path::{Path, PathBuf};

use crate::support::*;

struct Pack {
    name: String,
    dir: PathBuf,
    selection: Vec<SelectedClause>,
}

fn generate_all(profile: &Path) -> Pack {
    let name = stem(profile);
    let dir = work_dir("consistency-tests", &name);
    generate(profile, &dir, "docx,html,md,csv,json");
    Pack {
        selection: selection(&dir),
        name,
        dir,
    }
}

/// (pack ref, id, version) of every clause heading in the DOCX, as docx-rs reads the
/// paragraphs: the number is text at the start of the heading (`4.2.3<tab>Title`), the id and
/// version start the meta line under it (`[DES-004 v2]   Contract requirement (MUST)`).
fn docx_clauses(path: &Path) -> Vec<SelectedClause> {
    let docx = docx_rs::read_docx(&std::fs::read(path).unwrap()).expect("docx-rs reads the DOCX");
    let mut out = Vec::new();
    let mut number: Option<String> = None;
    for c in &docx.document.children {
        let docx_rs::DocumentChild::Paragraph(p) = c else {
            continue;
        };
        let style = p.property.style.as_ref().map_or("", |s| s.val.as_str());
        let text = p.raw_text();
        match style {
            "Heading3" | "ClauseHeading2" => {
                number = Some(
                    text.chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect(),
                );
            }
            "ClauseMeta" => {
                let Some(pack_ref) = number.take() else {
                    continue;
                };
                let tag = text.strip_prefix('[').and_then(|t| t.split(']').next());
                if let Some((id, version)) = tag.and_then(|t| t.split_once(" v")) {
                    out.push(SelectedClause {
                        id: id.to_string(),
                        version: version.parse().unwrap_or(0),
                        pack_ref,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Clause headings of the Markdown (`#### 4.2.3 \[DES-004 v2\] Title`).
fn markdown_clauses(path: &Path) -> Vec<SelectedClause> {
    let text = std::fs::read_to_string(path).unwrap();
    let unescaped: String = text
        .lines()
        .filter_map(|l| l.strip_prefix("#### "))
        .map(|l| l.replace("\\[", "[").replace("\\]", "]"))
        .collect::<Vec<_>>()
        .join("\n");
    clause_headings(&unescaped)
}

/// Clause headings of the HTML: each `clause-heading` element's number and title (the badge,
/// hidden from screen readers, left out) with the identifier from the line under it
/// (`clause-meta`), tags removed and entities decoded.
fn html_clauses(path: &Path) -> Vec<SelectedClause> {
    let html = std::fs::read_to_string(path).unwrap();
    let strip = |fragment: &str| {
        let mut text = String::new();
        let mut in_tag = false;
        for ch in fragment.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let mut lines = Vec::new();
    for piece in html.split("class=\"clause-heading\"").skip(1) {
        let inner = &piece[piece.find('>').unwrap() + 1..];
        let heading = &inner[..inner.find("</h").unwrap()];
        let heading = heading
            .split("<span class=\"tag ")
            .next()
            .expect("text before the badge");
        let (number, title) = strip(heading)
            .trim()
            .split_once(' ')
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .expect("a number and a title");
        let meta = &inner[inner
            .find("class=\"clause-meta\"")
            .expect("a line under the title")..];
        let tag = strip(&meta[meta.find("<span").unwrap()..meta.find("</span>").unwrap()]);
        lines.push(format!("{number} {tag} {title}"));
    }
    clause_headings(&lines.join("\n"))
}

/// Rows of the CSV response matrix: Requirement ID, Version, Pack ref (without its `§`).
fn csv_clauses(path: &Path) -> Vec<SelectedClause> {
    let mut reader = csv::Reader::from_path(path).expect("read the CSV");
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no `{name}` column"))
    };
    let (id, version, pack_ref) = (col("Requirement ID"), col("Version"), col("Pack ref"));
    reader
        .records()
        .map(|r| {
            let r = r.expect("CSV row");
            SelectedClause {
                id: r[id].to_string(),
                version: r[version].parse().expect("numeric version"),
                // The CSV writes `§6.10` so that a spreadsheet keeps it as text.
                pack_ref: r[pack_ref]
                    .strip_prefix('§')
                    .expect("the CSV pack ref starts with §")
                    .to_string(),
            }
        })
        .collect()
}

#[test]
fn every_format_carries_the_selected_clauses_in_the_same_order_with_the_same_numbers() {
    for profile in all_profiles() {
        let p = generate_all(&profile);
        assert_eq!(
            p.selection,
            pack_clauses(&profile),
            "{}: selection.json against the model",
            p.name
        );
        let want = &p.selection;
        assert_eq!(
            &csv_clauses(&p.dir.join("response-matrix.csv")),
            want,
            "{}: CSV",
            p.name
        );
        assert_eq!(
            &markdown_clauses(&p.dir.join("security-requirements.md")),
            want,
            "{}: Markdown",
            p.name
        );
        assert_eq!(
            &html_clauses(&p.dir.join("security-requirements.html")),
            want,
            "{}: HTML",
            p.name
        );
        // DOCX clause numbers are text in the heading (chapters and subsections are Word's
        // list numbers, checked through LibreOffice in the `docx` module).
        assert_eq!(
            &docx_clauses(&p.dir.join("security-requirements.docx")),
            want,
            "{}: DOCX",
            p.name
        );
    }
}
