//! `tenderguard check`: validate and lint the library. Exit 0 clean (warnings allowed),
//! 1 when the lint finds errors, 2 when the library cannot be loaded at all.

use std::path::Path;

use super::{load_with_warnings, report, Outcome};
use crate::library::lint::lint_library;

pub fn run(library: Option<&Path>) -> Outcome {
    let (lib, mut findings) = match load_with_warnings(library) {
        Ok(v) => v,
        Err(d) => return d.into(),
    };
    findings.extend(lint_library(&lib));
    report(&findings);
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    let stages = |s: crate::library::Stage| lib.clauses.iter().filter(|c| c.stage == s).count();
    println!(
        "{} {}: {} clauses ({} participation, {} specification, {} award, {} contract), {} technologies, {} guidance items — {errors} error{}, {warnings} warning{}",
        lib.name,
        lib.version,
        lib.clauses.len(),
        stages(crate::library::Stage::Participation),
        stages(crate::library::Stage::Specification),
        stages(crate::library::Stage::Award),
        stages(crate::library::Stage::Contract),
        lib.technologies.len(),
        lib.guidance.len(),
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    if errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Ok
    }
}
