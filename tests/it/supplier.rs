//! The supplier's side, checked with the tools a supplier's bid manager uses: the HTML pack in
//! Chromium at desktop and phone width and printed to PDF, the response matrix CSV imported by
//! LibreOffice Calc with its default settings, and the XLSX read back with calamine and opened
//! by LibreOffice Calc.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers

use crate::support::{
    bin, example, generate, require_tool, root, special_characters_profile, MATRIX_COLUMNS,
};

fn special_characters() -> PathBuf {
    special_characters_profile()
}

/// A fresh directory for one test's files.
fn work_dir(name: &str) -> PathBuf {
    crate::support::work_dir("supplier-tests", name)
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
        assert_eq!(widths.len(), 3);
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
        let (desktop, narrow, phone) = (&widths[0], &widths[1], &widths[2]);
        assert_eq!(desktop["viewport"], 1280);
        assert_eq!(desktop["tableDisplay"], "table");
        // Between a phone and a desktop, a table wider than the page scrolls in its region.
        assert_eq!(narrow["viewport"], 680);
        assert_eq!(narrow["tableDisplay"], "table");
        let regions = narrow["scrollRegions"].as_array().unwrap();
        assert!(!regions.is_empty(), "no table scrolls at 680 px");
        for region in regions {
            assert_eq!(region["role"], "region", "{region}");
            assert_eq!(region["focusable"], true, "{region}");
            assert_eq!(
                region["cue"], true,
                "an edge shadow shows there is more: {region}"
            );
            assert!(region["label"].as_str().is_some_and(|l| !l.is_empty()));
        }
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
    soffice_run(input, infilter, to, outdir);
    let ext = to.split(':').next().unwrap();
    let out = outdir.join(input.with_extension(ext).file_name().unwrap());
    assert!(
        std::fs::metadata(&out).is_ok_and(|m| m.len() > 0),
        "LibreOffice wrote no {}",
        out.display()
    );
    out
}

