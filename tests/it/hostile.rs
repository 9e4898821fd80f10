//! Hostile inputs and output safety: what a hostile supplier or a careless user hands over must
//! end quickly, in exit 2 with a located message, within a memory limit, with nothing written.
//!
//! Every run of the binary here goes through `run_bounded`: its address space is capped
//! (`ulimit -v`, `ADDRESS_SPACE`) so a regression fails the test instead of taking the machine
//! down, it is killed after `HARD_STOP`, and its peak resident memory (from `wait4`, as
//! `/usr/bin/time` reports it) and time are asserted against `RSS_LIMIT_MB` and `TIME_LIMIT`.
//! The inputs are generated at test time (a 1 GB shared-strings bomb is a 1 MB zip) and never
//! committed.
//!
//! `HOSTILE_MEASURE=BIN cargo test --test it hostile::measure -- --ignored --nocapture` prints the
//! peak RSS and time of every hostile case for another binary (`/usr/bin/time -v`, 60 s), for
//! comparing builds.

use std::ffi::OsString;
use std::io::{Cursor, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{copy_dir, root};

/// Every hostile case ends within this, in the unoptimised test build.
const TIME_LIMIT: Duration = Duration::from_secs(5);
/// A run still going after this is killed, so a hang is a failure, not a stuck CI.
const HARD_STOP: Duration = Duration::from_secs(30);
/// Peak resident memory allowed to a hostile case.
const RSS_LIMIT_MB: u64 = 300;
/// The address-space cap (`ulimit -v`) every run gets: well above `RSS_LIMIT_MB`, since the
/// allocator and thread stacks reserve more than they touch.
const ADDRESS_SPACE: u64 = 1 << 30;

/// How one bounded run ended.
struct Run {
    /// The exit status, or `None` when a signal ended it.
    code: Option<i32>,
    signal: Option<i32>,
    /// Kept for a failing case's message.
    #[allow(dead_code)]
    stdout: String,
    stderr: String,
    rss_mb: u64,
    elapsed: Duration,
}

/// Runs the binary with `args` in `cwd` under the address-space cap and `HARD_STOP`.
fn run_bounded(cwd: &Path, args: &[OsString]) -> Run {
    run_bounded_with(
        Path::new(env!("CARGO_BIN_EXE_tenderguard")),
        cwd,
        args,
        ADDRESS_SPACE,
        HARD_STOP,
    )
}

fn run_bounded_with(bin: &Path, cwd: &Path, args: &[OsString], space: u64, stop: Duration) -> Run {
    let out = tempfile::tempfile().unwrap();
    let err = tempfile::tempfile().unwrap();
    let mut command = Command::new(bin);
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(err.try_clone().unwrap());
    // SAFETY: setrlimit is async-signal-safe and touches nothing of the parent.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: space,
                rlim_max: space,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let start = Instant::now();
    let child = command.spawn().expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    let (mut status, mut usage): (libc::c_int, libc::rusage) = (0, unsafe { std::mem::zeroed() });
    loop {
        // SAFETY: waits for our own child; `status` and `usage` are ours.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        if start.elapsed() > stop {
            // The child's own children first (the binary under /usr/bin/time), so a wrapper
            // still reports what they used; then the child.
            for grandchild in children_of(pid) {
                // SAFETY: kills a process of our own child's.
                unsafe { libc::kill(grandchild, libc::SIGKILL) };
            }
            // A wrapper gets a few seconds to report on a loaded machine; then it goes too.
            let grace = Instant::now();
            // SAFETY: waits for, then kills, our own child.
            unsafe {
                while libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) != pid {
                    if grace.elapsed() > Duration::from_secs(5) {
                        libc::kill(pid, libc::SIGKILL);
                        libc::wait4(pid, &mut status, 0, &mut usage);
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = start.elapsed();
    std::mem::forget(child);
    let read = |mut f: std::fs::File| {
        use std::io::{Read, Seek};
        let mut s = Vec::new();
        f.seek(std::io::SeekFrom::Start(0)).unwrap();
        f.read_to_end(&mut s).unwrap();
        String::from_utf8_lossy(&s).into_owned()
    };
    Run {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        stdout: read(out),
        stderr: read(err),
        rss_mb: usage.ru_maxrss as u64 / 1024,
        elapsed,
    }
}

/// The processes whose parent is `pid`, from `/proc/*/stat`.
fn children_of(pid: libc::pid_t) -> Vec<libc::pid_t> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<libc::pid_t>().ok())
        .filter(|child| {
            std::fs::read_to_string(format!("/proc/{child}/stat")).is_ok_and(|stat| {
                // The parent is the second field after the parenthesised command name.
                stat.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse().ok())
                    == Some(pid)
            })
        })
        .collect()
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// Asserts a hostile case ended as it must: exit 2, each phrase in the message, within the time
/// and memory limits.
fn assert_refused(name: &str, run: &Run, expect: &[String]) {
    assert_eq!(
        (run.code, run.signal),
        (Some(2), None),
        "{name}: exit {:?} signal {:?} after {:?}\n{}",
        run.code,
        run.signal,
        run.elapsed,
        run.stderr
    );
    for phrase in expect {
        assert!(
            run.stderr.contains(phrase.as_str()),
            "{name}: the message lacks `{phrase}`:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    assert!(
        run.elapsed < TIME_LIMIT,
        "{name}: took {:?} (limit {TIME_LIMIT:?})",
        run.elapsed
    );
    assert!(
        run.rss_mb < RSS_LIMIT_MB,
        "{name}: peak RSS {} MB (limit {RSS_LIMIT_MB} MB)",
        run.rss_mb
    );
}

// ---- Making inputs ----------------------------------------------------------------------------

/// The profile the responses answer.
const PROFILE: &str = "examples/city-centre-cctv.toml";

/// A workbook with a `Matrix` sheet whose `<sheetData>` is `rows`, and optionally a shared
/// strings part written by `shared`.
/// Writes part of a workbook's XML.
type Writes<'a> = &'a dyn Fn(&mut dyn Write);

fn workbook(rows: Writes, shared: Option<Writes>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let part = |zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    part(
        &mut zip,
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    part(
        &mut zip,
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        &mut zip,
        "xl/workbook.xml",
        r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Matrix" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    let shared_rel = if shared.is_some() {
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    } else {
        ""
    };
    part(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{shared_rel}</Relationships>"#
        ),
    );
    if let Some(shared) = shared {
        zip.start_file("xl/sharedStrings.xml", options).unwrap();
        zip.write_all(br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#).unwrap();
        shared(&mut zip);
        zip.write_all(b"</sst>").unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>"#).unwrap();
    rows(&mut zip);
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap().into_inner()
}

/// One inline-string cell.
fn cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// `A1 … XFD1048576`: two cells declaring the whole sheet.
fn dimension_bomb() -> Vec<u8> {
    workbook(
        &|w| {
            write!(
                w,
                r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
                cell("A1", "Requirement ID"),
                cell("XFD1048576", "x")
            )
            .unwrap()
        },
        None,
    )
}

/// 3 000 cells spread over most of the sheet the limits allow: memory must follow the cells,
/// never the rectangle around them.
fn spread_cells() -> Vec<u8> {
    workbook(
        &|w| {
            for i in 1..=3000u32 {
                let row = i * 66;
                let col = letters(((i * 7) % 990) as usize);
                write!(
                    w,
                    r#"<row r="{row}">{}</row>"#,
                    cell(&format!("{col}{row}"), "x")
                )
                .unwrap();
            }
        },
        None,
    )
}

/// A shared-strings part inflating to about 1 GB.
fn shared_strings_bomb() -> Vec<u8> {
    let chunk = format!("<si><t>{}</t></si>", "a".repeat(1000)).repeat(1000);
    workbook(
        &|w| write!(w, r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#).unwrap(),
        Some(&|w| {
            for _ in 0..1000 {
                w.write_all(chunk.as_bytes()).unwrap();
            }
        }),
    )
}

/// The matrix header as row 1.
fn header_row(w: &mut dyn Write) {
    let cells: String = MATRIX_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, t)| cell(&format!("{}1", letters(i)), t))
        .collect();
    write!(w, r#"<row r="1">{cells}</row>"#).unwrap();
}

/// The matrix header, then a million rows answering a requirement.
fn row_bomb() -> Vec<u8> {
    workbook(
        &|w| {
            header_row(w);
            for r in 2..=1_000_001u32 {
                write!(
                    w,
                    r#"<row r="{r}">{}{}</row>"#,
                    cell(&format!("A{r}"), "DES-001"),
                    cell(&format!("I{r}"), "Full")
                )
                .unwrap();
            }
        },
        None,
    )
}

/// The matrix header, then 250 000 short rows without positions: small, but past the row limit.
fn many_rows() -> Vec<u8> {
    workbook(
        &|w| {
            header_row(w);
            for _ in 0..250_000u32 {
                w.write_all(b"<row><c><v>1</v></c></row>").unwrap();
            }
        },
        None,
    )
}

/// The columns of the response matrix, as issued.
const MATRIX_COLUMNS: [&str; 13] = [
    "Requirement ID",
    "Version",
    "Pack ref",
    "Section",
    "Requirement",
    "Obligation",
    "Stage",
    "Evidence required",
    "Compliance",
    "Supplier response",
    "Evidence reference",
    "Remediation commitment",
    "Justification",
];

/// `0` → `A`, as spreadsheets name columns.
fn letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string path.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {}",
        path.display()
    );
}

/// A copy of the shipped library, changed by `edit`.
fn library_with(scratch: &Path, edit: impl Fn(&Path)) -> PathBuf {
    let lib = scratch.join("library");
    copy_dir(&root().join("requirements"), &lib);
    edit(&lib);
    lib
}

/// A valid small profile with `[tender]` values replaced.
fn profile_with(scratch: &Path, title: &str, buyer: &str) -> PathBuf {
    let path = scratch.join("profile.toml");
    std::fs::write(
        &path,
        format!("[tender]\ntitle = \"{title}\"\nreference = \"R-1\"\nbuyer = \"{buyer}\"\n\n[scope]\ntechnologies = [\"cctv\"]\n"),
    )
    .unwrap();
    path
}

// ---- The hostile-input table ------------------------------------------------------------------

/// One hostile case: it sets up its input in `scratch` and returns the arguments (with `{out}`
/// standing for an output path that must not exist afterwards) and the phrases of its message.
struct Case {
    name: &'static str,
    setup: fn(&Path) -> (Vec<String>, Vec<String>),
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

fn assess(scratch: &Path, name: &str, bytes: &[u8]) -> Vec<String> {
    let file = scratch.join(name);
    std::fs::write(&file, bytes).unwrap();
    vec![
        "assess".into(),
        PROFILE.into(),
        p(&file),
        "-o".into(),
        "{out}/report.md".into(),
    ]
}

fn generate_with_library(lib: &Path) -> Vec<String> {
    s(&[
        "generate",
        "examples/air-quality-sensors.toml",
        "--library",
        &p(lib),
        "-o",
        "{out}",
    ])
}

fn generate_with_templates(dir: &Path) -> Vec<String> {
    s(&[
        "generate",
        "examples/all-technologies.toml",
        "--templates",
        &p(dir),
        "-o",
        "{out}",
    ])
}

fn templates_dir(scratch: &Path, name: &str, text: &str) -> PathBuf {
    let dir = scratch.join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
    dir
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        Case { name: "xlsx dimension bomb (A1 and XFD1048576)", setup: |d| {
            (assess(d, "response.xlsx", &dimension_bomb()),
             s(&["response.xlsx:1048576", "sheet `Matrix`", "row 1048576 is past the last row a response matrix may use"]))
        }},
        Case { name: "xlsx 3 000 cells spread over the sheet", setup: |d| {
            (assess(d, "response.xlsx", &spread_cells()),
             s(&["response.xlsx:66", "this row should be the matrix header"]))
        }},
        Case { name: "xlsx shared strings inflating to 1 GB", setup: |d| {
            (assess(d, "response.xlsx", &shared_strings_bomb()),
             s(&["response.xlsx", "`xl/sharedStrings.xml` inflates to more than 32 MiB", "TENDERGUARD_MAX_INPUT_MB"]))
        }},
        Case { name: "xlsx a million rows", setup: |d| {
            (assess(d, "response.xlsx", &row_bomb()),
             s(&["response.xlsx", "`xl/worksheets/sheet1.xml` inflates to more than 32 MiB"]))
        }},
        Case { name: "xlsx 250 000 rows, small", setup: |d| {
            (assess(d, "response.xlsx", &many_rows()),
             s(&["response.xlsx:200001", "row 200001 is past the last row"]))
        }},
        Case { name: "csv 300 000 rows", setup: |d| {
            let header = MATRIX_COLUMNS.join(",");
            (assess(d, "response.csv", format!("{header}\n{}", "x\n".repeat(300_000)).as_bytes()),
             s(&["response.csv:200001", "past the last row a response matrix may use"]))
        }},
        Case { name: "/dev/zero as the profile", setup: |_| {
            (s(&["generate", "/dev/zero", "-o", "{out}"]), s(&["/dev/zero", "expected a profile file but this is a device"]))
        }},
        Case { name: "/dev/zero as the response", setup: |_| {
            (s(&["assess", PROFILE, "/dev/zero", "-o", "{out}/r.md"]), s(&["/dev/zero", "expected a response matrix file but this is a device"]))
        }},
        Case { name: "/dev/zero as a library file", setup: |d| {
            let lib = library_with(d, |lib| std::os::unix::fs::symlink("/dev/zero", lib.join("clauses/zero.toml")).unwrap());
            (generate_with_library(&lib), s(&["clauses/zero.toml", "leads out of the library directory, to /dev/zero"]))
        }},
        Case { name: "FIFO as a library file", setup: |d| {
            let lib = library_with(d, |lib| mkfifo(&lib.join("clauses/pipe.toml")));
            (generate_with_library(&lib), s(&["clauses/pipe.toml", "named pipe (FIFO)"]))
        }},
        Case { name: "/dev/zero as a template", setup: |d| {
            let dir = d.join("templates");
            std::fs::create_dir_all(&dir).unwrap();
            std::os::unix::fs::symlink("/dev/zero", dir.join("context.hbs")).unwrap();
            (generate_with_templates(&dir), s(&["context.hbs", "expected a template file but this is a device"]))
        }},
        Case { name: "a 64 GB sparse file as the profile", setup: |d| {
            let f = d.join("huge.toml");
            std::fs::File::create(&f).unwrap().set_len(64 << 30).unwrap();
            (s(&["generate", &p(&f), "-o", "{out}"]), s(&["huge.toml", "larger than the limit of 32 MiB", "TENDERGUARD_MAX_INPUT_MB"]))
        }},
        Case { name: "FIFO as the profile", setup: |d| {
            let f = d.join("profile.toml");
            mkfifo(&f);
            (s(&["generate", &p(&f), "-o", "{out}"]), s(&["profile.toml", "named pipe (FIFO)"]))
        }},
        Case { name: "FIFO as the response", setup: |d| {
            let f = d.join("response.csv");
            mkfifo(&f);
            (s(&["assess", PROFILE, &p(&f), "-o", "{out}/r.md"]), s(&["response.csv", "named pipe (FIFO)"]))
        }},
        Case { name: "FIFO as a template", setup: |d| {
            let dir = d.join("templates");
            std::fs::create_dir_all(&dir).unwrap();
            mkfifo(&dir.join("context.hbs"));
            (generate_with_templates(&dir), s(&["context.hbs", "named pipe (FIFO)"]))
        }},
        Case { name: "library with a symlink loop", setup: |d| {
            let lib = library_with(d, |lib| std::os::unix::fs::symlink("..", lib.join("clauses/loop")).unwrap());
            (generate_with_library(&lib), s(&["clauses/loop", "this symbolic link makes a loop"]))
        }},
        Case { name: "library with two symlinks to itself", setup: |d| {
            let lib = library_with(d, |lib| {
                std::os::unix::fs::symlink(lib, lib.join("a")).unwrap();
                std::os::unix::fs::symlink(lib, lib.join("b")).unwrap();
            });
            (generate_with_library(&lib), s(&["library/a", "this symbolic link makes a loop"]))
        }},
        Case { name: "--library /", setup: |_| {
            (s(&["generate", "examples/air-quality-sensors.toml", "--library", "/", "-o", "{out}"]),
             s(&["/library.toml", "the library has no `library.toml`"]))
        }},
        Case { name: "six nested {{#each}}", setup: |d| {
            let each: String = (0..6).map(|k| format!("{{{{#each {}technologies}}}}", "../".repeat(k))).collect();
            let dir = templates_dir(d, "context.hbs", &(each + "x" + &"{{/each}}".repeat(6)));
            (generate_with_templates(&dir), s(&["context.hbs:1:76", "`{{#each}}` nested 4 deep"]))
        }},
        Case { name: "a template including itself", setup: |d| {
            let dir = templates_dir(d, "context.hbs", "again {{> context}}");
            (generate_with_templates(&dir), s(&["context.hbs:1:7", "templates include each other in a loop: context → context"]))
        }},
        Case { name: "blocks nested 100 000 deep", setup: |d| {
            let dir = templates_dir(d, "context.hbs", &"{{#if tender.title}}".repeat(100_000));
            (generate_with_templates(&dir), s(&["context.hbs:1:", "blocks nested more than 32 deep"]))
        }},
        Case { name: "a 1 MB title and a 300 KB buyer", setup: |d| {
            let f = profile_with(d, &"T".repeat(1_000_000), &"B".repeat(300_000));
            (s(&["generate", &p(&f), "-o", "{out}"]), s(&["profile.toml:2:9", "the tender title (`tender.title`) is 1000000 characters long; at most 300"]))
        }},
        Case { name: "a dotted key 10 000 deep", setup: |d| {
            let f = d.join("profile.toml");
            std::fs::write(&f, format!("[tender]\n{} = 1\n", vec!["a"; 10_000].join("."))).unwrap();
            (s(&["generate", &p(&f), "-o", "{out}"]), s(&["profile.toml:2:1", "this key has 10000 dotted parts"]))
        }},
    ]
}

/// Every file below `dir`, relative, with its size, sorted: what "unchanged" compares.
fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            }
            out.push((
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                meta.len(),
            ));
        }
    }
    out.sort();
    out
}

