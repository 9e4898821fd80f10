//! Atomic output: every file is written to a temporary file in its final directory and renamed
//! into place only when all of them were produced, so a failed run leaves earlier outputs intact
//! and no partial file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Writes every (path, bytes) pair, or none of them.
///
/// Each file is staged (written and flushed to disk) on its own thread, since flushing is most of
/// the time a write takes; the first failure in the given order is the one reported, and any
/// staged file is removed when its temporary handle is dropped.
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostic> {
    let staged: Vec<Result<tempfile::NamedTempFile, Diagnostic>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = files
            .iter()
            .map(|(path, bytes)| scope.spawn(move || stage(path, bytes)))
            .collect();
        jobs.into_iter()
            .map(|j| j.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let staged: Vec<tempfile::NamedTempFile> = staged.into_iter().collect::<Result<_, _>>()?;
    for (tmp, (path, _)) in staged.into_iter().zip(files) {
        tmp.persist(path).map_err(|e| {
            Diagnostic::error(format!("cannot move the output into place: {}", e.error))
                .in_file(path)
        })?;
    }
    Ok(())
}

/// Writes `bytes` to a temporary file next to `path` and flushes it to disk.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, Diagnostic> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("cannot create the output directory: {e}")).in_file(dir)
    })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tenderguard-").suffix(".tmp");
    // Temporary files are private (0600) by default; an output is an ordinary file, so ask
    // for 0666 and let the user's umask decide, as any other program's output would.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        Diagnostic::error(format!("cannot write in the output directory: {e}")).in_file(dir)
    })?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Diagnostic::error(format!("cannot write the output: {e}")).in_file(path))?;
    Ok(tmp)
}

/// Writes one file atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_all_atomically(&[(path.to_path_buf(), bytes.to_vec())])
}
