//! Annexes A–D of the pack: the response matrix, sources and rationale, the tailoring record and
//! guidance coverage.

use std::collections::BTreeMap;

use super::build::{col, row, Inputs};
use super::matrix::MatrixColumn;
use super::parts::Part;
use super::{Block, CoverageRow, PackClause, PackSection, Row, Table, TableKind, Text};
use crate::diagnostics::Diagnostic;
use crate::library::{Library, Obligation};
use crate::select::{Decision, Selection};

/// Annex A: every requirement with its obligation and room for the supplier's answer (the
/// full matrix is issued as CSV and XLSX).
pub(super) fn response_matrix(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let mut blocks = i.prose("annex-matrix")?;
    blocks.push(Block::Table(Table {
        kind: TableKind::ResponseMatrix,
        caption: Part::ResponseMatrix.title().to_string(),
        columns: vec![
            col("Ref", 8),
            col("Requirement", 14),
            col("Title", 34),
            col("Obligation", 12),
            col(MatrixColumn::Compliance.title(), 14),
            col(MatrixColumn::EvidenceReference.title(), 18),
        ],
        rows: i
            .clauses
            .iter()
            .map(|c| Row {
                cells: vec![
                    c.pack_ref.clone(),
                    c.tag(),
                    c.title.clone(),
                    c.obligation.keyword().to_string(),
                    String::new(),
                    String::new(),
                ],
                emphasis: c.obligation == Obligation::Must,
            })
            .collect(),
    }));
    Ok(Part::ResponseMatrix.section(blocks))
}

/// Annex B: why each requirement is there and where it comes from.
pub(super) fn sources_and_rationale(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let mut blocks = i.prose("annex-sources")?;
    blocks.push(Block::Table(Table {
        kind: TableKind::Sources,
        caption: Part::Sources.title().to_string(),
        columns: vec![
            col("Requirement", 14),
            col("Rationale", 38),
            col("Source", 48),
        ],
        rows: i
            .clauses
            .iter()
            .map(|c| {
                row(vec![
                    format!("{} {}", c.pack_ref, c.tag()),
                    c.rationale.clone(),
                    sources_cell(c),
                ])
            })
            .collect(),
    }));
    Ok(Part::Sources.section(blocks))
}

/// A clause's sources, one line each.
fn sources_cell(c: &PackClause) -> String {
    c.sources
        .iter()
        .map(|s| {
            let mut line = format!("{}, {}", s.document, s.section);
            if !s.url.is_empty() {
                line.push_str(&format!(", {}", s.url));
            }
            if !s.verified {
                line.push_str(" (not verified against the source text)");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Annex C: every change the buyer made to what the library would have selected, with the
/// buyer's reason.
pub(super) fn tailoring_record(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let (profile, selection) = (i.profile, i.selection);
    let mut blocks = i.prose("annex-tailoring")?;
    let mut rows = Vec::new();
    if let Some(reason) = &profile.risk.override_reason {
        rows.push(row(vec![
            "Risk level set".to_string(),
            format!(
                "{} (derived: {})",
                profile.risk.level.title(),
                profile.risk.derived_level.title()
            ),
            reason.clone(),
        ]));
    }
    for t in &selection.excluded {
        rows.push(row(vec![
            "Excluded".to_string(),
            format!("{} {}", t.id, t.title),
            t.reason.clone(),
        ]));
    }
    for t in &selection.included {
        rows.push(row(vec![
            "Included".to_string(),
            format!("{} {}", t.id, t.title),
            t.reason.clone(),
        ]));
    }
    for ch in &selection.changed {
        let from = ch.from.map_or("not applied", |o| o.keyword());
        rows.push(row(vec![
            format!("Obligation {from} → {}", ch.to.keyword()),
            format!("{} {}", ch.id, ch.title),
            ch.reason.clone(),
        ]));
    }
    for c in i.clauses.iter().filter(|c| c.buyer_clause) {
        rows.push(row(vec![
            "Buyer clause added".to_string(),
            format!("{} {}", c.id, c.title),
            c.rationale.clone(),
        ]));
    }
    if rows.is_empty() {
        blocks.push(Block::Notice(Text::plain(
            "The buyer made no changes to the library's selection for this tender.",
        )));
    } else {
        blocks.push(Block::Table(Table {
            kind: TableKind::Tailoring,
            caption: Part::Tailoring.title().to_string(),
            columns: vec![col("Change", 22), col("Clause", 38), col("Reason", 40)],
            rows,
        }));
    }
    Ok(Part::Tailoring.section(blocks))
}

/// Annex D: each guidance item and the clauses of this pack that cover it, or why none does.
pub(super) fn guidance_coverage(
    i: &Inputs,
    coverage: &[CoverageRow],
) -> Result<PackSection, Diagnostic> {
    // Looked up once per citation; a map keeps Annex D linear in the size of the pack.
    let pack_ref_of: BTreeMap<&str, &str> = i
        .clauses
        .iter()
        .map(|c| (c.id.as_str(), c.pack_ref.as_str()))
        .collect();
    let mut blocks = i.prose("annex-coverage")?;
    blocks.push(Block::Table(Table {
        kind: TableKind::Coverage,
        caption: Part::Coverage.title().to_string(),
        columns: vec![
            col("Guidance item", 36),
            col("Clauses in this pack", 28),
            col("Where none, why", 36),
        ],
        rows: coverage
            .iter()
            .map(|c| {
                let refs: Vec<String> = c
                    .clauses
                    .iter()
                    .map(|id| format!("{} {id}", pack_ref_of[id.as_str()]))
                    .collect();
                Row {
                    cells: vec![
                        format!("{} ({})", c.title, c.guidance),
                        refs.join(", "),
                        c.reason.clone().unwrap_or_default(),
                    ],
                    emphasis: false,
                }
            })
            .collect(),
    }));
    Ok(Part::Coverage.section(blocks))
}

/// For every guidance item: the pack's clauses that cite it, or why none does.
pub(super) fn coverage_rows(
    lib: &Library,
    selection: &Selection,
    clauses: &[PackClause],
) -> Vec<CoverageRow> {
    lib.guidance
        .iter()
        .map(|g| {
            let in_pack: Vec<String> = clauses.iter().filter(|c| c.guidance.contains(&g.id)).map(|c| c.id.clone()).collect();
            let reason = if !in_pack.is_empty() {
                None
            } else if let Some(why) = &g.not_covered {
                Some(why.clone())
            } else {
                let library: Vec<&str> = lib.clauses.iter().filter(|c| c.guidance.contains(&g.id)).map(|c| c.id.as_str()).collect();
                if library.is_empty() {
                    Some("No clause in this library version covers this item.".to_string())
                } else {
                    let excluded: Vec<&str> = library
                        .iter()
                        .copied()
                        .filter(|id| matches!(selection.decision(id), Some(Decision::Excluded { .. })))
                        .collect();
                    if excluded.is_empty() {
                        Some(format!("Library clauses {} do not apply to this tender's technologies, risk level or answers.", library.join(", ")))
                    } else {
                        Some(format!("Excluded by the buyer: {} (see Annex {}).", excluded.join(", "), Part::Tailoring.number()))
                    }
                }
            };
            CoverageRow {
                guidance: g.id.clone(),
                title: g.title.clone(),
                document: lib.source(&g.source).map(|s| s.title.clone()).unwrap_or_default(),
                url: lib.guidance_url(g),
                clauses: in_pack,
                reason,
            }
        })
        .collect()
}
