//! The PDF writer, checked the way a reader sees the file: the real binary writes the example
//! packs, and qpdf and poppler (pdffonts, pdfinfo, pdftotext) read them back. The line breaker
//! and the table layout are also tested directly with random text (proptest).
//!
//! The tools come from `scripts/install-test-deps`; a missing tool fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

use tenderguard::render::pdf::fonts::{Face, FontSet};
use tenderguard::render::pdf::layout::pagination::Paginator;
use tenderguard::render::pdf::layout::{para_frames, Block, Draw, ParaSpec};
use tenderguard::render::pdf::style::{Geometry, INK};
use tenderguard::render::pdf::table::{layout_table, ColumnSpec, RowSpec, TableLook, TableSpec};
use tenderguard::render::pdf::tagging::{Node, StructTree};
use tenderguard::render::pdf::text::{break_lines, Run, TextStyle, Typesetter};

use crate::support::*;

const EXAMPLES: [&str; 3] = [
    "city-centre-cctv",
    "air-quality-sensors",
    "traffic-and-lighting",
];

/// Each example generated once (PDF and selection.json) and shared by the tests.
fn pack_dir(example: &str) -> &'static Path {
    static PACKS: OnceLock<BTreeMap<&'static str, OnceLock<TempDir>>> = OnceLock::new();
    let packs = PACKS.get_or_init(|| EXAMPLES.iter().map(|e| (*e, OnceLock::new())).collect());
    packs[example]
        .get_or_init(|| generate_temp(&crate::support::example(example), "pdf,json"))
        .path()
}

fn pdf_of(example: &str) -> PathBuf {
    pack_dir(example).join("security-requirements.pdf")
}

fn selection_of(example: &str) -> Value {
    selection_json(pack_dir(example))
}

