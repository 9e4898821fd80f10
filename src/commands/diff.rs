//! `tenderguard diff OLD_LIBRARY NEW_LIBRARY [--profile PROFILE]`: the clause-level change
//! report between two library versions, or, with a profile, what would change in that tender.
//! Exit 1 when the library comparison raises flags (a change without a version bump, a reused
//! or renumbered id), so CI can stop such a release; 2 when an input cannot be read.

use std::path::{Path, PathBuf};

use super::report_output::{emit, resolve_output};
use super::{CommandResult, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::libdiff::diff_libraries;
use crate::libdiff::tender::{diff_tender, TenderSide};
use crate::output::refuse_overwriting_inputs;
use crate::pack::TenderPack;
use crate::pipeline::{Engine, Plan};
use crate::report::diff::{
    library_diff_json, library_diff_report, tender_diff_json, tender_diff_report,
};
use crate::report::markdown::write_report_markdown;
use crate::report::write_report_docx;
use crate::report::Report;

/// The formats `diff` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Md,
    Json,
    Docx,
}

/// Clause-level changes between two library directories.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    pub old_library: PathBuf,
    pub new_library: PathBuf,
    /// Only what changes for this tender.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<PathBuf>,
    /// The report format (default: md, or the -o file's extension); docx has tracked changes.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<DiffFormat>,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A library directory, or `built-in` for the library inside the binary.
fn load_side(path: &Path) -> Result<Engine, Diagnostics> {
    if !path.exists() && path.as_os_str() == "built-in" {
        return Engine::load(None);
    }
    Engine::load(Some(path))
}

fn render(
    format: DiffFormat,
    report: impl Fn() -> Report,
    json: impl Fn() -> Vec<u8>,
) -> Result<Vec<u8>, Diagnostic> {
    Ok(match format {
        DiffFormat::Json => json(),
        DiffFormat::Docx => {
            write_report_docx(&report()).map_err(|e| Diagnostic::error(e.to_string()))?
        }
        DiffFormat::Md => write_report_markdown(&report()).into_bytes(),
    })
}

/// The profile planned and built against one side's library; messages say which side.
fn side<'e>(
    engine: &'e Engine,
    profile: &Path,
    which: &str,
) -> Result<(Plan<'e>, TenderPack), Diagnostics> {
    let note = |mut d: Diagnostics| {
        for x in &mut d.0 {
            x.notes.push(format!(
                "while reading the profile against the {which} library ({})",
                engine.library().origin
            ));
        }
        d
    };
    let plan = engine.plan_file(profile).map_err(note)?;
    let pack = plan.build_pack()?;
    Ok((plan, pack))
}

pub fn run(args: DiffArgs) -> CommandResult {
    let output = args.output.as_deref();
    let format = resolve_output(args.format, output, DiffFormat::Md)?;
    let libraries = [args.old_library.as_path(), args.new_library.as_path()];
    refuse_overwriting_inputs(
        output.as_slice(),
        &[args.profile.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
        &libraries,
    )?;
    let mut diags = Diagnostics::default();
    let old = load_side(&args.old_library)
        .map_err(|d| diags.extend(d))
        .ok();
    let new = load_side(&args.new_library)
        .map_err(|d| diags.extend(d))
        .ok();
    let (Some(old), Some(new)) = (old, new) else {
        return Err(diags);
    };
    let Some(profile) = args.profile.as_deref() else {
        let (old, new) = (old.library(), new.library());
        let d = diff_libraries(old, new);
        let bytes = render(
            format,
            || library_diff_report(&d, old, new),
            || library_diff_json(&d, old, new),
        )?;
        emit(&bytes, output, |out| {
            println!(
                "Library {} → {}: {} added, {} removed, {} changed, {} other change(s), {} flag(s)",
                d.old.version,
                d.new.version,
                d.added.len(),
                d.removed.len(),
                d.changed.len(),
                d.other.len(),
                d.flags.len()
            );
            println!("Wrote {} ({} bytes)", out.display(), bytes.len());
        })?;
        for f in &d.flags {
            let who = if f.id.is_empty() {
                String::new()
            } else {
                format!("{}: ", f.id)
            };
            eprintln!("flag: {who}{}: {}", f.kind.title(), f.message);
        }
        return Ok(Outcome::findings_if(!d.flags.is_empty()));
    };
    let (old_plan, old_pack) = side(&old, profile, "old")?;
    let (new_plan, new_pack) = side(&new, profile, "new")?;
    let d = diff_tender(
        &TenderSide {
            library: old.library(),
            selection: &old_plan.selection,
            pack: &old_pack,
        },
        &TenderSide {
            library: new.library(),
            selection: &new_plan.selection,
            pack: &new_pack,
        },
    );
    let bytes = render(format, || tender_diff_report(&d), || tender_diff_json(&d))?;
    emit(&bytes, output, |out| {
        println!(
            "{} on library {} → {}: {} would enter, {} leave, {} change; {} renumbered only",
            d.reference,
            d.old.version,
            d.new.version,
            d.entering.len(),
            d.leaving.len(),
            d.changed.len(),
            d.renumbered
        );
        println!("Wrote {} ({} bytes)", out.display(), bytes.len());
    })?;
    Ok(Outcome::Clean)
}
