//! Atomic output: every file is written to a temporary file in its final directory and renamed
//! into place only when all of them were produced, so a failed run leaves earlier outputs intact
//! and no partial file behind.
//!
//! Around that promise: only regular files are written (a device, FIFO, socket, symbolic link or
//! directory where an output belongs is refused before anything is staged); a pack's folder is
//! locked for the run, so two runs never mix their files; every target is checked before the
//! first rename, and a rename that still fails puts back what was there; staged files are
//! removed on Ctrl-C or SIGTERM (`install_interrupt_cleanup`) and, when a run was killed outright,
//! by the next run into the same folder; a directory created for a run that failed is removed.
//! Standard output is written through `print_line`/`print_stdout`, which record a write error
//! instead of panicking or dropping it, so `main` can exit 2 (`stdout_error`).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use crate::diagnostics::Diagnostic;

/// Temporary and backup files start with this and end with `.tmp`, so a later run can find
/// the ones an earlier, killed run left behind.
const TEMP_PREFIX: &str = ".tenderguard-";
const TEMP_SUFFIX: &str = ".tmp";

/// Paths of the files staged and not yet renamed into place, for the interrupt handler. Held
/// locked while renaming, so an interrupt waits for the renames (a few system calls) to finish
/// or be undone rather than leaving a mixed pack.
fn staged_paths() -> MutexGuard<'static, Vec<PathBuf>> {
    static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    STAGED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes staged files when the process receives SIGINT, SIGTERM or SIGHUP, then ends it by
/// that signal as it would have ended without the handler.
///
/// The signals are blocked in the calling thread, and so in every thread started after it, and
/// received by one thread with `sigwait`, where removing files is safe. Call it once, first
/// thing in `main`, before any other thread exists.
pub fn install_interrupt_cleanup() {
    #[cfg(unix)]
    // SAFETY: plain libc calls on a signal set owned by this function; called before any other
    // thread exists, so every later thread inherits the blocked mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, sig);
        }
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || loop {
                let mut sig: libc::c_int = 0;
                if libc::sigwait(&set, &mut sig) != 0 {
                    continue;
                }
                let staged = staged_paths();
                for path in staged.iter() {
                    let _ = std::fs::remove_file(path);
                }
                // Die by the signal itself, so the shell sees an interrupted run.
                libc::signal(sig, libc::SIG_DFL);
                let mut one: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut one);
                libc::sigaddset(&mut one, sig);
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &one, std::ptr::null_mut());
                libc::raise(sig);
                std::process::exit(128 + sig);
            });
        if spawned.is_err() {
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}

/// Writes every (path, bytes) pair of a pack, or none of them, with the pack's folder locked
/// against another run for the whole write.
///
/// Each file is staged (written and flushed to disk) on its own thread, since flushing is most of
/// the time a write takes; the first failure in the given order is the one reported.
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostic> {
    write_files(files, true)
}

/// Writes one file atomically. The folder is not locked: several reports may be written into
/// one folder at once, each to its own name.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_files(&[(path.to_path_buf(), bytes.to_vec())], false)
}

