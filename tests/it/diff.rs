//! `tenderguard diff`: library pairs built by copying `requirements/` and editing the copy,
//! one kind of change at a time and all together. The DOCX redline is opened in LibreOffice,
//! which must see real tracked changes, and accepting or rejecting them must give the new or
//! the old wording.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::*;

const REQUIREMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/requirements");
/// A frozen `clauses/design.toml` that the edits below are written against, so that reviewing
/// the shipped clauses never breaks these tests.
const DESIGN_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/diff/design.toml"
);
const PROFILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/city-centre-cctv.toml"
);

/// Two copies of the shipped library: `old` and `new` (to be edited).
struct Pair {
    dir: tempfile::TempDir,
}

impl Pair {
    fn new() -> Pair {
        let dir = tempfile::tempdir().unwrap();
        for side in ["old", "new"] {
            copy_dir(Path::new(REQUIREMENTS), &dir.path().join(side));
            std::fs::copy(
                DESIGN_FIXTURE,
                dir.path().join(side).join("clauses/design.toml"),
            )
            .unwrap();
        }
        Pair { dir }
    }
    fn old(&self) -> PathBuf {
        self.dir.path().join("old")
    }
    fn new_lib(&self) -> PathBuf {
        self.dir.path().join("new")
    }
    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// Replaces text in a file of the new library (the text must be there, once).
    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.new_lib().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {file}"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    /// Replaces text inside one clause's block in `clauses/design.toml`.
    fn edit_clause(&self, id: &str, from: &str, to: &str) {
        let path = self.new_lib().join("clauses/design.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find(&format!("id = \"{id}\"")).expect("clause id");
        let end = text[start..]
            .find("[[clause]]")
            .map_or(text.len(), |e| start + e);
        let block = &text[start..end];
        assert!(block.contains(from), "`{from}` in {id}");
        let edited = format!(
            "{}{}{}",
            &text[..start],
            block.replacen(from, to, 1),
            &text[end..]
        );
        std::fs::write(&path, edited).unwrap();
    }
    fn bump_library(&self) {
        self.edit("library.toml", "version = \"0.2.0\"", "version = \"0.3.0\"");
    }
    fn append_clause(&self, toml: &str) {
        let path = self.new_lib().join("clauses/design.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(toml);
        std::fs::write(&path, text).unwrap();
    }
    fn diff(&self, extra: &[&str]) -> Output {
        let (old, new) = (self.old(), self.new_lib());
        let mut args = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(&args)
    }
    fn diff_json(&self, extra: &[&str]) -> (Output, Value) {
        let out = self.out(&format!("diff-{}.json", extra.len()));
        let mut args = vec!["--format", "json", "-o", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        let o = self.diff(&args);
        let v =
            serde_json::from_slice(&std::fs::read(&out).unwrap_or_default()).unwrap_or(Value::Null);
        (o, v)
    }
}

const NEW_CLAUSE: &str = r#"
[[clause]]
id = "DES-098"
version = 1
title = "Software bill of materials for every release"
section = "design"
stage = "specification"
text = """
The Supplier MUST provide a software bill of materials for each release of the Solution that lists \
every third-party component and its version.\
"""
obligation = { low = "should", medium = "must", high = "must" }
applies_to = { all = true }
evidence = ["Software bill of materials in SPDX or CycloneDX format"]
verify = ["tender", "in-life"]
rationale = "The Council cannot judge exposure to a newly published vulnerability without knowing what is inside the Solution."
guidance = ["ncsc-cp-7"]

[[clause.source]]
document = "ncsc-cp"
section = "Principle #7: Designing to reduce exposure"
verified = false
"#;

/// Every kind of change at once.
fn all_changes() -> Pair {
    let p = Pair::new();
    p.bump_library();
    // Text changed, version not raised.
    p.edit_clause(
        "DES-001",
        "every data flow between them, and each",
        "every data flow between them, every external interface, and each",
    );
    // Obligation changed, version raised.
    p.edit_clause("DES-003", "version = 1", "version = 2");
    p.edit_clause(
        "DES-003",
        "obligation = { low = \"should\"",
        "obligation = { low = \"must\"",
    );
    // Stage, applicability, evidence and sources changed, version raised.
    p.edit_clause("DES-010", "version = 1", "version = 2");
    p.edit_clause(
        "DES-010",
        "stage = \"specification\"",
        "stage = \"contract\"",
    );
    p.edit_clause(
        "DES-010",
        "applies_to = { all = true }",
        "applies_to = { technologies = [\"street-lighting\"] }",
    );
    p.edit_clause(
        "DES-010",
        "Go-live port scan",
        "Go-live and yearly port scan",
    );
    p.edit_clause(
        "DES-010",
        "section = \"Principle #7: Designing to reduce exposure\"",
        "section = \"Principle #7\"",
    );
    // Renumbered: DES-004's requirement now under DES-099.
    p.edit_clause("DES-004", "id = \"DES-004\"", "id = \"DES-099\"");
    // Reused: DES-011 now holds a different requirement.
    p.edit_clause("DES-011", "version = 1", "version = 2");
    p.edit_clause(
        "DES-011",
        "title = \"No management interface exposed directly to the internet\"",
        "title = \"Annual penetration test by an accredited company\"",
    );
    let path = p.new_lib().join("clauses/design.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("id = \"DES-011\"").unwrap();
    let t0 = start + text[start..].find("text = \"\"\"").unwrap();
    let t1 = t0 + 10 + text[t0 + 10..].find("\"\"\"").unwrap() + 3;
    let replaced = format!(
        "{}text = \"\"\"\nThe Supplier MUST commission an annual penetration test of the Solution from an accredited company and share the full report with the Council.\n\"\"\"{}",
        &text[..t0],
        &text[t1..]
    );
    std::fs::write(&path, replaced).unwrap();
    // Added.
    p.append_clause(NEW_CLAUSE);
    p
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x.as_str()
                .map_or_else(|| x["id"].as_str().unwrap().to_string(), str::to_string)
        })
        .collect()
}

