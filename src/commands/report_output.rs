//! The `--format` and `-o FILE` options shared by the report commands (`assess`, `diff`,
//! `library`): which format, inferred from the file name when not given, and checks that a
//! binary format goes to a file. Each command offers its own clap value enum of formats, so an
//! unknown one is refused by clap and every format the command offers is matched by name.

use std::path::Path;

use clap::ValueEnum;

use super::args::value_name;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::write_atomically;

/// The format to write: `--format` if given, else the `-o` file's extension (when it names a
/// format this command offers), else `default`. DOCX needs `-o`.
pub fn resolve_output<F: ValueEnum + Copy>(
    format: Option<F>,
    output: Option<&Path>,
    default: F,
) -> Result<F, Diagnostics> {
    let chosen = match (format, output.and_then(|o| o.extension())) {
        (Some(f), _) => f,
        (None, None) => default,
        (None, Some(ext)) => {
            let key = match ext.to_string_lossy().to_ascii_lowercase().as_str() {
                "txt" => "text".to_string(),
                "markdown" => "md".to_string(),
                other => other.to_string(),
            };
            match F::value_variants().iter().find(|f| value_name(**f) == key) {
                Some(f) => *f,
                None => {
                    let keys: Vec<String> =
                        F::value_variants().iter().map(|f| value_name(*f)).collect();
                    return Err(Diagnostic::error(format!(
                        "cannot tell the format from the file name `{}`",
                        output.map(|o| o.display().to_string()).unwrap_or_default()
                    ))
                    .help(format!("add --format ({})", keys.join(", ")))
                    .into());
                }
            }
        }
    };
    if value_name(chosen) == "docx" && output.is_none() {
        return Err(
            Diagnostic::error("--format docx writes a file: give it with -o FILE")
                .help("e.g. -o report.docx")
                .into(),
        );
    }
    Ok(chosen)
}

/// Writes a report to `output` atomically and then calls `written` (which says what was
/// written), or prints it to standard output when there is no `-o`.
pub fn emit(
    bytes: &[u8],
    output: Option<&Path>,
    written: impl FnOnce(&Path),
) -> Result<(), Diagnostics> {
    match output {
        Some(out) => {
            write_atomically(out, bytes)?;
            written(out);
        }
        None => print_stdout(bytes),
    }
    Ok(())
}

/// Whether two paths name the same existing file; see `output::same_file`.
pub use crate::output::same_file;

/// Writes a report to standard output; see `output::print_stdout`.
pub use crate::output::print_stdout;
