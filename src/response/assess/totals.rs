//! The figures of an assessment: answers by compliance value, requirements by status, and
//! findings by kind and severity.

use serde::Serialize;

use super::{Compliance, Finding};
use super::{FindingKind, RequirementResult, Severity, Status};
use crate::pack::TenderPack;
use crate::response::read::ResponseSheet;

/// Counts for the summary; every figure the evaluation record quotes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub issued: usize,
    pub gates: usize,
    pub contract_requirements: usize,
    pub scored: usize,
    pub rows_read: usize,
    pub full: usize,
    pub partial: usize,
    pub non_compliant: usize,
    pub not_applicable: usize,
    pub no_compliance: usize,
    pub invalid_compliance: usize,
    pub missing_rows: usize,
    pub unknown_ids: usize,
    pub duplicate_rows: usize,
    pub altered: usize,
    pub gates_failed: usize,
    pub contract_not_accepted: usize,
    pub contract_remediations: usize,
    pub missing_remediation: usize,
    pub remediation_without_date: usize,
    pub missing_justification: usize,
    pub empty_responses: usize,
    pub missing_evidence: usize,
    pub over_word_limit: usize,
    pub formulas: usize,
    pub complete: usize,
    pub incomplete: usize,
    pub failed: usize,
    pub problems: usize,
    pub warnings: usize,
}

/// Counts every figure of `Totals` from the per-requirement results and the unknown rows.
pub(super) fn count(
    pack: &TenderPack,
    sheet: &ResponseSheet,
    requirements: &[RequirementResult],
    unknown_rows: &[Finding],
) -> Totals {
    let mut t = Totals {
        issued: pack.clauses.len(),
        gates: pack.category_counts()[0],
        contract_requirements: pack.category_counts()[1],
        scored: pack.category_counts()[2],
        rows_read: sheet.rows.len(),
        unknown_ids: unknown_rows.len(),
        ..Totals::default()
    };
    for r in requirements {
        match r.compliance {
            Some(Compliance::Full) => t.full += 1,
            Some(Compliance::Partial) => t.partial += 1,
            Some(Compliance::NonCompliant) => t.non_compliant += 1,
            Some(Compliance::NotApplicable) => t.not_applicable += 1,
            None => {}
        }
        match r.status {
            Status::Complete => t.complete += 1,
            Status::Incomplete => t.incomplete += 1,
            Status::Fail => t.failed += 1,
            Status::Missing => {}
        }
        let has = |k: FindingKind| r.findings.iter().any(|f| f.kind == k);
        if has(FindingKind::AlteredRequirement)
            || has(FindingKind::AlteredVersion)
            || has(FindingKind::AlteredObligation)
        {
            t.altered += 1;
        }
        for f in &r.findings {
            match f.kind {
                FindingKind::MissingRow => t.missing_rows += 1,
                FindingKind::DuplicateRow => t.duplicate_rows += 1,
                FindingKind::NoCompliance => t.no_compliance += 1,
                FindingKind::InvalidCompliance => t.invalid_compliance += 1,
                FindingKind::GateNotMet => t.gates_failed += 1,
                FindingKind::ContractNotAccepted => t.contract_not_accepted += 1,
                FindingKind::ContractRemediation => t.contract_remediations += 1,
                FindingKind::NoRemediation => t.missing_remediation += 1,
                FindingKind::RemediationWithoutDate => t.remediation_without_date += 1,
                FindingKind::NoJustification => t.missing_justification += 1,
                FindingKind::EmptyResponse => t.empty_responses += 1,
                FindingKind::NoEvidence => t.missing_evidence += 1,
                FindingKind::OverWordLimit => t.over_word_limit += 1,
                FindingKind::Formula => t.formulas += 1,
                _ => {}
            }
        }
    }
    for f in requirements
        .iter()
        .flat_map(|r| &r.findings)
        .chain(unknown_rows)
    {
        match f.severity {
            Severity::Problem => t.problems += 1,
            Severity::Warning => t.warnings += 1,
            Severity::Fail => {}
        }
    }
    t
}
