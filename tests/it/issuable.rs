//! Issue 12: a pack can be issued as generated. Bidders read plain requirements in every format
//! (no hashes, tool or library names, profile keys, guidance ids or verification flags); the
//! Council's own record (`selection.json` and `pack-record.md`) keeps all of it, with the
//! "before you issue" checklist derived from the selected clauses.
//!
//! It runs the real binary and reads its output with the real tools (pdftotext
//! for the PDF, the DOCX and XLSX as zip archives of XML).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    root().join("examples").join(format!("{name}.toml"))
}

fn examples() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    all.sort();
    all
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenderguard"))
        .args(args)
        .output()
        .expect("run tenderguard")
}

/// Generates `profile` into `out` with `formats`, returning the run's output.
fn try_generate(profile: &Path, out: &Path, formats: &str) -> Output {
    run(&[
        "generate",
        profile.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        formats,
    ])
}

fn generate(profile: &Path, out: &Path, formats: &str) {
    let o = try_generate(profile, out, formats);
    assert!(
        o.status.success(),
        "generate {} failed: {}",
        profile.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The CCTV example, generated once in every format.
fn cctv() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        generate(
            &example("city-centre-cctv"),
            dir.path(),
            "docx,pdf,md,html,csv,xlsx,json",
        );
        dir
    })
    .path()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn selection(dir: &Path) -> Value {
    serde_json::from_str(&read(&dir.join("selection.json"))).unwrap()
}

/// Tags replaced by spaces, the five XML entities decoded.
fn strip_tags(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The XML parts of an Office file whose names pass `keep`, joined.
fn zip_text(path: &Path, keep: impl Fn(&str) -> bool) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut out = String::new();
    for name in names.into_iter().filter(|n| keep(n) && n.ends_with(".xml")) {
        let mut s = String::new();
        zip.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
        out.push_str(&strip_tags(&s));
        out.push('\n');
    }
    out
}

fn pdf_text(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils; scripts/install-test-deps installs it)");
    assert!(o.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8(o.stdout).unwrap()
}

/// A bidder-facing format, as the file it is written to.
const BIDDER_FORMATS: [(&str, &str); 6] = [
    ("pdf", "security-requirements.pdf"),
    ("docx", "security-requirements.docx"),
    ("html", "security-requirements.html"),
    ("md", "security-requirements.md"),
    ("xlsx", "response-matrix.xlsx"),
    ("csv", "response-matrix.csv"),
];

/// What a reader of the file sees: the text layer of the PDF, the document parts of the DOCX
/// and the sheets of the XLSX (not their properties, which keep the manifest), the HTML page
/// without its `<head>`, Markdown and CSV as written.
fn visible_text(format: &str, path: &Path) -> String {
    match format {
        "pdf" => pdf_text(path),
        "docx" => zip_text(path, |n| n.starts_with("word/")),
        "xlsx" => zip_text(path, |n| n.starts_with("xl/")),
        "html" => {
            let html = read(path);
            let body = match (html.find("<head>"), html.find("</head>")) {
                (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
                _ => html,
            };
            strip_tags(&body)
        }
        _ => read(path),
    }
}

/// Words that belong to the tool or the profile and never to a bidder's document.
struct Forbidden {
    guidance_ids: Vec<String>,
    profile_words: Vec<String>,
}

fn forbidden() -> &'static Forbidden {
    static F: OnceLock<Forbidden> = OnceLock::new();
    F.get_or_init(|| {
        let toml_file = |rel: &str| -> toml::Table { read(&root().join(rel)).parse().unwrap() };
        let ids = |t: &toml::Table, key: &str, field: &str| -> Vec<String> {
            t[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v[field].as_str().unwrap().to_string())
                .collect()
        };
        let guidance = toml_file("requirements/guidance.toml");
        let parameters = toml_file("requirements/parameters.toml");
        let technologies = toml_file("requirements/technologies.toml");
        let mut profile_words: Vec<String> = [
            "safety",
            "controls_physical_assets",
            "personal_data",
            "public_monitoring",
            "cni_dependency",
            "supplier_remote_access",
            "connects_to_corporate_network",
        ]
        .iter()
        .flat_map(|k| [format!("impact.{k}"), k.to_string()])
        .filter(|k| k.contains('_') || k.contains('.'))
        .collect();
        profile_words.extend(
            [
                "risk_reason",
                "scope.risk",
                "scope.hosting",
                "issue_date",
                "[[clause]]",
                "[tailoring]",
            ]
            .map(String::from),
        );
        profile_words.extend(ids(&parameters, "parameter", "name"));
        profile_words.extend(
            ids(&technologies, "technology", "id")
                .into_iter()
                .map(|id| format!("technology {id}")),
        );
        Forbidden {
            guidance_ids: ids(&guidance, "item", "id"),
            profile_words,
        }
    })
}

