//! `tenderguard generate PROFILE`: the tender pack in every requested format.

use std::path::{Path, PathBuf};

use super::{load, load_profile, report, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::write_all_atomically;
use crate::pack::{build_pack, Templates, TenderPack};
use crate::render::{render_all, Format};
use crate::select::select_clauses;

/// Parses `--format docx,pdf`.
pub fn parse_format_list(list: &str) -> Result<Vec<Format>, Diagnostic> {
    let mut out = Vec::new();
    for key in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        match Format::from_key(key) {
            Some(f) if !out.contains(&f) => out.push(f),
            Some(_) => {}
            None => {
                let keys: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
                let mut d = Diagnostic::error(format!("unknown format `{key}` in --format"));
                d = d.suggest_or(
                    key,
                    keys.iter().copied(),
                    format!("allowed: {}", keys.join(", ")),
                );
                return Err(d);
            }
        }
    }
    if out.is_empty() {
        return Err(
            Diagnostic::error("--format names no format").help("e.g. --format docx,pdf,csv")
        );
    }
    Ok(out)
}

/// Everything up to the model: library, profile, selection, templates, pack.
pub fn build(
    library: Option<&Path>,
    profile_path: &Path,
    templates: Option<&Path>,
) -> Result<(TenderPack, Option<Vec<Format>>, String), Diagnostics> {
    let lib = load(library)?;
    let profile = load_profile(profile_path, &lib)?;
    report(&profile.warnings);
    let selection = select_clauses(&lib, &profile)?;
    report(&selection.warnings);
    let templates = Templates::load(templates)?;
    let pack = build_pack(&lib, &profile, &selection, &templates)?;
    Ok((pack, profile.formats.clone(), profile.tender.slug()))
}

pub fn run(
    library: Option<&Path>,
    profile_path: &Path,
    output: Option<&Path>,
    format: Option<&str>,
    templates: Option<&Path>,
) -> Outcome {
    let cli_formats = match format.map(parse_format_list).transpose() {
        Ok(f) => f,
        Err(d) => return d.into(),
    };
    let (pack, profile_formats, slug) = match build(library, profile_path, templates) {
        Ok(v) => v,
        Err(d) => return d.into(),
    };
    let formats = cli_formats
        .or(profile_formats)
        .unwrap_or_else(|| Format::ALL.to_vec());
    let dir: PathBuf = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new("output").join(&slug));
    let files: Vec<(PathBuf, Vec<u8>)> = match render_all(&pack, &formats) {
        Ok(rendered) => formats
            .iter()
            .map(|f| dir.join(f.file_name()))
            .zip(rendered)
            .collect(),
        Err(e) => {
            return Diagnostic::error(e.to_string())
                .help("nothing was written")
                .into()
        }
    };
    if let Err(d) = write_all_atomically(&files) {
        return d.into();
    }
    let (must, should) = pack.obligation_counts();
    println!(
        "Wrote {} file{} to {}/ — {} requirements ({must} MUST, {should} SHOULD) at {} risk, library {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        dir.display(),
        pack.clauses.len(),
        pack.meta.risk_level,
        pack.meta.library_version
    );
    for (path, bytes) in &files {
        println!("  {} ({} bytes)", path.display(), bytes.len());
    }
    Outcome::Ok
}