fn flags(v: &Value) -> Vec<(String, String)> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn changed<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} not changed"))
}

fn fields(c: &Value) -> Vec<String> {
    c["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn identical_libraries_have_no_differences() {
    let p = Pair::new();
    let o = p.diff(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("No differences."));
}

#[test]
fn every_kind_of_change_is_reported() {
    let p = all_changes();
    let (o, v) = p.diff_json(&[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "flags give exit 1: {}",
        stderr(&o)
    );
    assert_eq!(ids(&v["added"]), vec!["DES-098", "DES-099"]);
    assert_eq!(ids(&v["removed"]), vec!["DES-004"]);
    assert_eq!(
        ids(&v["changed"]),
        vec!["DES-001", "DES-003", "DES-010", "DES-011"]
    );
    assert_eq!(fields(changed(&v, "DES-001")), vec!["text"]);
    assert_eq!(fields(changed(&v, "DES-003")), vec!["obligation.low"]);
    assert_eq!(
        fields(changed(&v, "DES-010")),
        vec!["stage", "applies_to", "evidence", "sources"]
    );
    let ob = &changed(&v, "DES-003")["fields"][0];
    assert_eq!(
        (ob["old"].as_str(), ob["new"].as_str()),
        (Some("SHOULD"), Some("MUST"))
    );
    // Text word by word.
    let text = &changed(&v, "DES-001")["fields"][0]["segments"];
    let inserted: Vec<&str> = text
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] == "insert")
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, vec!["every external interface, "]);
    assert!(text.as_array().unwrap().iter().all(|s| s["op"] != "delete"));
    let mut f = flags(&v);
    f.sort();
    assert_eq!(
        f,
        vec![
            ("id-reused".to_string(), "DES-011".to_string()),
            ("no-version-bump".to_string(), "DES-001".to_string()),
            ("renumbered".to_string(), "DES-099".to_string()),
        ]
    );
    let renumbered = v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "renumbered")
        .unwrap();
    assert!(renumbered["message"]
        .as_str()
        .unwrap()
        .contains("the text of DES-004"));
}

