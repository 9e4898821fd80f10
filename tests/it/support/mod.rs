//! What every integration test shares: where things are, how to run the real binary, and how to
//! read back what it wrote. The external readers (LibreOffice, xmllint, poppler, qpdf) are in
//! `tools`; the library API, for comparing outputs against the model, is in `model` and nowhere
//! else.

pub mod model;
pub mod tools;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

pub use model::*;
pub use tools::*;

/// The response matrix's columns in order, as the product contract (§6) names them: stated
/// here, not taken from the library, so a test fails if the writers drift from the contract.
pub const MATRIX_COLUMNS: [&str; 16] = [
    "Requirement ID",
    "Pack ref",
    "Title",
    "Category",
    "Compliance",
    "Supplier response",
    "Evidence reference",
    "Remediation commitment",
    "Remediation date",
    "Justification",
    "Requirement",
    "Evidence required",
    "Requirement type",
    "Verification stage",
    "Section",
    "Version",
];

/// The repository root (where `examples/` and `requirements/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tenderguard")
}

/// Runs `tenderguard ARGS` from `cwd` and returns its output without judging it.
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the tenderguard binary runs")
}

/// Runs `tenderguard ARGS` from the repository root.
pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `tenderguard generate PROFILE -o OUT --format FORMATS` and asserts that it succeeds.
pub fn generate(profile: &Path, out: &Path, formats: &str) {
    let o = run(&[
        "generate",
        profile.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        formats,
    ]);
    assert!(
        o.status.success(),
        "generate {} --format {formats} failed ({}):\n{}",
        profile.display(),
        o.status,
        stderr(&o)
    );
}

/// [`generate`] into a fresh temporary directory.
pub fn generate_temp(profile: &Path, formats: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    generate(profile, dir.path(), formats);
    dir
}

/// A shipped example profile by name (`city-centre-cctv`).
pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(format!("{name}.toml"))
}

/// Every shipped example profile, sorted by name.
pub fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no example profiles found");
    out
}

/// The profile full of characters that break naive writers.
pub fn special_characters_profile() -> PathBuf {
    root().join("tests/fixtures/special-characters.toml")
}

/// The largest example (the one the speed figures are measured on).
pub fn largest_example() -> PathBuf {
    example("city-centre-cctv")
}

/// Every example plus the special-characters fixture.
pub fn all_profiles() -> Vec<PathBuf> {
    let mut v = examples();
    v.push(special_characters_profile());
    v
}

/// A short name for a profile path (`city-centre-cctv`).
pub fn stem(profile: &Path) -> String {
    profile.file_stem().unwrap().to_string_lossy().into_owned()
}

/// An empty directory `GROUP/NAME` under Cargo's temporary directory for tests, kept after the
/// run so that a failure can be looked at.
pub fn work_dir(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the shipped library to a temporary directory so a test can break it.
pub fn library_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("requirements"), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir`, as paths relative to it, sorted; nothing when `dir` does not exist.
pub fn files_below(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A CSV file as rows of cells, the header row first.
pub fn read_csv_rows(path: &Path) -> Vec<Vec<String>> {
    csv_rows(&std::fs::read(path).unwrap())
}

/// CSV bytes as rows of cells, the header row first.
pub fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Rows of cells as CSV bytes.
pub fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

/// The text of one part of a zip package (DOCX, XLSX).
pub fn zip_entry(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Unzips every part of a package into `dir`, returning the part names.
pub fn unzip(package: &Path, dir: &Path) -> Vec<String> {
    let file = std::fs::File::open(package).expect("open the package");
    let mut zip = zip::ZipArchive::new(file).expect("the package is a zip");
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let path = dir.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut out = std::fs::File::create(&path).unwrap();
        std::io::copy(&mut entry, &mut out).unwrap();
        names.push(name);
    }
    names
}

/// `selection.json` in a pack directory, parsed.
pub fn selection_json(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("selection.json")).expect("read selection.json"))
        .expect("selection.json parses")
}

/// A clause as a document shows it: id, version, pack ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedClause {
    pub id: String,
    pub version: u64,
    pub pack_ref: String,
}

/// The clauses of the `selection.json` in a pack directory, in pack order.
pub fn selection(dir: &Path) -> Vec<SelectedClause> {
    selection_json(dir)["clauses"]
        .as_array()
        .expect("clauses[]")
        .iter()
        .map(|c| SelectedClause {
            id: c["id"].as_str().unwrap().to_string(),
            version: c["version"].as_u64().unwrap(),
            pack_ref: c["pack_ref"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// The clause ids of the `selection.json` in a pack directory, in pack order.
pub fn selection_ids(dir: &Path) -> Vec<String> {
    selection(dir).into_iter().map(|c| c.id).collect()
}

/// Reads a clause heading line as a reader shows it — `4.2.3 [DES-004 v2] Title`, with a tab
/// or spaces after the number — into (pack ref, id, version). A title must follow the tag, which
/// tells a heading from a table cell such as `4.2.3 [DES-004 v2]` in the sources annex.
pub fn parse_clause_heading(line: &str) -> Option<(String, String, u64)> {
    let line = line.trim_start();
    let (number, rest) = line.split_once([' ', '\t'])?;
    if number.is_empty()
        || !number
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        || !number.contains('.')
    {
        return None;
    }
    let rest = rest.trim_start().strip_prefix('[')?;
    let (tag, title) = rest.split_once(']')?;
    if title.trim().is_empty() {
        return None;
    }
    let (id, version) = tag.rsplit_once(" v")?;
    Some((number.to_string(), id.to_string(), version.parse().ok()?))
}

/// Every clause heading in a text, in order.
pub fn clause_headings(text: &str) -> Vec<SelectedClause> {
    text.lines()
        .filter_map(parse_clause_heading)
        .map(|(pack_ref, id, version)| SelectedClause {
            id,
            version,
            pack_ref,
        })
        .collect()
}

/// Text from `tests/fixtures/special-characters.toml` that every document format must show
/// exactly as written: XML and HTML specials, typographic quotes, template and Markdown
/// look-alikes, and a word too long for any line.
pub const SPECIAL_CHARACTER_TEXTS: [&str; 9] = [
        "Café & “Smart” Kiosks <Phase 2> — O’Brien’s £5m review",
        "Smith & Jones <Borough> Council — “Test” & Co",
        "S&K-2026/<01>",
        "OFFICIAL-SENSITIVE & <COMMERCIAL>",
        "[SJB-01 v1]",
        "Literal text: <w:t>, {{x}}, **bold** & &amp; stay as written",
        "The Supplier MUST print <w:t>not a run</w:t>, {{x}}, {{#if y}}, **bold**, _under_, [link](http://x), &amp; and &lt; exactly as written; prices such as £1,250 — and names like Zoë O’Connor “quoted” — survive.",
        "Antidisestablishmentarianism-pneumonoultramicroscopicsilicovolcanoconiosis-supercalifragilisticexpialidocious is one long word.",
        "Statement <b>quoting</b> “{{x}}” & **bold** verbatim",
];
