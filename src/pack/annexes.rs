//! Annexes A–C of the pack: the response matrix, sources and rationale, and guidance coverage.
//! What the Council changed in the library's selection, and why, is for its own record
//! (`record`), not for bidders.

use std::collections::BTreeMap;

use super::build::{col, row, Inputs};
use super::matrix::MatrixColumn;
use super::parts::Part;
use super::{Block, CoverageRow, PackClause, PackSection, Row, Table, TableKind};
use crate::diagnostics::Diagnostic;
use crate::library::{Category, Library};
use crate::select::{Decision, Selection};

/// Annex A: every requirement with its obligation and room for the supplier's answer (the
/// full matrix is issued as CSV and XLSX).
pub(super) fn response_matrix(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let mut blocks = i.prose("annex-matrix")?;
    blocks.push(Block::Table(Table {
        kind: TableKind::ResponseMatrix,
        caption: Part::ResponseMatrix.title().to_string(),
        columns: vec![
            col("Clause", 8),
            col("Requirement", 14),
            col("Title", 34),
            col("Category", 16),
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
                    c.category.label().to_string(),
                    String::new(),
                    String::new(),
                ],
                // The exception stands out: the few tender gates, not every row.
                emphasis: c.category == Category::Gate,
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

/// A clause's sources, one line each. How far each was checked against the source text is
/// for the Council's record, not the bidder's document.
fn sources_cell(c: &PackClause) -> String {
    c.sources
        .iter()
        .map(|s| {
            let mut line = format!("{}, {}", s.document, s.section);
            if !s.url.is_empty() {
                line.push_str(&format!(", {}", s.url));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Annex C: each guidance item and the clauses of this pack that cover it. Where none does,
/// bidders read only that; the reason (not applicable here, or excluded by the Council) is in
/// the Council's record, so the document never lists protections the Council chose to drop.
pub(super) fn guidance_coverage(
    i: &Inputs,
    coverage: &[CoverageRow],
) -> Result<PackSection, Diagnostic> {
    // Looked up once per citation; a map keeps the annex linear in the size of the pack.
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
            col("Guidance", 30),
            col("Item", 36),
            col("Requirements in this document", 34),
        ],
        rows: coverage
            .iter()
            .map(|c| {
                let refs: Vec<&str> = c
                    .clauses
                    .iter()
                    .map(|id| pack_ref_of[id.as_str()])
                    .collect();
                let covered = match refs[..] {
                    [] => "None in this document".to_string(),
                    [one] => format!("clause {one}"),
                    _ => format!("clauses {}", refs.join(", ")),
                };
                row(vec![
                    c.document.clone(),
                    format!("{}: {}", c.section, c.title),
                    covered,
                ])
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
                        Some(format!("Library clauses {} do not apply to this tender’s technologies, risk level or answers.", library.join(", ")))
                    } else {
                        Some(format!("Excluded by the Council: {} (see the tailoring record).", excluded.join(", ")))
                    }
                }
            };
            CoverageRow {
                guidance: g.id.clone(),
                title: g.title.clone(),
                document: lib.source(&g.source).map(|s| s.title.clone()).unwrap_or_default(),
                section: g.section.clone(),
                url: lib.guidance_url(g),
                clauses: in_pack,
                reason,
            }
        })
        .collect()
}