/// Whether `text` has `word` with no word character, dot or hyphen either side.
fn has_token(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(|c| is_word(c) && c != '.')
    })
}

/// A run of 64 hexadecimal digits: a SHA-256.
fn has_sha256(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_ascii_hexdigit() {
            run += 1;
            if run >= 64 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Every forbidden thing `text` contains.
fn internals_in(text: &str) -> Vec<String> {
    let f = forbidden();
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    if has_sha256(text) {
        found.push("a SHA-256".to_string());
    }
    for word in ["tenderguard", "not verified"] {
        if lower.contains(word) {
            found.push(format!("\"{word}\""));
        }
    }
    found.extend(
        f.guidance_ids
            .iter()
            .filter(|id| has_token(text, id))
            .map(|id| format!("guidance id `{id}`")),
    );
    found.extend(
        f.profile_words
            .iter()
            .filter(|w| has_token(text, w))
            .map(|w| format!("profile key `{w}`")),
    );
    found
}

/// `profile` with `risk` set (and a reason, so a lower level is accepted).
fn at_risk(profile: &Path, risk: &str, with_tailoring: bool) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in read(profile).lines() {
        if line.starts_with('[') {
            skip = !with_tailoring && line.trim() == "[tailoring]";
        }
        if skip || line.starts_with("risk =") || line.starts_with("risk_reason =") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.trim() == "[scope]" {
            out.push_str(&format!(
                "risk = \"{risk}\"\nrisk_reason = \"Set to scan the pack at every risk level.\"\n"
            ));
        }
    }
    out
}

#[test]
fn no_bidder_facing_format_of_any_example_at_any_risk_level_shows_tool_internals() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for profile in examples() {
        let name = profile.file_stem().unwrap().to_string_lossy().to_string();
        for risk in ["low", "medium", "high"] {
            let dir = tempfile::tempdir().unwrap();
            let copy = dir.path().join("profile.toml");
            // The example's own tailoring where it fits this level; without it where an
            // obligation change names a clause this level does not select.
            std::fs::write(&copy, at_risk(&profile, risk, true)).unwrap();
            if !try_generate(&copy, &dir.path().join("probe"), "json")
                .status
                .success()
            {
                std::fs::write(&copy, at_risk(&profile, risk, false)).unwrap();
            }
            for (format, file) in BIDDER_FORMATS {
                let out = dir.path().join(format);
                generate(&copy, &out, format);
                let text = visible_text(format, &out.join(file));
                assert!(!text.trim().is_empty(), "{name} {risk} {format}: no text");
                for found in internals_in(&text) {
                    problems.push(format!("{name} at {risk} risk, {file}: {found}"));
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, examples().len() * 3 * BIDDER_FORMATS.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    let sha = "f5bdff03e47d2ed074cfa0fc7ecc701a53ce68065fbb6fbfda97a69ff0d643a7";
    for text in [
        format!("Library SHA-256 {sha}"),
        "Produced by tenderguard 0.1.0".to_string(),
        "(not verified against the source text)".to_string(),
        "Understanding the risks (ncsc-cp-2)".to_string(),
        "impact.public_monitoring = true".to_string(),
        "technology cctv".to_string(),
        "14 days (critical_patch_days)".to_string(),
    ] {
        assert!(!internals_in(&text).is_empty(), "missed: {text}");
    }
    for text in [
        "a SHA-256 hash of each exported file",
        "NCSC Connected Places principle #3",
        "Public-space CCTV and video analytics",
        "Days to fix a critical vulnerability",
    ] {
        assert_eq!(
            internals_in(text),
            Vec::<String>::new(),
            "false alarm on {text}"
        );
    }
    assert_eq!(
        internals_in("guiding principle scc-10"),
        vec!["guidance id `scc-10`".to_string()],
        "an id is matched whole, so scc-10 is not also scc-1"
    );
}

#[test]
fn the_manifest_stays_in_the_files_metadata() {
    let dir = cctv();
    let sha = selection(dir)["library"]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let custom = zip_text(&dir.join("security-requirements.docx"), |n| {
        n == "docProps/custom.xml"
    });
    assert!(custom.contains(&sha), "DOCX custom properties: {custom}");
    let xlsx = zip_text(&dir.join("response-matrix.xlsx"), |n| {
        n.starts_with("docProps/")
    });
    assert!(xlsx.contains(&sha), "XLSX properties");
}

#[test]
fn selection_json_keeps_what_the_bidder_documents_leave_out() {
    let s = selection(cctv());
    assert_eq!(s["tool"]["name"], "tenderguard");
    assert!(has_sha256(s["library"]["sha256"].as_str().unwrap()));
    assert!(has_sha256(s["profile_sha256"].as_str().unwrap()));
    let factors: Vec<&str> = s["risk"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["factor"].as_str().unwrap())
        .collect();
    assert!(factors.contains(&"impact.public_monitoring = true"));
    assert!(factors.contains(&"technology cctv"));
    let set_by: BTreeSet<&str> = s["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["set_by"].as_str().unwrap())
        .collect();
    assert!(set_by.contains("profile") && set_by.contains("library default"));
    assert!(s["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == "TEC-012"
            && e["reason"]
                .as_str()
                .unwrap()
                .contains("journey-time analysis")));
    let sources: Vec<&Value> = s["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["sources"].as_array().unwrap())
        .collect();
    assert!(sources.iter().any(|x| x["verified"] == false));
    assert!(sources.iter().any(|x| x["verified"] == true));
    assert!(!s["before_issue"].as_array().unwrap().is_empty());
    assert!(s["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["guidance"].is_string()));
}

#[test]
fn the_buyers_record_keeps_the_manifest_keys_defaults_exclusions_and_verification() {
    let dir = cctv();
    let s = selection(dir);
    let record = read(&dir.join("pack-record.md"));
    for want in [
        s["library"]["sha256"].as_str().unwrap(),
        s["profile_sha256"].as_str().unwrap(),
        "tenderguard",
        "impact.public\\_monitoring = true",
        "library default",
        "risk level default",
        "TEC-012",
        "no journey-time analysis is in scope",
        "SUP-030",
        "not verified",
        "Do not publish it or send it to bidders",
    ] {
        assert!(record.contains(want), "the record lacks {want}");
    }
    assert!(
        dir.join("pack-record.pdf").exists(),
        "the record's PDF goes with the pack's PDF"
    );
}

#[test]
fn the_record_is_written_beside_any_format_and_as_pdf_only_with_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    generate(&example("air-quality-sensors"), dir.path(), "csv");
    assert!(dir.path().join("pack-record.md").exists());
    assert!(!dir.path().join("pack-record.pdf").exists());
}

/// The "before you issue" table rows of a record: (item, clauses needing it).
fn before_issue_rows(record: &str) -> Vec<(String, String)> {
    let start = record.find("*Before you issue*").expect("checklist table");
    record[start..]
        .lines()
        .skip(4)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            (cells[1].to_string(), cells[2].to_string())
        })
        .collect()
}

#[test]
fn the_record_lists_what_the_council_must_settle_before_issuing_the_cctv_pack() {
    let record = read(&cctv().join("pack-record.md"));
    let rows = before_issue_rows(&record);
    assert!(rows.len() >= 16, "{} items: {rows:?}", rows.len());
    let all: String = rows.iter().map(|(i, _)| i.as_str()).collect();
    for want in [
        "STRIDE",
        "change process",
        "time source",
        "operational requirement",
        "signs",
        "classification scheme",
        "risk register format",
        "senior owner",
        "principle \\#3",
        "data protection impact assessment so it is complete before award",
        "Protection of Freedoms Act 2012",
        "Network and Information Systems Regulations",
    ] {
        assert!(all.contains(want), "no checklist item about {want}");
    }
    assert!(
        rows.iter().all(|(_, by)| by.starts_with("clause ")),
        "each item names the clauses that need it"
    );
}

#[test]
fn excluding_a_clause_removes_its_before_you_issue_item() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        read(&example("city-centre-cctv")).replace(
            "exclude = [ { id = \"TEC-012\"",
            "exclude = [ { id = \"SCC-004\", reason = \"The Council's existing signs already meet the Code.\" }, { id = \"TEC-012\"",
        ),
    )
    .unwrap();
    generate(&profile, dir.path(), "json");
    let record = read(&dir.path().join("pack-record.md"));
    let with_signs = |r: &str| {
        before_issue_rows(r)
            .iter()
            .any(|(i, _)| i.contains("signs"))
    };
    assert!(with_signs(&read(&cctv().join("pack-record.md"))));
    assert!(!with_signs(&record), "the signs item outlived SCC-004");
    assert!(!selection(dir.path())["before_issue"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["item"].as_str().unwrap().contains("signs")));
}

/// The rows of each chapter 7 table of the Markdown pack: (caption, rows of cells).
fn evidence_tables(md: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let start = md.find("## 7 Evidence checklist").unwrap();
    let end = md[start..].find("## Annex A").unwrap() + start;
    let mut tables = Vec::new();
    let mut lines = md[start..end].lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(caption) = line.strip_prefix('*').and_then(|l| l.strip_suffix('*')) {
            lines.next();
            lines.next();
            lines.next();
            let mut rows = Vec::new();
            while let Some(row) = lines.peek().filter(|l| l.starts_with('|')) {
                rows.push(
                    row.trim_matches('|')
                        .split(" | ")
                        .map(|c| c.trim().to_string())
                        .collect(),
                );
                lines.next();
            }
            tables.push((caption.to_string(), rows));
        }
    }
    tables
}

/// Markdown-escaped, as the writer prints a cell.
fn md_escaped(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\*_[]<>`#|~&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[test]
fn each_evidence_item_is_listed_once_under_the_stage_it_is_due() {
    let dir = cctv();
    let tables = evidence_tables(&read(&dir.join("security-requirements.md")));
    assert_eq!(
        tables.len(),
        3,
        "{:?}",
        tables.iter().map(|t| &t.0).collect::<Vec<_>>()
    );
    let s = selection(dir);
    for ((caption, rows), due) in tables.iter().zip(["tender", "go-live", "in-life"]) {
        let want: Vec<(String, String)> = s["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| {
                c["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|e| e["due"] == due)
                    .map(|e| {
                        (
                            c["pack_ref"].as_str().unwrap().to_string(),
                            md_escaped(e["item"].as_str().unwrap()),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let got: Vec<(String, String)> =
            rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
        assert_eq!(got, want, "{caption}");
        assert!(
            caption.contains(&format!("({} items)", want.len())),
            "{caption}"
        );
    }
    let (tender, later) = (&tables[0].1, &tables[1].1);
    assert!(!tender
        .iter()
        .any(|r| r[1].contains("Signed data processing agreement")));
    assert!(later
        .iter()
        .any(|r| r[1].contains("Signed data processing agreement")));
    let total: usize = tables.iter().map(|t| t.1.len()).sum();
    assert!(
        total < 400,
        "{total} rows: every item once, not once per stage"
    );
}

#[test]
fn only_tender_gate_rows_are_highlighted() {
    let html = read(&cctv().join("security-requirements.html"));
    let highlighted: Vec<&str> = html
        .split("<tr ")
        .skip(1)
        .filter(|r| r[..r.find('>').unwrap()].contains("class=\"emphasis\""))
        .map(|r| &r[..r.find("</tr>").unwrap()])
        .collect();
    assert!(!highlighted.is_empty());
    assert!(
        highlighted.iter().all(|r| r.contains("Tender gate")),
        "a highlighted row that is not a tender gate: {:?}",
        highlighted.iter().find(|r| !r.contains("Tender gate"))
    );
    // And the words around the tables say what the highlight means.
    let markdown = read(&cctv().join("security-requirements.md"));
    let sentences: Vec<&str> = markdown
        .split(['.', '\n'])
        .filter(|s| s.contains("highlighted"))
        .collect();
    assert!(sentences.len() >= 2, "{sentences:?}");
    for s in sentences {
        assert!(
            s.contains("tender gate") && !s.contains("SHOULD"),
            "a sentence that misdescribes the highlighted rows: {s}"
        );
    }
}

/// The Markdown between `from` and the next heading of the same level.
fn section<'a>(md: &'a str, from: &str) -> &'a str {
    let start = md.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &md[start + from.len()..];
    let level = from.split(' ').next().unwrap();
    let end = rest.find(&format!("\n{level} ")).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn each_risk_factor_is_explained_in_plain_english() {
    let md = read(&cctv().join("security-requirements.md"));
    let risk = section(&md, "### 2.2 Risk level");
    assert!(risk.contains(
        "| The system monitors publicly accessible space | A data protection impact assessment is mandatory, so the risk is at least medium | Medium |"
    ));
    assert!(risk.contains("The tender includes public-space CCTV and video analytics"));
    assert!(risk.contains("This tender is assessed at **Medium** risk"));
    assert!(!md.contains("the buyer") && !md.contains("The buyer"));
}

#[test]
fn a_lower_level_set_by_the_council_is_stated_once_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    let text = at_risk(&example("city-centre-cctv"), "low", false).replace(
        "Set to scan the pack at every risk level.",
        "Cameras cover one pedestrianised street and no analytics are in scope",
    );
    std::fs::write(&profile, text).unwrap();
    generate(&profile, dir.path(), "md");
    let md = read(&dir.path().join("security-requirements.md"));
    let risk = section(&md, "### 2.2 Risk level");
    assert!(risk.contains(
        "The factors below would place this tender at **Medium** risk. The Council has set the level at **Low**, for this reason: Cameras cover one pedestrianised street and no analytics are in scope."
    ), "{risk}");
    assert!(
        !risk.contains("assessed at"),
        "no second, contradicting level: {risk}"
    );
}

#[test]
fn chapter_one_defines_terms_explains_sensitive_material_and_keeps_a_version_history() {
    let md = read(&cctv().join("security-requirements.md"));
    let defs = section(&md, "### 1.1 Definitions");
    for term in [
        "**Solution**",
        "**Council data**",
        "**go-live**",
        "**in life**",
        "**Supplier Personnel**",
        "**sub-supplier**",
        "**security incident**",
    ] {
        assert!(defs.contains(term), "{term} is not defined");
    }
    let foi = section(
        &md,
        "### 1.2 Your security information and Freedom of Information",
    );
    for want in [
        "OFFICIAL-SENSITIVE COMMERCIAL",
        "unsuccessful tenders",
        "destroys",
        "Freedom of Information Act 2000",
        "section 31",
        "section 43",
    ] {
        assert!(foi.contains(want), "1.2 lacks {want}");
    }
    let history = section(&md, "### 1.3 Version history");
    assert!(history.contains("| 1.0 | 1 December 2026 | Issued with the invitation to tender |"));
}

#[test]
fn the_schedule_number_and_earlier_versions_come_from_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        read(&example("air-quality-sensors"))
            .replacen("[tender]\n", "[tender]\nschedule = \"Schedule 4\"\n", 1)
            .replacen(
                "[scope]\n",
                "[[tender.history]]\nversion = \"0.9\"\ndate = 2026-11-20\nchange = \"Draft shared at market engagement\"\n\n[scope]\n",
                1,
            ),
    )
    .unwrap();
    generate(&profile, dir.path(), "md,pdf");
    let md = read(&dir.path().join("security-requirements.md"));
    assert!(md.contains("## Schedule 4: Security requirements"));
    assert!(md.contains("| Schedule | Schedule 4 |"));
    let history = section(&md, "### 1.3 Version history");
    let draft = history
        .find("| 0.9 | 20 November 2026 | Draft shared")
        .unwrap();
    assert!(
        draft
            < history
                .find("Issued with the invitation to tender")
                .unwrap()
    );
    assert!(pdf_text(&dir.path().join("security-requirements.pdf")).contains("Schedule 4"));
}

#[test]
fn every_document_format_ends_with_an_end_of_document_line() {
    let dir = cctv();
    for (format, file) in &BIDDER_FORMATS[..4] {
        let text = visible_text(format, &dir.join(file));
        let end = text
            .rfind("End of document")
            .unwrap_or_else(|| panic!("{file}"));
        let after: String = text[end..].split_whitespace().skip(3).collect();
        assert!(
            after.len() < 200,
            "{file}: only the marking or footer may follow the end line: {after}"
        );
    }
}

#[test]
fn dates_are_written_out_in_every_format() {
    let dir = cctv();
    for (format, file) in [
        ("pdf", "security-requirements.pdf"),
        ("docx", "security-requirements.docx"),
        ("html", "security-requirements.html"),
        ("md", "security-requirements.md"),
        ("xlsx", "response-matrix.xlsx"),
    ] {
        let text = visible_text(format, &dir.join(file)).replace('\n', " ");
        assert!(text.contains("1 December 2026"), "{file}: issue date");
        assert!(
            text.contains("15 January 2027, 12:00 UK time"),
            "{file}: deadline"
        );
        for iso in ["2026-12-01", "2027-01-15"] {
            assert!(!text.contains(iso), "{file} prints {iso}");
        }
    }
}

#[test]
fn prose_uses_typographic_apostrophes_and_quotes() {
    let dir = cctv();
    for (format, file) in &BIDDER_FORMATS[..4] {
        let text = visible_text(format, &dir.join(file));
        let chars: Vec<char> = text.chars().collect();
        let straight = chars
            .windows(3)
            .find(|w| w[1] == '\'' && w[0].is_alphabetic() && w[2].is_alphabetic());
        assert!(
            straight.is_none(),
            "{file}: straight apostrophe in {straight:?}"
        );
        assert!(
            text.contains("Council’s") && text.contains("“or equivalent”"),
            "{file}"
        );
    }
    // The Council's own clause in the CCTV profile is written with a straight apostrophe.
    let md = read(&dir.join("security-requirements.md"));
    assert!(md.contains("the Council’s existing video management system"));
    let check = run(&["check"]);
    assert!(
        !String::from_utf8_lossy(&check.stderr).contains("[typography]"),
        "the library has straight quotes"
    );
}

#[test]
fn names_and_references_read_as_running_text() {
    let md = read(&cctv().join("security-requirements.md"));
    assert!(md.contains("The Council is procuring public-space CCTV and video analytics, automatic number plate recognition"));
    assert!(md.contains("(for example clause 4.2.3)"));
    let coverage = section(&md, "## Annex C: Guidance coverage");
    assert!(coverage.contains("| clauses 4.1.1, 4.1.5,"));
    assert!(!coverage.contains("do not apply") && !coverage.contains("Excluded"));
}
