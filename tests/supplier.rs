//! The supplier's side, checked with the tools a supplier's bid manager uses: the HTML pack in
//! Chromium at desktop and phone width and printed to PDF, the response matrix CSV imported by
//! LibreOffice Calc with its default settings, and the XLSX read back with calamine and opened
//! by LibreOffice Calc. Helpers are kept in this file so that it stands alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tenderguard")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    root().join("examples").join(format!("{name}.toml"))
}

fn special_characters() -> PathBuf {
    root().join("tests/fixtures/special-characters.toml")
}

/// A fresh directory for one test's files.
fn work_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("supplier-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Panics with a clear message when an external tool is missing (CI installs them).
fn require_tool(name: &str) {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|p| p.join(name).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "`{name}` is not installed; run scripts/install-test-deps"
    );
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        o.status.success(),
        "{what} failed ({}):\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// `tenderguard generate PROFILE -o OUT --format FORMATS`.
fn generate(profile: &Path, out: &Path, formats: &str) {
    run(
        Command::new(bin())
            .arg("generate")
            .arg(profile)
            .arg("-o")
            .arg(out)
            .arg("--format")
            .arg(formats),
        "tenderguard generate",
    );
}

/// The text of each page of a PDF, as pdftotext extracts it.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    require_tool("pdftotext");
    let text = run(Command::new("pdftotext").arg(pdf).arg("-"), "pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// HTML in Chromium

/// One page as Chromium showed it: the report of tests/js/check-html.js, the printed PDF and
/// the screenshots.
struct Viewed {
    dir: PathBuf,
    /// The protective marking the profile sets.
    marking: &'static str,
    html: String,
    selection: Value,
    report: Value,
    pdf: PathBuf,
}

/// Generates the HTML for `profile` and has Chromium audit it (axe), measure it at 1280 and
/// 390 px, screenshot it and print it to PDF.
fn view_html(profile: &Path, name: &str, marking: &'static str) -> Viewed {
    require_tool("node");
    require_tool("chromium");
    let dir = work_dir(name);
    generate(profile, &dir, "html,json");
    let html = dir.join("security-requirements.html");
    let pdf = dir.join("printed.pdf");
    let shots = dir.join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let o = run(
        Command::new("node")
            .arg(root().join("tests/js/check-html.js"))
            .arg(&html)
            .args(["--chromium", "chromium", "--pdf"])
            .arg(&pdf)
            .arg("--screenshots")
            .arg(&shots)
            .args(["main-content", "annex-a"]),
        "the browser check",
    );
    Viewed {
        html: std::fs::read_to_string(&html).unwrap(),
        selection: serde_json::from_slice(&std::fs::read(dir.join("selection.json")).unwrap())
            .unwrap(),
        report: serde_json::from_slice(&o.stdout).expect("the browser check prints JSON"),
        dir,
        marking,
        pdf,
    }
}

/// The largest pack (every technology) and the special-characters fixture, viewed once.
fn viewed() -> &'static [Viewed] {
    static ALL: OnceLock<Vec<Viewed>> = OnceLock::new();
    ALL.get_or_init(|| {
        std::thread::scope(|s| {
            let all = s.spawn(|| {
                view_html(
                    &example("all-technologies"),
                    "html-all",
                    "OFFICIAL-SENSITIVE",
                )
            });
            let special = s.spawn(|| {
                view_html(
                    &special_characters(),
                    "html-special",
                    "OFFICIAL-SENSITIVE & <COMMERCIAL>",
                )
            });
            vec![all.join().unwrap(), special.join().unwrap()]
        })
    })
}

#[test]
fn html_is_as_wide_as_the_screen_at_1280_and_390_px_and_nothing_is_cut_off() {
    for v in viewed() {
        let widths = v.report["widths"].as_array().unwrap();
        assert_eq!(widths.len(), 2);
        for w in widths {
            let at = &w["viewport"];
            assert_eq!(
                w["scrollWidth"],
                w["clientWidth"],
                "{}: at {at} px the document is wider than the viewport: {w}",
                v.dir.display()
            );
            assert_eq!(
                w["cutOff"].as_array().unwrap().len(),
                0,
                "{}: at {at} px these stick out of the page: {}",
                v.dir.display(),
                w["cutOff"]
            );
        }
        for shot in [
            "desktop-main-content",
            "phone-main-content",
            "phone-annex-a",
        ] {
            let png = v.dir.join("screenshots").join(format!("{shot}.png"));
            assert!(
                std::fs::metadata(&png).is_ok_and(|m| m.len() > 1000),
                "no screenshot {}",
                png.display()
            );
        }
    }
}

#[test]
fn html_tables_reflow_into_cards_on_a_phone_and_scroll_in_labelled_regions_otherwise() {
    for v in viewed() {
        let widths = v.report["widths"].as_array().unwrap();
        let (desktop, phone) = (&widths[0], &widths[1]);
        assert_eq!(desktop["viewport"], 1280);
        assert_eq!(desktop["tableDisplay"], "table");
        assert_eq!(phone["viewport"], 390);
        assert_eq!(
            phone["tableDisplay"], "block",
            "tables are cards on a phone"
        );
        assert_eq!(
            phone["scrollRegions"].as_array().unwrap().len(),
            0,
            "nothing needs sideways scrolling on a phone: {}",
            phone["scrollRegions"]
        );
        for region in desktop["scrollRegions"].as_array().unwrap() {
            assert_eq!(region["role"], "region", "{region}");
            assert_eq!(region["focusable"], true, "{region}");
            assert!(region["label"].as_str().is_some_and(|l| !l.is_empty()));
        }
        // Every data cell carries its column title for the card layout.
        let cells = v.html.matches("role=\"cell\"").count();
        let labelled = v.html.matches("role=\"cell\" data-label=\"").count();
        assert!(
            cells > 0 && cells == labelled,
            "{cells} cells, {labelled} labelled"
        );
    }
}

#[test]
fn html_clause_titles_stand_out_from_field_labels() {
    for v in viewed() {
        for w in v.report["widths"].as_array().unwrap() {
            let heading = w["clauseHeadingPx"].as_f64().unwrap();
            let label = w["labelPx"].as_f64().unwrap();
            assert!(
                heading >= label * 1.25,
                "at {} px a clause title ({heading} px) is hardly bigger than a label ({label} px)",
                w["viewport"]
            );
        }
    }
}

#[test]
fn html_has_no_accessibility_violations() {
    for v in viewed() {
        assert_eq!(v.report["axeRun"], true);
        let violations = v.report["violations"].as_array().unwrap();
        assert!(
            violations.is_empty(),
            "{}: axe-core reports {violations:#?}",
            v.dir.display()
        );
    }
}

#[test]
fn html_first_screen_states_each_fact_once() {
    for v in viewed() {
        let first = &v.html[..v.html.find("<nav class=\"contents\"").unwrap()];
        let cover = &first[first.find("<h1>").unwrap()..];
        assert_eq!(cover.matches("<dl").count(), 1, "one list of facts");
        assert_eq!(
            cover.matches("<table").count(),
            0,
            "no second table of facts"
        );
        let labels: Vec<&str> = cover
            .split("<dt>")
            .skip(1)
            .map(|s| &s[..s.find("</dt>").unwrap()])
            .collect();
        let mut unique = labels.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            labels.len(),
            "a fact listed twice: {labels:?}"
        );
        assert!(labels.contains(&"Reference") && labels.contains(&"Issue date"));
        assert!(
            !labels.contains(&"Title") && !labels.contains(&"Protective marking"),
            "the heading shows the title and the banner the marking: {labels:?}"
        );
        assert_eq!(
            first.matches("class=\"marking\"").count(),
            1,
            "one marking banner at the top"
        );
    }
}

