//! Shared by the writer tests (docx, html, consistency): run the real binary, drive the real
//! readers (LibreOffice, xmllint, Chromium) and read `selection.json`. A missing tool is a test
//! failure, never a skip: CI installs them with `scripts/install-test-deps`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tenderguard")
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example profile, sorted by name.
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
    root().join("examples/city-centre-cctv.toml")
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

/// Runs `tenderguard generate PROFILE -o OUT --format FORMATS` and asserts success.
pub fn generate(profile: &Path, out: &Path, formats: &str) {
    let o = Command::new(bin())
        .arg("generate")
        .arg(profile)
        .arg("-o")
        .arg(out)
        .arg("--format")
        .arg(formats)
        .output()
        .expect("run tenderguard");
    assert!(
        o.status.success(),
        "generate {} failed ({}):\n{}",
        profile.display(),
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Panics with a clear message when an external tool is missing.
pub fn require_tool(name: &str) {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|p| p.join(name).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "`{name}` is not installed; run scripts/install-test-deps (CI installs it)"
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

/// Converts documents with LibreOffice in one process (`soffice --headless --convert-to`),
/// using a private user profile so that concurrent runs cannot collide. Returns the converted
/// paths, in input order, and fails if any is missing or empty.
pub fn soffice_convert(
    inputs: &[PathBuf],
    filter: &str,
    extension: &str,
    outdir: &Path,
) -> Vec<PathBuf> {
    require_tool("soffice");
    let profile = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.path().display()
    ))
    .args([
        "--headless",
        "--norestore",
        "--convert-to",
        filter,
        "--outdir",
    ])
    .arg(outdir)
    .args(inputs);
    run(&mut cmd, "soffice --convert-to");
    inputs
        .iter()
        .map(|i| {
            let out = outdir.join(i.with_extension(extension).file_name().unwrap());
            let len = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            assert!(
                len > 0,
                "LibreOffice did not convert {} to {}",
                i.display(),
                out.display()
            );
            out
        })
        .collect()
}

/// Opens `docx` in LibreOffice, updates every index (the contents field) as Tools › Update ›
/// Update All does, and exports `pdf`. Runs a Basic macro placed in a private user profile:
/// the first run creates the profile, the second runs the macro.
pub fn soffice_update_indexes_to_pdf(docx: &Path, pdf: &Path) {
    require_tool("soffice");
    let profile = tempfile::tempdir().expect("temp dir");
    let install = format!("-env:UserInstallation=file://{}", profile.path().display());
    let seed = profile.path().join("seed.txt");
    std::fs::write(&seed, "profile").unwrap();
    let mut init = Command::new("soffice");
    init.arg(&install)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(profile.path())
        .arg(&seed);
    run(&mut init, "soffice (profile set-up)");
    let module = profile.path().join("user/basic/Standard/Module1.xba");
    assert!(
        module.exists(),
        "LibreOffice did not create its Basic library at {}",
        module.display()
    );
    let url = |p: &Path| format!("file://{}", p.display());
    std::fs::write(
        &module,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub UpdateAndExport
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL("{}", "_blank", 0, load())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  save(0).Value = "writer_pdf_Export"
  doc.storeToURL("{}", save())
  doc.close(True)
End Sub
</script:module>
"#,
            url(docx),
            url(pdf)
        ),
    )
    .unwrap();
    let mut update = Command::new("soffice");
    update.arg(&install).args([
        "--headless",
        "--norestore",
        "macro:///Standard.Module1.UpdateAndExport",
    ]);
    run(&mut update, "soffice (update indexes)");
    assert!(pdf.exists(), "LibreOffice did not export {}", pdf.display());
}

/// `xmllint --xpath EXPR FILE`, trimmed. Namespaces are matched with `local-name()`.
pub fn xpath(file: &Path, expr: &str) -> String {
    require_tool("xmllint");
    let o = Command::new("xmllint")
        .arg("--xpath")
        .arg(expr)
        .arg(file)
        .output()
        .expect("run xmllint");
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// `xmllint --noout FILE`: well-formed XML, or the error.
pub fn assert_well_formed(file: &Path) {
    require_tool("xmllint");
    let mut cmd = Command::new("xmllint");
    cmd.arg("--noout").arg(file);
    run(&mut cmd, &format!("xmllint {}", file.display()));
}

/// A clause of `selection.json`: id, version, pack ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedClause {
    pub id: String,
    pub version: u64,
    pub pack_ref: String,
}

/// The clauses of a `selection.json`, in pack order.
pub fn selection(json: &Path) -> Vec<SelectedClause> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(json).expect("read selection.json"))
            .expect("selection.json parses");
    v["clauses"]
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

/// Unzips every part of a DOCX into `dir`, returning the part names.
pub fn unzip(docx: &Path, dir: &Path) -> Vec<String> {
    let file = std::fs::File::open(docx).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("docx is a zip");
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
pub const SPECIAL_CHARACTER_TEXTS: [&str; 8] = [
        "Café & “Smart” Kiosks <Phase 2> — O’Brien’s £5m review",
        "Smith & Jones <Borough> Council — “Test” & Co",
        "S&K-2026/<01>",
        "OFFICIAL-SENSITIVE & <COMMERCIAL>",
        "[SJB-01 v1] Literal text: <w:t>, {{x}}, **bold** & &amp; stay as written",
        "The Supplier MUST print <w:t>not a run</w:t>, {{x}}, {{#if y}}, **bold**, _under_, [link](http://x), &amp; and &lt; exactly as written; prices such as £1,250 — and names like Zoë O’Connor “quoted” — survive.",
        "Antidisestablishmentarianism-pneumonoultramicroscopicsilicovolcanoconiosis-supercalifragilisticexpialidocious is one long word.",
        "Statement <b>quoting</b> “{{x}}” & **bold** verbatim",
];
