//! The library change report and the per-tender change report, as a `Report` (Markdown/DOCX
//! with tracked changes: accepting every change gives the new wording) and as JSON.

use serde_json::json;

use super::{plain, strong, Block, Inline, Report, ReportProperties, ReportRow, Rich};
use crate::libdiff::tender::{Movement, TenderDiff};
use crate::libdiff::{FieldChange, LibraryDiff, LibrarySide};
use crate::library::fields::clause_fields;
use crate::library::json::clause_json;
use crate::library::{Clause, Library};
use crate::textdiff::Segment;

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A field change as tracked changes: word by word for prose, whole for short values.
fn tracked(f: &FieldChange) -> Rich {
    if f.segments.is_empty() {
        let mut r = Vec::new();
        if !f.old.is_empty() {
            r.push(Inline::Deleted(f.old.clone()));
        }
        if !f.new.is_empty() {
            r.push(Inline::Inserted(f.new.clone()));
        }
        return r;
    }
    f.segments
        .iter()
        .map(|s| match s {
            Segment::Equal(t) => Inline::Text(t.clone()),
            Segment::Delete(t) => Inline::Deleted(t.clone()),
            Segment::Insert(t) => Inline::Inserted(t.clone()),
        })
        .collect()
}

fn side_text(s: &LibrarySide) -> String {
    let released = s
        .released
        .as_deref()
        .map(|r| format!(", released {r}"))
        .unwrap_or_default();
    format!(
        "{} version {}{released} ({} clauses, from {})",
        s.name, s.version, s.clauses, s.origin
    )
}

/// Every field of a whole clause, all inserted (an added clause) or all deleted (a removed one).
fn whole_clause(c: &Clause, lib: &Library, inserted: bool) -> Block {
    Block::Facts(
        clause_fields(c, Some(lib))
            .into_iter()
            .filter(|f| !f.value.is_empty())
            .map(|f| {
                let v = if inserted {
                    Inline::Inserted(f.value)
                } else {
                    Inline::Deleted(f.value)
                };
                (f.label.to_string(), vec![v])
            })
            .collect(),
    )
}