fn prepare(case: &Case, scratch: &Path) -> (Vec<OsString>, Vec<String>, PathBuf) {
    let (args, expect) = (case.setup)(scratch);
    let out = scratch.join("out");
    let args = args
        .iter()
        .map(|a| OsString::from(a.replace("{out}", &p(&out))))
        .collect();
    (args, expect, out)
}

#[test]
fn every_hostile_input_is_refused_quickly_within_memory_with_nothing_written() {
    let only = std::env::var("HOSTILE_CASE").ok();
    let mut failures = Vec::new();
    for case in cases() {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        let scratch = tempfile::tempdir().unwrap();
        let (args, expect, out) = prepare(&case, scratch.path());
        let before = listing(scratch.path());
        let run = run_bounded(&root(), &args);
        let outcome = std::panic::catch_unwind(|| {
            assert_refused(case.name, &run, &expect);
            assert!(
                !out.exists(),
                "{}: {} was written",
                case.name,
                out.display()
            );
            assert_eq!(
                listing(scratch.path()),
                before,
                "{}: the scratch folder changed",
                case.name
            );
        });
        eprintln!(
            "{:<45} exit {:?} {:>5} MB {:>8.2?}",
            case.name, run.code, run.rss_mb, run.elapsed
        );
        if outcome.is_err() {
            failures.push(case.name);
        }
    }
    assert!(failures.is_empty(), "failed: {failures:?}");
}

