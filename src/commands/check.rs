//! `tenderguard check`: validate and lint the library, and find what the writers would refuse
//! (a character the PDF cannot draw, a matrix cell too long), so a library that passes renders.
//! Exit 0 clean (warnings allowed), 1 when there are errors, 2 when the library cannot be
//! loaded at all. Findings are printed capped, as `report` does.

use std::path::Path;

use super::{report, CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::library::budget;
use crate::library::lint::lint_library;
use crate::pipeline::Engine;
use crate::render::library_check::library_render_problems;

/// Every shipped example (`examples/*.toml` in the working directory, when there is one; only
/// for the built-in library, which they are written for) planned and built, its tender gates and contract requirements held to the budget of its level.
fn example_budgets(engine: &Engine) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir("examples") else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let pack = match engine.plan_file(&path).and_then(|p| p.build_pack()) {
            Ok(pack) => pack,
            Err(d) => {
                out.push(Diagnostic::error(format!(
                    "example {} does not build: {}",
                    path.display(),
                    d.0.first().map(ToString::to_string).unwrap_or_default()
                )));
                continue;
            }
        };
        let level = pack.meta.risk_level;
        let counts = pack.category_counts();
        let over = budget(level).exceeded(counts);
        if !over.is_empty() {
            out.push(
                Diagnostic::error(format!(
                    "example {} at {level} risk is over budget: {} [budget]",
                    path.display(),
                    over.join(", ")
                ))
                .help("make heavy clauses scored or conditional (library/category.rs holds the budgets)"),
            );
        }
    }
    out
}

pub fn run(library: Option<&Path>) -> CommandResult {
    let engine = Engine::load(library)?;
    let lib = engine.library();
    let mut findings = engine.library_warnings().to_vec();
    findings.extend(lint_library(lib));
    if library.is_none() {
        findings.extend(example_budgets(&engine));
    }
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