/// The body text of every page, without the running header and footer (cropped away).
/// The text block of every page, less the "4.2.3 (continued)" line that heads a page a clause
/// breaks onto (page furniture, like the running header).
fn body_text(pdf: &Path) -> String {
    let g = Geometry::A4;
    let (y, h) = (g.top - 4.0, g.content_height() + 8.0);
    let text = tool(
        "pdftotext",
        &[
            "-x",
            "0",
            "-y",
            &format!("{y:.0}"),
            "-W",
            "596",
            "-H",
            &format!("{h:.0}"),
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    text.lines()
        .filter(|l| {
            // A page's first line starts with pdftotext's form feed.
            !l.trim_start_matches('\u{c}')
                .strip_suffix(" (continued)")
                .is_some_and(|r| r.split('.').all(|n| n.parse::<u32>().is_ok()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text without whitespace and hyphens: pdftotext joins a word hyphenated at a line end
/// ("go-" + "live" becomes "golive"), so hyphens cannot be compared.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[test]
fn qpdf_finds_no_errors_in_any_example() {
    for example in EXAMPLES {
        let out = tool("qpdf", &["--check", pdf_of(example).to_str().unwrap()]);
        assert!(
            out.contains("No syntax or stream encoding errors found"),
            "{example}: {out}"
        );
    }
}

#[test]
fn every_font_is_embedded_as_a_subset_with_unicode_mapping() {
    let out = tool("pdffonts", &[pdf_of("city-centre-cctv").to_str().unwrap()]);
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.split_whitespace().next().unwrap())
        .collect();
    for face in [
        "LiberationSans",
        "LiberationSans-Bold",
        "LiberationSans-Italic",
    ] {
        assert!(
            names
                .iter()
                .any(|n| n.split_once('+').is_some_and(|(_, base)| base == face)),
            "{face} missing: {out}"
        );
    }
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object id (2)
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "not embedded/subset/unicode: {row}"
        );
    }
}

#[test]
fn every_selected_clause_appears_in_pack_order_with_its_obligation() {
    for example in EXAMPLES {
        let sel = selection_of(example);
        let expected: Vec<String> = sel["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let label = match c["category"].as_str().unwrap() {
                    "gate" => "Tender gate (MUST)",
                    "contract" => "Contract requirement (MUST)",
                    _ => "Scored (SHOULD)",
                };
                format!("[{} v{}] {label}", c["id"].as_str().unwrap(), c["version"])
            })
            .collect();
        let text = pdf_text(&pdf_of(example));
        let found: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| {
                l.starts_with('[')
                    && [
                        "] Tender gate (MUST)",
                        "] Contract requirement (MUST)",
                        "] Scored (SHOULD)",
                    ]
                    .iter()
                    .any(|label| l.contains(label))
            })
            .map(|l| {
                let end = l
                    .find("(MUST)")
                    .map(|i| i + 6)
                    .or_else(|| l.find("(SHOULD)").map(|i| i + 8))
                    .unwrap();
                l[..end].to_string()
            })
            .collect();
        assert_eq!(
            found, expected,
            "{example}: clause id lines differ from selection.json"
        );
    }
}

#[test]
fn clause_text_and_titles_are_printed_in_full() {
    let body = squeeze(&body_text(&pdf_of("city-centre-cctv")));
    let sel = selection_of("city-centre-cctv");
    for c in sel["clauses"].as_array().unwrap() {
        for field in ["text", "title"] {
            let want = squeeze(c[field].as_str().unwrap());
            assert!(
                body.contains(&want),
                "clause {} {field} is not printed in full: {want}",
                c["id"]
            );
        }
        for e in c["evidence"].as_array().unwrap() {
            assert!(
                body.contains(&squeeze(e["item"].as_str().unwrap())),
                "clause {} evidence cut: {e}",
                c["id"]
            );
        }
    }
}

#[test]
fn page_count_matches_the_footer_on_every_page() {
    for example in EXAMPLES {
        let pdf = pdf_of(example);
        assert_footers_count_the_pages(&pdf, 2, example);
        assert!(
            !pdf_page_text(&pdf, 1).contains("Page 1 of"),
            "{example}: the cover has no page number"
        );
    }
}

/// The outline as (title, 1-based page, depth), depth first.
fn outline(pdf: &Path) -> Vec<(String, usize, usize)> {
    fn walk(items: &[Value], depth: usize, out: &mut Vec<(String, usize, usize)>) {
        for item in items {
            let page = item["destpageposfrom1"]
                .as_u64()
                .expect("every bookmark has a destination") as usize;
            out.push((item["title"].as_str().unwrap().to_string(), page, depth));
            walk(item["kids"].as_array().unwrap(), depth + 1, out);
        }
    }
    let json: Value = serde_json::from_str(&tool(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    ))
    .unwrap();
    let mut out = Vec::new();
    walk(json["outlines"].as_array().unwrap(), 0, &mut out);
    out
}

fn section_headings(example: &str) -> Vec<(String, u8)> {
    pack(&crate::support::example(example))
        .all_sections()
        .iter()
        .map(|s| (s.heading(), s.level))
        .collect()
}

#[test]
fn outline_has_an_entry_per_section_and_annex_pointing_at_its_heading() {
    for example in EXAMPLES {
        let pdf = pdf_of(example);
        let marks = outline(&pdf);
        assert_eq!(marks.first().map(|m| m.0.as_str()), Some("Contents"));
        for (heading, level) in section_headings(example) {
            let (_, page, depth) = marks
                .iter()
                .find(|m| m.0 == heading)
                .unwrap_or_else(|| panic!("{example}: no bookmark `{heading}`"));
            assert_eq!(
                *depth + 1,
                usize::from(level),
                "{example}: `{heading}` nested wrongly"
            );
            let text = pdf_page_text(&pdf, *page);
            let (number, title) = heading.split_once(' ').unwrap();
            assert!(
                text.lines()
                    .any(|l| l.contains(title) && l.trim_start().starts_with(number)),
                "{example}: bookmark `{heading}` points at page {page}, which lacks the heading"
            );
        }
    }
}

#[test]
fn contents_page_lists_every_section_with_a_link_to_its_page() {
    let pdf = pdf_of("city-centre-cctv");
    let contents = pdf_page_text(&pdf, 2);
    let marks = outline(&pdf);
    for (heading, _) in section_headings("city-centre-cctv") {
        let page = marks.iter().find(|m| m.0 == heading).unwrap().1;
        let title = heading.split_once(' ').unwrap().1;
        let line = contents
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("contents lacks `{heading}`"));
        assert!(
            line.trim_end().ends_with(&format!(" {page}")),
            "contents line `{line}` should end with page {page}"
        );
    }
    // The links on the contents page go to the pages the entries name.
    let json: Value = serde_json::from_str(&tool(
        "qpdf",
        &[
            "--json",
            "--json-key=qpdf",
            "--json-key=pages",
            pdf.to_str().unwrap(),
        ],
    ))
    .unwrap();
    let objects = &json["qpdf"][1];
    let page_objects: Vec<&str> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["object"].as_str().unwrap())
        .collect();
    let annots = objects[format!("obj:{}", page_objects[1])]["value"]["/Annots"]
        .as_array()
        .expect("contents page has links")
        .clone();
    let mut targets: Vec<usize> = annots
        .iter()
        .map(|a| {
            // A GoTo action (printpdf's links) or a bare destination.
            let annot = &objects[format!("obj:{}", a.as_str().unwrap())]["value"];
            let dest = if annot["/Dest"].is_null() {
                &annot["/A"]["/D"]
            } else {
                &annot["/Dest"]
            };
            page_objects
                .iter()
                .position(|p| *p == dest[0].as_str().unwrap())
                .unwrap()
                + 1
        })
        .collect();
    let mut listed: Vec<usize> = section_headings("city-centre-cctv")
        .iter()
        .map(|(h, _)| marks.iter().find(|m| &m.0 == h).unwrap().1)
        .collect();
    targets.sort();
    listed.sort();
    assert_eq!(targets, listed);
}