#[test]
fn a_versioned_change_raises_no_flag() {
    let p = Pair::new();
    p.bump_library();
    p.edit_clause("DES-003", "version = 1", "version = 2");
    p.edit_clause(
        "DES-003",
        "obligation = { low = \"should\"",
        "obligation = { low = \"must\"",
    );
    let (o, v) = p.diff_json(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(flags(&v).is_empty());
    assert_eq!(v["summary"]["changed"], 1);
}

#[test]
fn a_change_without_raising_the_library_version_is_flagged() {
    let p = Pair::new();
    p.edit_clause("DES-003", "version = 1", "version = 2");
    p.edit_clause(
        "DES-003",
        "obligation = { low = \"should\"",
        "obligation = { low = \"must\"",
    );
    let (o, v) = p.diff_json(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        flags(&v),
        vec![("library-version-unchanged".to_string(), String::new())]
    );
}

#[test]
fn an_obligation_change_without_a_version_bump_is_flagged() {
    let p = Pair::new();
    p.bump_library();
    p.edit_clause(
        "DES-003",
        "obligation = { low = \"should\"",
        "obligation = { low = \"must\"",
    );
    let (_, v) = p.diff_json(&[]);
    assert_eq!(
        flags(&v),
        vec![("no-version-bump".to_string(), "DES-003".to_string())]
    );
    assert!(v["flags"][0]["message"]
        .as_str()
        .unwrap()
        .contains("raise it to 2"));
}

#[test]
fn markdown_shows_tracked_changes_and_flags() {
    let p = all_changes();
    let o = p.diff(&[]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains("every data flow between them, <ins>every external interface, </ins>and each"),
        "{md}"
    );
    assert!(md.contains("| **Obligation at low risk** | <del>SHOULD</del><ins>MUST</ins> |"));
    assert!(md.contains("**Id reused for a different requirement**"));
    assert!(md.contains("## Removed clauses") && md.contains("## Added clauses"));
}

/// The document text as Word shows it after accepting (or rejecting) every tracked change.
fn text_after(xml: &str, accept: bool) -> String {
    let mut out = String::new();
    let mut in_ins = 0;
    let mut i = 0;
    while let Some(lt) = xml[i..].find('<') {
        let start = i + lt;
        let end = start + xml[start..].find('>').unwrap();
        let tag = &xml[start + 1..end];
        let body_end = xml[end + 1..].find('<').map_or(xml.len(), |n| end + 1 + n);
        let body = &xml[end + 1..body_end];
        if tag.starts_with("w:ins ") || tag == "w:ins" {
            in_ins += 1;
        } else if tag == "/w:ins" {
            in_ins -= 1;
        } else if tag.starts_with("w:t")
            && !tag.starts_with("w:tbl")
            && !tag.starts_with("w:tc")
            && !tag.starts_with("w:tr")
            && !tag.ends_with('/')
        {
            if accept || in_ins == 0 {
                out.push_str(body);
            }
        } else if tag.starts_with("w:delText") && !accept {
            out.push_str(body);
        } else if tag == "/w:p" {
            out.push('\n');
        }
        i = end + 1;
    }
    out.replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn the_docx_redline_has_real_tracked_changes_that_libreoffice_opens() {
    let p = all_changes();
    let docx = p.out("redline.docx");
    let o = p.diff(&["-o", docx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(
        xml.contains("<w:ins w:id=") && xml.contains("<w:del w:id="),
        "tracked insertions and deletions"
    );
    assert!(xml.contains("w:author=\"tenderguard\""));

    let accepted = text_after(&xml, true);
    let rejected = text_after(&xml, false);
    assert!(accepted.contains(
        "every data flow between them, every external interface, and each trust boundary"
    ));
    assert!(rejected.contains("every data flow between them, and each trust boundary"));
    assert!(accepted.contains("Annual penetration test by an accredited company"));
    assert!(rejected.contains("No management interface exposed directly to the internet"));

    soffice_in(p.dir.path(), &["--convert-to", "pdf", "redline.docx"]);
    assert_footers_count_the_pages(
        &p.out("redline.pdf"),
        1,
        "the redline as LibreOffice prints it",
    );
    soffice_in(p.dir.path(), &["--convert-to", "fodt", "redline.docx"]);
    let fodt = std::fs::read_to_string(p.out("redline.fodt")).unwrap();
    assert!(
        fodt.contains("<text:tracked-changes"),
        "LibreOffice sees tracked changes"
    );
    let (ins, del) = (
        xml.matches("<w:ins w:id=").count(),
        xml.matches("<w:del w:id=").count(),
    );
    assert_eq!(
        fodt.matches("<text:insertion>").count(),
        ins,
        "LibreOffice sees every insertion"
    );
    assert_eq!(
        fodt.matches("<text:deletion>").count(),
        del,
        "LibreOffice sees every deletion"
    );
}

#[test]
fn the_docx_redline_is_reproducible() {
    let p = all_changes();
    let (a, b) = (p.out("a.docx"), p.out("b.docx"));
    p.diff(&["-o", a.to_str().unwrap()]);
    p.diff(&["-o", b.to_str().unwrap()]);
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn with_a_profile_only_that_tenders_changes_are_reported() {
    let p = all_changes();
    let (o, v) = p.diff_json(&["--profile", PROFILE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d = &v["diff"];
    let movers = |key: &str| -> Vec<String> {
        d[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["clause"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        movers("entering"),
        vec!["DES-098", "DES-099"],
        "in pack order"
    );
    assert_eq!(movers("leaving"), vec!["DES-004", "DES-010"]);
    let changed: Vec<(String, Vec<String>)> = d["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["new"]["id"].as_str().unwrap().to_string(), fields(c)))
        .collect();
    assert_eq!(
        changed,
        vec![
            ("DES-001".to_string(), vec!["text".to_string()]),
            ("DES-003".to_string(), vec!["version".to_string()]),
            (
                "DES-011".to_string(),
                vec![
                    "version".to_string(),
                    "title".to_string(),
                    "text".to_string()
                ]
            ),
        ]
    );
    let leaving = d["leaving"].as_array().unwrap();
    assert_eq!(leaving[0]["why"][0], "removed from the library");
    assert!(leaving[1]["why"][0]
        .as_str()
        .unwrap()
        .starts_with("no longer applies: applies only to street-lighting"));
}

#[test]
fn a_profile_that_no_longer_loads_on_the_new_library_is_bad_input() {
    let p = all_changes();
    let profile = p.out("p.toml");
    let text = "[tender]\ntitle = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"\n[scope]\ntechnologies = [\"cctv\"]\n\
[tailoring]\nexclude = [ { id = \"DES-004\", reason = \"Stand-alone network\" } ]\n";
    std::fs::write(&profile, text).unwrap();
    let out = p.out("tender.md");
    let o = p.diff(&[
        "--profile",
        profile.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("DES-004")
            && err.contains("p.toml:")
            && err.contains("against the new library"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_missing_library_directory_is_bad_input() {
    let p = Pair::new();
    let o = run(&[
        "diff",
        p.old().to_str().unwrap(),
        p.out("nowhere").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nowhere") && stderr(&o).contains("does not exist"));
}