/// Prints peak RSS and time of every case for the binary in `HOSTILE_MEASURE`, run as
/// `/usr/bin/time -v` with a 60 s limit (the binary is killed, time still reports it) and a 4 GiB
/// address-space guard, so a case that would take more aborts at 4 GiB instead.
#[test]
#[ignore]
fn measure() {
    let bin = PathBuf::from(std::env::var("HOSTILE_MEASURE").expect("HOSTILE_MEASURE=BIN"));
    println!("| case | exit | peak RSS | time |\n|---|---|---|---|");
    let only = std::env::var("HOSTILE_CASE").ok();
    for case in cases() {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        let scratch = tempfile::tempdir().unwrap();
        let (args, _, _) = prepare(&case, scratch.path());
        // timeout inside time: the 60 s kill reaches the binary, and time still reports it.
        let mut wrapped = os(&["-v", "timeout", "-s", "KILL", "60"]);
        wrapped.push(bin.clone().into_os_string());
        wrapped.extend(args);
        let run = run_bounded_with(
            Path::new("/usr/bin/time"),
            &root(),
            &wrapped,
            4 << 30,
            Duration::from_secs(90),
        );
        let rss = run
            .stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .map_or(format!("{} MB (wait4)", run.rss_mb), |kb| {
                format!("{} MB", kb.parse::<u64>().unwrap_or(0) / 1024)
            });
        let end = match (run.code, run.signal) {
            _ if run.stderr.contains("Command terminated by signal 9") => {
                "killed at 60 s".to_string()
            }
            (Some(c), _) => {
                let aborted = run.stderr.contains("memory allocation")
                    || run.stderr.contains("out of memory");
                format!("{c}{}", if aborted { " (allocation failure)" } else { "" })
            }
            (None, Some(9)) => "killed at 60 s".to_string(),
            (None, s) => format!("signal {s:?}"),
        };
        println!(
            "| {} | {end} | {rss} | {:.2} s |",
            case.name,
            run.elapsed.as_secs_f64()
        );
    }
}

