//! `tenderguard assess PROFILE RESPONSE`: check a supplier's filled response matrix against the
//! pack as issued and summarise it for evaluators. Exit 0 when the response is complete and no
//! mandatory requirement failed, 1 when it is not, 2 when a file cannot be read.

use std::path::{Path, PathBuf};

use super::report_output::{emit, print_stdout, resolve_output, same_file};
use super::{report, CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::output::refuse_overwriting_inputs;
use crate::pipeline::Engine;
use crate::report::assessment::{assessment_json, assessment_report, assessment_text};
use crate::report::markdown::write_report_markdown;
use crate::report::write_report_docx;
use crate::response::{assess_response, read_response};

/// The formats `assess` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AssessFormat {
    Text,
    Json,
    Md,
    Docx,
}

/// Check a supplier's filled response matrix (CSV or XLSX) against the pack as issued.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    pub profile: PathBuf,
    /// The filled response-matrix.xlsx or response-matrix.csv.
    pub response: PathBuf,
    /// The report format (default: text, or the -o file's extension).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<AssessFormat>,
    /// Write the report to FILE (the summary is still printed).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(library: Option<&Path>, args: AssessArgs) -> CommandResult {
    let output = args.output.as_deref();
    let format = resolve_output(args.format, output, AssessFormat::Text)?;
    if let Some(out) = output {
        if same_file(out, &args.response) || same_file(out, &args.profile) {
            return Err(
                Diagnostic::error("the report would overwrite an input file")
                    .in_file(out)
                    .help("choose another -o path")
                    .into(),
            );
        }
        refuse_overwriting_inputs(&[out], &[], library.as_slice())?;
    }
    let engine = Engine::load(library)?;
    let plan = engine.plan_file(&args.profile)?;
    report(plan.warnings());
    let pack = plan.build_pack()?;
    let sheet = read_response(&args.response)?;
    report(&sheet.warnings);
    let assessment = assess_response(&pack, &sheet);
    let bytes = match format {
        AssessFormat::Text => assessment_text(&assessment).into_bytes(),
        AssessFormat::Json => assessment_json(&assessment),
        AssessFormat::Md => write_report_markdown(&assessment_report(&assessment)).into_bytes(),
        AssessFormat::Docx => write_report_docx(&assessment_report(&assessment))
            .map_err(|e| Diagnostic::error(e.to_string()))?,
    };
    emit(&bytes, output, |out| {
        print_stdout(assessment_text(&assessment).as_bytes());
        println!("\nWrote {} ({} bytes)", out.display(), bytes.len());
    })?;
    Ok(Outcome::findings_if(assessment.has_problems()))
}
