//! One module per subcommand, each a thin layer over the library code.

pub mod assess;
pub mod check;
pub mod diff;
pub mod explain;
pub mod generate;
pub mod init;
pub mod library;
pub mod list;
pub mod report_output;
pub mod show;

use std::io::IsTerminal;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::{embedded_files, load_library, read_library_dir, Library};
use crate::profile::{resolve_profile, ResolvedProfile};

/// How a command ended, which decides the exit status (0, 1 or 2).
pub enum Outcome {
    Ok,
    /// A check found problems (exit 1).
    Findings,
    /// Bad input: usage, profile, library, response (exit 2); nothing was written.
    BadInput(Diagnostics),
}

impl From<Diagnostics> for Outcome {
    fn from(d: Diagnostics) -> Self {
        Outcome::BadInput(d)
    }
}

impl From<Diagnostic> for Outcome {
    fn from(d: Diagnostic) -> Self {
        Outcome::BadInput(d.into())
    }
}

/// Prints diagnostics to stderr, with a closing count line when there are several.
pub fn report(diags: &[Diagnostic]) {
    report_at_most(diags, usize::MAX);
}

/// How many problems with bad input are printed; the rest are only counted, so that a profile
/// repeating one mistake 100 000 times gets a screenful rather than 100 000 messages.
pub const BAD_INPUT_SHOWN: usize = 50;

/// Prints the first `limit` diagnostics and says how many more there are.
pub fn report_at_most(diags: &[Diagnostic], limit: usize) {
    let color = std::io::stderr().is_terminal();
    for d in diags.iter().take(limit) {
        eprintln!("{}\n", d.render(color));
    }
    if diags.len() > limit {
        eprintln!(
            "note: {} more not shown; fix these and run again",
            diags.len() - limit
        );
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 1 {
        eprintln!("error: {errors} problems found");
    }
}

/// The built-in library, or the one in `dir`. Warnings are dropped here; `check` shows them.
pub fn load(dir: Option<&Path>) -> Result<Library, Diagnostics> {
    let (lib, _) = load_with_warnings(dir)?;
    Ok(lib)
}

pub fn load_with_warnings(dir: Option<&Path>) -> Result<(Library, Vec<Diagnostic>), Diagnostics> {
    match dir {
        None => load_library(&embedded_files(), "built-in", "requirements"),
        Some(dir) => {
            let files = read_library_dir(dir)?;
            let shown = dir.display().to_string();
            load_library(&files, &shown, shown.trim_end_matches('/'))
        }
    }
}

/// Reads and resolves a profile file.
pub fn load_profile(path: &Path, lib: &Library) -> Result<ResolvedProfile, Diagnostics> {
    let shown = path.display().to_string();
    let bytes = crate::input::read_input(path).map_err(|e| {
        let d = e.diagnostic(path, "profile");
        Diagnostics::from(match e {
            crate::input::InputError::Directory => {
                d.help("pass the profile's .toml file; `tenderguard init` writes a starter")
            }
            _ => d.help("`tenderguard init` writes a starter profile"),
        })
    })?;
    resolve_profile(&shown, &bytes, lib)
}

/// "no such file" rather than "No such file or directory (os error 2)".
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
