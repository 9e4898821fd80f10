//! `tenderguard generate PROFILE`: the tender pack in every requested format.

use std::path::{Path, PathBuf};

use super::{report, CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::format::Format;
use crate::output::{refuse_overwriting_inputs, write_all_atomically};
use crate::pipeline::{render_outputs, Engine};

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
    let dir = match args.output {
        Some(dir) => dir,
        None => default_folder(&plan.profile)?,
    };
    // The buyer's record goes beside the pack in the same all-or-nothing write.
    let files: Vec<(PathBuf, Vec<u8>)> = render_outputs(&plan, &pack, &formats)?
        .into_iter()
        .map(|(name, bytes)| (dir.join(name), bytes))
        .collect();
    let templates = template_files(args.templates.as_deref());
    let mut inputs: Vec<&Path> = vec![args.profile.as_path()];
    inputs.extend(templates.iter().map(PathBuf::as_path));
    let targets: Vec<&Path> = files.iter().map(|(path, _)| path.as_path()).collect();
    refuse_overwriting_inputs(&targets, &inputs, library.as_slice())?;
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

/// `output/<slug>/`, where the slug is the reference in ASCII letters and digits; refused at the
/// reference when it has none (a reference in Cyrillic names no folder: give one with -o).
fn default_folder(profile: &crate::profile::ResolvedProfile) -> Result<PathBuf, Diagnostic> {
    let slug = profile.tender.slug();
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "the tender reference has no ASCII letter or digit to name the output folder",
        )
        .at(
            &profile.file,
            profile.tender.reference_span.clone(),
            "names the folder",
        )
        .help("give the folder with -o DIR; nothing was written"));
    }
    Ok(Path::new("output").join(slug))
}

/// The `.hbs` files of a `--templates` directory: inputs no output may overwrite.
fn template_files(dir: Option<&Path>) -> Vec<PathBuf> {
    dir.and_then(|d| std::fs::read_dir(d).ok())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "hbs"))
        .collect()
}
