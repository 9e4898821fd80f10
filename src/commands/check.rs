//! `tenderguard check`: validate and lint the library, and find what the writers would refuse
//! (a character the PDF cannot draw, a matrix cell too long), so a library that passes renders.
//! Exit 0 clean (warnings allowed), 1 when there are errors, 2 when the library cannot be
//! loaded at all. Findings are printed capped, as `report` does.

use std::path::Path;

use super::{report, CommandResult, Outcome};
use crate::library::lint::lint_library;
use crate::pipeline::Engine;
use crate::render::library_check::library_render_problems;

pub fn run(library: Option<&Path>) -> CommandResult {
    let engine = Engine::load(library)?;
    let lib = engine.library();
    let mut findings = engine.library_warnings().to_vec();
    findings.extend(lint_library(lib));
    findings.extend(library_render_problems(lib));
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
    Ok(Outcome::findings_if(errors > 0))
}