#[test]
fn document_information_comes_from_the_profile() {
    let info = tool("pdfinfo", &[pdf_of("city-centre-cctv").to_str().unwrap()]);
    for expected in [
        "Title:           City Centre CCTV and ANPR Modernisation: Security requirements",
        "Author:          Example City Council",
        "Keywords:        security requirements, connected places, ECC-2026-0142, cctv, anpr, data-platform",
        "CreationDate:    Tue Dec  1 00:00:00 2026 UTC",
        "Page size:       595.276 x 841.89 pts (A4)",
    ] {
        assert!(info.contains(expected), "missing `{expected}` in:\n{info}");
    }
    assert!(
        info.contains("Subject:") && info.contains("Producer:        tenderguard"),
        "{info}"
    );
}

#[test]
fn two_runs_give_identical_bytes() {
    let again = generate_temp(&example("city-centre-cctv"), "pdf");
    let first = std::fs::read(pdf_of("city-centre-cctv")).unwrap();
    let second = std::fs::read(again.path().join("security-requirements.pdf")).unwrap();
    assert!(
        first == second,
        "two runs of the binary wrote different PDFs"
    );
}

#[test]
fn one_core_and_several_give_identical_bytes() {
    // Layout, page writing, compression and the formats themselves run on parallel threads;
    // pinned to one core, each of those takes its single-threaded path.
    let many = generate_temp(&example("all-technologies"), "pdf,docx");
    let one = tempfile::tempdir().unwrap();
    let profile = example("all-technologies");
    tool(
        "taskset",
        &[
            "-c",
            "0",
            bin(),
            "generate",
            profile.to_str().unwrap(),
            "--format",
            "pdf,docx",
            "-o",
            one.path().to_str().unwrap(),
        ],
    );
    for file in ["security-requirements.pdf", "security-requirements.docx"] {
        let a = std::fs::read(one.path().join(file)).unwrap();
        let b = std::fs::read(many.path().join(file)).unwrap();
        assert!(a == b, "{file} differs between one core and several");
    }
}

#[test]
fn rendering_twice_in_one_process_gives_identical_bytes() {
    let pack = pack(&example("air-quality-sensors"));
    let a = render_pdf(&pack);
    let b = render_pdf(&pack);
    assert!(
        a == b,
        "something per-process (ids, addresses, the clock) leaked into the output"
    );
}

/// A word's box as `pdftotext -bbox` reports it, in points from the page's top left.
struct WordBox {
    page: usize,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    word: String,
}

fn word_boxes(pdf: &Path) -> Vec<WordBox> {
    word_boxes_by_page(pdf).into_iter().flatten().collect()
}

/// Every page's words in the order `pdftotext -bbox` gives them; a page with no words is an
/// empty list, so the list's index is the page's.
fn word_boxes_by_page(pdf: &Path) -> Vec<Vec<WordBox>> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut pages: Vec<Vec<WordBox>> = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Vec::new());
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let page = pages.len();
            let Some(words) = pages.last_mut() else {
                continue;
            };
            let word = rest
                .split('>')
                .nth(1)
                .unwrap_or("")
                .trim_end_matches("</word")
                .to_string();
            words.push(WordBox {
                page,
                x0: attr(rest, "xMin"),
                y0: attr(rest, "yMin"),
                x1: attr(rest, "xMax"),
                y1: attr(rest, "yMax"),
                word,
            });
        }
    }
    pages
}

#[test]
fn text_stays_inside_the_margins_and_never_overlaps() {
    let g = Geometry::A4;
    for example in EXAMPLES {
        let pdf = pdf_of(example);
        let words = word_boxes(&pdf);
        let pages: Vec<usize> = words
            .iter()
            .map(|w| w.page)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(
            pages,
            (1..=pdf_page_count(&pdf)).collect::<Vec<_>>(),
            "{example}: words on every page"
        );
        for c in selection_of(example)["clauses"].as_array().unwrap() {
            let tag = format!("[{}", c["id"].as_str().unwrap());
            assert!(
                words.iter().any(|w| w.word == tag),
                "{example}: no word `{tag}` among those extracted"
            );
        }
        for w in &words {
            assert!(
                w.x0 >= g.left - 0.5 && w.x1 <= g.width - g.right + 0.5,
                "{example} page {}: `{}` runs past a margin ({}..{})",
                w.page,
                w.word,
                w.x0,
                w.x1
            );
        }
        let mut by_page: BTreeMap<usize, Vec<&WordBox>> = BTreeMap::new();
        for w in &words {
            by_page.entry(w.page).or_default().push(w);
        }
        for (page, mut ws) in by_page {
            ws.sort_by(|a, b| a.y0.total_cmp(&b.y0));
            for (i, a) in ws.iter().enumerate() {
                for b in &ws[i + 1..] {
                    if b.y0 >= a.y1 - 0.5 {
                        break;
                    }
                    let overlap_x = a.x1.min(b.x1) - a.x0.max(b.x0);
                    let overlap_y = a.y1.min(b.y1) - a.y0.max(b.y0);
                    assert!(
                        overlap_x <= 0.5 || overlap_y <= 0.5,
                        "{example} page {page}: `{}` overlaps `{}`",
                        a.word,
                        b.word
                    );
                }
            }
        }
    }
}

