//! The whole clause library for legal review: every field of every clause, grouped as in a
//! tender pack (conditions of participation; security requirements by Understand / Design /
//! Manage / technology-specific; award criteria; contract obligations), then the technologies,
//! parameters, sources, guidance items and id prefixes the clauses refer to. As a `Report`
//! (Markdown/DOCX) and as CSV (one row per clause, every field a column).

use super::{plain, strong, Block, Report, ReportProperties, ReportRow};
use crate::library::fields::clause_fields;
use crate::library::{Clause, Library, Section, Stage};
use crate::render::neutralise_formula;

/// The groups of the review, in pack order: (heading, stage, section for specification).
fn groups() -> Vec<(String, Stage, Option<Section>)> {
    let whole = |stage: Stage| (stage.chapter_title().to_string(), stage, None);
    let mut g = vec![whole(Stage::Participation)];
    for s in Section::ALL {
        g.push((
            format!("{}: {}", Stage::Specification.chapter_title(), s.title()),
            Stage::Specification,
            Some(s),
        ));
    }
    g.push(whole(Stage::Award));
    g.push(whole(Stage::Contract));
    g
}

/// The library's clauses of one group, in pack order (id prefix as declared, then id).
fn group_clauses(lib: &Library, stage: Stage, section: Option<Section>) -> Vec<&Clause> {
    let mut v: Vec<&Clause> = lib
        .clauses
        .iter()
        .filter(|c| c.stage == stage && section.is_none_or(|s| c.section == s))
        .collect();
    v.sort_by_key(|c| (lib.prefix_rank(c.prefix()), c.id.clone()));
    v
}

