//! `tenderguard list technologies|risk-levels|clauses`: browse the library.

use std::path::Path;

use serde_json::json;

use super::{CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::library::fields::applies_to_technology;
use crate::library::json::clause_json;
use crate::library::{Clause, RiskLevel};
use crate::pipeline::Engine;

/// What `list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Listing {
    Technologies,
    RiskLevels,
    Clauses,
}

/// Browse the library: technologies, risk-levels or clauses.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    pub what: Listing,
    /// Only clauses that apply to this technology.
    #[arg(long, value_name = "ID")]
    pub technology: Option<String>,
    /// Only clauses used at this risk level.
    #[arg(long, value_name = "LEVEL")]
    pub risk: Option<RiskLevel>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(library: Option<&Path>, args: ListArgs) -> CommandResult {
    let engine = Engine::load(library)?;
    let lib = engine.library();
    let (technology, as_json) = (args.technology.as_deref(), args.json);
    match args.what {
        Listing::Technologies => {
            if as_json {
                let v: Vec<_> = lib
                    .technologies
                    .iter()
                    .map(|t| json!({"id": t.id, "name": t.name, "description": t.description, "traits": t.traits, "default_risk": t.default_risk}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v).unwrap());
            } else {
                println!("{:<22} {:<8} NAME (traits)", "ID", "RISK");
                for t in &lib.technologies {
                    println!(
                        "{:<22} {:<8} {} ({})",
                        t.id,
                        t.default_risk.as_str(),
                        t.name,
                        t.traits.join(", ")
                    );
                }
            }
        }
        Listing::RiskLevels => {
            if as_json {
                let v: Vec<_> = RiskLevel::ALL
                    .iter()
                    .map(|l| json!({"id": l.as_str(), "meaning": l.meaning()}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v).unwrap());
            } else {
                for l in RiskLevel::ALL {
                    println!("{:<8} {}", l.as_str(), l.meaning());
                }
            }
        }
        Listing::Clauses => {
            if let Some(t) = technology {
                if lib.technology(t).is_none() {
                    let ids: Vec<&str> = lib.technologies.iter().map(|t| t.id.as_str()).collect();
                    return Err(Diagnostic::error(format!("unknown technology `{t}`"))
                        .suggest_or(
                            t,
                            ids.iter().copied(),
                            format!("allowed: {}", ids.join(", ")),
                        )
                        .into());
                }
            }
            let level = args.risk;
            let clauses: Vec<&Clause> = lib
                .clauses
                .iter()
                .filter(|c| technology.is_none_or(|t| applies_to_technology(lib, c, t)))
                .filter(|c| level.is_none_or(|l| c.obligation.at(l).is_some()))
                .collect();
            if as_json {
                let v: Vec<_> = clauses.iter().map(|c| clause_json(lib, c)).collect();
                println!("{}", serde_json::to_string_pretty(&v).unwrap());
            } else {
                println!(
                    "{:<8} {:<4} {:<14} {:<11} {:<20} TITLE",
                    "ID", "VER", "STAGE", "SECTION", "LOW/MEDIUM/HIGH"
                );
                for c in &clauses {
                    let obs: Vec<&str> = RiskLevel::ALL
                        .iter()
                        .map(|l| c.obligation.at(*l).map_or("-", |o| o.keyword()))
                        .collect();
                    println!(
                        "{:<8} v{:<3} {:<14} {:<11} {:<20} {}",
                        c.id,
                        c.version,
                        c.stage.as_str(),
                        c.section.as_str(),
                        obs.join("/"),
                        c.title
                    );
                }
                println!(
                    "{} clause{}",
                    clauses.len(),
                    if clauses.len() == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(Outcome::Clean)
}
