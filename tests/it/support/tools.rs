//! The external readers the tests judge the output with: LibreOffice, xmllint, poppler
//! (pdfinfo, pdftotext), qpdf. A missing tool is a test failure, never a skip: CI installs them
//! with `scripts/install-test-deps`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// Runs a command that must succeed.
fn checked(cmd: &mut Command, what: &str) -> Output {
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what} ({e}); run scripts/install-test-deps"));
    assert!(
        o.status.success(),
        "{what} failed ({}):\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Runs `PROGRAM ARGS`, which must succeed, and returns its standard output.
pub fn tool(program: &str, args: &[&str]) -> String {
    let o = checked(
        Command::new(program).args(args),
        &format!("`{program} {}`", args.join(" ")),
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs `soffice --headless --norestore ARGS` in `cwd`, which must succeed, with a private user
/// profile so that concurrent runs cannot collide.
pub fn soffice_in(cwd: &Path, args: &[&str]) -> Output {
    require_tool("soffice");
    let profile = tempfile::tempdir().expect("temp dir");
    checked(
        Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.path().display()
            ))
            .args(["--headless", "--norestore"])
            .args(args)
            .current_dir(cwd),
        &format!("soffice {}", args.join(" ")),
    )
}

/// Converts documents with LibreOffice in one process (`soffice --convert-to FILTER`). Returns
/// the converted paths, in input order, and fails if any is missing or empty.
pub fn soffice_convert(
    inputs: &[PathBuf],
    filter: &str,
    extension: &str,
    outdir: &Path,
) -> Vec<PathBuf> {
    let mut args = vec!["--convert-to", filter, "--outdir", outdir.to_str().unwrap()];
    args.extend(inputs.iter().map(|i| i.to_str().unwrap()));
    soffice_in(outdir, &args);
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
    checked(
        Command::new("xmllint").arg("--noout").arg(file),
        &format!("xmllint {}", file.display()),
    );
}

/// One field of `pdfinfo`, such as `Pages:` or `Title:`, trimmed; empty when absent.
pub fn pdfinfo_field(pdf: &Path, field: &str) -> String {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The number of pages, as `pdfinfo` counts them.
pub fn pdf_page_count(pdf: &Path) -> usize {
    pdfinfo_field(pdf, "Pages:")
        .parse()
        .expect("pdfinfo prints Pages")
}

/// `pdftotext -layout` of the whole document.
pub fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// `pdftotext -layout` of one page (1-based).
pub fn pdf_page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool(
        "pdftotext",
        &["-layout", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    )
}

/// `pdftotext -layout` of each page (pdftotext ends every page with a form feed).
pub fn pdf_text_by_page(pdf: &Path) -> Vec<String> {
    let mut pages: Vec<String> = pdf_text(pdf).split('\u{c}').map(str::to_string).collect();
    assert_eq!(
        pages.pop().as_deref(),
        Some(""),
        "pdftotext ends each page with a form feed"
    );
    pages
}

/// Asserts that the page count `pdfinfo` reports is the M of the `Page N of M` footer on every
/// page from `first` on, each with its own N.
pub fn assert_footers_count_the_pages(pdf: &Path, first: usize, what: &str) {
    let pages = pdf_page_count(pdf);
    let text = pdf_text_by_page(pdf);
    assert_eq!(
        text.len(),
        pages,
        "{what}: pdftotext and pdfinfo count the pages alike"
    );
    for (n, page) in text
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 1, p))
        .skip(first - 1)
    {
        let footer = format!("Page {n} of {pages}");
        assert!(
            page.contains(&footer),
            "{what}: page {n} has no footer `{footer}`:\n{page}"
        );
    }
}