/// Every field of a clause for reading, guidance ids with their titles.
fn fields_for_review(lib: &Library, c: &Clause) -> Vec<(String, String)> {
    clause_fields(c, Some(lib))
        .into_iter()
        .map(|f| {
            let value = if f.key == "guidance" {
                c.guidance
                    .iter()
                    .map(|g| match lib.guidance_item(g) {
                        Some(item) => format!("{g}: {}", item.title),
                        None => g.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                f.value
            };
            (f.label.to_string(), value)
        })
        .collect()
}

/// The library as a review document.
pub fn library_report(lib: &Library) -> Report {
    let count = |s: Stage| lib.clauses.iter().filter(|c| c.stage == s).count();
    let mut cover = vec![
        ("Library".to_string(), lib.name.clone()),
        ("Version".to_string(), lib.version.clone()),
    ];
    if let Some(r) = &lib.released {
        cover.push(("Released".to_string(), r.clone()));
    }
    if let Some(o) = &lib.owner {
        cover.push(("Owner".to_string(), o.clone()));
    }
    cover.extend([
        ("Read from".to_string(), lib.origin.clone()),
        ("SHA-256".to_string(), lib.sha256.clone()),
        (
            "Clauses".to_string(),
            format!(
                "{} ({} conditions of participation, {} specification requirements, {} award criteria, {} contract obligations)",
                lib.clauses.len(),
                count(Stage::Participation),
                count(Stage::Specification),
                count(Stage::Award),
                count(Stage::Contract)
            ),
        ),
        ("Technologies".to_string(), lib.technologies.len().to_string()),
        ("Guidance items".to_string(), lib.guidance.len().to_string()),
        ("Produced by".to_string(), format!("tenderguard {}", env!("CARGO_PKG_VERSION"))),
    ]);
    let title = format!("{} — version {}", lib.name, lib.version);
    let mut r = Report {
        title: title.clone(),
        subtitle: "The whole clause library for legal review: every field of every clause, grouped as in a tender pack.".to_string(),
        marking: None,
        cover,
        blocks: Vec::new(),
        properties: ReportProperties {
            title: title.clone(),
            subject: format!("Clause library {} for review", lib.version),
            author: lib.owner.clone().unwrap_or_else(|| lib.name.clone()),
            keywords: vec!["clause library".into(), "legal review".into(), lib.version.clone()],
            description: format!("Library {} (sha256 {}) exported by tenderguard {}", lib.version, lib.sha256, env!("CARGO_PKG_VERSION")),
            date: lib.released.clone(),
            custom: vec![
                ("Library name".into(), lib.name.clone()),
                ("Library version".into(), lib.version.clone()),
                ("Library SHA-256".into(), lib.sha256.clone()),
                ("Produced by".into(), format!("tenderguard {}", env!("CARGO_PKG_VERSION"))),
            ],
                    application: Some(format!("tenderguard {}", env!("CARGO_PKG_VERSION"))),
            ..ReportProperties::default()
        },
    };
    r.heading(1, "How to read this export");
    r.blocks.push(Block::List {
        ordered: false,
        items: vec![
        plain("Each clause has a stable id that is never reused or renumbered, and a version that rises whenever its text, obligation or applicability changes."),
        plain("Obligation is given per risk level: MUST (mandatory, pass/fail), SHOULD (desirable, scored) or not used at that level. It never weakens at a higher level."),
        plain("Text is printed as written in the library: {{parameter}} placeholders are filled per tender from the parameters listed at the end."),
        plain("Sources say whether the wording was checked against the source text; unverified sources need checking before the clause is relied on."),
        ],
    });
    for (heading, stage, section) in groups() {
        let clauses = group_clauses(lib, stage, section);
        r.heading(1, format!("{heading} ({})", clauses.len()));
        if clauses.is_empty() {
            r.text("The library has no clauses in this group.");
        }
        for c in clauses {
            r.heading(2, format!("{} v{} {}", c.id, c.version, c.title));
            let award_only = ["A strong answer covers", "Word limit"];
            r.blocks.push(Block::Facts(
                fields_for_review(lib, c)
                    .into_iter()
                    .filter(|(k, _)| c.stage == Stage::Award || !award_only.contains(&k.as_str()))
                    .map(|(k, v)| (k, plain(if v.is_empty() { "none".to_string() } else { v })))
                    .collect(),
            ));
        }
    }

    r.heading(1, "Technologies");
    r.blocks.push(Block::Table {
        columns: vec![
            ("Id".into(), 16),
            ("Name and description".into(), 52),
            ("Default risk".into(), 10),
            ("Traits".into(), 22),
        ],
        rows: lib
            .technologies
            .iter()
            .map(|t| ReportRow {
                cells: vec![
                    plain(&t.id),
                    vec![
                        super::Inline::Strong(t.name.clone()),
                        super::Inline::Text(format!("\n{}", t.description)),
                    ],
                    plain(t.default_risk.title()),
                    plain(t.traits.join(", ")),
                ],
                emphasis: false,
            })
            .collect(),
    });
    r.heading(1, "Technology traits");
    r.blocks.push(Block::Facts(
        lib.traits
            .iter()
            .map(|t| (t.id.clone(), plain(&t.description)))
            .collect(),
    ));
    r.heading(1, "Parameters");
    r.blocks.push(Block::Table {
        columns: vec![
            ("Name".into(), 22),
            ("Default".into(), 22),
            ("Allowed".into(), 16),
            ("Meaning".into(), 40),
        ],
        rows: lib
            .parameters
            .iter()
            .map(|p| {
                let unit = p
                    .unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                let mut default = format!("{}{unit}", p.default);
                for (level, v) in &p.by_risk {
                    default.push_str(&format!("\n{} risk: {v}{unit}", level.title()));
                }
                ReportRow {
                    cells: vec![
                        plain(&p.name),
                        plain(default),
                        plain(p.allowed()),
                        plain(&p.meaning),
                    ],
                    emphasis: false,
                }
            })
            .collect(),
    });
    r.heading(1, "Sources");
    r.blocks.push(Block::Table {
        columns: vec![
            ("Id".into(), 16),
            ("Document".into(), 44),
            ("URL".into(), 40),
        ],
        rows: lib
            .sources
            .iter()
            .map(|s| {
                let year = s.year.map(|y| format!(", {y}")).unwrap_or_default();
                let checked = if s.url_verified {
                    ""
                } else {
                    " (URL not verified)"
                };
                ReportRow {
                    cells: vec![
                        plain(&s.id),
                        plain(format!("{} ({}{year})", s.title, s.publisher)),
                        plain(format!("{}{checked}", s.url)),
                    ],
                    emphasis: false,
                }
            })
            .collect(),
    });
    r.heading(1, "Guidance items");
    r.blocks.push(Block::Table {
        columns: vec![
            ("Id".into(), 14),
            ("Title".into(), 34),
            ("Source, section".into(), 26),
            ("Clauses".into(), 26),
        ],
        rows: lib
            .guidance
            .iter()
            .map(|g| {
                let clauses: Vec<&str> = lib
                    .clauses
                    .iter()
                    .filter(|c| c.guidance.contains(&g.id))
                    .map(|c| c.id.as_str())
                    .collect();
                let covered = match (&g.not_covered, clauses.is_empty()) {
                    (Some(why), _) => vec![
                        super::Inline::Strong("Not covered: ".into()),
                        super::Inline::Text(why.clone()),
                    ],
                    (None, true) => strong("none"),
                    (None, false) => plain(clauses.join(", ")),
                };
                ReportRow {
                    cells: vec![
                        plain(&g.id),
                        plain(&g.title),
                        plain(format!("{}, {}", g.source, g.section)),
                        covered,
                    ],
                    emphasis: clauses.is_empty() && g.not_covered.is_none(),
                }
            })
            .collect(),
    });
    r.heading(1, "Clause id prefixes");
    r.blocks.push(Block::Facts(
        lib.prefixes
            .iter()
            .map(|p| (p.id.clone(), plain(&p.meaning)))
            .collect(),
    ));
    r
}

/// The library as CSV: one row per clause in review order, every field a column, lists one
/// item per line. Cells a spreadsheet would take for a formula are neutralised.
pub fn library_csv(lib: &Library) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec!["Group".to_string(), "Id".to_string()];
    if let Some(c) = lib.clauses.first() {
        header.extend(
            fields_for_review(lib, c)
                .into_iter()
                .map(|(label, _)| label),
        );
    }
    w.write_record(&header)?;
    for (heading, stage, section) in groups() {
        for c in group_clauses(lib, stage, section) {
            let mut row = vec![heading.clone(), c.id.clone()];
            row.extend(
                fields_for_review(lib, c)
                    .into_iter()
                    .map(|(_, value)| value),
            );
            w.write_record(row.iter().map(|v| neutralise_formula(v)))?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
