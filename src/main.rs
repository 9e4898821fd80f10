//! tenderguard: security requirements for UK connected-places tenders.
//!
//! This file holds the command line and dispatch only; each subcommand lives in `commands/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use tenderguard::commands::{self, Outcome};

/// mimalloc rather than the system allocator: a pack is built from hundreds of thousands of
/// small strings on several threads at once, where glibc's malloc spent a seventh of the run
/// and its per-thread arenas a quarter more in page faults (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "tenderguard", version, about = "Security requirements for UK connected-places (smart city) tenders", long_about = None)]
struct Cli {
    /// Use the clause library in DIR instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a commented starter profile (refuses to overwrite).
    Init {
        /// Where to write it.
        #[arg(default_value = "profile.toml")]
        path: PathBuf,
        /// A technology to put in scope (repeatable); see `list technologies`.
        #[arg(long = "technology", value_name = "ID")]
        technologies: Vec<String>,
        /// The risk level: low, medium or high (omit to derive it).
        #[arg(long, value_name = "LEVEL")]
        risk: Option<String>,
    },
    /// Build the tender pack for a profile.
    Generate {
        profile: PathBuf,
        /// Write the files into DIR (default: output/<reference-slug>/).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
        /// Comma-separated formats: docx, pdf, md, html, csv, xlsx, json (default: all).
        #[arg(long, value_name = "LIST")]
        format: Option<String>,
        /// Override the built-in prose templates with same-named .hbs files in DIR.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Browse the library: technologies, risk-levels or clauses.
    List {
        #[arg(value_parser = ["technologies", "risk-levels", "clauses"])]
        what: String,
        /// Only clauses that apply to this technology.
        #[arg(long, value_name = "ID")]
        technology: Option<String>,
        /// Only clauses used at this risk level.
        #[arg(long, value_name = "LEVEL")]
        risk: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one clause with all its metadata.
    Show {
        clause_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Explain why each clause is in or out of a profile's pack.
    Explain {
        profile: PathBuf,
        clause_id: Option<String>,
    },
    /// Validate and lint the clause library.
    Check,
    /// Check a supplier's filled response matrix (CSV or XLSX) against the pack as issued.
    Assess {
        profile: PathBuf,
        /// The filled response-matrix.xlsx or response-matrix.csv.
        response: PathBuf,
        /// text (default), json, md or docx.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Write the report to FILE (the summary is still printed).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Clause-level changes between two library directories (`built-in` names the shipped one);
    /// with --profile, what would change in that tender. Exit 1 when the library comparison
    /// raises flags (a change without a version bump, a reused or renumbered id).
    Diff {
        old_library: PathBuf,
        new_library: PathBuf,
        /// Only what changes for this tender.
        #[arg(long, value_name = "PROFILE")]
        profile: Option<PathBuf>,
        /// md (default), json or docx (with tracked changes).
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Write the report to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The whole clause library with every field, for legal review.
    Library {
        /// md (default), docx or csv.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Write it to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    restore_sigpipe();
    tenderguard::output::install_interrupt_cleanup();
    let cli = Cli::parse();
    let lib = cli.library.as_deref();
    let outcome = match cli.command {
        Command::Init {
            path,
            technologies,
            risk,
        } => commands::init::run(lib, &path, &technologies, risk.as_deref()),
        Command::Generate {
            profile,
            output,
            format,
            templates,
        } => commands::generate::run(
            lib,
            &profile,
            output.as_deref(),
            format.as_deref(),
            templates.as_deref(),
        ),
        Command::List {
            what,
            technology,
            risk,
            json,
        } => commands::list::run(lib, &what, technology.as_deref(), risk.as_deref(), json),
        Command::Show { clause_id, json } => commands::show::run(lib, &clause_id, json),
        Command::Explain { profile, clause_id } => {
            commands::explain::run(lib, &profile, clause_id.as_deref())
        }
        Command::Check => commands::check::run(lib),
        Command::Diff {
            old_library,
            new_library,
            profile,
            format,
            output,
        } => commands::diff::run(
            &old_library,
            &new_library,
            profile.as_deref(),
            format.as_deref(),
            output.as_deref(),
        ),
        Command::Library { format, output } => {
            commands::library::run(lib, format.as_deref(), output.as_deref())
        }
        Command::Assess {
            profile,
            response,
            format,
            output,
        } => commands::assess::run(
            lib,
            &profile,
            &response,
            format.as_deref(),
            output.as_deref(),
        ),
    };
    // A report cut short on standard output is a failed run, whatever the command found.
    let outcome = match (outcome, tenderguard::output::stdout_error()) {
        (Outcome::BadInput(mut diags), Some(d)) => {
            diags.push(d);
            Outcome::BadInput(diags)
        }
        (_, Some(d)) => Outcome::BadInput(d.into()),
        (outcome, None) => outcome,
    };
    match outcome {
        Outcome::Ok => ExitCode::SUCCESS,
        Outcome::Findings => ExitCode::from(1),
        Outcome::BadInput(diags) => {
            commands::report_at_most(&diags.0, commands::BAD_INPUT_SHOWN);
            ExitCode::from(2)
        }
    }
}

/// Rust ignores SIGPIPE, so `tenderguard list clauses | head` would panic on a closed pipe.
/// Restoring the default makes it end quietly, as command-line tools do.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