// ---- Output safety ----------------------------------------------------------------------------

const EXAMPLE: &str = "examples/air-quality-sensors.toml";

/// Runs the binary (bounded) from the repository root with `args`.
fn tg(args: &[&str]) -> Run {
    run_bounded(&root(), &os(args))
}

/// Every file of a folder with its bytes, sorted: what a pack is compared by.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    out.sort();
    out
}

/// A pack of `profile` in `dir`, written by a normal run.
fn pack_in(dir: &Path, profile: &str) {
    let run = tg(&["generate", profile, "-o", &p(dir)]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

fn no_temporary_files(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tenderguard-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn a_device_fifo_or_symbolic_link_as_the_output_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.md");
    mkfifo(&fifo);
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(dir.path().join("elsewhere.md"), &link).unwrap();
    let mut targets = vec![
        (fifo.clone(), "a named pipe (FIFO)"),
        (link.clone(), "a symbolic link"),
    ];
    // A character device like /dev/null, made here so a regression replaces only this one.
    let device = dir.path().join("null");
    let c = std::ffi::CString::new(device.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid path; mknod needs root and is skipped without it.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0;
    if made {
        targets.push((device.clone(), "a device"));
    } else {
        eprintln!("not root: the device case is covered by the FIFO and symlink ones only");
    }
    for (target, what) in &targets {
        for args in [
            vec!["library", "--format", "md", "-o", target.to_str().unwrap()],
            vec![
                "assess",
                PROFILE,
                "tests/fixtures/none.csv",
                "-o",
                target.to_str().unwrap(),
            ],
        ] {
            let run = tg(&args);
            let expect = vec![format!("the output path is {what}"), p(target)];
            if args[0] == "assess" {
                // The response does not exist: whichever is found first, nothing is written.
                assert_eq!(run.code, Some(2), "{}", run.stderr);
            } else {
                assert_refused(&format!("-o {what}"), &run, &expect);
            }
        }
        let ft = std::fs::symlink_metadata(target).unwrap().file_type();
        assert!(
            !ft.is_file(),
            "{} was replaced by a regular file",
            target.display()
        );
    }
    assert!(
        !dir.path().join("elsewhere.md").exists(),
        "written through the link"
    );
}

#[test]
fn a_second_run_into_a_folder_being_written_is_refused_and_mixes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    pack_in(&out, EXAMPLE);
    let before = contents(&out);
    // Hold the folder's lock as a running generate does.
    let held = std::fs::File::open(&out).unwrap();
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX) }, 0);
    let run = tg(&["generate", "examples/city-centre-cctv.toml", "-o", &p(&out)]);
    assert_refused(
        "second run",
        &run,
        &s(&["another tenderguard run is writing to this output folder"]),
    );
    assert_eq!(contents(&out), before, "the folder changed");
    drop(held);
    // Two real runs at once, of different tenders: the folder holds one tender's pack whole.
    let a = Command::new(env!("CARGO_BIN_EXE_tenderguard"))
        .args(["generate", EXAMPLE, "-o", &p(&out)])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let b = tg(&["generate", "examples/city-centre-cctv.toml", "-o", &p(&out)]);
    let a = a.wait_with_output().unwrap();
    assert!(
        a.status.success() || b.code == Some(0),
        "at least one run writes its pack"
    );
    no_temporary_files(&out);
    let selection = String::from_utf8(std::fs::read(out.join("selection.json")).unwrap()).unwrap();
    let markdown =
        String::from_utf8(std::fs::read(out.join("security-requirements.md")).unwrap()).unwrap();
    let reference = |text: &str| {
        ["AQS", "ECC-2026-0142"]
            .into_iter()
            .find(|r| text.contains(r))
            .map(str::to_string)
    };
    assert_eq!(
        reference(&selection),
        reference(&markdown),
        "files from two tenders"
    );
}