#[test]
fn a_character_the_font_cannot_draw_is_an_error_naming_the_clause() {
    let src = std::fs::read_to_string(example("city-centre-cctv")).unwrap();
    let bad = src.replace(
        "without a second operator console.",
        "without a second operator console \u{2713}.",
    );
    assert_ne!(bad, src, "the example changed; update this test");
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("bad.toml");
    std::fs::write(&profile, bad).unwrap();
    let out_dir = dir.path().join("out");
    let out = run(&[
        "generate",
        profile.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--format",
        "pdf,md",
    ]);
    let stderr = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("U+2713") && stderr.contains("clause ECC-01, field `text`"),
        "{stderr}"
    );
    assert!(
        !out_dir.join("security-requirements.md").exists(),
        "a failed run must write nothing"
    );
}

// ---- The layout units, with random text -------------------------------------------------------

/// Words of Latin-1 letters, digits and punctuation, some very long, some hyphenated or
/// slashed like URLs, separated by spaces and the odd newline.
fn random_text(parts: usize) -> impl Strategy<Value = String> {
    let letter = prop_oneof![
        prop::char::range('a', 'z'),
        prop::char::range('A', 'Z'),
        prop::sample::select(
            ('\u{c0}'..='\u{ff}')
                .filter(|c| c.is_alphabetic())
                .collect::<Vec<char>>()
        ),
        prop::char::range('0', '9'),
        prop::sample::select(vec![
            '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '\'', '"', '&', '%', '-', '/', '@',
            '\u{2013}', '\u{2014}', '\u{201c}', '\u{201d}', '\u{a3}', '\u{a0}'
        ]),
    ];
    let word =
        prop::collection::vec(letter, 1..70).prop_map(|cs| cs.into_iter().collect::<String>());
    let gap = prop::sample::select(vec![" ", " ", " ", "  ", "\n", " - ", "/"]);
    prop::collection::vec((word, gap), 1..parts)
        .prop_map(|parts| parts.into_iter().map(|(w, g)| format!("{w}{g}")).collect())
}

fn random_style() -> impl Strategy<Value = TextStyle> {
    (prop::sample::select(Face::ALL.to_vec()), 6.0f32..20.0).prop_map(|(face, size)| TextStyle {
        face,
        size,
        color: INK,
    })
}

/// The default ChaCha generator dominates the run time of a debug build; XorShift is plenty here.
fn fast_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_algorithm: prop::test_runner::RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    }
}

