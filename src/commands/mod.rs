//! One module per subcommand, each a thin layer over the pipeline (`crate::pipeline`): it takes
//! its typed arguments, calls the library code, prints, and says how it ended.

pub mod args;
pub mod assess;
pub mod check;
pub mod diff;
pub mod explain;
pub mod generate;
pub mod init;
pub mod library;
pub mod list;
pub mod report_output;
pub mod serve;
pub mod show;

use std::io::IsTerminal;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// What `main` sets up before any command and checks after it: staged files removed on Ctrl-C
/// or SIGTERM, and a write error on standard output reported with exit 2.
pub use crate::output::{install_interrupt_cleanup, stdout_error};

/// How a command that ran to the end finished, which decides the exit status: 0, or 1 when a
/// check found problems. Bad input (exit 2) is the `Err` side of [`CommandResult`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    /// A check found problems (exit 1).
    Findings,
}

impl Outcome {
    /// `Findings` when `problems`, else `Clean`.
    pub fn findings_if(problems: bool) -> Outcome {
        if problems {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

/// What every command returns: how it ended, or the bad input that stopped it (exit 2, nothing
/// written).
pub type CommandResult = Result<Outcome, Diagnostics>;

/// Prints diagnostics to stderr, at most `BAD_INPUT_SHOWN` of them and then how many more there
/// are, with a closing count line when there are several: warnings and lint findings are capped
/// like bad input, so a library or response repeating one problem gives a screenful.
pub fn report<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) {
    report_at_most(diags, BAD_INPUT_SHOWN);
}

/// How many problems with bad input are printed; the rest are only counted, so that a profile
/// repeating one mistake 100 000 times gets a screenful rather than 100 000 messages.
pub const BAD_INPUT_SHOWN: usize = 50;

/// Prints the first `limit` diagnostics and says how many more there are.
pub fn report_at_most<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>, limit: usize) {
    let color = std::io::stderr().is_terminal();
    let (mut total, mut errors) = (0, 0);
    for d in diags {
        if total < limit {
            eprintln!("{}\n", d.render(color));
        }
        total += 1;
        errors += usize::from(d.is_error());
    }
    if total > limit {
        eprintln!(
            "note: {} more not shown; fix these and run again",
            total - limit
        );
    }
    if errors > 1 {
        eprintln!("error: {errors} problems found");
    }
}