#[test]
fn an_interrupt_while_staging_removes_the_staged_files_and_keeps_a_whole_pack() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    pack_in(&out, EXAMPLE);
    let old = contents(&out);
    // A run takes a moment: interrupt it at a spread of points, staging included.
    for (i, delay) in (0..40).map(|i| (i, Duration::from_millis(20 * i))) {
        let signal = if i % 2 == 0 {
            libc::SIGINT
        } else {
            libc::SIGTERM
        };
        let child = Command::new(env!("CARGO_BIN_EXE_tenderguard"))
            .args(["generate", "examples/all-technologies.toml", "-o", &p(&out)])
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // SAFETY: signals our own child.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let status = child.wait_with_output().unwrap().status;
        no_temporary_files(&out);
        let now = contents(&out);
        let names = |c: &[(String, Vec<u8>)]| c.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&now), names(&old), "after a signal at {delay:?}");
        // The two tenders differ in every file: all old or all new, never a mix.
        let unchanged = now.iter().zip(&old).filter(|(a, b)| a == b).count();
        assert!(
            unchanged == 0 || unchanged == old.len(),
            "a mixed pack after a signal at {delay:?} ({status:?}): {unchanged} of {} files old",
            old.len()
        );
        if status.success() {
            // The new pack is in place; interrupt the next runs against it.
            pack_in(&out, EXAMPLE);
        }
    }
}

