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

// ---------------------------------------------------------------------------------------------
// CSV in LibreOffice Calc

/// Converts `input` with LibreOffice headless (a private user profile, so that concurrent runs
/// cannot collide) and returns the converted file. `infilter` is the import filter with its
/// options, or `None` for LibreOffice's defaults.
fn soffice_convert(input: &Path, infilter: Option<&str>, to: &str, outdir: &Path) -> PathBuf {
    require_tool("soffice");
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.path().display()
    ))
    .args(["--headless", "--norestore"]);
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    cmd.args(["--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(input);
    run(&mut cmd, "soffice --convert-to");
    let ext = to.split(':').next().unwrap();
    let out = outdir.join(input.with_extension(ext).file_name().unwrap());
    assert!(
        std::fs::metadata(&out).is_ok_and(|m| m.len() > 0),
        "LibreOffice wrote no {}",
        out.display()
    );
    out
}

/// A spreadsheet cell as the text a person reads: numbers without a trailing `.0`, dates as
/// their serial (so that a value turned into a date shows up as changed).
fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string().to_uppercase(),
        Data::DateTime(dt) => format!("<date {}>", dt.as_f64()),
        other => format!("<{other:?}>"),
    }
}

/// The first sheet of a workbook as rows of (text, was it a number).
fn sheet_cells(xlsx: &Path, sheet: Option<&str>) -> Vec<Vec<(String, bool)>> {
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
    let name = match sheet {
        Some(s) => s.to_string(),
        None => wb.sheet_names()[0].clone(),
    };
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| (cell_text(c), matches!(c, Data::Float(_) | Data::Int(_))))
                .collect()
        })
        .collect()
}

/// The CSV's rows as written (the byte-order mark dropped).
fn csv_cells(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.replace("\r\n", "\n")).collect())
        .collect()
}

/// The cells whose value changed on import, as `C227: 6.10 → 6.1`.
fn changed_cells(
    written: &[Vec<String>],
    read: &[Vec<(String, bool)>],
    keep: impl Fn(usize, usize, &str) -> bool,
) -> Vec<String> {
    let mut changed = Vec::new();
    for (r, row) in written.iter().enumerate() {
        for (c, want) in row.iter().enumerate() {
            if !keep(r, c, want) {
                continue;
            }
            let got = read
                .get(r)
                .and_then(|row| row.get(c))
                .map_or("", |(t, _)| t.as_str());
            if got != want {
                changed.push(format!(
                    "row {} column {}: `{want}` → `{got}`",
                    r + 1,
                    c + 1
                ));
            }
        }
    }
    changed
}

#[test]
fn csv_opened_in_libreoffice_as_utf8_with_default_settings_reads_back_unchanged() {
    // Comma, double quote and UTF-8 (what Excel takes from the byte-order mark and LibreOffice's
    // import dialog offers on a UTF-8 system); number, date and formula detection as default.
    for (profile, name) in [
        (example("all-technologies"), "csv-all"),
        (special_characters(), "csv-special"),
    ] {
        let dir = work_dir(name);
        generate(&profile, &dir, "csv");
        let csv = dir.join("response-matrix.csv");
        let xlsx = soffice_convert(&csv, Some("CSV:44,34,76"), "xlsx", &dir);
        let written = csv_cells(&csv);
        let read = sheet_cells(&xlsx, None);
        assert_eq!(read.len(), written.len(), "{name}: rows");
        let changed = changed_cells(&written, &read, |_, _, _| true);
        assert!(changed.is_empty(), "{name}: {changed:#?}");
        let refs: Vec<&str> = written[1..].iter().map(|r| r[2].as_str()).collect();
        assert!(refs.iter().any(|r| r.ends_with(".10")), "{name}: {refs:?}");
    }
}

#[test]
fn csv_opened_in_libreoffice_with_no_import_options_keeps_pack_refs_as_distinct_text() {
    // With no options at all, LibreOffice 7.4 headless decodes the file as Windows-1252 and
    // ignores the byte-order mark, so non-ASCII characters (the BOM itself, `§`) come out as
    // mojibake. Every ASCII cell must still be unchanged, and no pack reference may turn into
    // a number.
    let dir = work_dir("csv-no-options");
    generate(&example("all-technologies"), &dir, "csv");
    let csv = dir.join("response-matrix.csv");
    let xlsx = soffice_convert(&csv, None, "xlsx", &dir);
    let written = csv_cells(&csv);
    let read = sheet_cells(&xlsx, None);
    let changed = changed_cells(&written, &read, |r, c, want| {
        (r, c) != (0, 0) && want.is_ascii()
    });
    assert!(changed.is_empty(), "{changed:#?}");
    let pack_ref = written[0].iter().position(|h| h == "Pack ref").unwrap();
    let refs: Vec<&(String, bool)> = read[1..].iter().map(|r| &r[pack_ref]).collect();
    assert!(
        refs.iter().all(|(_, number)| !number),
        "a pack ref became a number"
    );
    let mut distinct: Vec<&str> = refs.iter().map(|(t, _)| t.as_str()).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), refs.len(), "two pack refs read the same");
}
