//! `[tailoring]`: clauses excluded, included or given another obligation, each with a reason.

use std::collections::BTreeMap;

use toml::Spanned;

use super::{amend, non_empty, Ctx};
use crate::diagnostics::did_you_mean;
use crate::library::Library;
use crate::profile::raw::RawTailoring;
use crate::profile::{ObligationChange, TailorEntry, Tailoring};

fn clause_id_help(lib: &Library, id: &str) -> String {
    match did_you_mean(id, lib.clauses.iter().map(|c| c.id.as_str())) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "see `tenderguard list clauses` for the library's ids".to_string(),
    }
}

/// Tailoring has no references between entries, so nothing in it can form a cycle; what can go
/// wrong is an entry that repeats or contradicts an earlier one, or names a clause the library
/// does not have (the profile's own clauses included: they are removed, not tailored).
pub(super) fn resolve_tailoring(
    ctx: &mut Ctx,
    raw: Option<&RawTailoring>,
    own_ids: &[&str],
) -> Tailoring {
    let mut out = Tailoring::default();
    let Some(raw) = raw else { return out };
    let lib = ctx.lib;
    let mut seen: BTreeMap<String, (&'static str, usize)> = BTreeMap::new();
    let mut check_id = |ctx: &mut Ctx, id: &Spanned<String>, kind: &'static str| -> bool {
        if lib.clause(id.get_ref()).is_none() {
            let help = if own_ids.contains(&id.get_ref().trim()) {
                format!(
                    "`{}` is one of this profile's own clauses: delete its [[clause]] table instead",
                    id.get_ref().trim()
                )
            } else {
                clause_id_help(lib, id.get_ref())
            };
            let d = ctx.error(
                id,
                format!(
                    "cannot {kind} `{}`: the library has no such clause",
                    id.get_ref()
                ),
                "unknown clause id",
            );
            amend(d, |d| d.help(help));
            return false;
        }
        if let Some((prev, at)) = seen.get(id.get_ref()).copied() {
            if prev == kind
                || (kind != "change" && prev != "change")
                || (kind == "change" && prev == "exclude")
            {
                let (line, col) = ctx.file.line_col(at);
                let first = format!("the {prev} is at {}:{line}:{col}", ctx.file.path);
                let d = ctx.error(
                    id,
                    format!(
                        "`{}` is already tailored ({prev}); this {kind} contradicts or repeats it",
                        id.get_ref()
                    ),
                    "contradictory tailoring",
                );
                amend(d, |d| {
                    d.note(first).help("each clause may be excluded, or included, once; an obligation change cannot apply to an excluded clause")
                });
                return false;
            }
        }
        seen.insert(id.get_ref().clone(), (kind, id.span().start));
        true
    };
    for e in &raw.exclude {
        let e = e.get_ref();
        let reason = non_empty(ctx, &e.reason, "an exclusion reason");
        if check_id(ctx, &e.id, "exclude") {
            out.exclude.push(TailorEntry {
                id: e.id.get_ref().clone(),
                reason,
                span: e.id.span(),
            });
        }
    }
    for e in &raw.include {
        let e = e.get_ref();
        let reason = non_empty(ctx, &e.reason, "an inclusion reason");
        if check_id(ctx, &e.id, "include") {
            out.include.push(TailorEntry {
                id: e.id.get_ref().clone(),
                reason,
                span: e.id.span(),
            });
        }
    }
    for e in &raw.obligation {
        let e = e.get_ref();
        let reason = non_empty(ctx, &e.reason, "an obligation change reason");
        if check_id(ctx, &e.id, "change") {
            out.obligation.push(ObligationChange {
                id: e.id.get_ref().clone(),
                to: e.to,
                reason,
                span: e.id.span(),
            });
        }
    }
    out
}
