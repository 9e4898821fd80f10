//! tenderguard as a library: load and validate (library, profile), select, build one tender-pack
//! model, and let each writer turn it into bytes. The binary in `main.rs` is a thin layer on top.

// Diagnostics are large values on a cold path (bad input ends the run); boxing them everywhere
// would add noise for no measurable gain.
#![allow(clippy::result_large_err)]

/// Every `println!` in this crate writes through `output::print_line`, which keeps the first
/// error writing to standard output (a full disk, a closed terminal) for `main` to report with
/// exit 2, where std's `println!` panics. Defined before the modules so it is the one they see.
macro_rules! println {
    () => {
        $crate::output::print_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::print_line(format_args!($($arg)*))
    };
}

pub mod commands;
pub mod diagnostics;
pub mod format;
pub mod input;
pub mod libdiff;
pub mod library;
pub mod output;
pub mod pack;
pub mod pipeline;
pub mod profile;
pub mod render;
pub mod report;
pub mod response;
pub mod select;
pub mod textdiff;
