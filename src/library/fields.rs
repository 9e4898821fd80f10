//! Every field of a clause as labelled text, in one order: what the review export prints and
//! what the change report compares, so that both always cover the same fields.

use super::{Clause, Library, RiskLevel};

/// How a field's value is shaped, which decides how a change to it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Prose compared word by word (title, text, rationale).
    Prose,
    /// One item per line (evidence, sources).
    List,
    /// A short value compared whole (stage, an obligation).
    Value,
}

/// One field of a clause.
#[derive(Debug, Clone)]
pub struct ClauseField {
    /// Stable key, used in JSON (`text`, `obligation.high`).
    pub key: &'static str,
    /// As printed for people.
    pub label: &'static str,
    pub value: String,
    pub kind: FieldKind,
}

/// Who a clause applies to, in words.
pub fn applies_text(c: &Clause) -> String {
    let a = &c.applies_to;
    if a.all {
        "every purchase".to_string()
    } else if !a.technologies.is_empty() {
        format!("technologies: {}", a.technologies.join(", "))
    } else {
        format!("technologies with trait: {}", a.traits.join(" or "))
    }
}

/// Whether a clause can apply when `tech` is in scope: it applies to every purchase, names the
/// technology, or names a trait the technology has.
pub fn applies_to_technology(lib: &Library, c: &Clause, tech: &str) -> bool {
    let a = &c.applies_to;
    a.all
        || a.technologies.iter().any(|t| t == tech)
        || lib
            .technology(tech)
            .is_some_and(|t| a.traits.iter().any(|tr| t.traits.contains(tr)))
}

/// The extra conditions on the profile, in words.
pub fn conditions_text(c: &Clause) -> String {
    let w = &c.when;
    let mut parts = Vec::new();
    for (name, v) in [
        ("safety", w.safety),
        ("controls_physical_assets", w.controls_physical_assets),
        ("public_monitoring", w.public_monitoring),
        ("cni_dependency", w.cni_dependency),
        ("supplier_remote_access", w.supplier_remote_access),
        (
            "connects_to_corporate_network",
            w.connects_to_corporate_network,
        ),
    ] {
        if let Some(v) = v {
            parts.push(format!("impact.{name} = {v}"));
        }
    }
    if let Some(pd) = &w.personal_data {
        parts.push(format!(
            "personal_data in [{}]",
            pd.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some(h) = &w.hosting {
        parts.push(format!(
            "hosting in [{}]",
            h.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join("; ")
    }
}

/// Every field of a clause. With `lib`, source documents are named by title; without, by id
/// (the change report compares ids, so that retitling a source is not a change to every clause).
pub fn clause_fields(c: &Clause, lib: Option<&Library>) -> Vec<ClauseField> {
    let f = |key, label, value: String, kind| ClauseField {
        key,
        label,
        value,
        kind,
    };
    let obligation = |l: RiskLevel| {
        c.obligation
            .at(l)
            .map_or("not used".to_string(), |o| o.keyword().to_string())
    };
    let sources: Vec<String> = c
        .sources
        .iter()
        .map(|s| {
            let doc = match lib.and_then(|l| l.source(&s.document)) {
                Some(d) => format!("{} ({})", d.title, d.url),
                None => s.document.clone(),
            };
            let mut line = format!(
                "{doc}, {}: {}",
                s.section,
                if s.verified {
                    "wording checked against the source"
                } else {
                    "not verified against the source text"
                }
            );
            if let Some(n) = &s.note {
                line.push_str(&format!(" (note: {n})"));
            }
            line
        })
        .collect();
    let mut out = vec![
        f(
            "version",
            "Version",
            c.version.to_string(),
            FieldKind::Value,
        ),
        f("title", "Title", c.title.clone(), FieldKind::Prose),
        f(
            "section",
            "Section",
            c.section.title().to_string(),
            FieldKind::Value,
        ),
        f(
            "stage",
            "Stage",
            c.stage.title().to_string(),
            FieldKind::Value,
        ),
        f(
            "obligation.low",
            "Obligation at low risk",
            obligation(RiskLevel::Low),
            FieldKind::Value,
        ),
        f(
            "obligation.medium",
            "Obligation at medium risk",
            obligation(RiskLevel::Medium),
            FieldKind::Value,
        ),
        f(
            "obligation.high",
            "Obligation at high risk",
            obligation(RiskLevel::High),
            FieldKind::Value,
        ),
        f(
            "applies_to",
            "Applies to",
            applies_text(c),
            FieldKind::Value,
        ),
        f("when", "Conditions", conditions_text(c), FieldKind::Value),
        f("text", "Text", c.text.clone(), FieldKind::Prose),
        f(
            "evidence",
            "Evidence",
            c.evidence
                .iter()
                .map(|e| e.line())
                .collect::<Vec<_>>()
                .join("\n"),
            FieldKind::List,
        ),
        f(
            "verify",
            "Verified",
            c.verify()
                .iter()
                .map(|v| v.title())
                .collect::<Vec<_>>()
                .join("; "),
            FieldKind::Value,
        ),
        f(
            "rationale",
            "Rationale",
            c.rationale.clone(),
            FieldKind::Prose,
        ),
        f(
            "guidance",
            "Guidance",
            c.guidance.join(", "),
            FieldKind::Value,
        ),
        f(
            "mappings",
            "Mappings",
            c.mappings.join("\n"),
            FieldKind::List,
        ),
        f("sources", "Sources", sources.join("\n"), FieldKind::List),
    ];
    out.push(f(
        "strong_answer",
        "A strong answer covers",
        c.strong_answer.join("\n"),
        FieldKind::List,
    ));
    out.push(f(
        "buyer_prerequisites",
        "Before the Council issues",
        c.buyer_prerequisites.join("\n"),
        FieldKind::List,
    ));
    out.push(f(
        "word_limit",
        "Word limit",
        c.word_limit.map_or(String::new(), |w| w.to_string()),
        FieldKind::Value,
    ));
    out
}
