//! Checks a filled response matrix against the pack that was issued: every requirement answered,
//! nothing altered, every answer complete (remediation with a date, justification, response,
//! evidence), and no mandatory requirement failed.
//!
//! The issued pack is rebuilt from the profile and library, so a changed requirement text or
//! version is caught even when the supplier edited a copy without protection.

mod finding;
mod row;
mod totals;

use std::collections::BTreeMap;

use serde::Serialize;

use super::dates::Date;
use super::read::{ResponseRow, ResponseSheet};
use super::Compliance;
use crate::diagnostics::did_you_mean;
use crate::library::{Category, Obligation};
use crate::pack::matrix::MatrixColumn;
use crate::pack::{PackClause, TenderPack};

pub use finding::{Finding, FindingKind, Severity};
pub use totals::Totals;

use self::row::{check_row, strip_neutraliser};

/// Where a requirement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Answered completely (there may be warnings).
    Complete,
    /// Answered, but something is missing, invalid or altered.
    Incomplete,
    /// A mandatory requirement answered Non-compliant.
    Fail,
    /// No row for it.
    Missing,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Complete => "Complete",
            Status::Incomplete => "Incomplete",
            Status::Fail => "FAIL",
            Status::Missing => "Missing",
        }
    }
}

/// The assessment of one issued requirement.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementResult {
    pub id: String,
    pub version: u32,
    pub pack_ref: String,
    pub title: String,
    pub obligation: Obligation,
    /// Tender gate, contract requirement or scored, as issued.
    pub category: Category,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The answer as written in the Compliance column.
    pub compliance_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation_date: Option<String>,
    pub response_words: usize,
    pub status: Status,
    pub findings: Vec<Finding>,
}

/// The assessment of a whole response.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub tender_title: String,
    pub reference: String,
    pub buyer: String,
    pub issue_date: Option<String>,
    pub deadline: Option<String>,
    pub marking: Option<String>,
    pub library_name: String,
    pub library_version: String,
    pub library_sha256: String,
    pub profile_sha256: String,
    pub tool_version: String,
    pub response_file: String,
    pub response_format: String,
    pub response_sha256: String,
    pub totals: Totals,
    /// Issued requirements, in pack order.
    pub requirements: Vec<RequirementResult>,
    /// Rows that match no issued requirement.
    pub unknown_rows: Vec<Finding>,
}

impl Assessment {
    /// Fails or problems anywhere: the response is not ready (exit 1).
    pub fn has_problems(&self) -> bool {
        self.totals.failed > 0 || self.totals.problems > 0
    }

    /// One line for the top of every report.
    pub fn verdict(&self) -> String {
        let t = &self.totals;
        if t.failed > 0 {
            format!(
                "FAIL: {} tender gate{} not met, {} contract requirement{} not accepted{}.",
                t.gates_failed,
                plural(t.gates_failed),
                t.contract_not_accepted,
                plural(t.contract_not_accepted),
                if t.problems > 0 {
                    format!("; {} other problem{}", t.problems, plural(t.problems))
                } else {
                    String::new()
                }
            )
        } else if t.problems > 0 {
            format!(
                "INCOMPLETE: {} problem{} to resolve across {} requirement{}.",
                t.problems,
                plural(t.problems),
                t.incomplete + t.missing_rows,
                plural(t.incomplete + t.missing_rows)
            )
        } else {
            format!(
                "COMPLETE: all {} requirements answered, every tender gate met and every contract requirement accepted{}.",
                t.issued,
                if t.warnings > 0 {
                    format!(" ({} warning{} to review)", t.warnings, plural(t.warnings))
                } else {
                    String::new()
                }
            )
        }
    }

    /// Every finding, in pack order then unknown rows.
    pub fn all_findings(&self) -> impl Iterator<Item = (&str, &Finding)> {
        self.requirements
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| (r.id.as_str(), f)))
            .chain(self.unknown_rows.iter().map(|f| ("", f)))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Assesses a response against the pack that was issued.
