//! `[tender]`: the title, reference, buyer and dates the pack is issued under.

use toml::Spanned;

use super::{amend, non_empty, Ctx};
use crate::profile::raw::{RawTender, RawVersionEntry};
use crate::profile::{Tender, VersionEntry};

/// `[tender]` with its text trimmed and required values present, the dates checked (the
/// deadline may carry a local time) and the version defaulting to 1.0.
pub(super) fn resolve_tender(ctx: &mut Ctx, raw: &Spanned<RawTender>) -> Tender {
    let t = raw.get_ref();
    let title = non_empty(ctx, &t.title, "the tender title");
    let reference = non_empty(ctx, &t.reference, "the tender reference");
    // Letters of any script make a reference; only ASCII ones name the default output folder,
    // which `generate` checks when no -o is given.
    if !reference.is_empty() && !reference.chars().any(char::is_alphanumeric) {
        let d = ctx.error(
            &t.reference,
            "the tender reference has no letters or digits",
            "cannot name an output folder",
        );
        amend(d, |d| {
            d.help("use the authority's reference, e.g. \"ECC-2026-0142\"")
        });
    }
    let buyer = non_empty(ctx, &t.buyer, "the buyer");
    let issue_date = t.issue_date.as_ref().and_then(|d| {
        let v = d.get_ref();
        match (v.date, v.time, v.offset) {
            (Some(date), None, None) => Some(date.to_string()),
            _ => {
                let e = ctx.error(d, "issue_date must be a date only", "not a plain date");
                amend(e, |e| {
                    e.help("write it unquoted as YYYY-MM-DD, e.g. issue_date = 2026-12-01")
                });
                None
            }
        }
    });
    let deadline = t.deadline.as_ref().and_then(|d| {
        let v = d.get_ref();
        match (v.date, v.time, v.offset) {
            (Some(date), None, None) => Some(date.to_string()),
            (Some(date), Some(time), None) => Some(format!("{date} {:02}:{:02}", time.hour, time.minute)),
            _ => {
                let e = ctx.error(d, "deadline must be a date, or a date and a local time", "not a date");
                amend(e, |e| e.help("write it unquoted, e.g. deadline = 2027-01-15 or deadline = 2027-01-15T12:00:00"));
                None
            }
        }
    });
    if let (Some(issued), Some(due), Some(span)) = (&issue_date, &deadline, &t.deadline) {
        if due.as_str() < issued.as_str() {
            let d = ctx.warn(
                span,
                format!("the deadline {due} is before the issue date {issued}"),
                "before the issue date",
            );
            amend(d, |d| d.help("check both dates"));
        }
    }
    let version = match &t.version {
        Some(v) => non_empty(ctx, v, "the tender version"),
        None => "1.0".to_string(),
    };
    let schedule = t
        .schedule
        .as_ref()
        .map(|s| non_empty(ctx, s, "the schedule number"));
    let history = t
        .history
        .iter()
        .map(|h| resolve_history_entry(ctx, h.get_ref()))
        .collect();
    Tender {
        title,
        reference,
        reference_span: t.reference.span(),
        buyer,
        issue_date,
        deadline,
        version,
        contact: t.contact.clone().filter(|s| !s.trim().is_empty()),
        marking: t.marking.clone().filter(|s| !s.trim().is_empty()),
        schedule,
        history,
    }
}

/// One `[[tender.history]]` entry: version and change required, the date a plain date.
fn resolve_history_entry(ctx: &mut Ctx, h: &RawVersionEntry) -> VersionEntry {
    let date = h.date.as_ref().and_then(|d| {
        let v = d.get_ref();
        match (v.date, v.time, v.offset) {
            (Some(date), None, None) => Some(date.to_string()),
            _ => {
                let e = ctx.error(d, "a history date must be a date only", "not a plain date");
                amend(e, |e| {
                    e.help("write it unquoted as YYYY-MM-DD, e.g. date = 2026-11-20")
                });
                None
            }
        }
    });
    VersionEntry {
        version: non_empty(ctx, &h.version, "a history entry's version"),
        date,
        change: non_empty(ctx, &h.change, "a history entry's change"),
    }
}