/// Runs one `soffice --headless --convert-to` (see `soffice_convert`).
fn soffice_run(input: &Path, infilter: Option<&str>, to: &str, outdir: &Path) {
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
        let at = written[0].iter().position(|h| h == "Pack ref").unwrap();
        let refs: Vec<&str> = written[1..].iter().map(|r| r[at].as_str()).collect();
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

// ---------------------------------------------------------------------------------------------
// XLSX: read back with calamine, opened by LibreOffice Calc

/// A column's index in the issued matrix.
fn column(title: &str) -> usize {
    MATRIX_COLUMNS.iter().position(|c| *c == title).unwrap()
}

/// A column's letter in the Matrix sheet.
fn letter(title: &str) -> char {
    (b'A' + column(title) as u8) as char
}

/// The text of one part of a zip package.
fn zip_text(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(part)
        .unwrap_or_else(|_| panic!("{} has no {part}", path.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The pack's matrix (CSV and XLSX) and selection.json for `profile`, generated once per name.
fn issued(profile: &Path, name: &str) -> (PathBuf, Value) {
    let dir = work_dir(name);
    generate(profile, &dir, "csv,xlsx,json");
    let selection = serde_json::from_slice(&std::fs::read(dir.join("selection.json")).unwrap())
        .expect("selection.json");
    (dir, selection)
}

fn clauses(selection: &Value) -> &Vec<Value> {
    selection["clauses"].as_array().unwrap()
}

#[test]
fn xlsx_matrix_has_the_answer_beside_the_frozen_question_and_the_rest_after() {
    use calamine::Reader;
    let (dir, selection) = issued(&example("all-technologies"), "xlsx-layout");
    let xlsx = dir.join("response-matrix.xlsx");
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Instructions", "Matrix", "Award answers"]
    );
    let rows = sheet_cells(&xlsx, Some("Matrix"));
    let header: Vec<&str> = rows[0].iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(header, MATRIX_COLUMNS, "column order");
    let clauses = clauses(&selection);
    assert_eq!(rows.len(), clauses.len() + 1);
    for (row, c) in rows[1..].iter().zip(clauses) {
        let cell = |title: &str| row[column(title)].0.as_str();
        assert_eq!(cell("Requirement ID"), c["id"]);
        assert_eq!(cell("Pack ref"), c["pack_ref"]);
        assert_eq!(cell("Title"), c["title"], "the title in its own column");
        assert_eq!(cell("Requirement"), c["text"], "the text without the title");
        let items: Vec<String> = c["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let due = match e["due"].as_str().unwrap() {
                    "tender" => "with the tender",
                    "go-live" => "before go-live",
                    _ => "in life",
                };
                format!("\u{2022} {} ({due})", e["item"].as_str().unwrap())
            })
            .collect();
        assert_eq!(
            cell("Evidence required"),
            items.join("\n"),
            "one item a line"
        );
        let kind = cell("Requirement type");
        let want = match c["stage"].as_str().unwrap() {
            "participation" => "Condition of participation",
            "specification" => "Specification requirement",
            "award" => "Award criterion",
            "contract" => "Contract obligation",
            other => panic!("stage {other}"),
        };
        assert_eq!(kind, want);
        assert!(
            cell("Verification stage").starts_with("At ")
                || cell("Verification stage").starts_with("Before ")
                || cell("Verification stage").starts_with("In "),
            "{}",
            cell("Verification stage")
        );
        assert!(row[column("Version")].1, "the version is a number");
    }
    let sheet = zip_text(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains(r#"<pane xSplit="4" ySplit="1" topLeftCell="E2" activePane="bottomRight" state="frozen"/>"#),
        "frozen through the header row and Requirement ID, Pack ref, Title, Obligation"
    );
}

#[test]
fn xlsx_rows_are_tall_enough_for_their_wrapped_text() {
    let (dir, _) = issued(&example("all-technologies"), "xlsx-heights");
    let xlsx = dir.join("response-matrix.xlsx");
    let sheet = zip_text(&xlsx, "xl/worksheets/sheet2.xml");
    let rows = sheet_cells(&xlsx, Some("Matrix"));
    // Column widths as written, in character units.
    let widths: Vec<f64> = sheet
        .split("<col ")
        .skip(1)
        .map(|c| {
            let w = &c[c.find("width=\"").unwrap() + 7..];
            w[..w.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(widths.len(), MATRIX_COLUMNS.len());
    for (i, row) in rows.iter().enumerate() {
        let r = i + 1;
        let start = sheet.find(&format!("<row r=\"{r}\" ")).unwrap();
        let attrs = &sheet[start..start + sheet[start..].find('>').unwrap()];
        let height: f64 = attrs
            .split("ht=\"")
            .nth(1)
            .map_or(15.0, |h| h[..h.find('"').unwrap()].parse().unwrap());
        // A conservative reading of each cell: 1.3 characters per width unit, 15 points a line.
        let needed = row
            .iter()
            .zip(&widths)
            .map(|((text, _), w)| {
                text.split('\n')
                    .map(|p| (p.chars().count() as f64 / (w * 1.3)).ceil().max(1.0))
                    .sum::<f64>()
            })
            .fold(1.0, f64::max)
            * 15.0;
        assert!(
            height >= needed.min(409.0),
            "row {r} is {height} pt high; its text needs about {needed} pt"
        );
    }
}

#[test]
fn xlsx_checks_answers_as_the_supplier_types() {
    let (dir, selection) = issued(&example("all-technologies"), "xlsx-checks");
    let xlsx = dir.join("response-matrix.xlsx");
    let n = clauses(&selection).len() + 1;
    let sheet = zip_text(&xlsx, "xl/worksheets/sheet2.xml");
    let (e, h, i, j) = (
        letter("Compliance"),
        letter("Remediation commitment"),
        letter("Remediation date"),
        letter("Justification"),
    );
    assert!(sheet.contains(&format!(r#"sqref="{e}2:{e}{n}"><formula1>"Full,Partial,Non-compliant,Not applicable"</formula1>"#)), "Compliance drop-down");
    // 2027-02-01, the issue date, as a spreadsheet serial: no remediation date before it.
    assert!(
        sheet.contains(r#"<dataValidation type="date" operator="greaterThanOrEqual" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Not a date""#)
            && sheet.contains(&format!(r#"sqref="{i}2:{i}{n}"><formula1>46419</formula1>"#)),
        "Remediation date validation"
    );
    for (cells, rule) in [
        (
            format!("{h}2:{h}{n}"),
            format!(r#"AND(OR(${e}2="Partial",${e}2="Non-compliant"),LEN(TRIM({h}2))=0)"#),
        ),
        (
            format!("{i}2:{i}{n}"),
            format!(r#"AND(OR(${e}2="Partial",${e}2="Non-compliant"),LEN(TRIM({i}2))=0)"#),
        ),
        (
            format!("{j}2:{j}{n}"),
            format!(r#"AND(${e}2="Not applicable",LEN(TRIM({j}2))=0)"#),
        ),
    ] {
        let at = sheet
            .find(&format!(r#"<conditionalFormatting sqref="{cells}">"#))
            .unwrap_or_else(|| panic!("no conditional format on {cells}"));
        assert!(
            sheet[at..].contains(&format!(
                "<formula>{}</formula>",
                rule.replace('"', "&quot;")
            )) || sheet[at..].contains(&format!("<formula>{rule}</formula>")),
            "{cells}: {rule}"
        );
    }
    let award = zip_text(&xlsx, "xl/worksheets/sheet3.xml");
    let blocks = award.matches("<conditionalFormatting sqref=\"E").count();
    assert_eq!(blocks, 10, "a word-limit flag on each award answer");
    assert!(award.contains("<formula>AND(ISNUMBER($D$2),$F$2&gt;$D$2)</formula>"));

    // LibreOffice Calc reads the same checks.
    let fods = soffice_convert(&xlsx, None, "fods", &dir);
    let fods = std::fs::read_to_string(fods).unwrap();
    assert!(fods.contains("of:cell-content-is-in-list(&quot;Full&quot;;&quot;Partial&quot;;&quot;Non-compliant&quot;;&quot;Not applicable&quot;)"));
    assert!(fods.contains("of:cell-content-is-date() and cell-content()&gt;=46419"));
    for rule in [
        format!("formula-is(AND(OR([.${e}2]=&quot;Partial&quot;;[.${e}2]=&quot;Non-compliant&quot;);LEN(TRIM([.{h}2]))=0))"),
        format!("formula-is(AND(OR([.${e}2]=&quot;Partial&quot;;[.${e}2]=&quot;Non-compliant&quot;);LEN(TRIM([.{i}2]))=0))"),
        format!("formula-is(AND([.${e}2]=&quot;Not applicable&quot;;LEN(TRIM([.{j}2]))=0))"),
        "formula-is(AND(ISNUMBER([.$D$2]);[.$F$2]&gt;[.$D$2]))".to_string(),
    ] {
        assert!(fods.contains(&rule), "LibreOffice has no conditional format {rule}");
    }
}

#[test]
fn xlsx_sheets_are_protected_with_filter_and_sort_allowed_and_input_cells_open() {
    let (dir, selection) = issued(&example("all-technologies"), "xlsx-protection");
    let xlsx = dir.join("response-matrix.xlsx");
    let n = clauses(&selection).len() + 1;
    let sheet = zip_text(&xlsx, "xl/worksheets/sheet2.xml");
    // In OOXML an attribute set to 0 is an action the protection does not stop.
    assert!(
        sheet.contains(r#"<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" sort="0" autoFilter="0"/>"#),
        "{}",
        &sheet[sheet.find("<sheetProtection").unwrap()..][..200]
    );
    assert!(sheet.contains(&format!(r#"<autoFilter ref="A1:P{n}"/>"#)));

    let fods_path = soffice_convert(&xlsx, None, "fods", &dir);
    let fods = std::fs::read_to_string(fods_path).unwrap();
    for name in ["Instructions", "Matrix", "Award answers"] {
        let at = fods
            .find(&format!("<table:table table:name=\"{name}\""))
            .unwrap_or_else(|| panic!("no sheet {name}"));
        let tag = &fods[at..at + fods[at..].find('>').unwrap()];
        assert!(
            tag.contains("table:protected=\"true\""),
            "{name} is protected: {tag}"
        );
    }
    assert!(fods.contains(r#"<loext:table-protection loext:select-protected-cells="true" loext:select-unprotected-cells="true"/>"#));
    // Input cells: Excel's Input colours, unlocked; the requirement's cells stay locked.
    let input_style = fods.split("<style:style ").find(|s| {
        s.contains("fo:background-color=\"#ffcc99\"") && s.contains("style:cell-protect=\"none\"")
    });
    assert!(input_style.is_some(), "an unlocked input style");
    // LibreOffice keeps the protection options when it saves the workbook again.
    let saved_dir = dir.join("saved");
    std::fs::create_dir_all(&saved_dir).unwrap();
    let saved = soffice_convert(&xlsx, None, "xlsx:Calc MS Excel 2007 XML", &saved_dir);
    let again = zip_text(&saved, "xl/worksheets/sheet2.xml");
    assert!(
        again.contains(
            r#"formatColumns="false" formatRows="false" sort="false" autoFilter="false""#
        ),
        "{}",
        &again[again.find("<sheetProtection").unwrap()..][..200]
    );
}

#[test]
fn xlsx_prints_landscape_a4_with_the_answer_and_the_header_row_on_every_page() {
    let (dir, selection) = issued(&example("all-technologies"), "xlsx-print");
    let xlsx = dir.join("response-matrix.xlsx");
    let n = clauses(&selection).len() + 1;
    let sheet = zip_text(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
        "{}",
        &sheet[sheet.find("<pageSetup").unwrap()..][..120]
    );
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    let workbook = zip_text(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains(&format!(
        r#"<definedName name="_xlnm.Print_Area" localSheetId="1">Matrix!$A$1:${}${n}</definedName>"#,
        letter("Evidence reference")
    )));
    assert!(workbook.contains(
        r#"<definedName name="_xlnm.Print_Titles" localSheetId="1">Matrix!$1:$1</definedName>"#
    ));

    // LibreOffice prints it: every Matrix page repeats the header row and is marked and numbered.
    let pdf = soffice_convert(&xlsx, None, "pdf", &dir);
    let pages = pdf_pages(&pdf);
    let matrix: Vec<(usize, String)> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (i, squash(p)))
        .filter(|(_, p)| p.contains("supplier response matrix"))
        .collect();
    assert!(matrix.len() >= 5, "{} Matrix pages", matrix.len());
    for (i, page) in &matrix {
        for title in ["Pack ref", "Title", "Compliance", "Supplier response"] {
            assert!(
                page.contains(title),
                "printed page {} has no `{title}` header",
                i + 1
            );
        }
        assert!(
            !page.contains("Evidence required"),
            "printed page {} shows columns after the print area",
            i + 1
        );
        assert!(
            page.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "page {} marked",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} of {}", i + 1, pages.len())),
            "page {} numbered",
            i + 1
        );
    }
}

#[test]
fn xlsx_award_answers_have_a_cell_big_enough_for_the_word_limit_and_a_live_word_count() {
    let (dir, selection) = issued(&example("all-technologies"), "xlsx-award");
    let xlsx = dir.join("response-matrix.xlsx");
    let awards: Vec<&Value> = clauses(&selection)
        .iter()
        .filter(|c| c["stage"] == "award")
        .collect();
    assert_eq!(awards.len(), 10);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    wb.load_merged_regions().unwrap();
    let merged = wb.merged_regions_by_sheet("Award answers");
    let rows = sheet_cells(&xlsx, Some("Award answers"));
    assert_eq!(
        rows[0].iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        [
            "Requirement ID",
            "Pack ref",
            "Question",
            "Word limit",
            "Supplier response",
            "Words"
        ]
    );
    let sheet = zip_text(&xlsx, "xl/worksheets/sheet3.xml");
    for c in &awards {
        let id = c["id"].as_str().unwrap();
        let r = rows
            .iter()
            .position(|row| row[0].0 == id)
            .expect("a block per criterion");
        let answer = merged
            .iter()
            .map(|(_, _, d)| d)
            .find(|d| d.start == (r as u32, 4))
            .unwrap_or_else(|| panic!("{id}: the answer cell is not merged"));
        let lines = f64::from(answer.end.0 - answer.start.0 + 1);
        let limit = rows[r][3].0.parse::<f64>().unwrap();
        // 90 character units a line at about 1.2 characters each; 6 characters a word.
        let room_words = lines * 90.0 * 1.2 / 6.0;
        assert!(
            room_words >= limit,
            "{id}: room for about {room_words} words, limit {limit}"
        );
        assert!(
            sheet.contains(&format!(r#"<c r="F{}" s="#, r + 1))
                && sheet.contains(&format!(
                    "LEN(TRIM(SUBSTITUTE(SUBSTITUTE(E{},CHAR(13),",
                    r + 1
                )),
            "{id}: a word count beside the answer"
        );
        assert!(
            rows[r][2].0.starts_with(c["title"].as_str().unwrap()),
            "{id}: the question"
        );
    }
    let matrix = zip_text(&xlsx, "xl/worksheets/sheet2.xml");
    assert_eq!(
        matrix.matches("<f>IF('Award answers'!E").count(),
        10,
        "the Matrix shows each award answer"
    );
    let _ = dir;
}

#[test]
fn xlsx_document_properties_carry_the_issue_date_and_no_made_up_date_without_one() {
    let (dir, _) = issued(&example("all-technologies"), "xlsx-dated");
    let core = zip_text(&dir.join("response-matrix.xlsx"), "docProps/core.xml");
    assert!(
        core.contains(
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">2027-02-01T00:00:00Z</dcterms:created>"#
        ),
        "{core}"
    );

    let undated = work_dir("xlsx-undated");
    let profile = undated.join("undated.toml");
    let text = std::fs::read_to_string(example("all-technologies")).unwrap();
    std::fs::write(
        &profile,
        text.lines()
            .filter(|l| !l.starts_with("issue_date"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let (a, b) = (undated.join("a"), undated.join("b"));
    generate(&profile, &a, "xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    generate(&profile, &b, "xlsx");
    let xlsx = a.join("response-matrix.xlsx");
    let core = zip_text(&xlsx, "docProps/core.xml");
    assert!(
        !core.contains("dcterms:created")
            && !core.contains("dcterms:modified")
            && !core.contains("1980"),
        "{core}"
    );
    assert_eq!(
        std::fs::read(&xlsx).unwrap(),
        std::fs::read(b.join("response-matrix.xlsx")).unwrap(),
        "same bytes"
    );
    // LibreOffice still opens it.
    let pdf = soffice_convert(&xlsx, None, "pdf", &undated);
    assert!(pdf_pages(&pdf).len() > 3);
}

// ---------------------------------------------------------------------------------------------
// A filled matrix round-trips through assess

/// A value typed into a cell.
enum Typed {
    Text(String),
    /// A number, as a date typed into a date cell is stored.
    Number(f64),
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The issued workbook with cells filled in as a supplier types them: each edit names a sheet
/// part, a cell (`E5`) that is empty as issued and the value. Formula results are dropped, so
/// that a spreadsheet opening the file computes them, as it does when the supplier types.
fn fill_xlsx(issued: &Path, out: &Path, edits: &[(&str, String, Typed)]) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(issued).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            let mut xml = String::from_utf8(bytes).unwrap();
            for (part, cell, value) in edits.iter().filter(|(p, _, _)| name.ends_with(p)) {
                let open = format!("<c r=\"{cell}\" s=\"");
                let at = xml
                    .find(&open)
                    .unwrap_or_else(|| panic!("{part}: no cell {cell}"));
                let end = at + xml[at..].find("/>").unwrap() + 2;
                let style = &xml[at + open.len()..end - 3];
                assert!(
                    !style.contains('>'),
                    "{part}: {cell} is not empty as issued"
                );
                let filled = match value {
                    Typed::Text(t) => format!(
                        "<c r=\"{cell}\" s=\"{style}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                        xml_escape(t)
                    ),
                    Typed::Number(n) => format!("<c r=\"{cell}\" s=\"{style}\"><v>{n}</v></c>"),
                };
                xml.replace_range(at..end, &filled);
                let _ = part;
            }
            // Drop cached formula results: `</f><v>…</v>` → `</f>`.
            while let Some(at) = xml.find("</f><v>") {
                let end = at + xml[at..].find("</v>").unwrap() + 4;
                xml.replace_range(at + 4..end, "");
            }
            bytes = xml.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zout.start_file(name, options).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
}

/// `tenderguard assess PROFILE RESPONSE --format json`, as JSON.
fn assess(profile: &Path, response: &Path) -> Value {
    let out = response.with_extension("assessment.json");
    let o = Command::new(bin())
        .arg("assess")
        .arg(profile)
        .arg(response)
        .args(["--format", "json", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "assess {} failed: {}",
        response.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap()
}

/// The answers every round trip gives: all Full with a response and evidence, except a Partial
/// with an action and a date, a Partial with an action and no date, a Not applicable with a
/// justification and one without, and award answers of a few words but the first, which is
/// five words over its limit.
struct Plan {
    /// (clause index, column title, value)
    answers: Vec<(usize, &'static str, String)>,
    /// Award answers: (clause index, answer).
    awards: Vec<(usize, String)>,
    partial_dated: usize,
    over_limit: usize,
}

fn plan(selection: &Value) -> Plan {
    let clauses = clauses(selection);
    let award: Vec<usize> = (0..clauses.len())
        .filter(|i| clauses[*i]["stage"] == "award")
        .collect();
    let others: Vec<usize> = (0..clauses.len())
        .filter(|i| clauses[*i]["stage"] != "award")
        .collect();
    let mut answers = Vec::new();
    for i in 0..clauses.len() {
        answers.push((i, "Compliance", "Full".to_string()));
        answers.push((
            i,
            "Evidence reference",
            "Security pack, section 2".to_string(),
        ));
        if !award.contains(&i) {
            answers.push((
                i,
                "Supplier response",
                "Met by the standard configuration.".to_string(),
            ));
        }
    }
    let set =
        |answers: &mut Vec<(usize, &'static str, String)>, i: usize, col: &'static str, v: &str| {
            answers.retain(|(j, c, _)| !(*j == i && *c == col));
            answers.push((i, col, v.to_string()));
        };
    let (partial_dated, partial_undated, na_ok, na_none) =
        (others[3], others[4], others[5], others[6]);
    set(&mut answers, partial_dated, "Compliance", "Partial");
    set(
        &mut answers,
        partial_dated,
        "Remediation commitment",
        "Hardware refresh",
    );
    set(&mut answers, partial_undated, "Compliance", "Partial");
    set(
        &mut answers,
        partial_undated,
        "Remediation commitment",
        "Roadmap item",
    );
    set(&mut answers, na_ok, "Compliance", "Not applicable");
    set(
        &mut answers,
        na_ok,
        "Justification",
        "No wireless interfaces are offered.",
    );
    set(&mut answers, na_none, "Compliance", "Not applicable");
    let limit = clauses[award[0]]["word_limit"].as_u64().unwrap_or(750) as usize;
    let mut awards: Vec<(usize, String)> = award
        .iter()
        .map(|i| {
            (
                *i,
                format!(
                    "Our answer to {} in six words.",
                    clauses[*i]["id"].as_str().unwrap()
                ),
            )
        })
        .collect();
    awards[0].1 = vec!["word"; limit + 5].join(" ");
    Plan {
        answers,
        awards,
        partial_dated,
        over_limit: award[0],
    }
}

/// What assess must report for a response filled as `plan` says.
fn check_assessment(v: &Value, selection: &Value, plan: &Plan, what: &str) {
    let t = &v["totals"];
    let n = clauses(selection).len() as u64;
    for (name, want) in [
        ("issued", n),
        ("rows_read", n),
        ("full", n - 4),
        ("partial", 2),
        ("not_applicable", 2),
        ("no_compliance", 0),
        ("altered", 0),
        ("missing_remediation", 0),
        ("remediation_without_date", 1),
        ("missing_justification", 1),
        ("empty_responses", 0),
        ("missing_evidence", 0),
        ("over_word_limit", 1),
        ("formulas", 0),
        ("unknown_ids", 0),
    ] {
        assert_eq!(
            t[name].as_u64(),
            Some(want),
            "{what}: totals.{name} in {t:#}"
        );
    }
    let reqs = v["requirements"].as_array().unwrap();
    let dated = &reqs[plan.partial_dated];
    assert_eq!(dated["remediation_date"], "2027-06-30", "{what}: {dated:#}");
    for (i, answer) in &plan.awards {
        assert_eq!(
            reqs[*i]["response_words"].as_u64(),
            Some(answer.split_whitespace().count() as u64),
            "{what}: {} read from the Award answers sheet",
            reqs[*i]["id"]
        );
    }
    let over = &reqs[plan.over_limit];
    assert!(
        over["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "over-word-limit"),
        "{what}: {over:#}"
    );
}

#[test]
fn a_filled_xlsx_matrix_round_trips_through_assess_and_through_libreoffice() {
    let profile = example("all-technologies");
    let (dir, selection) = issued(&profile, "round-trip-xlsx");
    let plan = plan(&selection);
    let award_rows = sheet_cells(&dir.join("response-matrix.xlsx"), Some("Award answers"));
    let mut edits: Vec<(&str, String, Typed)> = plan
        .answers
        .iter()
        .map(|(i, col, v)| {
            (
                "sheet2.xml",
                format!("{}{}", letter(col), i + 2),
                Typed::Text(v.clone()),
            )
        })
        .collect();
    // 2027-06-30 typed into the date cell is stored as the serial 46568.
    edits.push((
        "sheet2.xml",
        format!("{}{}", letter("Remediation date"), plan.partial_dated + 2),
        Typed::Number(46568.0),
    ));
    for (i, answer) in &plan.awards {
        let id = clauses(&selection)[*i]["id"].as_str().unwrap();
        let r = award_rows.iter().position(|row| row[0].0 == id).unwrap() + 1;
        edits.push(("sheet3.xml", format!("E{r}"), Typed::Text(answer.clone())));
    }
    let filled = dir.join("filled.xlsx");
    fill_xlsx(&dir.join("response-matrix.xlsx"), &filled, &edits);
    check_assessment(&assess(&profile, &filled), &selection, &plan, "filled XLSX");

    // Saved again by LibreOffice Calc, which computes the formulas.
    let saved_dir = dir.join("saved");
    std::fs::create_dir_all(&saved_dir).unwrap();
    let saved = soffice_convert(&filled, None, "xlsx:Calc MS Excel 2007 XML", &saved_dir);
    check_assessment(
        &assess(&profile, &saved),
        &selection,
        &plan,
        "XLSX saved by LibreOffice",
    );

    // The Matrix sheet exported by LibreOffice as CSV carries each award answer in place.
    let csv_dir = dir.join("csv");
    std::fs::create_dir_all(&csv_dir).unwrap();
    soffice_run(
        &filled,
        None,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        &csv_dir,
    );
    let exported = csv_dir.join("filled-Matrix.csv");
    check_assessment(
        &assess(&profile, &exported),
        &selection,
        &plan,
        "Matrix exported as CSV",
    );
}

#[test]
fn a_filled_csv_matrix_round_trips_through_assess_and_through_libreoffice() {
    let profile = example("all-technologies");
    let (dir, selection) = issued(&profile, "round-trip-csv");
    let plan = plan(&selection);
    let mut rows = csv_cells(&dir.join("response-matrix.csv"));
    for (i, col, v) in &plan.answers {
        rows[i + 1][column(col)] = v.clone();
    }
    rows[plan.partial_dated + 1][column("Remediation date")] = "30/06/2027".to_string();
    for (i, answer) in &plan.awards {
        rows[i + 1][column("Supplier response")] = answer.clone();
    }
    let filled = dir.join("filled.csv");
    let mut w = csv::Writer::from_path(&filled).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    check_assessment(&assess(&profile, &filled), &selection, &plan, "filled CSV");

    // Opened in LibreOffice Calc (default settings, UTF-8) and saved again as CSV.
    let xlsx = soffice_convert(&filled, Some("CSV:44,34,76"), "xlsx", &dir);
    check_assessment(
        &assess(&profile, &xlsx),
        &selection,
        &plan,
        "CSV opened in LibreOffice, saved as XLSX",
    );
    let again_dir = dir.join("again");
    std::fs::create_dir_all(&again_dir).unwrap();
    let again = soffice_convert(
        &xlsx,
        None,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false",
        &again_dir,
    );
    check_assessment(
        &assess(&profile, &again),
        &selection,
        &plan,
        "CSV saved again by LibreOffice",
    );
}
