//! Checks a filled response matrix against the pack that was issued: every requirement answered,
//! nothing altered, every answer complete (remediation with a date, justification, response,
//! evidence), and no mandatory requirement failed.
//!
//! The issued pack is rebuilt from the profile and library, so a changed requirement text or
//! version is caught even when the supplier edited a copy without protection.

use std::collections::BTreeMap;

use serde::Serialize;

use super::dates::{find_date, Date};
use super::read::{ResponseRow, ResponseSheet};
use super::Compliance;
use crate::diagnostics::did_you_mean;
use crate::library::Obligation;
use crate::pack::matrix::MatrixColumn;
use crate::pack::{PackClause, TenderPack};
use crate::textdiff::summarise;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth an evaluator's attention; the response is still complete.
    Warning,
    /// The response is incomplete or altered (exit 1).
    Problem,
    /// A mandatory requirement is failed (exit 1).
    Fail,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// An issued requirement has no row.
    MissingRow,
    /// A row whose id was not issued in this pack.
    UnknownId,
    /// A second row for the same requirement.
    DuplicateRow,
    AlteredRequirement,
    AlteredVersion,
    AlteredObligation,
    /// Another buyer column (pack ref, section, stage, evidence required) differs.
    AlteredColumn,
    NoCompliance,
    InvalidCompliance,
    /// A MUST requirement answered Non-compliant.
    MandatoryNonCompliant,
    NoRemediation,
    RemediationWithoutDate,
    RemediationBeforeIssue,
    NoJustification,
    EmptyResponse,
    NoEvidence,
    OverWordLimit,
    MandatoryPartial,
    MandatoryNotApplicable,
    /// A cell held a formula; it was read as text.
    Formula,
}

impl FindingKind {
    pub fn severity(self) -> Severity {
        use FindingKind::*;
        match self {
            MandatoryNonCompliant => Severity::Fail,
            AlteredColumn
            | RemediationBeforeIssue
            | OverWordLimit
            | MandatoryPartial
            | MandatoryNotApplicable
            | Formula => Severity::Warning,
            _ => Severity::Problem,
        }
    }

    /// A short label for tables.
    pub fn title(self) -> &'static str {
        use FindingKind::*;
        match self {
            MissingRow => "Missing row",
            UnknownId => "Unknown requirement",
            DuplicateRow => "Answered twice",
            AlteredRequirement => "Requirement text altered",
            AlteredVersion => "Version altered",
            AlteredObligation => "Obligation altered",
            AlteredColumn => "Issued column changed",
            NoCompliance => "No compliance answer",
            InvalidCompliance => "Invalid compliance value",
            MandatoryNonCompliant => "Mandatory requirement failed",
            NoRemediation => "No remediation commitment",
            RemediationWithoutDate => "Remediation without a date",
            RemediationBeforeIssue => "Remediation date before issue",
            NoJustification => "No justification",
            EmptyResponse => "Empty response",
            NoEvidence => "No evidence reference",
            OverWordLimit => "Over the word limit",
            MandatoryPartial => "Mandatory requirement partly met",
            MandatoryNotApplicable => "Mandatory requirement claimed not applicable",
            Formula => "Formula read as text",
        }
    }
}

/// One thing found in the response.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    /// The sheet row or CSV line, when the finding is about a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<MatrixColumn>,
    /// `response.csv:14: column `Compliance``.
    pub position: String,
    pub message: String,
}

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

