//! A clause as JSON, the one shape that `list --json`, `show --json` and the library diff print
//! (product contract §3).

use serde_json::json;

use super::{Clause, Library, RiskLevel};

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
        "verify": c.verify(),
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
        "buyer_prerequisites": c.buyer_prerequisites,
    })
}
