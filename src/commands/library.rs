//! `tenderguard library`: the whole clause library with every field, for legal review, as
//! Markdown (default, to standard output), DOCX or CSV. Respects `--library DIR`.

use std::path::{Path, PathBuf};

use super::report_output::{emit, resolve_output};
use super::{CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::output::refuse_overwriting_inputs;
use crate::pipeline::Engine;
use crate::report::library::{library_csv, library_report};
use crate::report::markdown::write_report_markdown;
use crate::report::write_report_docx;

/// The formats `library` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LibraryFormat {
    Md,
    Docx,
    Csv,
}

/// The whole clause library with every field, for legal review.
#[derive(Debug, clap::Args)]
pub struct LibraryArgs {
    /// The format (default: md, or the -o file's extension).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<LibraryFormat>,
    /// Write it to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(library: Option<&Path>, args: LibraryArgs) -> CommandResult {
    let output = args.output.as_deref();
    let format = resolve_output(args.format, output, LibraryFormat::Md)?;
    refuse_overwriting_inputs(output.as_slice(), &[], library.as_slice())?;
    let engine = Engine::load(library)?;
    let lib = engine.library();
    let bytes = match format {
        LibraryFormat::Csv => {
            library_csv(lib).map_err(|e| Diagnostic::error(format!("csv writer: {e}")))?
        }
        LibraryFormat::Docx => {
            write_report_docx(&library_report(lib)).map_err(|e| Diagnostic::error(e.to_string()))?
        }
        LibraryFormat::Md => write_report_markdown(&library_report(lib)).into_bytes(),
    };
    emit(&bytes, output, |out| {
        println!(
            "{} {}: {} clauses written to {} ({} bytes)",
            lib.name,
            lib.version,
            lib.clauses.len(),
            out.display(),
            bytes.len()
        )
    })?;
    Ok(Outcome::Clean)
}