fn write_files(files: &[(PathBuf, Vec<u8>)], lock_folder: bool) -> Result<(), Diagnostic> {
    let mut dirs: Vec<PathBuf> = files.iter().map(|(p, _)| parent_of(p)).collect();
    dirs.dedup();
    for (path, _) in files {
        check_target(path)?;
    }
    let mut created: Vec<PathBuf> = Vec::new();
    let result = (|| {
        let mut locks = Vec::new();
        for dir in &dirs {
            created.extend(create_dir(dir)?);
            if lock_folder {
                locks.push(lock_dir(dir)?);
            }
            remove_stale(dir);
        }
        // Checked again now the folder is ours: another program may have put something there.
        for (path, _) in files {
            check_target(path)?;
        }
        let staged = stage_all(files)?;
        commit(staged, files)
    })();
    if result.is_err() {
        for dir in created.iter().rev() {
            // Only empty directories go: remove_dir refuses any other.
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

/// The directory a path is written in (`.` for a bare file name).
fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Refuses a target that is not a regular file or absent: a directory, symbolic link, device,
/// FIFO or socket would be replaced by a regular file (or written through) by a rename.
fn check_target(path: &Path) -> Result<(), Diagnostic> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    let ft = meta.file_type();
    let what = if ft.is_file() {
        return Ok(());
    } else if ft.is_dir() {
        "a directory"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        crate::input::special_kind(&ft).unwrap_or("not a regular file")
    };
    Err(Diagnostic::error(format!(
        "the output path is {what}: only regular files are written"
    ))
    .in_file(path)
    .help("remove it or choose another output path; nothing was written"))
}

/// Creates `dir` and any missing parents; returns the ones it created, outermost first, so a
/// failed run can remove them again.
fn create_dir(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(p) = at.filter(|p| !p.as_os_str().is_empty()) {
        if std::fs::symlink_metadata(p).is_ok() {
            break;
        }
        missing.push(p.to_path_buf());
        at = p.parent();
    }
    missing.reverse();
    let mut created = Vec::new();
    for p in &missing {
        match std::fs::create_dir(p) {
            Ok(()) => created.push(p.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && p.is_dir() => {}
            Err(e) => {
                for c in created.iter().rev() {
                    let _ = std::fs::remove_dir(c);
                }
                return Err(Diagnostic::error(format!(
                    "cannot create the output directory: {}",
                    io_text(&e)
                ))
                .in_file(p));
            }
        }
    }
    if !dir.is_dir() {
        return Err(Diagnostic::error("the output directory is not a directory")
            .in_file(dir)
            .help("choose another output path; nothing was written"));
    }
    Ok(created)
}

/// An error's own words, without the path a library may have appended (the diagnostic names
/// the whole path), and "the disk is full" for ENOSPC.
fn io_text(e: &std::io::Error) -> String {
    match (e.kind(), e.raw_os_error()) {
        (std::io::ErrorKind::StorageFull, _) => "the disk is full (no space left on device)".into(),
        (std::io::ErrorKind::PermissionDenied, _) => "permission denied".into(),
        (_, Some(code)) => std::io::Error::from_raw_os_error(code).to_string(),
        _ => e.to_string(),
    }
}

/// Takes the folder's lock for this run: an exclusive `flock` on the directory itself, released
/// when the returned handle is dropped or the process ends, however it ends.
fn lock_dir(dir: &Path) -> Result<Option<File>, Diagnostic> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let Ok(handle) = File::open(dir) else {
            return Ok(None);
        };
        // SAFETY: flock on a descriptor this function owns.
        let rc = unsafe { libc::flock(handle.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::WouldBlock {
                return Err(Diagnostic::error(
                    "another tenderguard run is writing to this output folder",
                )
                .in_file(dir)
                .help("wait for it to finish, or write to another folder with -o; nothing was written"));
            }
            // A file system without locks: carry on unlocked rather than refuse to write.
            return Ok(None);
        }
        Ok(Some(handle))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(None)
    }
}

/// Whether this process (or any other) holds the `flock` of an open file.
#[cfg(unix)]
fn lock_file(file: &File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor the caller owns.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// Removes the temporary and backup files an earlier run left in `dir` when it was killed before
/// it could clean up. A live run holds a lock on each of its own, so only abandoned ones go.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(TEMP_PREFIX) || !name.ends_with(TEMP_SUFFIX) {
            continue;
        }
        let path = entry.path();
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
            continue;
        }
        #[cfg(unix)]
        {
            let mut options = std::fs::OpenOptions::new();
            options.read(true);
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
            match options.open(&path) {
                Ok(f) if lock_file(&f) => {
                    let _ = std::fs::remove_file(&path);
                }
                _ => {}
            }
        }
    }
}

/// A staged file: the temporary file (locked, so no other run takes it for stale) and its path
/// as registered with the interrupt handler.
struct Staged {
    tmp: tempfile::NamedTempFile,
}

impl Drop for Staged {
    fn drop(&mut self) {
        let path = self.tmp.path().to_path_buf();
        staged_paths().retain(|p| *p != path);
    }
}

