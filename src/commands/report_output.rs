//! The `--format` and `-o FILE` options shared by the report commands (`assess`, `diff`,
//! `library`): which format, inferred from the file name when not given, and checks that a
//! binary format goes to a file.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Md,
    Docx,
    Csv,
}

impl ReportFormat {
    const ALL: [ReportFormat; 5] = [
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Md,
        ReportFormat::Docx,
        ReportFormat::Csv,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Json => "json",
            ReportFormat::Md => "md",
            ReportFormat::Docx => "docx",
            ReportFormat::Csv => "csv",
        }
    }

    fn from_extension(ext: &str) -> Option<ReportFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" => Some(ReportFormat::Text),
            "json" => Some(ReportFormat::Json),
            "md" | "markdown" => Some(ReportFormat::Md),
            "docx" => Some(ReportFormat::Docx),
            "csv" => Some(ReportFormat::Csv),
            _ => None,
        }
    }
}

/// The format to write: `--format` if given (checked against what this command offers), else
/// the `-o` file's extension, else `default`. DOCX needs `-o`.
pub fn resolve_output(
    format: Option<&str>,
    output: Option<&Path>,
    allowed: &[ReportFormat],
    default: ReportFormat,
) -> Result<ReportFormat, Diagnostics> {
    let keys: Vec<&str> = allowed.iter().map(|f| f.key()).collect();
    let chosen = match format {
        Some(key) => match ReportFormat::ALL
            .into_iter()
            .find(|f| f.key() == key.trim().to_ascii_lowercase())
        {
            Some(f) if allowed.contains(&f) => f,
            _ => {
                let d = Diagnostic::error(format!("unknown format `{key}` in --format"));
                return Err(d
                    .suggest_or(
                        key,
                        keys.iter().copied(),
                        format!("allowed: {}", keys.join(", ")),
                    )
                    .into());
            }
        },
        None => match output.and_then(|o| o.extension()).and_then(|e| e.to_str()) {
            Some(ext) => match ReportFormat::from_extension(ext) {
                Some(f) if allowed.contains(&f) => f,
                _ => {
                    return Err(Diagnostic::error(format!(
                        "cannot tell the format from the file name `{}`",
                        output.map(|o| o.display().to_string()).unwrap_or_default()
                    ))
                    .help(format!("add --format ({})", keys.join(", ")))
                    .into())
                }
            },
            None => default,
        },
    };
    if chosen == ReportFormat::Docx && output.is_none() {
        return Err(
            Diagnostic::error("--format docx writes a file: give it with -o FILE")
                .help("e.g. -o report.docx")
                .into(),
        );
    }
    Ok(chosen)
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes a report to standard output; see `output::print_stdout`.
pub use crate::output::print_stdout;