pub fn assess_response(pack: &TenderPack, sheet: &ResponseSheet) -> Assessment {
    let issue_date = pack.meta.issue_date.as_deref().and_then(Date::parse_iso);
    let (rows_by_id, unknown_rows) = match_rows(pack, sheet);
    let requirements: Vec<RequirementResult> = pack
        .clauses
        .iter()
        .map(|clause| {
            let rows = rows_by_id
                .get(clause.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            assess_requirement(clause, rows, sheet, issue_date)
        })
        .collect();

    let totals = totals::count(pack, sheet, &requirements, &unknown_rows);
    let m = &pack.meta;
    Assessment {
        tender_title: m.title.clone(),
        reference: m.reference.clone(),
        buyer: m.buyer.clone(),
        issue_date: m.issue_date.clone(),
        deadline: m.deadline.clone(),
        marking: m.marking.clone(),
        library_name: m.library_name.clone(),
        library_version: m.library_version.clone(),
        library_sha256: m.library_sha256.clone(),
        profile_sha256: m.profile_sha256.clone(),
        tool_version: m.tool_version.clone(),
        response_file: sheet.path.clone(),
        response_format: match &sheet.kind {
            super::SheetKind::Csv => "CSV".to_string(),
            super::SheetKind::Xlsx { sheet } => format!("XLSX, sheet {sheet}"),
        },
        response_sha256: sheet.sha256.clone(),
        totals,
        requirements,
        unknown_rows,
    }
}

/// The rows that answer each issued requirement, in sheet order, and a finding for every row
/// whose Requirement ID was not issued.
fn match_rows<'a>(
    pack: &TenderPack,
    sheet: &'a ResponseSheet,
) -> (BTreeMap<&'a str, Vec<&'a ResponseRow>>, Vec<Finding>) {
    let mut rows_by_id: BTreeMap<&str, Vec<&ResponseRow>> = BTreeMap::new();
    let mut unknown_rows = Vec::new();
    let issued_ids: Vec<&str> = pack.clauses.iter().map(|c| c.id.as_str()).collect();
    for row in &sheet.rows {
        let id = strip_neutraliser(row.get(MatrixColumn::RequirementId).trim());
        if issued_ids.contains(&id) {
            rows_by_id.entry(id).or_default().push(row);
            continue;
        }
        let column = Some(MatrixColumn::RequirementId);
        let message = if id.is_empty() {
            format!("the row has no {}", MatrixColumn::RequirementId.title())
        } else {
            match did_you_mean(id, issued_ids.iter().copied()) {
                Some(close) => {
                    format!("`{id}` was not issued in this pack (did you mean `{close}`?)")
                }
                None => format!("`{id}` was not issued in this pack"),
            }
        };
        unknown_rows.push(Finding {
            kind: FindingKind::UnknownId,
            severity: FindingKind::UnknownId.severity(),
            row: Some(row.row),
            column,
            position: sheet.position(row.row, column),
            message,
        });
    }
    (rows_by_id, unknown_rows)
}

/// The result for one issued requirement: its first row is assessed, any later row is a
/// duplicate, and no row at all is a finding of its own.
fn assess_requirement(
    clause: &PackClause,
    rows: &[&ResponseRow],
    sheet: &ResponseSheet,
    issue_date: Option<Date>,
) -> RequirementResult {
    let mut result = RequirementResult {
        id: clause.id.clone(),
        version: clause.version,
        pack_ref: clause.pack_ref.clone(),
        title: clause.title.clone(),
        obligation: clause.obligation,
        category: clause.category,
        row: None,
        compliance_text: String::new(),
        compliance: None,
        remediation_date: None,
        response_words: 0,
        status: Status::Missing,
        findings: Vec::new(),
    };
    match rows {
        [] => result.findings.push(Finding {
            kind: FindingKind::MissingRow,
            severity: FindingKind::MissingRow.severity(),
            row: None,
            column: None,
            position: sheet.path.clone(),
            message: format!(
                "{} {} ({}) has no row in the response",
                clause.pack_ref,
                clause.tag(),
                clause.category.label()
            ),
        }),
        [first, rest @ ..] => {
            let outcome = check_row(clause, first, sheet, issue_date);
            result.row = Some(first.row);
            result.compliance_text = first.get(MatrixColumn::Compliance).to_string();
            result.compliance = outcome.answer.compliance;
            result.remediation_date = outcome.answer.remediation_date.map(|d| d.to_string());
            result.response_words = outcome.answer.response_words;
            result.findings = outcome.findings;
            for dup in rest {
                result.findings.push(Finding {
                    kind: FindingKind::DuplicateRow,
                    severity: FindingKind::DuplicateRow.severity(),
                    row: Some(dup.row),
                    column: Some(MatrixColumn::RequirementId),
                    position: sheet.position(dup.row, Some(MatrixColumn::RequirementId)),
                    message: format!("{} is answered again here (first at row {}); only the first answer is assessed", clause.id, first.row),
                });
            }
        }
    }
    let worst = result.findings.iter().map(|f| f.severity).max();
    result.status = match (result.row, worst) {
        (None, _) => Status::Missing,
        (_, Some(Severity::Fail)) => Status::Fail,
        (_, Some(Severity::Problem)) => Status::Incomplete,
        _ => Status::Complete,
    };
    result
}
