//! tenderguard: security requirements for UK connected-places tenders.
//!
//! This file holds the command line and dispatch only; each subcommand lives in `commands/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use tenderguard::commands::assess::AssessArgs;
use tenderguard::commands::diff::DiffArgs;
use tenderguard::commands::explain::ExplainArgs;
use tenderguard::commands::generate::GenerateArgs;
use tenderguard::commands::init::InitArgs;
use tenderguard::commands::library::LibraryArgs;
use tenderguard::commands::list::ListArgs;
use tenderguard::commands::serve::ServeArgs;
use tenderguard::commands::show::ShowArgs;
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
    Init(InitArgs),
    /// Build the tender pack for a profile.
    Generate(GenerateArgs),
    /// Browse the library: technologies, risk-levels or clauses.
    List(ListArgs),
    /// Show one clause with all its metadata.
    Show(ShowArgs),
    /// Explain why each clause is in or out of a profile's pack.
    Explain(ExplainArgs),
    /// Validate and lint the clause library.
    Check,
    /// Check a supplier's filled response matrix (CSV or XLSX) against the pack as issued.
    Assess(AssessArgs),
    /// Clause-level changes between two library directories (`built-in` names the shipped one);
    /// with --profile, what would change in that tender. Exit 1 when the library comparison
    /// raises flags (a change without a version bump, a reused or renumbered id).
    Diff(DiffArgs),
    /// The whole clause library with every field, for legal review.
    Library(LibraryArgs),
    /// A page in your browser to build the profile, see what it selects and download the pack
    /// (on 127.0.0.1, this computer only, unless --listen says otherwise).
    Serve(ServeArgs),
}

fn main() -> ExitCode {
    restore_sigpipe();
    commands::install_interrupt_cleanup();
    let cli = Cli::parse();
    let library = cli.library.as_deref();
    let result = match cli.command {
        Command::Init(args) => commands::init::run(library, args),
        Command::Generate(args) => commands::generate::run(library, args),
        Command::List(args) => commands::list::run(library, args),
        Command::Show(args) => commands::show::run(library, args),
        Command::Explain(args) => commands::explain::run(library, args),
        Command::Check => commands::check::run(library),
        Command::Assess(args) => commands::assess::run(library, args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Library(args) => commands::library::run(library, args),
        Command::Serve(args) => commands::serve::run(library, args),
    };
    // A report cut short on standard output is a failed run, whatever the command found.
    let result = match (result, commands::stdout_error()) {
        (Err(mut bad_input), Some(d)) => {
            bad_input.push(d);
            Err(bad_input)
        }
        (_, Some(d)) => Err(d.into()),
        (result, None) => result,
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(bad_input) => {
            commands::report_at_most(&bad_input.0, commands::BAD_INPUT_SHOWN);
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
