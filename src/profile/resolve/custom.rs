//! `[[clause]]`: the buyer's own clauses, checked as strictly as library clauses.

use std::collections::BTreeMap;

use toml::Spanned;

use super::{amend, non_empty, Ctx};
use crate::library::{
    Clause, ClauseOrigin, Evidence, ObligationTable, RawEvidence, SourceRef, Stage, VerifyStage,
};
use crate::profile::raw::RawCustomClause;

/// Buyer clause ids: letters, digits and hyphens, starting with a letter.
fn valid_custom_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && id.len() <= 24
}

/// The buyer's `[[clause]]` tables as clauses: ids unique and well formed, fields checked as
/// for library clauses.
pub(super) fn resolve_custom(ctx: &mut Ctx, raw: &[Spanned<RawCustomClause>]) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    let mut first_use: BTreeMap<String, usize> = BTreeMap::new();
    for c in raw {
        let c = c.get_ref();
        let id = c.id.get_ref().trim().to_string();
        if !valid_custom_id(&id) {
            let d = ctx.error(
                &c.id,
                format!("`{id}` is not a usable clause id"),
                "invalid id",
            );
            amend(d, |d| {
                d.help("use letters, digits and hyphens, starting with a letter, at most 24 characters (e.g. \"ECC-01\")")
            });
            continue;
        }
        if ctx.lib.clause(&id).is_some() {
            let d = ctx.error(
                &c.id,
                format!("`{id}` is a library clause id"),
                "already used by the library",
            );
            amend(d, |d| {
                d.help("give your own clauses ids with your authority's prefix, e.g. \"ECC-01\"")
            });
            continue;
        }
        if let Some(first) = first_use.get(&id) {
            let (line, col) = ctx.file.line_col(*first);
            let note = format!("first used at {}:{line}:{col}", ctx.file.path);
            let d = ctx.error(
                &c.id,
                format!("clause id `{id}` is used twice in this profile"),
                "duplicate",
            );
            amend(d, |d| {
                d.note(note)
                    .help("give each of your own clauses its own id")
            });
            continue;
        }
        first_use.insert(id.clone(), c.id.span().start);
        let title = non_empty(ctx, &c.title, "a clause title");
        let text = non_empty(ctx, &c.text, "clause text");
        if c.evidence
            .get_ref()
            .iter()
            .all(|e| e.text().trim().is_empty())
        {
            let d = ctx.error(
                &c.evidence,
                format!("clause `{id}` names no evidence"),
                "empty",
            );
            amend(d, |d| {
                d.help("say what the supplier hands over that you can check, e.g. [\"Integration design document\"]")
            });
        }
        let keyword = c.obligation.keyword();
        if !text.contains(keyword) {
            let d = ctx.warn(
                &c.text,
                format!(
                    "clause `{id}` is `{}` but its text does not say {keyword}",
                    c.obligation.as_str()
                ),
                "text",
            );
            amend(d, |d| {
                d.help(format!(
                    "write \"The Supplier {keyword} …\" so the text and the obligation agree"
                ))
            });
        }
        let stage = c.stage.unwrap_or(Stage::Specification);
        out.push(Clause {
            id,
            version: 1,
            title,
            section: c.section,
            stage,
            text: crate::library::normalise_text(&text),
            obligation: ObligationTable {
                low: Some(c.obligation),
                medium: Some(c.obligation),
                high: Some(c.obligation),
            },
            applies_to: crate::library::AppliesTo {
                all: true,
                ..Default::default()
            },
            when: Default::default(),
            evidence: {
                let first_stage = c
                    .verify
                    .as_ref()
                    .and_then(|v| v.iter().min().copied())
                    .unwrap_or(VerifyStage::Tender);
                c.evidence
                    .get_ref()
                    .iter()
                    .filter(|e| !e.text().trim().is_empty())
                    .map(|e| Evidence {
                        item: e.text().trim().to_string(),
                        due: match e {
                            RawEvidence::Item { due, .. } => *due,
                            RawEvidence::Text(_) => first_stage,
                        },
                    })
                    .collect()
            },
            rationale: c
                .rationale
                .clone()
                .unwrap_or_else(|| "A requirement the Council set for this tender.".to_string()),
            guidance: Vec::new(),
            mappings: Vec::new(),
            sources: vec![SourceRef {
                document: "buyer".to_string(),
                section: "Profile [[clause]]".to_string(),
                verified: true,
                note: None,
            }],
            strong_answer: Vec::new(),
            word_limit: None,
            buyer_prerequisites: Vec::new(),
            origin: ClauseOrigin::Buyer,
            loc: None,
        });
    }
    out
}