#[test]
fn html_printed_from_chromium_shows_page_n_of_m_and_the_marking_on_every_page() {
    for v in viewed() {
        let marking = v.marking;
        let pages = pdf_pages(&v.pdf);
        assert!(pages.len() > 3, "{} printed pages", pages.len());
        let total = pages.len();
        for (i, page) in pages.iter().enumerate() {
            let page = squash(page);
            assert!(
                page.contains(&format!("Page {} of {total}", i + 1)),
                "printed page {} has no page number: …{}",
                i + 1,
                &page[page.len().saturating_sub(200)..]
            );
            assert!(
                page.matches(marking).count() >= 2,
                "printed page {} is not marked {marking} at top and bottom",
                i + 1
            );
        }
    }
}

#[test]
fn html_printed_from_chromium_never_ends_a_page_on_a_clause_heading() {
    for v in viewed() {
        let marking = v.marking;
        let headings: Vec<String> = v.selection["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                squash(&format!(
                    "{} [{} v{}] {}",
                    c["pack_ref"].as_str().unwrap(),
                    c["id"].as_str().unwrap(),
                    c["version"],
                    c["title"].as_str().unwrap()
                ))
            })
            .collect();
        for (i, page) in pdf_pages(&v.pdf).iter().enumerate() {
            // The page's own text, without the margin boxes (marking, reference, page number).
            let body: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty()
                        && *l != marking
                        && !l.starts_with("Page ")
                        && !l.contains(" \u{2014} Security requirements")
                })
                .collect();
            let tail = squash(&body[body.len().saturating_sub(4)..].join(" "));
            for h in &headings {
                assert!(
                    !tail.ends_with(h.as_str()),
                    "printed page {} ends with the heading `{h}`, its text is on the next page",
                    i + 1
                );
            }
            assert!(
                !tail.ends_with("(Mandatory)") && !tail.ends_with("(Desirable)"),
                "printed page {} ends on an obligation line: {tail}",
                i + 1
            );
        }
    }
}
