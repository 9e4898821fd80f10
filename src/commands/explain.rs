//! `tenderguard explain PROFILE [CLAUSE_ID]`: why each clause is in or out of this pack.

use std::path::Path;

use std::path::PathBuf;

use super::{report, CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::pipeline::{Engine, Verdict};

/// Explain why each clause is in or out of a profile's pack.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    pub profile: PathBuf,
    /// Only this clause.
    pub clause_id: Option<String>,
}

pub fn run(library: Option<&Path>, args: ExplainArgs) -> CommandResult {
    let engine = Engine::load(library)?;
    let plan = engine.plan_file(&args.profile)?;
    report(plan.warnings());
    let (lib, profile, selection) = (plan.library(), &plan.profile, &plan.selection);
    let clause = args.clause_id.as_deref();
    let r = &profile.risk;
    if clause.is_none() {
        println!("Risk level: {} (derived {})", r.level, r.derived_level);
        for reason in &r.reasons {
            println!(
                "  {:<45} -> {:<6} {}",
                reason.factor,
                reason.implies.as_str(),
                reason.explanation
            );
        }
        if let Some(o) = &r.override_reason {
            println!("  set by the buyer: {o}");
        }
        println!(
            "Traits: {}\n",
            profile
                .traits
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!("IN ({}):", selection.selected.len());
    }
    let wanted = clause.map(|c| c.to_ascii_uppercase());
    let mut found = false;
    let mut out_header = clause.is_none();
    for e in plan.explanations() {
        if wanted
            .as_deref()
            .is_some_and(|w| w != e.id.to_ascii_uppercase())
        {
            continue;
        }
        found = true;
        match e.verdict {
            Verdict::In(category) => {
                println!("  IN   {:<8} {:<20} {}", e.id, category.label(), e.title)
            }
            Verdict::Out => {
                if std::mem::take(&mut out_header) {
                    println!("\nOUT:");
                }
                println!("  OUT  {:<8} {}", e.id, e.title);
            }
        }
        for reason in &e.reasons {
            println!("         - {reason}");
        }
    }
    if out_header {
        println!("\nOUT:");
    }
    if let (Some(id), false) = (clause, found) {
        let d = Diagnostic::error(format!("no clause `{id}` in the library or this profile"));
        let ids = lib
            .clauses
            .iter()
            .map(|c| c.id.as_str())
            .chain(profile.custom.iter().map(|c| c.id.as_str()));
        return Err(d
            .suggest_or(id, ids, "see `tenderguard list clauses`")
            .into());
    }
    Ok(Outcome::Clean)
}