#[test]
fn files_left_by_a_killed_run_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    pack_in(&out, EXAMPLE);
    for stale in [".tenderguard-aB3dE.tmp", ".tenderguard-1234-0.tmp"] {
        std::fs::write(out.join(stale), "left by a run killed with SIGKILL").unwrap();
    }
    std::fs::write(out.join("notes.txt"), "the buyer's own file").unwrap();
    pack_in(&out, EXAMPLE);
    no_temporary_files(&out);
    assert!(
        out.join("notes.txt").exists(),
        "only tenderguard's own temporary files go"
    );
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library_with(dir.path(), |_| {});
    let profile = dir.path().join("security-requirements.md");
    std::fs::copy(root().join(EXAMPLE), &profile).unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            s(&["generate", &p(&profile), "-o", &p(dir.path())]),
            "the output would overwrite an input file",
        ),
        (
            s(&[
                "generate",
                EXAMPLE,
                "--library",
                &p(&lib),
                "-o",
                &p(&lib.join("out")),
            ]),
            "inside a directory this command reads",
        ),
        (
            s(&[
                "library",
                "--library",
                &p(&lib),
                "-o",
                &p(&lib.join("review.md")),
            ]),
            "inside a directory this command reads",
        ),
        (
            s(&[
                "diff",
                "built-in",
                &p(&lib),
                "--format",
                "md",
                "-o",
                &p(&lib.join("clauses/design.toml")),
            ]),
            "inside a directory this command reads",
        ),
        (
            s(&[
                "diff",
                "built-in",
                &p(&lib),
                "--profile",
                &p(&profile),
                "-o",
                &p(&profile),
            ]),
            "the output would overwrite an input file",
        ),
        (
            s(&[
                "assess",
                &p(&profile),
                "tests/fixtures/none.csv",
                "--library",
                &p(&lib),
                "-o",
                &p(&lib.join("r.md")),
            ]),
            "inside a directory this command reads",
        ),
    ];
    for (args, expect) in cases {
        let before = listing(dir.path());
        let original = std::fs::read(&profile).unwrap();
        let run = run_bounded(
            &root(),
            &args.iter().map(OsString::from).collect::<Vec<_>>(),
        );
        assert_refused(&args.join(" "), &run, &[expect.to_string()]);
        assert_eq!(listing(dir.path()), before, "{}", args.join(" "));
        assert_eq!(std::fs::read(&profile).unwrap(), original);
    }
}

