//! What a library change means for one tender: the clauses that would enter or leave its pack,
//! and those whose wording (parameters filled), obligation, version or chapter would change, if
//! the pack were regenerated from the same profile on the new library.

use serde::Serialize;

use super::{FieldChange, LibrarySide};
use crate::library::{Library, Obligation, RiskLevel};
use crate::pack::{PackClause, TenderPack};
use crate::select::{Decision, Selection};
use crate::textdiff::word_diff;

/// A clause as it stands in one version of the pack.
#[derive(Debug, Clone, Serialize)]
pub struct PackedClause {
    pub id: String,
    pub version: u32,
    pub pack_ref: String,
    pub title: String,
    pub obligation: Obligation,
    pub text: String,
}

impl PackedClause {
    fn of(c: &PackClause) -> PackedClause {
        PackedClause {
            id: c.id.clone(),
            version: c.version,
            pack_ref: c.pack_ref.clone(),
            title: c.title.clone(),
            obligation: c.obligation,
            text: c.text.clone(),
        }
    }
}

/// A clause that enters or leaves the pack, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Movement {
    pub clause: PackedClause,
    pub why: Vec<String>,
}

/// A clause in both packs that would read or bind differently.
#[derive(Debug, Clone, Serialize)]
pub struct TenderChange {
    pub old: PackedClause,
    pub new: PackedClause,
    pub fields: Vec<FieldChange>,
}

/// The effect of a library change on one tender.
#[derive(Debug, Clone, Serialize)]
pub struct TenderDiff {
    pub title: String,
    pub reference: String,
    pub buyer: String,
    pub issue_date: Option<String>,
    pub marking: Option<String>,
    pub profile_sha256: String,
    pub old: LibrarySide,
    pub new: LibrarySide,
    pub old_risk: RiskLevel,
    pub new_risk: RiskLevel,
    pub old_count: usize,
    pub new_count: usize,
    pub entering: Vec<Movement>,
    pub leaving: Vec<Movement>,
    pub changed: Vec<TenderChange>,
    /// Clauses whose only change is their number in the pack.
    pub renumbered: usize,
}

impl TenderDiff {
    pub fn is_empty(&self) -> bool {
        self.entering.is_empty()
            && self.leaving.is_empty()
            && self.changed.is_empty()
            && self.old_risk == self.new_risk
    }
}

/// One side of the comparison: the library, its selection for the profile and the pack.
pub struct TenderSide<'a> {
    pub library: &'a Library,
    pub selection: &'a Selection,
    pub pack: &'a TenderPack,
}

fn why_out(side: &TenderSide, id: &str) -> String {
    match side.selection.decision(id) {
        None => "removed from the library".to_string(),
        Some(Decision::NotApplicable { reason }) => format!("no longer applies: {reason}"),
        Some(Decision::Excluded { reason, .. }) => {
            format!("excluded by the profile's tailoring: {reason}")
        }
        Some(Decision::Selected) => "selected".to_string(),
    }
}

fn value_change(
    field: &'static str,
    label: &'static str,
    old: String,
    new: String,
) -> Option<FieldChange> {
    (old != new).then(|| FieldChange {
        field,
        label,
        old,
        new,
        segments: Vec::new(),
    })
}

fn prose_change(
    field: &'static str,
    label: &'static str,
    old: &str,
    new: &str,
) -> Option<FieldChange> {
    (old != new).then(|| FieldChange {
        field,
        label,
        old: old.to_string(),
        new: new.to_string(),
        segments: word_diff(old, new),
    })
}

/// Compares the packs one profile gives on two libraries.
pub fn diff_tender(old: &TenderSide, new: &TenderSide) -> TenderDiff {
    let mut entering = Vec::new();
    let mut leaving = Vec::new();
    let mut changed = Vec::new();
    let mut renumbered = 0;
    for n in &new.pack.clauses {
        match old.pack.clauses.iter().find(|o| o.id == n.id) {
            None => {
                let mut why = n.reasons.clone();
                if old.library.clause(&n.id).is_none() {
                    why.insert(0, "new in the library".to_string());
                } else {
                    why.insert(0, format!("was out: {}", why_out(old, &n.id)));
                }
                entering.push(Movement {
                    clause: PackedClause::of(n),
                    why,
                });
            }
            Some(o) => {
                let fields: Vec<FieldChange> = [
                    value_change(
                        "version",
                        "Version",
                        o.version.to_string(),
                        n.version.to_string(),
                    ),
                    value_change(
                        "obligation",
                        "Obligation",
                        o.obligation.keyword().to_string(),
                        n.obligation.keyword().to_string(),
                    ),
                    prose_change("title", "Title", &o.title, &n.title),
                    prose_change("text", "Text", &o.text, &n.text),
                    value_change(
                        "stage",
                        "Stage",
                        o.stage.title().to_string(),
                        n.stage.title().to_string(),
                    ),
                    value_change(
                        "section",
                        "Section",
                        o.section.title().to_string(),
                        n.section.title().to_string(),
                    ),
                    prose_change(
                        "evidence",
                        "Evidence",
                        &o.evidence_lines().join("\n"),
                        &n.evidence_lines().join("\n"),
                    ),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !fields.is_empty() {
                    changed.push(TenderChange {
                        old: PackedClause::of(o),
                        new: PackedClause::of(n),
                        fields,
                    });
                } else if o.pack_ref != n.pack_ref {
                    renumbered += 1;
                }
            }
        }
    }
    for o in &old.pack.clauses {
        if !new.pack.clauses.iter().any(|n| n.id == o.id) {
            leaving.push(Movement {
                clause: PackedClause::of(o),
                why: vec![why_out(new, &o.id)],
            });
        }
    }
    let m = &new.pack.meta;
    TenderDiff {
        title: m.title.clone(),
        reference: m.reference.clone(),
        buyer: m.buyer.clone(),
        issue_date: m.issue_date.clone(),
        marking: m.marking.clone(),
        profile_sha256: m.profile_sha256.clone(),
        old: LibrarySide::of(old.library),
        new: LibrarySide::of(new.library),
        old_risk: old.pack.meta.risk_level,
        new_risk: m.risk_level,
        old_count: old.pack.clauses.len(),
        new_count: new.pack.clauses.len(),
        entering,
        leaving,
        changed,
        renumbered,
    }
}
