//! The checks on one answered row: the buyer's columns unchanged, and the supplier's answer
//! complete for its compliance value.

use super::{Finding, FindingKind};
use crate::diagnostics::did_you_mean;
use crate::library::Category;
use crate::pack::matrix::{
    evidence_items, former_requirement_cell, plain_pack_ref, Compliance, MatrixColumn,
    AWARD_ANSWER_PROMPT,
};
use crate::pack::PackClause;
use crate::response::dates::{find_date, Date};
use crate::response::read::{ResponseRow, ResponseSheet};
use crate::textdiff::summarise;

/// Undoes the apostrophe our CSV writer puts before text a spreadsheet would take as a formula.
pub(super) fn strip_neutraliser(s: &str) -> &str {
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
pub(super) struct RowOutcome {
    pub(super) findings: Vec<Finding>,
    pub(super) answer: Answer,
}

/// The supplier's answer as read from the row.
pub(super) struct Answer {
    pub(super) compliance: Option<Compliance>,
    pub(super) remediation_date: Option<Date>,
    pub(super) response_words: usize,
}

/// Checks one row answering `clause`: the buyer's columns as issued, then the supplier's answer.
pub(super) fn check_row(
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
    check_issued_columns(&mut check, clause);
    let answer = check_answer(&mut check, clause, issue_date);
    RowOutcome {
        findings: check.findings,
        answer,
    }
}

/// The buyer's columns must read as issued (allowing for what spreadsheets do to numbers and
/// spacing); a formula anywhere is reported, as it was read as text.
fn check_issued_columns(check: &mut RowCheck, clause: &PackClause) {
    let row = check.row;
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
    let as_issued = normalised(requirement) == issued_requirement
        || normalised(requirement) == normalised(&former_requirement_cell(clause));
    if !as_issued {
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
    // A matrix issued before the category model carries the keyword (MUST or SHOULD).
    let as_issued = obligation.trim().eq_ignore_ascii_case(&issued_obligation)
        || obligation.trim() == clause.category.keyword();
    if !as_issued {
        check.add(
            FindingKind::AlteredObligation,
            MatrixColumn::Obligation,
            format!("{issued_obligation} was issued; the response says `{obligation}`"),
        );
    }
    for column in [
        MatrixColumn::PackRef,
        MatrixColumn::Title,
        MatrixColumn::Section,
        MatrixColumn::RequirementType,
        MatrixColumn::VerificationStage,
        MatrixColumn::EvidenceRequired,
    ] {
        if !check.sheet.has(column) {
            continue;
        }
        let issued = column.issued(clause);
        let found = row.get(column);
        let unchanged = match column {
            MatrixColumn::PackRef => same_cell(&issued, plain_pack_ref(found)),
            MatrixColumn::EvidenceRequired => evidence_items(&issued) == evidence_items(found),
            _ => same_cell(&issued, found),
        };
        if !unchanged {
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
}

/// The supplier's answer: a valid compliance value and what that value needs (a response,
/// evidence, a dated remediation commitment, a justification), within any word limit.
fn check_answer(check: &mut RowCheck, clause: &PackClause, issue_date: Option<Date>) -> Answer {
    let row = check.row;
    let compliance_text = row.get(MatrixColumn::Compliance);
    let compliance = Compliance::parse(compliance_text);
    // A matrix exported from the workbook (as CSV) carries the award prompt where the answer
    // was never written.
    let response = match row.get(MatrixColumn::SupplierResponse) {
        prompt if prompt.trim() == AWARD_ANSWER_PROMPT => "",
        written => written,
    };
    let evidence = row.get(MatrixColumn::EvidenceReference);
    let remediation = row.get(MatrixColumn::RemediationCommitment);
    let remediation_date_cell = row.get(MatrixColumn::RemediationDate);
    // Where the date is looked for and reported: the Remediation date column when the matrix
    // has one and it is filled in, otherwise the commitment text (matrices issued before the
    // column, or a date written into the commitment).
    let has_date_column = check.sheet.has(MatrixColumn::RemediationDate);
    let (date_text, date_column) = if has_date_column && !remediation_date_cell.trim().is_empty() {
        (remediation_date_cell, MatrixColumn::RemediationDate)
    } else {
        (remediation, MatrixColumn::RemediationCommitment)
    };
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
                        clause.evidence_items().join("; ")
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
                    match find_date(date_text) {
                        None if date_column == MatrixColumn::RemediationDate => check.add(
                            FindingKind::RemediationWithoutDate,
                            date_column,
                            format!("`{date_text}` is not a date (write e.g. 2027-03-31, 31/03/2027 or 31 March 2027)"),
                        ),
                        None if has_date_column => check.add(
                            FindingKind::RemediationWithoutDate,
                            MatrixColumn::RemediationDate,
                            "the commitment has no date: give the date it will be met in Remediation date",
                        ),
                        None => check.add(
                            FindingKind::RemediationWithoutDate,
                            date_column,
                            "the commitment gives no date (write e.g. 2027-03-31, 31/03/2027 or 31 March 2027)",
                        ),
                        Some(date) => {
                            remediation_date = Some(date);
                            if let Some(issued_on) = issue_date.filter(|d| date < *d) {
                                check.add(
                                    FindingKind::RemediationBeforeIssue,
                                    date_column,
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
            match (clause.category, c) {
                (Category::Gate, Compliance::Partial | Compliance::NonCompliant) => check.add(
                    FindingKind::GateNotMet,
                    MatrixColumn::Compliance,
                    format!(
                        "a tender gate answered {}: not met at tender, so the tender is excluded (a remediation plan does not cure it)",
                        c.label()
                    ),
                ),
                (Category::Contract, Compliance::Partial | Compliance::NonCompliant) => {
                    if remediation_date.is_some() {
                        check.add(
                            FindingKind::ContractRemediation,
                            MatrixColumn::RemediationCommitment,
                            format!(
                                "a contract requirement answered {} with a dated remediation commitment: if the Council accepts it, it becomes a contract term",
                                c.label()
                            ),
                        );
                    } else {
                        check.add(
                            FindingKind::ContractNotAccepted,
                            MatrixColumn::Compliance,
                            format!(
                                "a contract requirement answered {} with no dated remediation commitment: the obligation is not accepted",
                                c.label()
                            ),
                        );
                    }
                }
                (Category::Gate | Category::Contract, Compliance::NotApplicable) => check.add(
                    FindingKind::ClaimedNotApplicable,
                    MatrixColumn::Compliance,
                    format!(
                        "a {} claimed not applicable: the evaluator decides whether the justification is accepted",
                        clause.category.label().to_lowercase()
                    ),
                ),
                _ => {}
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
    Answer {
        compliance,
        remediation_date,
        response_words,
    }
}