fn properties(
    title: &str,
    subject: String,
    old: &LibrarySide,
    new: &LibrarySide,
    extra: Vec<(String, String)>,
) -> ReportProperties {
    let mut custom = vec![
        ("Old library version".to_string(), old.version.clone()),
        ("Old library SHA-256".to_string(), old.sha256.clone()),
        ("New library version".to_string(), new.version.clone()),
        ("New library SHA-256".to_string(), new.sha256.clone()),
        (
            "Produced by".to_string(),
            format!("tenderguard {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    custom.extend(extra);
    ReportProperties {
        title: title.to_string(),
        subject,
        author: new.name.clone(),
        keywords: vec![
            "clause library".into(),
            "change report".into(),
            old.version.clone(),
            new.version.clone(),
        ],
        description: format!(
            "Library {} (sha256 {}) compared with {} (sha256 {}) by tenderguard {}",
            old.version,
            old.sha256,
            new.version,
            new.sha256,
            env!("CARGO_PKG_VERSION")
        ),
        date: new.released.clone().or_else(|| old.released.clone()),
        custom,
        application: Some(format!("tenderguard {}", env!("CARGO_PKG_VERSION"))),
        ..ReportProperties::default()
    }
}

/// The library change report.
pub fn library_diff_report(d: &LibraryDiff, old: &Library, new: &Library) -> Report {
    let title = format!(
        "Clause library changes: {} → {}",
        d.old.version, d.new.version
    );
    let mut r = Report {
        title: title.clone(),
        subtitle: "Clause-level change report for legal review. Changes are tracked: accepting them all gives the new library's wording.".to_string(),
        marking: None,
        cover: vec![
            ("Old library".to_string(), side_text(&d.old)),
            ("Old library SHA-256".to_string(), d.old.sha256.clone()),
            ("New library".to_string(), side_text(&d.new)),
            ("New library SHA-256".to_string(), d.new.sha256.clone()),
            ("Produced by".to_string(), format!("tenderguard {}", env!("CARGO_PKG_VERSION"))),
        ],
        blocks: Vec::new(),
        properties: properties(&title, format!("Clause library {} compared with {}", d.old.version, d.new.version), &d.old, &d.new, Vec::new()),
    };
    let summary = format!(
        "{} clause{} added, {} removed, {} changed; {} other library change{}; {} flag{} for the library owner.",
        d.added.len(),
        plural(d.added.len()),
        d.removed.len(),
        d.changed.len(),
        d.other.len(),
        plural(d.other.len()),
        d.flags.len(),
        plural(d.flags.len())
    );
    r.blocks.push(Block::Notice(strong(if d.is_empty() {
        "No differences.".to_string()
    } else {
        summary
    })));

    if !d.flags.is_empty() {
        r.heading(1, "Flags for the library owner");
        r.text("Each of these breaks a rule of the library: ids are stable and never reused or renumbered, and a clause's version rises whenever its text, obligation or applicability changes.");
        r.blocks.push(Block::Table {
            columns: vec![
                ("Clause".into(), 14),
                ("Flag".into(), 26),
                ("Detail".into(), 60),
            ],
            rows: d
                .flags
                .iter()
                .map(|f| ReportRow {
                    cells: vec![plain(&f.id), strong(f.kind.title()), plain(&f.message)],
                    emphasis: true,
                })
                .collect(),
        });
    }

    if !(d.added.is_empty() && d.removed.is_empty() && d.changed.is_empty()) {
        r.heading(1, "Summary of clause changes");
        let mut rows = Vec::new();
        for id in &d.added {
            let c = new.clause(id);
            rows.push(ReportRow {
                cells: vec![
                    plain(id),
                    strong("Added"),
                    plain(c.map_or(String::new(), |c| format!("v{}", c.version))),
                    plain(c.map_or("", |c| c.title.as_str())),
                ],
                emphasis: false,
            });
        }
        for id in &d.removed {
            let c = old.clause(id);
            rows.push(ReportRow {
                cells: vec![
                    plain(id),
                    strong("Removed"),
                    plain(c.map_or(String::new(), |c| format!("v{}", c.version))),
                    plain(c.map_or("", |c| c.title.as_str())),
                ],
                emphasis: false,
            });
        }
        for c in &d.changed {
            let what: Vec<&str> = c.fields.iter().map(|f| f.label).collect();
            let flagged = d.flags.iter().any(|f| f.id == c.id);
            rows.push(ReportRow {
                cells: vec![
                    plain(&c.id),
                    strong("Changed"),
                    plain(format!("v{} → v{}", c.old_version, c.new_version)),
                    plain(format!(
                        "{}: {}",
                        c.title,
                        if what.is_empty() {
                            "version only".to_string()
                        } else {
                            what.join(", ")
                        }
                    )),
                ],
                emphasis: flagged,
            });
        }
        r.blocks.push(Block::Table {
            columns: vec![
                ("Clause".into(), 12),
                ("Change".into(), 12),
                ("Version".into(), 12),
                ("Title and fields changed".into(), 64),
            ],
            rows,
        });
    }

    if !d.changed.is_empty() {
        r.heading(1, "Changed clauses");
        for c in &d.changed {
            r.heading(2, format!("{} {}", c.id, c.title));
            let mut facts = vec![(
                "Version".to_string(),
                if c.old_version == c.new_version {
                    plain(format!("{} (unchanged)", c.new_version))
                } else {
                    vec![
                        Inline::Deleted(c.old_version.to_string()),
                        Inline::Inserted(c.new_version.to_string()),
                    ]
                },
            )];
            facts.extend(c.fields.iter().map(|f| (f.label.to_string(), tracked(f))));
            r.blocks.push(Block::Facts(facts));
            for f in d.flags.iter().filter(|f| f.id == c.id) {
                r.blocks.push(Block::Notice(vec![
                    Inline::Strong(format!("{}: ", f.kind.title())),
                    Inline::Text(f.message.clone()),
                ]));
            }
        }
    }
    if !d.added.is_empty() {
        r.heading(1, "Added clauses");
        for id in &d.added {
            if let Some(c) = new.clause(id) {
                r.heading(2, format!("{} v{} {}", c.id, c.version, c.title));
                r.blocks.push(whole_clause(c, new, true));
                for f in d.flags.iter().filter(|f| &f.id == id) {
                    r.blocks.push(Block::Notice(vec![
                        Inline::Strong(format!("{}: ", f.kind.title())),
                        Inline::Text(f.message.clone()),
                    ]));
                }
            }
        }
    }
    if !d.removed.is_empty() {
        r.heading(1, "Removed clauses");
        for id in &d.removed {
            if let Some(c) = old.clause(id) {
                r.heading(2, format!("{} v{} {}", c.id, c.version, c.title));
                r.blocks.push(whole_clause(c, old, false));
            }
        }
    }
    if !d.other.is_empty() {
        r.heading(1, "Other library changes");
        r.blocks.push(Block::Table {
            columns: vec![
                ("Kind".into(), 14),
                ("Id".into(), 20),
                ("Change".into(), 12),
                ("Detail".into(), 54),
            ],
            rows: d
                .other
                .iter()
                .map(|o| ReportRow {
                    cells: vec![
                        plain(o.kind),
                        plain(&o.id),
                        strong(o.change),
                        plain(&o.detail),
                    ],
                    emphasis: false,
                })
                .collect(),
        });
    }
    r
}

/// The library change report as JSON; added and removed clauses in full (as `show --json`).
pub fn library_diff_json(d: &LibraryDiff, old: &Library, new: &Library) -> Vec<u8> {
    let v = json!({
        "tool": {"name": "tenderguard", "version": env!("CARGO_PKG_VERSION")},
        "old": d.old,
        "new": d.new,
        "summary": {
            "added": d.added.len(), "removed": d.removed.len(), "changed": d.changed.len(),
            "other": d.other.len(), "flags": d.flags.len(),
        },
        "flags": d.flags,
        "added": d.added.iter().filter_map(|id| new.clause(id)).map(|c| clause_json(new, c)).collect::<Vec<_>>(),
        "removed": d.removed.iter().filter_map(|id| old.clause(id)).map(|c| clause_json(old, c)).collect::<Vec<_>>(),
        "changed": d.changed,
        "other": d.other,
    });
    let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
    out.push(b'\n');
    out
}

fn movement_block(r: &mut Report, m: &Movement, entering: bool) {
    let c = &m.clause;
    r.heading(
        2,
        format!("{} [{} v{}] {}", c.pack_ref, c.id, c.version, c.title),
    );
    let text = if entering {
        Inline::Inserted(c.text.clone())
    } else {
        Inline::Deleted(c.text.clone())
    };
    r.blocks.push(Block::Facts(vec![
        (
            "Obligation".to_string(),
            plain(format!(
                "{} ({})",
                c.obligation.keyword(),
                c.obligation.label()
            )),
        ),
        ("Text".to_string(), vec![text]),
        (
            if entering {
                "Why it enters"
            } else {
                "Why it leaves"
            }
            .to_string(),
            plain(m.why.join("\n")),
        ),
    ]));
}

/// What changes for one tender.
pub fn tender_diff_report(d: &TenderDiff) -> Report {
    let title = format!(
        "What changes for {}: library {} → {}",
        d.reference, d.old.version, d.new.version
    );
    let mut cover = vec![
        ("Tender".to_string(), d.title.clone()),
        ("Reference".to_string(), d.reference.clone()),
        ("Contracting authority".to_string(), d.buyer.clone()),
        ("Profile SHA-256".to_string(), d.profile_sha256.clone()),
        ("Old library".to_string(), side_text(&d.old)),
        ("New library".to_string(), side_text(&d.new)),
        (
            "Risk level".to_string(),
            if d.old_risk == d.new_risk {
                d.new_risk.title().to_string()
            } else {
                format!("{} → {}", d.old_risk.title(), d.new_risk.title())
            },
        ),
        (
            "Requirements in the pack".to_string(),
            format!("{} → {}", d.old_count, d.new_count),
        ),
    ];
    cover.push((
        "Produced by".to_string(),
        format!("tenderguard {}", env!("CARGO_PKG_VERSION")),
    ));
    let mut r = Report {
        title: title.clone(),
        subtitle: "The tender pack regenerated from the same profile on the new library, compared with the pack on the old library.".to_string(),
        marking: d.marking.clone(),
        cover,
        blocks: Vec::new(),
        properties: properties(
            &title,
            format!("Effect of clause library {} on tender {}", d.new.version, d.reference),
            &d.old,
            &d.new,
            vec![("Tender reference".to_string(), d.reference.clone()), ("Profile SHA-256".to_string(), d.profile_sha256.clone())],
        ),
    };
    let summary = if d.is_empty() {
        format!(
            "Nothing changes for this tender ({} requirement{} renumbered only).",
            d.renumbered,
            plural(d.renumbered)
        )
    } else {
        format!(
            "{} requirement{} would enter the pack, {} leave, {} change wording, obligation or version; {} other{} only renumbered.",
            d.entering.len(),
            plural(d.entering.len()),
            d.leaving.len(),
            d.changed.len(),
            d.renumbered,
            plural(d.renumbered)
        )
    };
    r.blocks.push(Block::Notice(strong(summary)));
    if d.old_risk != d.new_risk {
        r.blocks.push(Block::Notice(plain(format!(
            "The risk level would change from {} to {}: the new library's technology defaults imply a different level.",
            d.old_risk.title(),
            d.new_risk.title()
        ))));
    }
    if !d.entering.is_empty() {
        r.heading(1, "Requirements that would enter the pack");
        for m in &d.entering {
            movement_block(&mut r, m, true);
        }
    }
    if !d.leaving.is_empty() {
        r.heading(1, "Requirements that would leave the pack");
        for m in &d.leaving {
            movement_block(&mut r, m, false);
        }
    }
    if !d.changed.is_empty() {
        r.heading(1, "Requirements that would change");
        for c in &d.changed {
            r.heading(
                2,
                format!("{} [{}] {}", c.new.pack_ref, c.new.id, c.new.title),
            );
            let mut facts: Vec<(String, Rich)> = Vec::new();
            if c.old.pack_ref != c.new.pack_ref {
                facts.push((
                    "Pack ref".to_string(),
                    vec![
                        Inline::Deleted(c.old.pack_ref.clone()),
                        Inline::Inserted(c.new.pack_ref.clone()),
                    ],
                ));
            }
            facts.extend(c.fields.iter().map(|f| (f.label.to_string(), tracked(f))));
            r.blocks.push(Block::Facts(facts));
        }
    }
    r
}

/// The per-tender change report as JSON.
pub fn tender_diff_json(d: &TenderDiff) -> Vec<u8> {
    let v = json!({
        "tool": {"name": "tenderguard", "version": env!("CARGO_PKG_VERSION")},
        "summary": {
            "entering": d.entering.len(), "leaving": d.leaving.len(), "changed": d.changed.len(),
            "renumbered": d.renumbered, "risk_changed": d.old_risk != d.new_risk,
        },
        "diff": d,
    });
    let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
    out.push(b'\n');
    out
}