fn visible(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(fast_config(256))]

    #[test]
    fn line_breaker_never_exceeds_the_box_or_loses_text(
        runs in prop::collection::vec((random_text(40), random_style()), 1..4),
        width in 30.0f32..470.0,
    ) {
        let fonts = FontSet::shipped();
        let runs: Vec<Run> = runs.into_iter().map(|(t, s)| Run::new(t, s)).collect();
        let lines = break_lines(fonts, &runs, width);
        for line in &lines {
            prop_assert!(line.width <= width + 0.01, "line `{}` is {} wide in a {} box", line.text(), line.width, width);
            let measured: f32 = line.segments.iter().map(|s| fonts.width(s.style.face, s.style.size, &s.text)).sum();
            prop_assert!((measured - line.width).abs() < 0.01);
        }
        let input: String = runs.iter().map(|r| visible(&r.text)).collect();
        let output: String = lines.iter().map(|l| visible(&l.text())).collect();
        prop_assert_eq!(output, input);
    }

    #[test]
    fn paragraph_text_is_drawn_inside_its_column(
        text in random_text(40),
        style in random_style(),
        left in 40.0f32..120.0,
        width in 40.0f32..350.0,
    ) {
        let fonts = FontSet::shipped();
        let mut ts = Typesetter::new(fonts);
        let frames = para_frames(&mut ts, ParaSpec {
            runs: vec![Run::new(text, style)],
            left,
            width,
            leading: style.size * 1.4,
            label: Some((vec![Run::new("4.2.10", style)], 0.0)),
            origin: "test",
            newline_gap: 0.0,
            node: Node::ARTIFACT,
            label_node: Node::ARTIFACT,
        });
        prop_assert!(ts.missing().is_empty());
        for f in &frames {
            for d in &f.draws {
                if let Draw::Text { x, text, style, .. } = d {
                    // A wrapped line's last word carries the space the break replaced,
                    // which draws no ink: the column holds the ink.
                    let right = x + fonts.width(style.face, style.size, text.trim_end());
                    if *x >= left - 0.01 {
                        prop_assert!(right <= left + width + 0.01, "`{}` ends at {} past {}", text, right, left + width);
                    } else {
                        prop_assert!(right <= left, "label `{}` runs into the text", text);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(fast_config(24))]

    #[test]
    fn table_cells_stay_in_their_columns_across_pages(
        rows in prop::collection::vec(prop::collection::vec(random_text(12), 3), 1..30),
        weights in prop::collection::vec(1u16..60, 3),
    ) {
        let fonts = FontSet::shipped();
        let mut ts = Typesetter::new(fonts);
        let g = Geometry::A4;
        let look = TableLook::DATA;
        let table = layout_table(&mut ts, &mut StructTree::new(0), None, TableSpec {
            caption: Some("Random table".to_string()),
            columns: weights.iter().enumerate().map(|(i, w)| ColumnSpec { title: format!("Column {i}"), weight: f32::from(*w) }).collect(),
            rows: rows.into_iter().map(|cells| RowSpec {
                cells: cells.into_iter().map(|c| vec![Run::new(c, look.body.style)]).collect(),
                emphasis: false,
            }).collect(),
            look,
            x: 0.0,
            width: g.content_width(),
            origin: "test",
        });
        let mut p = Paginator::new(g);
        p.run(&[Block::table(table)]);
        let (pages, _) = p.finish();
        for page in &pages {
            for d in &page.draws {
                if let Draw::Text { x, baseline, text, style, .. } = d {
                    let right = x + fonts.width(style.face, style.size, text);
                    prop_assert!(*x >= g.left - 0.01 && right <= g.width - g.right + 0.01, "`{}` escapes the text block", text);
                    prop_assert!(*baseline <= g.height - g.bottom + 0.01, "`{}` is below the text block", text);
                }
            }
        }
    }
}

/// The content lines of each page as `pdftotext -bbox` places them: words between the running
/// header and footer, grouped by baseline, top to bottom; each line as (its bottom y, words).
fn content_lines(pdf: &Path) -> Vec<Vec<(f32, Vec<String>)>> {
    let mut pages = Vec::new();
    for page in word_boxes_by_page(pdf) {
        let mut words: Vec<(f32, f32, String)> = page
            .into_iter()
            .map(|w| (w.y1, w.x0, w.word))
            // Below the running header (ends near 50 pt), above the footer (starts near 795 pt).
            .filter(|(y, _, _)| *y > 60.0 && *y < 785.0)
            .collect();
        words.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lines: Vec<(f32, Vec<(f32, String)>)> = Vec::new();
        for (y, x, text) in words {
            match lines.last_mut() {
                Some((ly, ws)) if (y - *ly).abs() < 2.5 => ws.push((x, text)),
                _ => lines.push((y, vec![(x, text)])),
            }
        }
        pages.push(
            lines
                .into_iter()
                .map(|(y, mut ws)| {
                    ws.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (y, ws.into_iter().map(|(_, t)| t).collect())
                })
                .collect(),
        );
    }
    pages
}

fn is_ref(word: &str) -> bool {
    word.split('.').count() >= 2 && word.split('.').all(|p| p.parse::<u32>().is_ok())
}

/// Checks the clause pagination rules on pages of content lines; returns how many pages
/// continue a clause. A clause heading is a line starting with its pack reference whose id
/// line (`[ID vN] … (MUST)`) follows within three lines.
/// - A page a clause breaks onto starts with "4.2.3 (continued)", naming that clause, and the
///   line is the first on the page: from the first clause heading to the last clause's id
///   line, every page starts with a continuation line or a heading (a reference or a number).
/// - A clause's heading and id line are never the last lines of a page: some of its text
///   follows them there.
fn check_clause_breaks(pages: &[Vec<(f32, Vec<String>)>]) -> Result<usize, String> {
    let is_id_line = |ws: &Vec<String>| {
        ws[0].starts_with('[') && ws.iter().any(|w| w == "(MUST)" || w == "(SHOULD)")
    };
    let mut heads = Vec::new(); // (page, line, ref)
    let mut last_id_page = 0;
    for (p, lines) in pages.iter().enumerate() {
        for (i, (_, ws)) in lines.iter().enumerate() {
            if is_id_line(ws) {
                last_id_page = p;
                // The heading's last line is the one before; its first, the nearest line
                // above starting with a reference.
                let head = (i.saturating_sub(3)..i)
                    .rev()
                    .find(|&j| is_ref(&lines[j].1[0]) && lines[j].1.len() > 1)
                    .ok_or(format!("page {}: id line {ws:?} without a heading", p + 1))?;
                heads.push((p, head, lines[head].1[0].clone()));
                if i + 1 >= lines.len() {
                    return Err(format!(
                        "page {}: clause {} heading and id line end the page",
                        p + 1,
                        lines[head].1[0]
                    ));
                }
            }
        }
    }
    let Some(&(first_page, _, _)) = heads.first() else {
        return Err("no clause headings found".into());
    };
    let mut continued = 0;
    for (p, lines) in pages.iter().enumerate() {
        for (i, (_, ws)) in lines.iter().enumerate() {
            if ws.len() == 2 && ws[1] == "(continued)" && is_ref(&ws[0]) {
                if i != 0 {
                    return Err(format!("page {}: {ws:?} is not the first line", p + 1));
                }
                let open = heads
                    .iter()
                    .rev()
                    .find(|(hp, _, _)| *hp < p)
                    .map(|(_, _, r)| r.as_str());
                if open != Some(ws[0].as_str()) {
                    return Err(format!(
                        "page {}: {} (continued) follows clause {open:?}",
                        p + 1,
                        ws[0]
                    ));
                }
                continued += 1;
            }
        }
        if p > first_page && p <= last_id_page {
            // A clause's badge sits a little above its title's baseline and may read as a
            // line of its own; it belongs to the heading beside it.
            let badge = |ws: &Vec<String>| ws.len() == 1 && (ws[0] == "MUST" || ws[0] == "SHOULD");
            let first = lines
                .iter()
                .find(|(_, ws)| !badge(ws))
                .map(|(_, ws)| ws[0].as_str())
                .unwrap_or("");
            let heading =
                first.split('.').all(|n| n.parse::<u32>().is_ok()) || first.starts_with("Annex");
            if !heading {
                return Err(format!(
                    "page {}: a clause goes on without '(continued)': {:?}",
                    p + 1,
                    lines.first()
                ));
            }
        }
    }
    Ok(continued)
}

/// No page is left more than half empty except before a chapter or annex (which starts a
/// page): a break that leaves a gap is a keep rule asking too much.
fn check_page_fill(pages: &[Vec<(f32, Vec<String>)>]) -> Result<(), String> {
    let g = Geometry::A4;
    let half = g.top + g.content_height() / 2.0;
    for (p, w) in pages.windows(2).enumerate() {
        let (Some((bottom, _)), Some((_, next))) = (w[0].last(), w[1].first()) else {
            continue;
        };
        let chapter = next[0].parse::<u32>().is_ok() || next[0] == "Annex";
        if *bottom < half && !chapter {
            return Err(format!(
                "page {} ends at {bottom:.0} pt, and page {} goes on with {next:?}",
                p + 1,
                p + 2
            ));
        }
    }
    Ok(())
}

/// A list never starts without its label: a clause's "Evidence" or "Strong answer" label
/// shares its line with the first item's bullet, and no bullet ends a line (or a page)
/// without the start of its item beside it.
fn check_list_labels(pages: &[Vec<(f32, Vec<String>)>]) -> Result<usize, String> {
    let mut labelled = 0;
    for (p, lines) in pages.iter().enumerate() {
        for (_, ws) in lines {
            let label = match ws.first().map(String::as_str) {
                Some("Evidence") => 1,
                Some("Strong") if ws.get(1).is_some_and(|w| w == "answer") => 2,
                _ => 0,
            };
            if label > 0 {
                if ws.get(label).map(String::as_str) != Some("\u{2022}") {
                    return Err(format!(
                        "page {}: a label without its first item: {ws:?}",
                        p + 1
                    ));
                }
                labelled += 1;
            }
            if ws.last().map(String::as_str) == Some("\u{2022}") {
                return Err(format!("page {}: a bullet without its item: {ws:?}", p + 1));
            }
        }
    }
    Ok(labelled)
}

#[test]
fn lists_never_start_without_their_label() {
    let dir = generate_temp(&example("all-technologies"), "pdf");
    let pages = content_lines(&dir.path().join("security-requirements.pdf"));
    let labelled = check_list_labels(&pages).unwrap();
    assert!(labelled > 200, "only {labelled} labelled lists");
    // The check can fail.
    let line = |ws: &[&str]| vec![(62.0, ws.iter().map(|w| w.to_string()).collect::<Vec<_>>())];
    assert!(check_list_labels(&[line(&["Evidence"])]).is_err());
    assert!(check_list_labels(&[line(&["Strong", "answer"])]).is_err());
    assert!(check_list_labels(&[line(&["Some", "text", "\u{2022}"])]).is_err());
    assert_eq!(
        check_list_labels(&[line(&["Evidence", "\u{2022}", "Item"])]),
        Ok(1)
    );
}

/// Full lines of running text (not the last line of a paragraph), as characters: lines that
/// start at the text indent and are followed by another that does.
pub(crate) fn running_line_lengths(pdf: &Path) -> Vec<usize> {
    running_lines_at(
        pdf,
        Geometry::A4.left + tenderguard::render::pdf::style::TEXT_INDENT,
    )
}

/// Full lines of running text that start `x` points from the page's left edge.
pub(crate) fn running_lines_at(pdf: &Path, indent: f32) -> Vec<usize> {
    let mut lengths = Vec::new();
    for page in word_boxes_by_page(pdf) {
        let mut lines: Vec<(f32, f32, Vec<String>)> = Vec::new(); // (y, first x, words)
        for w in page {
            match lines.last_mut() {
                Some((ly, _, ws)) if (w.y1 - *ly).abs() < 2.5 => ws.push(w.word),
                _ => lines.push((w.y1, w.x0, vec![w.word])),
            }
        }
        for w in lines.windows(2) {
            let at_indent = |x: f32| (x - indent).abs() < 1.0;
            let (a, b) = (&w[0], &w[1]);
            if at_indent(a.1) && at_indent(b.1) && b.0 - a.0 < 20.0 && !a.2[0].starts_with('[') {
                lengths.push(a.2.join(" ").chars().count());
            }
        }
    }
    lengths
}

/// Body text keeps a readable measure, about 70–85 characters a line (the shared design's
/// type size and text indent; `render::design`).
#[test]
fn body_lines_are_a_readable_length() {
    let mut lengths = running_line_lengths(&pdf_of("city-centre-cctv"));
    assert!(lengths.len() > 500, "only {} lines measured", lengths.len());
    lengths.sort_unstable();
    let median = lengths[lengths.len() / 2];
    let high = lengths[lengths.len() * 9 / 10];
    assert!(
        (70..=85).contains(&median) && high <= 92,
        "median {median} characters a line, 90th percentile {high}"
    );
}

#[test]
fn a_clause_broken_by_a_page_says_continued_and_never_leaves_its_heading_behind() {
    let dir = generate_temp(&example("all-technologies"), "pdf");
    let pages = content_lines(&dir.path().join("security-requirements.pdf"));
    let continued = check_clause_breaks(&pages).unwrap();
    assert!(continued > 20, "only {continued} continued clauses");
    check_page_fill(&pages).unwrap();

    // The checks can fail: a continuation line naming the wrong clause, a page going on
    // without one, a heading left at the foot of a page.
    let line = |ws: &[&str]| (62.0, ws.iter().map(|w| w.to_string()).collect::<Vec<_>>());
    let head = vec![
        line(&["4.2.4", "Title"]),
        line(&["[DES-001", "v2]", "Contract", "requirement", "(MUST)"]),
        line(&["The", "Supplier", "MUST"]),
    ];
    let wrong = vec![head.clone(), vec![line(&["4.2.3", "(continued)"])]];
    assert!(check_clause_breaks(&wrong).is_err());
    let missing = vec![head.clone(), vec![line(&["Evidence", "•"])], head.clone()];
    assert!(check_clause_breaks(&missing).is_err());
    let stranded = vec![head[..2].to_vec(), head.clone()];
    assert!(check_clause_breaks(&stranded).is_err());
    let good = vec![head.clone(), vec![line(&["4.2.4", "(continued)"])], head];
    assert_eq!(check_clause_breaks(&good), Ok(1));
    // A page ending near its top, followed by more of the same chapter, fails the fill rule;
    // followed by a chapter heading it does not.
    let short = vec![line(&["The", "Supplier"])];
    let gap = vec![short.clone(), vec![line(&["4.2.5", "Title"])]];
    assert!(check_page_fill(&gap).is_err());
    let chapter_next = vec![short, vec![line(&["5", "Award", "criteria"])]];
    assert_eq!(check_page_fill(&chapter_next), Ok(()));
}

/// Rows of a table (their first cell reads "Row k") on each page of a laid-out flow, and
/// whether the page shows the header row.
fn table_rows_per_page(
    pages: &[tenderguard::render::pdf::layout::pagination::Page],
) -> Vec<(usize, bool)> {
    pages
        .iter()
        .map(|page| {
            let mut rows = BTreeSet::new();
            let mut header = false;
            for d in &page.draws {
                if let Draw::Text { text, .. } = d {
                    if let Some(k) = text.strip_prefix("Row ") {
                        rows.insert(k.to_string());
                    }
                    header |= text == "Column 0";
                }
            }
            (rows.len(), header)
        })
        .collect()
}

#[test]
fn a_table_keeps_two_rows_on_each_side_of_a_break_and_repeats_its_header() {
    use tenderguard::render::pdf::layout::{Frame, Stack};
    let fonts = FontSet::shipped();
    let g = Geometry::A4;
    let look = TableLook::DATA;
    let mut breaks = 0;
    // The table starts lower and lower on the first page, so that the break falls after
    // each of its rows in turn.
    for above in (0..(g.content_height() as usize)).step_by(6) {
        let mut ts = Typesetter::new(fonts);
        let table = layout_table(
            &mut ts,
            &mut StructTree::new(0),
            None,
            TableSpec {
                caption: Some("Rows".to_string()),
                columns: (0..2)
                    .map(|i| ColumnSpec {
                        title: format!("Column {i}"),
                        weight: 1.0,
                    })
                    .collect(),
                rows: (0..12)
                    .map(|k| RowSpec {
                        cells: vec![
                            vec![Run::new(format!("Row {k}"), look.body.style)],
                            vec![Run::new("a short cell".to_string(), look.body.style)],
                        ],
                        emphasis: false,
                    })
                    .collect(),
                look,
                x: 0.0,
                width: g.content_width(),
                origin: "test",
            },
        );
        let mut p = Paginator::new(g);
        let filler = Block::stack(Stack::unbreakable(vec![Frame::spacer(above as f32)]));
        p.run(&[filler, Block::table(table)]);
        let (pages, _) = p.finish();
        let per_page: Vec<(usize, bool)> = table_rows_per_page(&pages)
            .into_iter()
            .filter(|(rows, _)| *rows > 0)
            .collect();
        assert_eq!(per_page.iter().map(|r| r.0).sum::<usize>(), 12);
        if per_page.len() > 1 {
            breaks += 1;
        }
        for (rows, header) in &per_page {
            assert!(
                *rows >= 2,
                "{above} pt above: a page holds {rows} row(s): {per_page:?}"
            );
            assert!(
                *header,
                "{above} pt above: a page without the header: {per_page:?}"
            );
        }
    }
    assert!(
        breaks > 10,
        "the table broke over pages only {breaks} times"
    );
}

/// The rationale of stress clause `k`: clause 3's is long enough that its row in Annex B's
/// rationale table is taller than a page, so the table must split a row.
fn rationale(k: usize) -> String {
    if k < 3 {
        return "A long clause to test page breaks.".to_string();
    }
    (1..=60)
        .map(|i| format!("Reason {i}: a change nobody recorded cannot be reviewed, reversed or explained to an auditor afterwards."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The all-technologies profile with three of the Council's own clauses whose text runs to
/// one, two and three pages, with 9, 19 and 29 evidence items (long rows in the evidence
/// checklist and response matrix), the last with a rationale longer than a page (a row of
/// Annex B taller than a page).
fn stress_profile(dir: &Path) -> PathBuf {
    let base = std::fs::read_to_string(example("all-technologies")).unwrap();
    let sentence = "The Supplier MUST keep a written record of every change to the security \
        configuration of each component of the Solution, naming who made the change, when, why \
        and how it was tested before it reached the live Solution. ";
    let mut clauses = String::new();
    for k in 1..=3 {
        let text = vec![sentence.repeat(3); 6 * k].join("\n\n");
        let evidence: Vec<String> = (1..10 * k)
            .map(|i| {
                format!("  {{ item = \"Change record extract {i} with the change, its approver and its test result\", due = \"in-life\" }},")
            })
            .collect();
        clauses.push_str(&format!(
            "\n[[clause]]\nid = \"STR-0{k}\"\nsection = \"manage\"\ntitle = \"Stress clause {k}\"\n\
             text = \"\"\"{text}\"\"\"\nobligation = \"must\"\nevidence = [\n{}\n]\n\
             rationale = \"{}\"\n",
            evidence.join("\n"),
            rationale(k)
        ));
    }
    let at = base.find("[output]").unwrap_or(base.len());
    let profile = dir.join("stress.toml");
    std::fs::write(
        &profile,
        format!("{}{clauses}\n{}", &base[..at], &base[at..]),
    )
    .unwrap();
    profile
}

#[test]
fn a_stress_pack_of_page_long_clauses_follows_the_same_break_rules() {
    let dir = tempfile::tempdir().unwrap();
    let profile = stress_profile(dir.path());
    generate(&profile, dir.path(), "pdf");
    let pdf = dir.path().join("security-requirements.pdf");
    let pages = content_lines(&pdf);
    check_clause_breaks(&pages).unwrap();
    check_page_fill(&pages).unwrap();
    check_list_labels(&pages).unwrap();

    // The Annex B row taller than a page is split, not cut: every reason is printed, in
    // order, and each page it runs onto repeats the table's header.
    let text = squeeze(&body_text(&pdf));
    let mut from = 0;
    for i in 1..=60 {
        let reason = squeeze(&format!("Reason {i}:"));
        let at = text[from..]
            .find(&reason)
            .unwrap_or_else(|| panic!("reason {i} of the long rationale is missing"));
        from += at + reason.len();
    }
    let has = |p: &Vec<(f32, Vec<String>)>, what: &str| {
        p.iter().any(|(_, ws)| ws.join(" ").contains(what))
    };
    let long_row_pages: Vec<&Vec<(f32, Vec<String>)>> = pages
        .iter()
        .filter(|p| has(p, "Reason") && !has(p, "Reason 1:"))
        .collect();
    assert!(
        !long_row_pages.is_empty(),
        "the long row did not run onto another page"
    );
    for page in long_row_pages {
        assert!(
            page.iter()
                .take(3)
                .any(|(_, ws)| ws.join(" ").contains("(continued)")),
            "a page of the split row without the table's continued caption: {:?}",
            page.first()
        );
    }
    // The three-page clause is continued on at least two pages in a row, each time by name.
    let heads: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, lines)| {
            lines
                .iter()
                .any(|(_, ws)| ws.join(" ").contains("Stress clause 3"))
        })
        .map(|(p, _)| p)
        .collect();
    let start = heads[0];
    let number = pages[start]
        .iter()
        .find(|(_, ws)| ws.join(" ").contains("Stress clause 3"))
        .map(|(_, ws)| ws[0].clone())
        .unwrap();
    for (p, page) in pages.iter().enumerate().skip(start + 1).take(2) {
        assert_eq!(
            page.first().map(|(_, ws)| ws.join(" ")),
            Some(format!("{number} (continued)")),
            "page {}",
            p + 1
        );
    }
}
