//! `tenderguard generate PROFILE`: the tender pack in every requested format.

use std::path::{Path, PathBuf};

use super::{report, CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::format::Format;
use crate::output::write_all_atomically;
use crate::pipeline::{render_files, render_record, Engine};

/// Build the tender pack for a profile.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    pub profile: PathBuf,
    /// Write the files into DIR (default: output/<reference-slug>/).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Comma-separated formats (default: all, or the profile's [output] formats).
    #[arg(long, value_name = "LIST", value_delimiter = ',', num_args = 1)]
    pub format: Vec<Format>,
    /// Override the built-in prose templates with same-named .hbs files in DIR.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub fn run(library: Option<&Path>, args: GenerateArgs) -> CommandResult {
    let engine = Engine::load(library)?.with_templates(args.templates.as_deref())?;
    let plan = engine.plan_file(&args.profile)?;
    report(plan.warnings());
    let pack = plan.build_pack()?;
    let asked = (!args.format.is_empty()).then_some(args.format.as_slice());
    let formats = plan.formats(asked);
    let dir = args
        .output
        .unwrap_or_else(|| Path::new("output").join(plan.profile.tender.slug()));
    let rendered = render_files(&pack, &formats)
        .map_err(|e| Diagnostic::error(e.to_string()).help("nothing was written"))?;
    let record = render_record(&pack, &formats)
        .map_err(|e| Diagnostic::error(e.to_string()).help("nothing was written"))?;
    // The buyer's record goes beside the pack in the same all-or-nothing write.
    let files: Vec<(PathBuf, Vec<u8>)> = rendered
        .into_iter()
        .map(|(format, bytes)| (dir.join(format.file_name()), bytes))
        .chain(
            record
                .into_iter()
                .map(|(name, bytes)| (dir.join(name), bytes)),
        )
        .collect();
    write_all_atomically(&files)?;
    println!(
        "Wrote {} file{} to {}/ — {} requirements ({}) at {} risk, library {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        dir.display(),
        pack.clauses.len(),
        crate::library::category_summary(pack.category_counts()),
        pack.meta.risk_level,
        pack.meta.library_version
    );
    for (path, bytes) in &files {
        println!("  {} ({} bytes)", path.display(), bytes.len());
    }
    Ok(Outcome::Clean)
}
