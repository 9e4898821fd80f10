//! The HTML page, checked in a real browser: headless Chromium renders it (driven by
//! `tests/js/check-html.js` over the DevTools pipe), axe-core audits it inside the page, and
//! the report says what a reader gets — language, headings, contents links, tables, network
//! requests, phone and print layout, and the text as displayed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::*;

/// This module's directory under Cargo's temporary directory for tests.
const WORK: &str = "html-tests";

/// One profile's page and Chromium's report on it.
struct Checked {
    name: String,
    profile: PathBuf,
    html: PathBuf,
    selection: Vec<SelectedClause>,
    report: Value,
}

/// Generates the page for `profile` and runs the browser check on it (with axe when `axe`).
fn check(profile: &Path, axe: bool) -> Checked {
    require_tool("node");
    require_tool("chromium");
    let name = stem(profile);
    let dir = work_dir(WORK, &name);
    generate(profile, &dir, "html,json");
    let html = dir.join("security-requirements.html");
    let mut cmd = Command::new("node");
    cmd.arg(root().join("tests/js/check-html.js"))
        .arg(&html)
        .args(["--chromium", "chromium"]);
    if !axe {
        cmd.arg("--no-axe");
    }
    let o = cmd.output().expect("run node");
    assert!(
        o.status.success(),
        "the browser check failed for {name}:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: Value = serde_json::from_slice(&o.stdout).expect("the browser check prints JSON");
    Checked {
        profile: profile.to_path_buf(),
        selection: selection(&dir),
        name,
        html,
        report,
    }
}

/// The largest example and the special-characters fixture, each checked once with axe.
fn audited() -> &'static [Checked] {
    static ALL: OnceLock<Vec<Checked>> = OnceLock::new();
    ALL.get_or_init(|| {
        let profiles = [largest_example(), special_characters_profile()];
        std::thread::scope(|s| {
            let handles: Vec<_> = profiles
                .iter()
                .map(|p| s.spawn(move || check(p, true)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("browser check"))
                .collect()
        })
    })
}

fn audited_named(name: &str) -> &'static Checked {
    audited().iter().find(|c| c.name == name).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn axe_finds_no_serious_or_critical_violations() {
    for c in audited() {
        let violations = c.report["violations"].as_array().unwrap();
        let severe: Vec<&Value> = violations
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        assert!(
            severe.is_empty(),
            "{}: axe-core reports {severe:#?}",
            c.name
        );
        if !violations.is_empty() {
            eprintln!(
                "{}: minor or moderate axe findings: {violations:#?}",
                c.name
            );
        }
    }
}

#[test]
fn page_is_self_contained_and_fetches_nothing() {
    for c in audited() {
        let r = &c.report;
        assert_eq!(
            strings(&r["externalRequests"]),
            Vec::<String>::new(),
            "{}",
            c.name
        );
        assert_eq!(
            strings(&r["requests"]).len(),
            1,
            "{}: only the page itself is loaded: {}",
            c.name,
            r["requests"]
        );
        assert_eq!(r["scripts"], 0, "{}: no scripts", c.name);
        assert_eq!(r["externalResources"], 0, "{}: no linked resources", c.name);
        assert_eq!(r["lang"], "en-GB");
    }
    let raw = std::fs::read_to_string(&audited()[0].html).unwrap();
    assert!(
        raw.contains("<style>") && !raw.contains("<script") && !raw.contains("<link"),
        "inline CSS only"
    );
}

#[test]
fn headings_run_in_order_and_the_contents_links_every_section() {
    for c in audited() {
        let r = &c.report;
        let headings = r["headings"].as_array().unwrap();
        let levels: Vec<u64> = headings
            .iter()
            .map(|h| h["level"].as_u64().unwrap())
            .collect();
        assert_eq!(levels[0], 1, "{}: the page starts with its h1", c.name);
        assert_eq!(
            levels.iter().filter(|l| **l == 1).count(),
            1,
            "{}: one h1",
            c.name
        );
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{}: heading level jumps from h{} to h{}",
                c.name,
                pair[0],
                pair[1]
            );
        }
        let links = strings(&r["contentsLinks"]);
        let sections: Vec<String> = headings
            .iter()
            .filter_map(|h| h["id"].as_str())
            .filter(|id| id.starts_with("sec-") || id.starts_with("annex-"))
            .map(str::to_string)
            .collect();
        let model: Vec<String> = pack(&c.profile)
            .all_sections()
            .iter()
            .map(|s| s.anchor.clone())
            .collect();
        assert_eq!(
            sections, model,
            "{}: a heading per chapter, subsection and annex",
            c.name
        );
        assert_eq!(
            links, sections,
            "{}: the contents links every section, in order",
            c.name
        );
        assert_eq!(strings(&r["brokenContentsLinks"]), Vec::<String>::new());
        let skip = &r["skipLink"];
        assert_eq!(
            skip["text"], "Skip to main content",
            "{}: the skip link comes first",
            c.name
        );
        assert_eq!(skip["targetExists"], true);
        assert_eq!(r["landmarks"]["main"], 1);
        assert_eq!(r["landmarks"]["nav"], 1);
    }
}

