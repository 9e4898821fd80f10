//! Bounded reading of input files: the profile, library files, templates and responses.
//!
//! A file a user or a supplier hands over may be anything: a named pipe that never ends, a device
//! (`/dev/zero`), a file that grows while it is read, or just far too big. Every input is opened
//! without blocking, refused unless it is a regular file, and read with a size cap checked
//! before (the size the file system reports) and while reading (never past the cap plus one
//! byte), so no input can hold the process or exhaust its memory. The cap is in the message and
//! can be raised with `TENDERGUARD_MAX_INPUT_MB` where a legitimate input is larger.

use std::io::Read;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The environment variable that raises (or lowers) the size cap of every input file, in MiB.
pub const MAX_INPUT_ENV: &str = "TENDERGUARD_MAX_INPUT_MB";

/// The default cap on one input file: 32 MiB, far above any real profile (a few KB), library
/// file (80 KB), template or response matrix (a few hundred KB), and below what makes the
/// memory of a run a problem.
pub const DEFAULT_MAX_INPUT_MB: u64 = 32;

/// The cap on one input file, in bytes: `TENDERGUARD_MAX_INPUT_MB` if set to a whole number of
/// MiB, else 32 MiB.
pub fn max_input_bytes() -> u64 {
    std::env::var(MAX_INPUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|mb| *mb > 0)
        .unwrap_or(DEFAULT_MAX_INPUT_MB)
        .saturating_mul(1024 * 1024)
}

/// `32 MiB`, or the exact bytes when the cap is not a whole number of MiB.
pub fn show_size(bytes: u64) -> String {
    if bytes % (1024 * 1024) == 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Why an input file could not be read.
#[derive(Debug)]
pub enum InputError {
    /// A directory where a file is expected.
    Directory,
    /// A named pipe, device or socket: not refused for being odd, but because reading one may
    /// block forever or never end.
    Special(&'static str),
    /// Larger than the cap (in bytes).
    TooLarge(u64),
    /// The operating system refused (missing, permission, I/O error).
    Io(std::io::Error),
}

impl InputError {
    /// The diagnostic for this input: `what` names it as the messages do ("profile", "response
    /// matrix", "template", "TOML").
    pub fn diagnostic(&self, path: &Path, what: &str) -> Diagnostic {
        match self {
            InputError::Directory => {
                Diagnostic::error(format!("expected a {what} file but this is a directory"))
            }
            InputError::Special(kind) => Diagnostic::error(format!(
                "expected a {what} file but this is {kind}: only regular files are read"
            ))
            .note("reading it could wait for a writer forever or never reach an end"),
            InputError::TooLarge(limit) => Diagnostic::error(format!(
                "the {what} file is larger than the limit of {}",
                show_size(*limit)
            ))
            .note(format!(
                "set {MAX_INPUT_ENV} to a larger number of MiB if this file is genuine"
            )),
            InputError::Io(e) => Diagnostic::error(format!(
                "cannot read the {what}: {}",
                crate::diagnostics::io_reason(e)
            )),
        }
        .in_file(path)
    }
}

/// "a named pipe (FIFO)", "a device", "a socket" for a file type that is not a regular file
/// or a directory.
#[cfg(unix)]
pub fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if ft.is_char_device() || ft.is_block_device() {
        Some("a device")
    } else if ft.is_socket() {
        Some("a socket")
    } else if ft.is_file() || ft.is_dir() || ft.is_symlink() {
        None
    } else {
        Some("not a regular file")
    }
}

/// Every file type other than a regular file or directory counts as special off Unix.
#[cfg(not(unix))]
pub fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    (!ft.is_file() && !ft.is_dir() && !ft.is_symlink()).then_some("not a regular file")
}

/// Reads a regular file of at most `max_input_bytes()`.
pub fn read_input(path: &Path) -> Result<Vec<u8>, InputError> {
    read_bounded(path, max_input_bytes())
}

/// Reads a regular file of at most `limit` bytes. The file is opened without blocking, so a
/// FIFO is refused rather than waited on, and read no further than `limit + 1` bytes, so a file
/// that grows while it is read is refused too.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(InputError::Io)?;
    let meta = file.metadata().map_err(InputError::Io)?;
    let ft = meta.file_type();
    if ft.is_dir() {
        return Err(InputError::Directory);
    }
    if let Some(kind) = special_kind(&ft) {
        return Err(InputError::Special(kind));
    }
    if meta.len() > limit {
        return Err(InputError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_with_the_limit_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, vec![b'#'; 2048]).unwrap();
        assert_eq!(read_bounded(&path, 2048).unwrap().len(), 2048);
        let err = read_bounded(&path, 2047).unwrap_err();
        assert!(matches!(err, InputError::TooLarge(2047)));
        let d = err.diagnostic(&path, "profile");
        assert!(d.message.contains("larger than the limit of 2047 bytes"));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_directories_are_refused_without_reading() {
        let err = read_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(matches!(err, InputError::Special("a device")), "{err:?}");
        let err = read_bounded(Path::new("/"), 1024).unwrap_err();
        assert!(matches!(err, InputError::Directory), "{err:?}");
    }

    #[test]
    fn sizes_are_shown_in_mib_when_whole() {
        assert_eq!(show_size(32 * 1024 * 1024), "32 MiB");
        assert_eq!(show_size(1000), "1000 bytes");
    }
}
