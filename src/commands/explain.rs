//! `tenderguard explain PROFILE [CLAUSE_ID]`: why each clause is in or out of this pack.

use std::path::Path;

use super::{load, load_profile, report, Outcome};
use crate::diagnostics::Diagnostic;
use crate::select::{select_clauses, Decision};

pub fn run(library: Option<&Path>, profile_path: &Path, clause: Option<&str>) -> Outcome {
    let lib = match load(library) {
        Ok(l) => l,
        Err(d) => return d.into(),
    };
    let profile = match load_profile(profile_path, &lib) {
        Ok(p) => p,
        Err(d) => return d.into(),
    };
    report(&profile.warnings);
    let selection = match select_clauses(&lib, &profile) {
        Ok(s) => s,
        Err(d) => return d.into(),
    };
    report(&selection.warnings);
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
    for s in &selection.selected {
        if wanted
            .as_deref()
            .is_some_and(|w| w != s.clause.id.to_ascii_uppercase())
        {
            continue;
        }
        found = true;
        println!(
            "  IN   {:<8} {:<6} {}",
            s.clause.id,
            s.obligation.keyword(),
            s.clause.title
        );
        for reason in &s.reasons {
            println!("         - {reason}");
        }
    }
    if clause.is_none() {
        println!("\nOUT:");
    }
    for (id, decision) in &selection.decisions {
        if wanted
            .as_deref()
            .is_some_and(|w| w != id.to_ascii_uppercase())
        {
            continue;
        }
        let title = lib.clause(id).map_or("", |c| c.title.as_str());
        match decision {
            Decision::Selected => {}
            Decision::NotApplicable { reason } => {
                found = true;
                println!("  OUT  {id:<8} {title}\n         - {reason}");
            }
            Decision::Excluded {
                reason,
                would_have_been,
            } => {
                found = true;
                println!("  OUT  {id:<8} {title}\n         - excluded by tailoring (would have been {}): {reason}", would_have_been.keyword());
            }
        }
    }
    if let (Some(id), false) = (clause, found) {
        let d = Diagnostic::error(format!("no clause `{id}` in the library or this profile"));
        let ids = lib
            .clauses
            .iter()
            .map(|c| c.id.as_str())
            .chain(profile.custom.iter().map(|c| c.id.as_str()));
        return d
            .suggest_or(id, ids, "see `tenderguard list clauses`")
            .into();
    }
    Outcome::Ok
}
