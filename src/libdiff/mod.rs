//! Clause-level comparison of two library versions, for the legal team that owns the library:
//! what was added, removed and changed (field by field, text word by word), and what breaks the
//! library's own rules — a change without a version bump, an id reused for a different
//! requirement, a requirement renumbered under a new id.
//!
//! `tender` narrows the comparison to one profile: what would change in that tender's pack.

pub mod tender;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::library::fields::{clause_fields, FieldKind};
use crate::library::{Clause, Library};
use crate::textdiff::{similarity, word_diff, Segment};

/// Below this word similarity, a clause's text is "beyond recognition".
const REUSED_TEXT: f32 = 0.4;
/// ... when its title is also below this.
const REUSED_TITLE: f32 = 0.5;
/// At or above this, a removed clause's text "reappears" under another id.
const REAPPEARS: f32 = 0.8;

/// Fields whose change needs a new clause version (requirements/README.md).
const VERSIONED: [&str; 5] = [
    "text",
    "obligation.low",
    "obligation.medium",
    "obligation.high",
    "applies_to",
];

/// Identity of one side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct LibrarySide {
    pub name: String,
    pub version: String,
    pub released: Option<String>,
    pub sha256: String,
    /// The directory it was read from.
    pub origin: String,
    pub clauses: usize,
}

impl LibrarySide {
    pub fn of(lib: &Library) -> LibrarySide {
        LibrarySide {
            name: lib.name.clone(),
            version: lib.version.clone(),
            released: lib.released.clone(),
            sha256: lib.sha256.clone(),
            origin: lib.origin.clone(),
            clauses: lib.clauses.len(),
        }
    }
}

/// One field that differs between the two versions of a clause.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub label: &'static str,
    pub old: String,
    pub new: String,
    /// Word-level changes for prose and lists; empty for short values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
}

/// A problem the library owner has to resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    /// Text, obligation or applicability changed and the version did not rise.
    NoVersionBump,
    /// The version went down.
    VersionDecreased,
    /// The id now holds a different requirement.
    IdReused,
    /// A removed (or reused) clause's text is back under another id.
    Renumbered,
    /// Clauses changed but the library version did not.
    LibraryVersionUnchanged,
    /// A technology id profiles may name disappeared.
    TechnologyRemoved,
}

impl FlagKind {
    pub fn title(self) -> &'static str {
        match self {
            FlagKind::NoVersionBump => "Changed without a version bump",
            FlagKind::VersionDecreased => "Version went down",
            FlagKind::IdReused => "Id reused for a different requirement",
            FlagKind::Renumbered => "Requirement renumbered under a new id",
            FlagKind::LibraryVersionUnchanged => "Library version not raised",
            FlagKind::TechnologyRemoved => "Technology removed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub kind: FlagKind,
    /// The clause (or technology) it is about; empty for the library as a whole.
    pub id: String,
    pub message: String,
}

/// A clause present in both versions with at least one field changed.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseChange {
    pub id: String,
    pub old_version: u32,
    pub new_version: u32,
    pub title: String,
    pub fields: Vec<FieldChange>,
    /// Word similarity of the old and new text (1 = unchanged).
    pub text_similarity: f32,
}

/// A change outside the clauses: technologies, parameters, sources, guidance items.
#[derive(Debug, Clone, Serialize)]
pub struct OtherChange {
    /// `technology`, `parameter`, `source`, `guidance`.
    pub kind: &'static str,
    pub id: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub detail: String,
}

/// The comparison of two libraries.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryDiff {
    pub old: LibrarySide,
    pub new: LibrarySide,
    /// Ids only in the new library, in its order.
    pub added: Vec<String>,
    /// Ids only in the old library, in its order.
    pub removed: Vec<String>,
    pub changed: Vec<ClauseChange>,
    pub flags: Vec<Flag>,
    pub other: Vec<OtherChange>,
}

impl LibraryDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.other.is_empty()
    }
}

