//! `tenderguard library`: the whole clause library with every field, for legal review, as
//! Markdown (default, to standard output), DOCX or CSV. Respects `--library DIR`.

use std::path::Path;

use super::report_output::{print_stdout, resolve_output, ReportFormat};
use super::{load, Outcome};
use crate::diagnostics::Diagnostic;
use crate::output::write_atomically;
use crate::report::docx::write_report_docx;
use crate::report::library::{library_csv, library_report};
use crate::report::markdown::write_report_markdown;

const FORMATS: &[ReportFormat] = &[ReportFormat::Md, ReportFormat::Docx, ReportFormat::Csv];

pub fn run(library: Option<&Path>, format: Option<&str>, output: Option<&Path>) -> Outcome {
    let format = match resolve_output(format, output, FORMATS, ReportFormat::Md) {
        Ok(f) => f,
        Err(d) => return d.into(),
    };
    let lib = match load(library) {
        Ok(l) => l,
        Err(d) => return d.into(),
    };
    let bytes = match format {
        ReportFormat::Csv => {
            library_csv(&lib).map_err(|e| Diagnostic::error(format!("csv writer: {e}")))
        }
        ReportFormat::Docx => {
            write_report_docx(&library_report(&lib)).map_err(|e| Diagnostic::error(e.to_string()))
        }
        _ => Ok(write_report_markdown(&library_report(&lib)).into_bytes()),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(d) => return d.into(),
    };
    match output {
        Some(out) => {
            if let Err(d) = write_atomically(out, &bytes) {
                return d.into();
            }
            println!(
                "{} {}: {} clauses written to {} ({} bytes)",
                lib.name,
                lib.version,
                lib.clauses.len(),
                out.display(),
                bytes.len()
            );
        }
        None => print_stdout(&bytes),
    }
    Outcome::Ok
}
