//! `selection.json`: the machine-readable copy of the pack (fields of contract §6).

use serde_json::json;

use crate::pack::TenderPack;

pub fn write_json(pack: &TenderPack) -> Vec<u8> {
    let m = &pack.meta;
    let clauses: Vec<serde_json::Value> = pack
        .clauses
        .iter()
        .map(|c| {
            let mut v = json!({
                "id": c.id,
                "version": c.version,
                "pack_ref": c.pack_ref,
                "section": c.section,
                "stage": c.stage,
                "title": c.title,
                "text": c.text,
                "obligation": c.obligation,
                "category": c.category,
                "library_obligation": c.library_obligation,
                "evidence": c.evidence,
                "verify": crate::library::evidence_stages(&c.evidence),
                "rationale": c.rationale,
                "guidance": c.guidance,
                "sources": c.sources.iter().map(|s| json!({
                    "document": s.document, "section": s.section, "url": s.url, "verified": s.verified, "note": s.note,
                })).collect::<Vec<_>>(),
                "mappings": c.mappings,
                "reasons": c.reasons,
                "buyer_prerequisites": c.buyer_prerequisites,
                "buyer_clause": c.buyer_clause,
            });
            if c.word_limit.is_some() {
                v["strong_answer"] = json!(c.strong_answer);
                v["word_limit"] = json!(c.word_limit);
            }
            v
        })
        .collect();
    let value = json!({
        "tool": {"name": m.tool_name, "version": m.tool_version},
        "library": {"name": m.library_name, "version": m.library_version, "sha256": m.library_sha256},
        "profile": pack.profile,
        "profile_sha256": m.profile_sha256,
        "tender": {
            "title": m.title, "reference": m.reference, "buyer": m.buyer, "version": m.version,
            "issue_date": m.issue_date, "deadline": m.deadline, "contact": m.contact, "marking": m.marking,
            "technologies": m.technologies.iter().map(|(id, _)| id).collect::<Vec<_>>(),
        },
        "risk": {
            "level": pack.risk.level,
            "derived_level": pack.risk.derived_level,
            "stated_level": pack.risk.stated,
            "override_reason": pack.risk.override_reason,
            "reasons": pack.risk.reasons.iter().map(|r| json!({
                "factor": r.factor, "explanation": r.explanation, "implies": r.implies,
                "described": r.described, "why": r.why,
            })).collect::<Vec<_>>(),
        },
        "parameters": pack.record.values,
        "before_issue": pack.record.before_issue,
        "clauses": clauses,
        "excluded": pack.excluded.iter().map(|e| json!({"id": e.id, "title": e.title, "reason": e.reason})).collect::<Vec<_>>(),
        "coverage": pack.coverage.iter().map(|c| {
            let mut v = json!({"guidance": c.guidance, "title": c.title, "document": c.document, "url": c.url, "clauses": c.clauses});
            if let Some(r) = &c.reason { v["reason"] = json!(r); }
            v
        }).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_vec_pretty(&value).expect("JSON values always serialise");
    out.push(b'\n');
    out
}