/// Compares every field of one clause in two versions.
pub fn field_changes(old: &Clause, new: &Clause) -> Vec<FieldChange> {
    let old_fields = clause_fields(old, None);
    let new_fields = clause_fields(new, None);
    let mut keys: Vec<(&'static str, &'static str, FieldKind)> = new_fields
        .iter()
        .map(|f| (f.key, f.label, f.kind))
        .collect();
    for f in &old_fields {
        if !keys.iter().any(|(k, _, _)| *k == f.key) {
            keys.push((f.key, f.label, f.kind));
        }
    }
    let value = |fields: &[crate::library::fields::ClauseField], key: &str| {
        fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.clone())
            .unwrap_or_default()
    };
    keys.into_iter()
        .filter(|(key, _, _)| *key != "version")
        .filter_map(|(key, label, kind)| {
            let (o, n) = (value(&old_fields, key), value(&new_fields, key));
            (o != n).then(|| FieldChange {
                field: key,
                label,
                segments: if kind == FieldKind::Value {
                    Vec::new()
                } else {
                    word_diff(&o, &n)
                },
                old: o,
                new: n,
            })
        })
        .collect()
}

/// Compares two libraries.
pub fn diff_libraries(old: &Library, new: &Library) -> LibraryDiff {
    let old_by_id: BTreeMap<&str, &Clause> =
        old.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_by_id: BTreeMap<&str, &Clause> =
        new.clauses.iter().map(|c| (c.id.as_str(), c)).collect();
    let added: Vec<String> = new
        .clauses
        .iter()
        .filter(|c| !old_by_id.contains_key(c.id.as_str()))
        .map(|c| c.id.clone())
        .collect();
    let removed: Vec<String> = old
        .clauses
        .iter()
        .filter(|c| !new_by_id.contains_key(c.id.as_str()))
        .map(|c| c.id.clone())
        .collect();
    let mut changed = Vec::new();
    let mut flags = Vec::new();
    // Old clauses whose requirement is gone from their id (removed, or the id now says something
    // else): if their text is found under another id, it was renumbered.
    let mut displaced: Vec<&Clause> = removed
        .iter()
        .filter_map(|id| old_by_id.get(id.as_str()).copied())
        .collect();

    for n in &new.clauses {
        let Some(o) = old_by_id.get(n.id.as_str()) else {
            continue;
        };
        let fields = field_changes(o, n);
        if fields.is_empty() && o.version == n.version {
            continue;
        }
        let text_similarity = similarity(&o.text, &n.text);
        let change = ClauseChange {
            id: n.id.clone(),
            old_version: o.version,
            new_version: n.version,
            title: n.title.clone(),
            fields,
            text_similarity,
        };
        let versioned: Vec<&str> = change
            .fields
            .iter()
            .filter(|f| VERSIONED.contains(&f.field))
            .map(|f| f.label)
            .collect();
        if n.version < o.version {
            flags.push(Flag {
                kind: FlagKind::VersionDecreased,
                id: n.id.clone(),
                message: format!(
                    "version went from {} down to {}; versions only rise",
                    o.version, n.version
                ),
            });
        } else if !versioned.is_empty() && n.version == o.version {
            flags.push(Flag {
                kind: FlagKind::NoVersionBump,
                id: n.id.clone(),
                message: format!(
                    "{} changed but the version is still {}; raise it to {}",
                    versioned.join(", ").to_lowercase(),
                    n.version,
                    n.version + 1
                ),
            });
        }
        if text_similarity < REUSED_TEXT && similarity(&o.title, &n.title) < REUSED_TITLE {
            flags.push(Flag {
                kind: FlagKind::IdReused,
                id: n.id.clone(),
                message: format!(
                    "the id now holds a different requirement (\"{}\" became \"{}\", {:.0}% of the text in common); ids are never reused: give the new requirement a new id and retire this one",
                    o.title,
                    n.title,
                    text_similarity * 100.0
                ),
            });
            displaced.push(o);
        }
        changed.push(change);
    }

    // Where did displaced requirements go?
    let candidates: Vec<&Clause> = new
        .clauses
        .iter()
        .filter(|c| {
            added.contains(&c.id)
                || flags
                    .iter()
                    .any(|f| f.kind == FlagKind::IdReused && f.id == c.id)
        })
        .collect();
    for o in &displaced {
        let best = candidates
            .iter()
            .filter(|n| n.id != o.id)
            .map(|n| (similarity(&o.text, &n.text), *n))
            .filter(|(s, _)| *s >= REAPPEARS)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((s, n)) = best {
            flags.push(Flag {
                kind: FlagKind::Renumbered,
                id: n.id.clone(),
                message: format!(
                    "the text of {} (\"{}\") reappears as {} ({:.0}% the same); ids are never renumbered: keep {}",
                    o.id,
                    o.title,
                    n.id,
                    s * 100.0,
                    o.id
                ),
            });
        }
    }

    let other = other_changes(old, new, &mut flags);
    let clauses_changed = !added.is_empty() || !removed.is_empty() || !changed.is_empty();
    if (clauses_changed || !other.is_empty()) && old.version == new.version {
        flags.insert(
            0,
            Flag {
                kind: FlagKind::LibraryVersionUnchanged,
                id: String::new(),
                message: format!("the library changed but its version is still {}; raise it in library.toml and record the change in CHANGELOG.md", new.version),
            },
        );
    }
    LibraryDiff {
        old: LibrarySide::of(old),
        new: LibrarySide::of(new),
        added,
        removed,
        changed,
        flags,
        other,
    }
}

