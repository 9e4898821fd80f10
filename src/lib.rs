//! tenderguard as a library: load and validate (library, profile), select, build one tender-pack
//! model, and let each writer turn it into bytes. The binary in `main.rs` is a thin layer on top.

// Diagnostics are large values on a cold path (bad input ends the run); boxing them everywhere
// would add noise for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod commands;
pub mod diagnostics;
pub mod format;
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
