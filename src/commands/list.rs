//! `tenderguard list technologies|risk-levels|clauses`: browse the library.

use std::path::Path;

use serde_json::json;

use super::{load, Outcome};
use crate::diagnostics::Diagnostic;
use crate::library::{Clause, Library, RiskLevel};

/// A clause as `list --json` and `show --json` print it (product contract §3).
pub fn clause_json(lib: &Library, c: &Clause) -> serde_json::Value {
    let obligations: serde_json::Map<String, serde_json::Value> = RiskLevel::ALL
        .into_iter()
        .filter_map(|l| {
            c.obligation
                .at(l)
                .map(|o| (l.as_str().to_string(), json!(o.as_str())))
        })
        .collect();
    json!({
        "id": c.id,
        "version": c.version,
        "title": c.title,
        "section": c.section.as_str(),
        "stage": c.stage.as_str(),
        "obligations": obligations,
        "applies_to": {"all": c.applies_to.all, "technologies": c.applies_to.technologies, "traits": c.applies_to.traits},
        "when": c.when,
        "text": c.text,
        "evidence": c.evidence,
        "verify": c.verify,
        "rationale": c.rationale,
        "guidance": c.guidance,
        "mappings": c.mappings,
        "sources": c.sources.iter().map(|s| {
            let doc = lib.source(&s.document);
            json!({
                "document": doc.map_or(s.document.as_str(), |d| d.title.as_str()),
                "section": s.section,
                "url": doc.map_or("", |d| d.url.as_str()),
                "verified": s.verified,
                "note": s.note,
            })
        }).collect::<Vec<_>>(),
        "strong_answer": c.strong_answer,
        "word_limit": c.word_limit,
    })
}

fn applies_to_technology(lib: &Library, c: &Clause, tech: &str) -> bool {
    let a = &c.applies_to;
    a.all
        || a.technologies.iter().any(|t| t == tech)
        || lib
            .technology(tech)
            .is_some_and(|t| a.traits.iter().any(|tr| t.traits.contains(tr)))
}

pub fn run(
    library: Option<&Path>,
    what: &str,
    technology: Option<&str>,
    risk: Option<&str>,
    as_json: bool,
) -> Outcome {
    let lib = match load(library) {
        Ok(l) => l,
        Err(d) => return d.into(),
    };
    match what {
        "technologies" => {
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
        "risk-levels" => {
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
        _ => {
            if let Some(t) = technology {
                if lib.technology(t).is_none() {
                    let ids: Vec<&str> = lib.technologies.iter().map(|t| t.id.as_str()).collect();
                    return Diagnostic::error(format!("unknown technology `{t}`"))
                        .suggest_or(
                            t,
                            ids.iter().copied(),
                            format!("allowed: {}", ids.join(", ")),
                        )
                        .into();
                }
            }
            let level = match risk.map(|r| (r, RiskLevel::parse(r))) {
                Some((r, None)) => {
                    return Diagnostic::error(format!("unknown risk level `{r}`"))
                        .help("allowed: low, medium, high")
                        .into()
                }
                Some((_, l)) => l,
                None => None,
            };
            let clauses: Vec<&Clause> = lib
                .clauses
                .iter()
                .filter(|c| technology.is_none_or(|t| applies_to_technology(&lib, c, t)))
                .filter(|c| level.is_none_or(|l| c.obligation.at(l).is_some()))
                .collect();
            if as_json {
                let v: Vec<_> = clauses.iter().map(|c| clause_json(&lib, c)).collect();
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
    Outcome::Ok
}