#[test]
fn a_write_error_on_standard_output_exits_2_without_a_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    for args in [
        vec!["list", "clauses"],
        vec!["list", "technologies", "--json"],
        vec!["show", "DES-004"],
        vec!["explain", EXAMPLE],
        vec!["library"],
        vec!["check"],
        vec!["diff", "built-in", "built-in"],
    ] {
        let err = tempfile::tempfile().unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_tenderguard"))
            .args(&args)
            .current_dir(root())
            .stdout(full.try_clone().unwrap())
            .stderr(err.try_clone().unwrap())
            .status()
            .unwrap();
        let mut message = String::new();
        use std::io::{Read, Seek};
        let mut err = err;
        err.seek(std::io::SeekFrom::Start(0)).unwrap();
        err.read_to_string(&mut message).unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}: {message}");
        assert!(
            message.contains("cannot write to standard output: the disk is full"),
            "{args:?}: {message}"
        );
        assert!(!message.contains("panicked"), "{args:?}: {message}");
    }
}

#[test]
fn a_full_disk_leaves_no_directory_and_names_the_whole_path() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs", &p(&mount)])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("cannot mount a tmpfs here (not root?): the full-disk case is not run");
        return;
    }
    let deep = mount
        .join("a-long-folder-name-for-the-pack-that-a-message-must-not-cut")
        .join("pack");
    let run = tg(&["generate", EXAMPLE, "-o", &p(&deep)]);
    let unmount = || {
        let _ = Command::new("umount").arg(&mount).status();
    };
    let outcome = std::panic::catch_unwind(|| {
        assert_refused("full disk", &run, &s(&["the disk is full", &p(&deep)]));
        assert!(
            std::fs::read_dir(&mount).unwrap().next().is_none(),
            "the full disk holds {:?}",
            listing(&mount)
        );
    });
    unmount();
    outcome.unwrap();
}

#[test]
fn a_failed_run_puts_back_the_pack_it_started_to_replace() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    pack_in(&out, EXAMPLE);
    // A directory named like the last file: the six others must not be replaced.
    std::fs::remove_file(out.join("selection.json")).unwrap();
    std::fs::create_dir(out.join("selection.json")).unwrap();
    let before = contents(&out);
    let run = tg(&["generate", "examples/city-centre-cctv.toml", "-o", &p(&out)]);
    assert_refused(
        "selection.json is a directory",
        &run,
        &s(&["selection.json", "the output path is a directory"]),
    );
    assert_eq!(contents(&out), before, "files were replaced");
    no_temporary_files(&out);
}

#[test]
fn check_finds_what_the_writers_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library_with(dir.path(), |lib| {
        let path = lib.join("clauses/design.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen("text = \"\"\"", "text = \"\"\"tick \u{2713} ", 1);
        let long = format!("text = \"\"\"{}", "The Supplier MUST do it. ".repeat(1400));
        let text = text
            .replacen("text = \"\"\"", &long, 2)
            .replacen(&long, "text = \"\"\"", 1);
        std::fs::write(&path, text).unwrap();
    });
    let check = tg(&["check", "--library", &p(&lib)]);
    assert_eq!(check.code, Some(1), "{}", check.stderr);
    for phrase in [
        "clauses/design.toml:20:",
        "has a character the PDF fonts cannot draw: `\u{2713}`",
        "a spreadsheet cell holds at most 32767",
    ] {
        assert!(
            check.stderr.contains(phrase),
            "check lacks `{phrase}`:\n{}",
            check.stderr
        );
    }
    let generate = tg(&[
        "generate",
        EXAMPLE,
        "--library",
        &p(&lib),
        "-o",
        &p(&dir.path().join("out")),
    ]);
    assert_eq!(
        generate.code,
        Some(2),
        "the writers refuse what check found"
    );
}

// ---- Messages that misled ---------------------------------------------------------------------

/// A small valid profile with `extra` appended.
fn profile_text(dir: &Path, tender: &str, extra: &str) -> PathBuf {
    let path = dir.join("profile.toml");
    std::fs::write(
        &path,
        format!("[tender]\n{tender}\n[scope]\ntechnologies = [\"cctv\"]\n{extra}"),
    )
    .unwrap();
    path
}

const TENDER: &str = "title = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"";