/// Technologies, parameters, sources and guidance items added, removed or changed.
fn other_changes(old: &Library, new: &Library, flags: &mut Vec<Flag>) -> Vec<OtherChange> {
    let mut out = Vec::new();
    let compare = |kind: &'static str,
                   old_items: Vec<(String, String)>,
                   new_items: Vec<(String, String)>,
                   out: &mut Vec<OtherChange>| {
        for (id, desc) in &new_items {
            match old_items.iter().find(|(i, _)| i == id) {
                None => out.push(OtherChange {
                    kind,
                    id: id.clone(),
                    change: "added",
                    detail: desc.clone(),
                }),
                Some((_, was)) if was != desc => out.push(OtherChange {
                    kind,
                    id: id.clone(),
                    change: "changed",
                    detail: format!("{was} → {desc}"),
                }),
                Some(_) => {}
            }
        }
        for (id, desc) in &old_items {
            if !new_items.iter().any(|(i, _)| i == id) {
                out.push(OtherChange {
                    kind,
                    id: id.clone(),
                    change: "removed",
                    detail: desc.clone(),
                });
            }
        }
    };
    let tech = |l: &Library| {
        l.technologies
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    format!(
                        "{}; default risk {}; traits {}",
                        t.name,
                        t.default_risk,
                        t.traits.join(", ")
                    ),
                )
            })
            .collect()
    };
    compare("technology", tech(old), tech(new), &mut out);
    let params = |l: &Library| {
        l.parameters
            .iter()
            .map(|p| {
                let by_risk: Vec<String> =
                    p.by_risk.iter().map(|(k, v)| format!("{k} {v}")).collect();
                let unit = p
                    .unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                let extra = if by_risk.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", by_risk.join(", "))
                };
                (
                    p.name.clone(),
                    format!("default {}{unit}{extra}", p.default),
                )
            })
            .collect()
    };
    compare("parameter", params(old), params(new), &mut out);
    let sources = |l: &Library| {
        l.sources
            .iter()
            .map(|s| (s.id.clone(), format!("{} <{}>", s.title, s.url)))
            .collect()
    };
    compare("source", sources(old), sources(new), &mut out);
    let guidance = |l: &Library| {
        l.guidance
            .iter()
            .map(|g| (g.id.clone(), g.title.clone()))
            .collect()
    };
    compare("guidance", guidance(old), guidance(new), &mut out);
    for o in out
        .iter()
        .filter(|o| o.kind == "technology" && o.change == "removed")
    {
        flags.push(Flag {
            kind: FlagKind::TechnologyRemoved,
            id: o.id.clone(),
            message: format!(
                "technology `{}` was removed; profiles that name it will no longer load",
                o.id
            ),
        });
    }
    out
}