fn stage_all(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<Staged>, Diagnostic> {
    let staged: Vec<Result<Staged, Diagnostic>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = files
            .iter()
            .map(|(path, bytes)| scope.spawn(move || stage(path, bytes)))
            .collect();
        jobs.into_iter()
            .map(|j| j.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    staged.into_iter().collect()
}

/// Writes `bytes` to a temporary file next to `path` and flushes it to disk.
fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, Diagnostic> {
    let dir = parent_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // Temporary files are private (0600) by default; an output is an ordinary file, so ask
    // for 0666 and let the user's umask decide, as any other program's output would.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // Registered before it exists and unregistered when dropped, under the same lock as the
    // interrupt handler, so no staged file escapes it.
    let tmp = {
        let mut registry = staged_paths();
        let tmp = builder.tempfile_in(&dir).map_err(|e| {
            Diagnostic::error(format!(
                "cannot write in the output directory: {}",
                io_text(&e)
            ))
            .in_file(&dir)
        })?;
        registry.push(tmp.path().to_path_buf());
        tmp
    };
    let mut staged = Staged { tmp };
    #[cfg(unix)]
    lock_file(staged.tmp.as_file());
    staged
        .tmp
        .write_all(bytes)
        .and_then(|_| staged.tmp.as_file().sync_all())
        .map_err(|e| {
            Diagnostic::error(format!("cannot write the output: {}", io_text(&e))).in_file(path)
        })?;
    Ok(staged)
}

/// Renames every staged file into place. An existing target is first kept as a hard link (a
/// backup), so that a rename failing part-way can put back every file already replaced;
/// backups are removed once all renames succeeded.
fn commit(staged: Vec<Staged>, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostic> {
    let _hold = staged_paths();
    let mut backups: Vec<(PathBuf, Option<(PathBuf, File)>)> = Vec::new();
    let mut failure = None;
    for (path, _) in files {
        match backup(path) {
            Ok(b) => backups.push((path.clone(), b)),
            Err(d) => {
                failure = Some(d);
                break;
            }
        }
    }
    let mut placed = 0;
    if failure.is_none() {
        for (s, (path, _)) in staged.iter().zip(files) {
            if let Err(e) = std::fs::rename(s.tmp.path(), path) {
                failure = Some(
                    Diagnostic::error(format!(
                        "cannot move the output into place: {}",
                        io_text(&e)
                    ))
                    .in_file(path)
                    .help("the files already replaced were put back; nothing was written"),
                );
                break;
            }
            placed += 1;
        }
    }
    if failure.is_some() {
        for (path, b) in backups.iter().take(placed) {
            match b {
                Some((saved, _)) => {
                    let _ = std::fs::rename(saved, path);
                }
                None => {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
    for (_, b) in &backups {
        if let Some((saved, _)) = b {
            let _ = std::fs::remove_file(saved);
        }
    }
    // The renamed ones are no longer at their temporary paths; dropping the rest removes them.
    drop(_hold);
    drop(staged);
    match failure {
        Some(d) => Err(d),
        None => Ok(()),
    }
}

/// A hard link to an existing target under a temporary name, held open and locked so no other
/// run removes it as stale; `None` when there is no target.
fn backup(path: &Path) -> Result<Option<(PathBuf, File)>, Diagnostic> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    check_target(path)?;
    let dir = parent_of(path);
    let fail = |e: std::io::Error| {
        Diagnostic::error(format!(
            "cannot keep the previous file while replacing it: {}",
            io_text(&e)
        ))
        .in_file(path)
        .help("nothing was written")
    };
    // A link needs a free name: make one from the process id and a counter, and retry on a
    // collision.
    for attempt in 0..16u32 {
        let name = format!(
            "{TEMP_PREFIX}{}-{}{}{TEMP_SUFFIX}",
            std::process::id(),
            unique(),
            attempt
        );
        let saved = dir.join(name);
        match std::fs::hard_link(path, &saved) {
            Ok(()) => {
                let file = File::open(&saved).map_err(fail)?;
                #[cfg(unix)]
                lock_file(&file);
                return Ok(Some((saved, file)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(fail(e)),
        }
    }
    Err(fail(std::io::Error::from(
        std::io::ErrorKind::AlreadyExists,
    )))
}

/// A number that differs between calls in one process.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Refuses outputs that would overwrite one of the command's input files (`inputs`, compared by
/// file identity, so a hard link or symbolic link to an input counts) or land inside a directory
/// the command reads (`input_dirs`: a library, whose every `.md` and `.toml` file is read, so an
/// output there would change the next run's input). Call it before anything is written.
pub fn refuse_overwriting_inputs(
    outputs: &[&Path],
    inputs: &[&Path],
    input_dirs: &[&Path],
) -> Result<(), Diagnostic> {
    for out in outputs {
        if let Some(input) = inputs.iter().find(|i| same_file(out, i)) {
            return Err(Diagnostic::error(format!(
                "the output would overwrite an input file ({})",
                input.display()
            ))
            .in_file(out)
            .help("choose another output path; nothing was written"));
        }
        let resolved = resolve_path(out);
        if let Some(dir) = input_dirs
            .iter()
            .find(|d| d.canonicalize().is_ok_and(|d| resolved.starts_with(d)))
        {
            return Err(Diagnostic::error(format!(
                "the output would be written inside a directory this command reads ({})",
                dir.display()
            ))
            .in_file(out)
            .help("write it outside the library directory; nothing was written"));
        }
    }
    Ok(())
}

/// Whether two paths name the same existing file (same device and inode on Unix).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y),
        _ => false,
    }
}

/// A path with every link resolved as far as it exists, and the rest appended as written: where
/// a file that may not exist yet would land.
fn resolve_path(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut rest = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return absolute,
        }
    }
}

/// The first error writing to standard output, kept for `main` to report.
fn stdout_failure() -> &'static Mutex<Option<std::io::Error>> {
    static FAILURE: OnceLock<Mutex<Option<std::io::Error>>> = OnceLock::new();
    FAILURE.get_or_init(|| Mutex::new(None))
}

/// Writes bytes to standard output. The first write error (a full disk, a closed terminal) is
/// kept for `stdout_error` and later writes are skipped, instead of a panic (as `print!` does)
/// or a silent truncation. A closed pipe (`| head`) ends the process quietly by SIGPIPE.
pub fn print_stdout(bytes: &[u8]) {
    let mut failure = stdout_failure().lock().unwrap_or_else(|p| p.into_inner());
    if failure.is_some() {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|_| out.flush()) {
        *failure = Some(e);
    }
}

/// `println!` for the crate: formats one line and writes it with `print_stdout`.
pub fn print_line(args: std::fmt::Arguments<'_>) {
    let mut line = args.to_string();
    line.push('\n');
    print_stdout(line.as_bytes());
}

/// Flushes standard output and returns the first error writing to it, as a diagnostic.
pub fn stdout_error() -> Option<Diagnostic> {
    let mut failure = stdout_failure().lock().unwrap_or_else(|p| p.into_inner());
    if failure.is_none() {
        if let Err(e) = std::io::stdout().lock().flush() {
            *failure = Some(e);
        }
    }
    failure.as_ref().map(|e| {
        Diagnostic::error(format!(
            "cannot write to standard output: {}",
            io_text(e)
        ))
        .help("the output is incomplete: send it where there is room (or to a file with -o where the command has it)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_pack_leaves_no_directory_it_created() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("a/b");
        let files = vec![
            (dir.join("x.md"), b"x".to_vec()),
            (dir.join("y.md"), b"y".to_vec()),
        ];
        std::fs::create_dir_all(base.path().join("a/b/y.md")).unwrap();
        let err = write_all_atomically(&files).unwrap_err();
        assert!(err.message.contains("is a directory"), "{}", err.message);
        std::fs::remove_dir_all(base.path().join("a")).unwrap();
        std::fs::create_dir(base.path().join("a")).unwrap();
        std::fs::write(base.path().join("a/b"), "a file where the folder belongs").unwrap();
        assert!(write_all_atomically(&files).is_err());
        assert!(base.path().join("a").exists(), "an existing folder stays");
    }

    #[test]
    fn a_rename_failing_part_way_puts_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
        std::fs::write(&a, "old a").unwrap();
        let staged = stage_all(&[
            (a.clone(), b"new a".to_vec()),
            (b.clone(), b"new b".to_vec()),
        ])
        .unwrap();
        // The second staged file vanishes before its rename, which then fails after the first
        // target was already replaced.
        std::fs::remove_file(staged[1].tmp.path()).unwrap();
        let files = vec![(a.clone(), Vec::new()), (b.clone(), Vec::new())];
        assert!(commit(staged, &files).is_err());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["a.md"], "no backup or staged file is left");
    }

    #[test]
    fn stale_temporary_files_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".tenderguard-abc.tmp");
        std::fs::write(&stale, "left by a killed run").unwrap();
        let live = stage(&dir.path().join("x.md"), b"x").unwrap();
        remove_stale(dir.path());
        assert!(!stale.exists());
        assert!(live.tmp.path().exists());
    }
}