/// Counts for the summary; every figure the evaluation record quotes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub issued: usize,
    pub mandatory: usize,
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
    pub mandatory_failed: usize,
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
        if t.mandatory_failed > 0 {
            format!(
                "FAIL: {} mandatory requirement{} answered Non-compliant{}.",
                t.mandatory_failed,
                plural(t.mandatory_failed),
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
                "COMPLETE: all {} requirements answered, no mandatory requirement failed{}.",
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

/// Undoes the apostrophe our CSV writer puts before text a spreadsheet would take as a formula.
fn strip_neutraliser(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

fn normalised(s: &str) -> String {
    strip_neutraliser(s.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Empty, or only punctuation such as `-` or `.`.
fn blank(s: &str) -> bool {
    !s.chars().any(char::is_alphanumeric)
}

/// Builds findings for one row.
struct RowCheck<'a> {
    sheet: &'a ResponseSheet,
    row: &'a ResponseRow,
    findings: Vec<Finding>,
}

impl RowCheck<'_> {
    fn add(&mut self, kind: FindingKind, column: MatrixColumn, message: impl Into<String>) {
        let column = Some(column);
        self.findings.push(Finding {
            kind,
            severity: kind.severity(),
            row: Some(self.row.row),
            column,
            position: self.sheet.position(self.row.row, column),
            message: message.into(),
        });
    }
}

/// Whether two cells say the same thing, allowing for what spreadsheets do to numbers
/// (`5.10` saved as `5.1`).
fn same_cell(issued: &str, found: &str) -> bool {
    let (a, b) = (normalised(issued), normalised(found));
    a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

/// What one answered row says about its requirement.
struct RowOutcome {
    findings: Vec<Finding>,
    compliance: Option<Compliance>,
    remediation_date: Option<Date>,
    response_words: usize,
}

fn check_row(
    clause: &PackClause,
    row: &ResponseRow,
    sheet: &ResponseSheet,
    issue_date: Option<Date>,
) -> RowOutcome {
    let mut check = RowCheck {
        sheet,
        row,
        findings: Vec::new(),
    };
    let must = clause.obligation == Obligation::Must;

    // The buyer's columns as issued.
    let version = row.get(MatrixColumn::Version);
    if !same_cell(&MatrixColumn::Version.issued(clause), version) {
        check.add(
            FindingKind::AlteredVersion,
            MatrixColumn::Version,
            format!(
                "version {} was issued; the response says `{version}`",
                clause.version
            ),
        );
    }
    let requirement = row.get(MatrixColumn::Requirement);
    let issued_requirement = normalised(&MatrixColumn::Requirement.issued(clause));
    if normalised(requirement) != issued_requirement {
        let what = if requirement.is_empty() {
            "the requirement text was deleted".to_string()
        } else {
            format!(
                "differs from the text issued: {}",
                summarise(&issued_requirement, &normalised(requirement), 3)
            )
        };
        check.add(
            FindingKind::AlteredRequirement,
            MatrixColumn::Requirement,
            what,
        );
    }
    let obligation = row.get(MatrixColumn::Obligation);
    let issued_obligation = MatrixColumn::Obligation.issued(clause);
    if !obligation.trim().eq_ignore_ascii_case(&issued_obligation) {
        check.add(
            FindingKind::AlteredObligation,
            MatrixColumn::Obligation,
            format!("{issued_obligation} was issued; the response says `{obligation}`"),
        );
    }
    for column in [
        MatrixColumn::PackRef,
        MatrixColumn::Section,
        MatrixColumn::Stage,
        MatrixColumn::EvidenceRequired,
    ] {
        let issued = column.issued(clause);
        if !same_cell(&issued, row.get(column)) {
            check.add(
                FindingKind::AlteredColumn,
                column,
                format!(
                    "`{issued}` was issued; the response says `{}`",
                    row.get(column)
                ),
            );
        }
    }
    for &column in &row.formulas {
        check.add(
            FindingKind::Formula,
            column,
            format!(
                "the cell holds a formula; it was read as its text `{}`, not evaluated",
                row.get(column)
            ),
        );
    }

    // The supplier's answer.
    let compliance_text = row.get(MatrixColumn::Compliance);
    let compliance = Compliance::parse(compliance_text);
    let response = row.get(MatrixColumn::SupplierResponse);
    let evidence = row.get(MatrixColumn::EvidenceReference);
    let remediation = row.get(MatrixColumn::RemediationCommitment);
    let justification = row.get(MatrixColumn::Justification);
    let response_words = response.split_whitespace().count();
    let mut remediation_date = None;
    match compliance {
        None if compliance_text.trim().is_empty() => {
            check.add(
                FindingKind::NoCompliance,
                MatrixColumn::Compliance,
                "no answer: choose Full, Partial, Non-compliant or Not applicable",
            );
        }
        None => {
            let labels = Compliance::ALL.map(Compliance::label);
            let hint = match did_you_mean(compliance_text, labels) {
                Some(close) => format!(" (did you mean `{close}`?)"),
                None => String::new(),
            };
            check.add(
                FindingKind::InvalidCompliance,
                MatrixColumn::Compliance,
                format!(
                    "`{compliance_text}` is not an allowed answer{hint}; allowed: {}",
                    labels.join(", ")
                ),
            );
        }
        Some(c) => {
            if c != Compliance::NotApplicable && blank(response) {
                check.add(
                    FindingKind::EmptyResponse,
                    MatrixColumn::SupplierResponse,
                    format!("answered {} with no response", c.label()),
                );
            }
            if matches!(c, Compliance::Full | Compliance::Partial) && blank(evidence) {
                check.add(
                    FindingKind::NoEvidence,
                    MatrixColumn::EvidenceReference,
                    format!(
                        "answered {} but names no evidence (wanted: {})",
                        c.label(),
                        clause.evidence.join("; ")
                    ),
                );
            }
            if matches!(c, Compliance::Partial | Compliance::NonCompliant) {
                if blank(remediation) {
                    check.add(
                        FindingKind::NoRemediation,
                        MatrixColumn::RemediationCommitment,
                        format!(
                            "answered {} with no remediation commitment (an action and a date)",
                            c.label()
                        ),
                    );
                } else {
                    match find_date(remediation) {
                        None => check.add(
                            FindingKind::RemediationWithoutDate,
                            MatrixColumn::RemediationCommitment,
                            "the commitment gives no date (write e.g. 2027-03-31, 31/03/2027 or 31 March 2027)",
                        ),
                        Some(date) => {
                            remediation_date = Some(date);
                            if let Some(issued_on) = issue_date.filter(|d| date < *d) {
                                check.add(
                                    FindingKind::RemediationBeforeIssue,
                                    MatrixColumn::RemediationCommitment,
                                    format!("the date {date} is before the tender was issued ({issued_on})"),
                                );
                            }
                        }
                    }
                }
            }
            if c == Compliance::NotApplicable && blank(justification) {
                check.add(
                    FindingKind::NoJustification,
                    MatrixColumn::Justification,
                    "answered Not applicable with no justification",
                );
            }
            if must {
                match c {
                    Compliance::NonCompliant => check.add(
                        FindingKind::MandatoryNonCompliant,
                        MatrixColumn::Compliance,
                        "a MUST requirement answered Non-compliant: this is a fail",
                    ),
                    Compliance::Partial => check.add(
                        FindingKind::MandatoryPartial,
                        MatrixColumn::Compliance,
                        "a MUST requirement only partly met: the evaluator decides whether the remediation commitment is acceptable",
                    ),
                    Compliance::NotApplicable => check.add(
                        FindingKind::MandatoryNotApplicable,
                        MatrixColumn::Compliance,
                        "a MUST requirement claimed not applicable: the evaluator decides whether the justification is accepted",
                    ),
                    Compliance::Full => {}
                }
            }
        }
    }
    if let Some(limit) = clause.word_limit {
        if response_words > limit as usize {
            check.add(
                FindingKind::OverWordLimit,
                MatrixColumn::SupplierResponse,
                format!("{response_words} words; the limit is {limit}"),
            );
        }
    }
    RowOutcome {
        findings: check.findings,
        compliance,
        remediation_date,
        response_words,
    }
}

/// Assesses a response against the pack that was issued.
pub fn assess_response(pack: &TenderPack, sheet: &ResponseSheet) -> Assessment {
    let issue_date = pack.meta.issue_date.as_deref().and_then(Date::parse_iso);
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
            "the row has no Requirement ID".to_string()
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

    let mut requirements = Vec::new();
    for clause in &pack.clauses {
        let rows = rows_by_id.get(clause.id.as_str());
        let mut result = RequirementResult {
            id: clause.id.clone(),
            version: clause.version,
            pack_ref: clause.pack_ref.clone(),
            title: clause.title.clone(),
            obligation: clause.obligation,
            row: None,
            compliance_text: String::new(),
            compliance: None,
            remediation_date: None,
            response_words: 0,
            status: Status::Missing,
            findings: Vec::new(),
        };
        match rows.map(Vec::as_slice) {
            None | Some([]) => result.findings.push(Finding {
                kind: FindingKind::MissingRow,
                severity: FindingKind::MissingRow.severity(),
                row: None,
                column: None,
                position: sheet.path.clone(),
                message: format!(
                    "{} {} ({}) has no row in the response",
                    clause.pack_ref,
                    clause.tag(),
                    clause.obligation.keyword()
                ),
            }),
            Some([first, rest @ ..]) => {
                let outcome = check_row(clause, first, sheet, issue_date);
                result.row = Some(first.row);
                result.compliance_text = first.get(MatrixColumn::Compliance).to_string();
                result.compliance = outcome.compliance;
                result.remediation_date = outcome.remediation_date.map(|d| d.to_string());
                result.response_words = outcome.response_words;
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
        requirements.push(result);
    }

    let totals = count(pack, sheet, &requirements, &unknown_rows);
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

fn count(
    pack: &TenderPack,
    sheet: &ResponseSheet,
    requirements: &[RequirementResult],
    unknown_rows: &[Finding],
) -> Totals {
    let mut t = Totals {
        issued: pack.clauses.len(),
        mandatory: pack.obligation_counts().0,
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
                FindingKind::MandatoryNonCompliant => t.mandatory_failed += 1,
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
