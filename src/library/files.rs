//! Reading a library directory (`--library DIR`) from disk, within bounds.
//!
//! The directory is the user's, and may hold anything: a symbolic link back to itself or out to
//! the rest of the file system, a device or named pipe named like a clause file, or it may be `/`.
//! So the walk never leaves the library (a link that leads outside is refused), never enters a
//! directory twice (a link that makes a loop is refused), reads only regular files through the
//! bounded reader, and stops at `MAX_ENTRIES` entries, `MAX_DEPTH` levels, `MAX_FILES` library
//! files or `MAX_TOTAL_MB` of text, each with a message. A directory without `library.toml` is
//! refused before the walk starts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{max_input_bytes, read_input, show_size, InputError, MAX_INPUT_ENV};

use super::LibraryFiles;

/// Directory entries looked at, of any kind: the shipped library has a few dozen.
pub const MAX_ENTRIES: usize = 10_000;
/// Library files read (`.toml` and `.md`).
pub const MAX_FILES: usize = 1_000;
/// Directory levels below the library root.
pub const MAX_DEPTH: usize = 16;

/// The cap on all library files together: twice the cap on one input file.
fn max_total_bytes() -> u64 {
    max_input_bytes().saturating_mul(2)
}

/// Reads every `.toml` and `.md` file under `dir`, in path order.
pub fn read_library_dir(dir: &Path) -> Result<LibraryFiles, Diagnostics> {
    if !dir.is_dir() {
        return Err(Diagnostic::error(if dir.exists() {
            "the library path is not a directory"
        } else {
            "the library directory does not exist"
        })
        .in_file(dir)
        .help("pass a directory laid out like `requirements/` (library.toml, clauses/*.toml, …)")
        .into());
    }
    if std::fs::symlink_metadata(dir.join("library.toml")).is_err() {
        return Err(Diagnostic::error("the library has no `library.toml`")
            .in_file(dir.join("library.toml"))
            .help("pass a directory laid out like `requirements/` (library.toml, clauses/*.toml, …); nothing else is read")
            .into());
    }
    let root = dir.canonicalize().map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!(
                "cannot read the library directory: {}",
                crate::diagnostics::io_reason(&e)
            ))
            .in_file(dir),
        )
    })?;
    let mut walk = Walk {
        shown_root: dir.to_path_buf(),
        root: root.clone(),
        visited: BTreeSet::from([root.clone()]),
        entries: 0,
        total: 0,
        files: Vec::new(),
        diags: Diagnostics::default(),
    };
    walk.directory(dir, &root, 0);
    if walk.diags.has_errors() {
        return Err(walk.diags);
    }
    walk.files.sort();
    Ok(walk.files)
}

struct Walk {
    /// The root as the user wrote it, for the paths in messages and the files' names.
    shown_root: PathBuf,
    /// The root with every link resolved, to tell inside from outside.
    root: PathBuf,
    /// Directories entered, resolved, so a link back to one of them is a loop.
    visited: BTreeSet<PathBuf>,
    entries: usize,
    total: u64,
    files: LibraryFiles,
    diags: Diagnostics,
}

/// Why the walk stopped early; one message is enough.
struct Stop;

impl Walk {
    fn directory(&mut self, shown: &Path, real: &Path, depth: usize) -> Option<Stop> {
        if depth > MAX_DEPTH {
            self.diags.push(
                Diagnostic::error(format!(
                    "the library's folders are nested more than {MAX_DEPTH} deep"
                ))
                .in_file(shown)
                .help("a library holds library.toml, a few TOML files and clauses/*.toml"),
            );
            return Some(Stop);
        }
        let entries = match std::fs::read_dir(real) {
            Ok(e) => e,
            Err(e) => {
                self.diags
                    .push(Diagnostic::error(format!("cannot read directory: {e}")).in_file(shown));
                return None;
            }
        };
        let mut names = Vec::new();
        for entry in entries.flatten() {
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                self.diags.push(
                    Diagnostic::error(format!(
                        "the library directory holds more than {MAX_ENTRIES} entries"
                    ))
                    .in_file(&self.shown_root)
                    .help("is this the library? A library holds library.toml, a few TOML files and clauses/*.toml"),
                );
                return Some(Stop);
            }
            names.push(entry.file_name());
        }
        names.sort();
        for name in names {
            let shown = shown.join(&name);
            let path = real.join(&name);
            if self.entry(&shown, &path, depth).is_some() {
                return Some(Stop);
            }
        }
        None
    }

    fn entry(&mut self, shown: &Path, path: &Path, depth: usize) -> Option<Stop> {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return None;
        };
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let wanted = ext == "toml" || ext == "md";
        let mut real = path.to_path_buf();
        let mut is_dir = meta.is_dir();
        if meta.file_type().is_symlink() {
            let Ok(target) = path.canonicalize() else {
                if wanted {
                    self.diags.push(
                        Diagnostic::error("this symbolic link leads nowhere")
                            .in_file(shown)
                            .help("remove it, or point it at a file inside the library"),
                    );
                }
                return None;
            };
            if !target.starts_with(&self.root) {
                if wanted || target.is_dir() {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "this symbolic link leads out of the library directory, to {}",
                            target.display()
                        ))
                        .in_file(shown)
                        .help("a library is read only from its own directory: copy the file in instead"),
                    );
                }
                return None;
            }
            is_dir = target.is_dir();
            real = target;
        }
        if is_dir {
            if wanted && ext == "toml" {
                self.diags.push(
                    Diagnostic::error("expected a TOML file but this is a directory")
                        .in_file(shown)
                        .help("library files (library.toml, clauses/*.toml, …) are text files"),
                );
                return None;
            }
            let resolved = real.canonicalize().unwrap_or(real.clone());
            if !self.visited.insert(resolved.clone()) {
                self.diags.push(
                    Diagnostic::error(format!(
                        "this symbolic link makes a loop: it leads back to {}",
                        resolved.display()
                    ))
                    .in_file(shown)
                    .help("remove the link; each library folder is read once"),
                );
                return None;
            }
            return self.directory(shown, &resolved, depth + 1);
        }
        if !wanted {
            return None;
        }
        if self.files.len() >= MAX_FILES {
            self.diags.push(
                Diagnostic::error(format!("the library holds more than {MAX_FILES} TOML and Markdown files"))
                    .in_file(&self.shown_root)
                    .help("is this the library? A library holds library.toml, a few TOML files and clauses/*.toml"),
            );
            return Some(Stop);
        }
        let rel = shown
            .strip_prefix(&self.shown_root)
            .unwrap_or(shown)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = match read_input(&real) {
            Ok(b) => b,
            Err(InputError::Io(e)) => {
                self.diags
                    .push(Diagnostic::error(format!("cannot read file: {e}")).in_file(shown));
                return None;
            }
            Err(e) => {
                self.diags.push(e.diagnostic(shown, "library"));
                return None;
            }
        };
        self.total += bytes.len() as u64;
        if self.total > max_total_bytes() {
            self.diags.push(
                Diagnostic::error(format!(
                    "the library's files are larger than {} together",
                    show_size(max_total_bytes())
                ))
                .in_file(shown)
                .note(format!("set {MAX_INPUT_ENV} (the limit for one file, in MiB; the library may hold twice that) if this library is genuine")),
            );
            return Some(Stop);
        }
        match String::from_utf8(bytes) {
            Ok(text) => self.files.push((rel, text)),
            Err(e) => self.diags.push(crate::diagnostics::not_utf8(
                shown,
                e.as_bytes(),
                e.utf8_error().valid_up_to(),
            )),
        }
        None
    }
}