#[test]
fn clause_headings_show_every_selected_clause_in_order_in_every_example() {
    let mut checked: Vec<Checked> = Vec::new();
    for profile in examples() {
        if profile != largest_example() {
            checked.push(check(&profile, false));
        }
    }
    for c in audited().iter().chain(checked.iter()) {
        let shown: Vec<SelectedClause> = c.report["headings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["clause"] == true)
            .map(|h| {
                // The heading a screen reader announces ("4.2.3 Title"), the identifier from
                // the line under it ("[DES-004 v2] Contract requirement (MUST)"), and the badge
                // a sighted reader sees at the right.
                let spoken = h["spoken"].as_str().unwrap();
                let meta = h["meta"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{}: no identifier line under `{spoken}`", c.name));
                let shown = h["text"].as_str().unwrap();
                assert!(
                    shown.ends_with("MUST") || shown.ends_with("SHOULD"),
                    "{}: no badge on `{shown}`",
                    c.name
                );
                assert!(
                    meta.ends_with(&format!("({})", &shown[shown.rfind(' ').unwrap() + 1..])),
                    "{}: the badge of `{shown}` and its line `{meta}` disagree",
                    c.name
                );
                let (number, title) = spoken.split_once(' ').unwrap();
                let tag = &meta[..=meta.find(']').unwrap()];
                let text = format!("{number} {tag} {title}");
                let (pack_ref, id, version) = parse_clause_heading(&text)
                    .unwrap_or_else(|| panic!("{}: unreadable clause heading `{text}`", c.name));
                SelectedClause {
                    id,
                    version,
                    pack_ref,
                }
            })
            .collect();
        assert_eq!(
            shown, c.selection,
            "{}: clause headings as Chromium shows them",
            c.name
        );
    }
}

#[test]
fn tables_have_captions_and_scoped_header_cells() {
    for c in audited() {
        let r = &c.report;
        // Document control is the cover's list of facts in HTML, not a table.
        assert_eq!(
            r["tables"].as_u64(),
            Some(table_count(&pack(&c.profile)) as u64 - 1),
            "{}: a table per table of the model",
            c.name
        );
        assert_eq!(r["tablesWithoutCaption"], 0, "{}", c.name);
        assert_eq!(r["headerCellsWithoutScope"], 0, "{}", c.name);
    }
}

#[test]
fn phone_layout_fits_the_screen_and_print_styles_apply() {
    for c in audited() {
        let r = &c.report;
        let phone = &r["phone"];
        assert!(
            phone["scrollWidth"].as_u64() <= phone["viewport"].as_u64(),
            "{}: the page scrolls sideways on a phone: {phone}",
            c.name
        );
        assert_eq!(
            phone["bodyFontPx"], 16.0,
            "{}: GOV.UK body size on a phone: {phone}",
            c.name
        );
        assert_eq!(
            r["desktop"]["bodyFontPx"], 19.0,
            "{}: GOV.UK body size on desktop",
            c.name
        );
        let print = &r["print"];
        assert_eq!(print["skipLinkDisplay"], "none", "{}: {print}", c.name);
        assert_eq!(
            print["chapterBreak"], "page",
            "{}: chapters start on a new page when printed",
            c.name
        );
        assert_eq!(
            print["theadDisplay"], "table-header-group",
            "{}: table headers repeat when printed",
            c.name
        );
    }
}

#[test]
fn special_characters_and_markup_looking_text_are_displayed_verbatim() {
    let c = audited_named("special-characters");
    let text = c.report["bodyText"].as_str().unwrap();
    for expected in SPECIAL_CHARACTER_TEXTS {
        assert!(
            text.contains(expected),
            "Chromium does not display `{expected}`"
        );
    }
    assert_eq!(c.report["title"], "Café & “Smart” Kiosks <Phase 2> — O’Brien’s £5m review — Security requirements (S&K-2026/<01>)");
}

#[test]
fn two_runs_give_identical_bytes() {
    let a = work_dir(WORK, "repeat-a");
    let b = work_dir(WORK, "repeat-b");
    generate(&largest_example(), &a, "html");
    generate(&largest_example(), &b, "html");
    let first = std::fs::read(a.join("security-requirements.html")).unwrap();
    let second = std::fs::read(b.join("security-requirements.html")).unwrap();
    assert!(first == second, "two runs differ");
}

/// Clause ids in the annexes and checklists, "chapter N" and "Annex X" are links, as in the
/// PDF, and every link inside the page lands on an element the page has.
#[test]
fn references_are_links_to_anchors_the_page_has() {
    let dir = work_dir(WORK, "references");
    generate(&example("city-centre-cctv"), &dir, "html,json");
    let html = std::fs::read_to_string(dir.join("security-requirements.html")).unwrap();
    let ids: std::collections::HashSet<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let targets: Vec<&str> = html
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    for target in &targets {
        assert!(
            ids.contains(target),
            "a link to #{target}, which the page lacks"
        );
    }
    let selection: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("selection.json")).unwrap()).unwrap();
    // Library ids (PREFIX-NNN); a buyer's own clause may be named in any form (ECC-01), and
    // running text is not searched for those.
    let library_id = |id: &str| {
        id.split_once('-').is_some_and(|(p, n)| {
            (2..=5).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_uppercase())
                && n.len() == 3
                && n.bytes().all(|b| b.is_ascii_digit())
        })
    };
    for clause in selection["clauses"].as_array().unwrap() {
        let id = clause["id"].as_str().unwrap();
        if !library_id(id) {
            continue;
        }
        assert!(
            targets.contains(&format!("clause-{id}").as_str()),
            "nothing links to {id}"
        );
    }
    assert!(targets.contains(&"annex-a") && targets.iter().any(|t| t.starts_with("sec-")));
}
