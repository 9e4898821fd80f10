//! `tenderguard diff OLD_LIBRARY NEW_LIBRARY [--profile PROFILE]`: the clause-level change
//! report between two library versions, or, with a profile, what would change in that tender.
//! Exit 1 when the library comparison raises flags (a change without a version bump, a reused
//! or renumbered id), so CI can stop such a release; 2 when an input cannot be read.

use std::path::Path;

use super::report_output::{print_stdout, resolve_output, ReportFormat};
use super::{load, load_profile, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::libdiff::diff_libraries;
use crate::libdiff::tender::{diff_tender, TenderSide};
use crate::library::{embedded_files, load_library, Library};
use crate::output::write_atomically;
use crate::pack::{build_pack, Templates};
use crate::report::diff::{
    library_diff_json, library_diff_report, tender_diff_json, tender_diff_report,
};
use crate::report::docx::write_report_docx;
use crate::report::markdown::write_report_markdown;
use crate::report::Report;
use crate::select::{select_clauses, Selection};

const FORMATS: &[ReportFormat] = &[ReportFormat::Md, ReportFormat::Json, ReportFormat::Docx];

/// A library directory, or `built-in` for the library inside the binary.
fn load_side(path: &Path) -> Result<Library, Diagnostics> {
    if !path.exists() && path.as_os_str() == "built-in" {
        return load_library(&embedded_files(), "built-in", "requirements").map(|(l, _)| l);
    }
    load(Some(path))
}

fn render(
    format: ReportFormat,
    report: impl Fn() -> Report,
    json: impl Fn() -> Vec<u8>,
) -> Result<Vec<u8>, Diagnostics> {
    Ok(match format {
        ReportFormat::Json => json(),
        ReportFormat::Docx => write_report_docx(&report())
            .map_err(|e| Diagnostics::from(Diagnostic::error(e.to_string())))?,
        _ => write_report_markdown(&report()).into_bytes(),
    })
}

fn emit(bytes: Vec<u8>, output: Option<&Path>, summary: &str) -> Option<Outcome> {
    match output {
        Some(out) => {
            if let Err(d) = write_atomically(out, &bytes) {
                return Some(d.into());
            }
            println!("{summary}");
            println!("Wrote {} ({} bytes)", out.display(), bytes.len());
        }
        None => print_stdout(&bytes),
    }
    None
}

fn side(
    lib: &Library,
    profile: &Path,
    which: &str,
) -> Result<(Selection, crate::pack::TenderPack), Diagnostics> {
    let note = |mut d: Diagnostics| {
        for x in &mut d.0 {
            x.notes.push(format!(
                "while reading the profile against the {which} library ({})",
                lib.origin
            ));
        }
        d
    };
    let resolved = load_profile(profile, lib).map_err(note)?;
    let selection = select_clauses(lib, &resolved).map_err(note)?;
    let templates = Templates::load(None)?;
    let pack = build_pack(lib, &resolved, &selection, &templates)?;
    Ok((selection, pack))
}

pub fn run(
    old_dir: &Path,
    new_dir: &Path,
    profile: Option<&Path>,
    format: Option<&str>,
    output: Option<&Path>,
) -> Outcome {
    let format = match resolve_output(format, output, FORMATS, ReportFormat::Md) {
        Ok(f) => f,
        Err(d) => return d.into(),
    };
    let mut diags = Diagnostics::default();
    let old = load_side(old_dir).map_err(|d| diags.extend(d)).ok();
    let new = load_side(new_dir).map_err(|d| diags.extend(d)).ok();
    let (Some(old), Some(new)) = (old, new) else {
        return diags.into();
    };
    match profile {
        None => {
            let d = diff_libraries(&old, &new);
            let summary = format!(
                "Library {} → {}: {} added, {} removed, {} changed, {} other change(s), {} flag(s)",
                d.old.version,
                d.new.version,
                d.added.len(),
                d.removed.len(),
                d.changed.len(),
                d.other.len(),
                d.flags.len()
            );
            let bytes = match render(
                format,
                || library_diff_report(&d, &old, &new),
                || library_diff_json(&d, &old, &new),
            ) {
                Ok(b) => b,
                Err(e) => return e.into(),
            };
            if let Some(o) = emit(bytes, output, &summary) {
                return o;
            }
            for f in &d.flags {
                let who = if f.id.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", f.id)
                };
                eprintln!("flag: {who}{}: {}", f.kind.title(), f.message);
            }
            if d.flags.is_empty() {
                Outcome::Ok
            } else {
                Outcome::Findings
            }
        }
        Some(profile) => {
            let (old_sel, old_pack) = match side(&old, profile, "old") {
                Ok(v) => v,
                Err(d) => return d.into(),
            };
            let (new_sel, new_pack) = match side(&new, profile, "new") {
                Ok(v) => v,
                Err(d) => return d.into(),
            };
            let d = diff_tender(
                &TenderSide {
                    library: &old,
                    selection: &old_sel,
                    pack: &old_pack,
                },
                &TenderSide {
                    library: &new,
                    selection: &new_sel,
                    pack: &new_pack,
                },
            );
            let summary = format!(
                "{} on library {} → {}: {} would enter, {} leave, {} change; {} renumbered only",
                d.reference,
                d.old.version,
                d.new.version,
                d.entering.len(),
                d.leaving.len(),
                d.changed.len(),
                d.renumbered
            );
            let bytes = match render(format, || tender_diff_report(&d), || tender_diff_json(&d)) {
                Ok(b) => b,
                Err(e) => return e.into(),
            };
            match emit(bytes, output, &summary) {
                Some(o) => o,
                None => Outcome::Ok,
            }
        }
    }
}
