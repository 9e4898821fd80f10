//! `tenderguard assess PROFILE RESPONSE`: check a supplier's filled response matrix against the
//! pack as issued and summarise it for evaluators. Exit 0 when the response is complete and no
//! mandatory requirement failed, 1 when it is not, 2 when a file cannot be read.

use std::path::Path;

use super::generate::build;
use super::report_output::{print_stdout, resolve_output, same_file, ReportFormat};
use super::{report, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::write_atomically;
use crate::report::assessment::{assessment_json, assessment_report, assessment_text};
use crate::report::docx::write_report_docx;
use crate::report::markdown::write_report_markdown;
use crate::response::{assess_response, read_response};

const FORMATS: &[ReportFormat] = &[
    ReportFormat::Text,
    ReportFormat::Json,
    ReportFormat::Md,
    ReportFormat::Docx,
];

pub fn run(
    library: Option<&Path>,
    profile: &Path,
    response: &Path,
    format: Option<&str>,
    output: Option<&Path>,
) -> Outcome {
    let format = match resolve_output(format, output, FORMATS, ReportFormat::Text) {
        Ok(f) => f,
        Err(d) => return d.into(),
    };
    if let Some(out) = output {
        if same_file(out, response) || same_file(out, profile) {
            return Diagnostic::error("the report would overwrite an input file")
                .in_file(out)
                .help("choose another -o path")
                .into();
        }
    }
    let (pack, _, _) = match build(library, profile, None) {
        Ok(v) => v,
        Err(d) => return d.into(),
    };
    let sheet = match read_response(response) {
        Ok(s) => s,
        Err(d) => return d.into(),
    };
    report(&sheet.warnings);
    let assessment = assess_response(&pack, &sheet);
    let bytes = |f: ReportFormat| -> Result<Vec<u8>, Diagnostics> {
        Ok(match f {
            ReportFormat::Text => assessment_text(&assessment).into_bytes(),
            ReportFormat::Json => assessment_json(&assessment),
            ReportFormat::Md => write_report_markdown(&assessment_report(&assessment)).into_bytes(),
            ReportFormat::Docx => write_report_docx(&assessment_report(&assessment))
                .map_err(|e| Diagnostics::from(Diagnostic::error(e.to_string())))?,
            ReportFormat::Csv => unreachable!("assess has no CSV output"),
        })
    };
    match output {
        Some(out) => {
            let written = match bytes(format) {
                Ok(b) => b,
                Err(d) => return d.into(),
            };
            if let Err(d) = write_atomically(out, &written) {
                return d.into();
            }
            print_stdout(assessment_text(&assessment).as_bytes());
            println!("\nWrote {} ({} bytes)", out.display(), written.len());
        }
        None => match bytes(format) {
            Ok(b) => print_stdout(&b),
            Err(d) => return d.into(),
        },
    }
    if assessment.has_problems() {
        Outcome::Findings
    } else {
        Outcome::Ok
    }
}