#[test]
fn messages_say_what_is_wrong_where() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("out");
    let evidence_clause = format!(
        "[[clause]]\nid = \"OWN-001\"\nsection = \"design\"\ntitle = \"T\"\ntext = \"The Supplier MUST do it.\"\nobligation = \"must\"\nevidence = [{}]\n",
        vec![format!("\"{}\"", "e".repeat(1999)); 20].join(", ")
    );
    let long_reference = format!(
        "title = \"T\"\nreference = \"{}\"\nbuyer = \"B\"",
        "R".repeat(300)
    );
    let cases: Vec<(&str, &str, Vec<&str>)> = vec![
        (
            "title = \"\"\"Two\nlines\"\"\"\nreference = \"R-1\"\nbuyer = \"B\"",
            "",
            vec![
                "profile.toml:2:9",
                "the tender title (`tender.title`) must be one line",
            ],
        ),
        (
            "title = \"A\\u0000B\"\nreference = \"R-1\"\nbuyer = \"B\"",
            "",
            vec!["profile.toml:2:9", "contains the control character U+0000"],
        ),
        (
            TENDER,
            "[parameters]\ndata_location = \"\"\n",
            vec!["profile.toml:8:17", "`data_location` must not be empty"],
        ),
        (
            &long_reference,
            "",
            vec![
                "profile.toml:3:13",
                "the tender reference (`tender.reference`) is 300 characters long; at most 64",
            ],
        ),
        (
            TENDER,
            &evidence_clause,
            vec![
                "profile.toml:13:12",
                "joins to 40018 characters; the response matrix cell holds at most 32767",
            ],
        ),
    ];
    for (tender, extra, expect) in cases {
        let profile = profile_text(d, tender, extra);
        let text = std::fs::read_to_string(&profile).unwrap();
        let run = tg(&["generate", &p(&profile), "-o", &p(&out)]);
        let expect: Vec<String> = expect.iter().map(|e| e.to_string()).collect();
        assert_refused(&text, &run, &expect);
        assert!(!out.exists());
    }
    // Without -o, a long reference once left an empty output/ behind.
    let long = profile_text(
        d,
        &format!(
            "title = \"T\"\nreference = \"{}\"\nbuyer = \"B\"",
            "R".repeat(300)
        ),
        "",
    );
    let run = run_bounded(d, &os(&["generate", &p(&long)]));
    assert_eq!(run.code, Some(2));
    assert!(!d.join("output").exists(), "an empty output/ was left");
}

#[test]
fn a_reference_in_another_script_names_no_folder_but_is_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile_text(
        dir.path(),
        "title = \"T\"\nreference = \"ЕКС\"\nbuyer = \"B\"",
        "",
    );
    let run = run_bounded(dir.path(), &os(&["generate", &p(&profile)]));
    assert_refused(
        "Cyrillic, no -o",
        &run,
        &s(&[
            "profile.toml:3:13",
            "no ASCII letter or digit to name the output folder",
            "-o DIR",
        ]),
    );
    assert!(!dir.path().join("output").exists());
    let out = dir.path().join("pack");
    let run = tg(&["generate", &p(&profile), "-o", &p(&out)]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn a_tailoring_that_excludes_every_clause_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let first = profile_text(dir.path(), TENDER, "");
    let out = dir.path().join("pack");
    assert_eq!(
        tg(&["generate", &p(&first), "-o", &p(&out), "--format", "json"]).code,
        Some(0)
    );
    let selection: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("selection.json")).unwrap()).unwrap();
    let ids: Vec<String> = selection["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{{ id = \"{}\", reason = \"r\" }}",
                c["id"].as_str().unwrap()
            )
        })
        .collect();
    let profile = profile_text(
        dir.path(),
        TENDER,
        &format!("[tailoring]\nexclude = [{}]\n", ids.join(", ")),
    );
    let run = tg(&["generate", &p(&profile), "-o", &p(&out), "--format", "json"]);
    assert!(
        run.stderr.contains(
            "warning: the pack has no requirements: tailoring excludes every clause that applies"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn response_cells_are_read_past_invisible_characters_and_utf16_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let header = MATRIX_COLUMNS.join(",");
    // A byte-order mark pasted before an id: the id is the id.
    let csv = format!("{header}\n\u{feff}DES-001,1,,,,,,,Full,,,,\n");
    let file = dir.path().join("response.csv");
    std::fs::write(&file, csv).unwrap();
    let run = tg(&["assess", PROFILE, &p(&file)]);
    assert!(!run.stderr.contains("was not issued"), "{}", run.stderr);
    assert!(
        !run.stdout.contains("`DEV-001` was not issued") && !run.stdout.contains("\u{feff}"),
        "{}",
        run.stdout
    );
    // UTF-16 without a byte-order mark: named, with no raw NUL in the message.
    let utf16: Vec<u8> = format!("{header}\n")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(&file, utf16).unwrap();
    let run = tg(&["assess", PROFILE, &p(&file)]);
    assert_refused(
        "UTF-16",
        &run,
        &s(&["response.csv:1", "looks like UTF-16 text"]),
    );
    assert!(!run.stderr.contains('\0'), "raw NULs printed");
}
