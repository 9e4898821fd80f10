//! `tenderguard show CLAUSE_ID`: one clause with all its metadata.

use std::path::Path;

use super::{CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::library::json::clause_json;
use crate::library::RiskLevel;
use crate::pipeline::Engine;

/// Show one clause with all its metadata.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    pub clause_id: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(library: Option<&Path>, args: ShowArgs) -> CommandResult {
    let engine = Engine::load(library)?;
    let lib = engine.library();
    let (id, as_json) = (args.clause_id.as_str(), args.json);
    let Some(c) = lib
        .clause(id)
        .or_else(|| lib.clause(&id.to_ascii_uppercase()))
    else {
        let d = Diagnostic::error(format!("the library has no clause `{id}`"));
        return Err(d
            .suggest_or(
                id,
                lib.clauses.iter().map(|c| c.id.as_str()),
                "see `tenderguard list clauses`",
            )
            .into());
    };
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&clause_json(lib, c)).unwrap()
        );
        return Ok(Outcome::Clean);
    }
    println!("{} {}", c.tag(), c.title);
    println!("Stage:       {}", c.stage.title());
    println!("Section:     {}", c.section.title());
    let obs: Vec<String> = RiskLevel::ALL
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.as_str(),
                c.obligation.at(*l).map_or("-", |o| o.keyword())
            )
        })
        .collect();
    println!("Obligation:  {}", obs.join(", "));
    let a = &c.applies_to;
    let applies = if a.all {
        "every purchase".to_string()
    } else if !a.technologies.is_empty() {
        format!("technologies {}", a.technologies.join(", "))
    } else {
        format!("traits {}", a.traits.join(", "))
    };
    println!("Applies to:  {applies}");
    if !c.when.is_empty() {
        println!("When:        {}", serde_json::to_string(&c.when).unwrap());
    }
    println!("\n{}\n", c.text);
    for s in &c.strong_answer {
        println!("  strong answer: {s}");
    }
    if let Some(w) = c.word_limit {
        println!("  word limit: {w}");
    }
    println!("Evidence:");
    for e in &c.evidence {
        println!("  - {}", e.line());
    }
    for p in &c.buyer_prerequisites {
        println!("Before issue: {p}");
    }
    println!("Rationale:   {}", c.rationale);
    println!("Guidance:    {}", c.guidance.join(", "));
    for s in &c.sources {
        let doc = lib.source(&s.document);
        println!(
            "Source:      {}, {} ({}){}",
            doc.map_or(s.document.as_str(), |d| d.title.as_str()),
            s.section,
            doc.map_or("", |d| d.url.as_str()),
            if s.verified {
                ""
            } else {
                " [not verified against the source text]"
            }
        );
        if let Some(n) = &s.note {
            println!("             note: {n}");
        }
    }
    for m in &c.mappings {
        println!("Maps to:     {m}");
    }
    Ok(Outcome::Clean)
}
