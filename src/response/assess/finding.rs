//! What an assessment finds: each finding's kind, how much it matters, and where it is.

use serde::Serialize;

use crate::pack::matrix::MatrixColumn;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth an evaluator's attention; the response is still complete.
    Warning,
    /// The response is incomplete or altered (exit 1).
    Problem,
    /// A tender gate is not met, or a contract requirement is neither accepted nor given a
    /// dated remediation commitment (exit 1).
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
    /// A tender gate answered Partial or Non-compliant: the tender is excluded.
    GateNotMet,
    /// A contract requirement answered Partial or Non-compliant with no dated remediation
    /// commitment: the obligation is not accepted.
    ContractNotAccepted,
    NoRemediation,
    RemediationWithoutDate,
    RemediationBeforeIssue,
    NoJustification,
    EmptyResponse,
    NoEvidence,
    OverWordLimit,
    /// A contract requirement answered Partial or Non-compliant with a dated remediation
    /// commitment, which becomes a contract term if the Council accepts it.
    ContractRemediation,
    /// A tender gate or contract requirement claimed not applicable.
    ClaimedNotApplicable,
    /// A cell held a formula; it was read as text.
    Formula,
}

impl FindingKind {
    pub fn severity(self) -> Severity {
        use FindingKind::*;
        match self {
            GateNotMet | ContractNotAccepted => Severity::Fail,
            AlteredColumn
            | RemediationBeforeIssue
            | OverWordLimit
            | ContractRemediation
            | ClaimedNotApplicable
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
            GateNotMet => "Tender gate not met",
            ContractNotAccepted => "Contract requirement not accepted",
            NoRemediation => "No remediation commitment",
            RemediationWithoutDate => "Remediation without a date",
            RemediationBeforeIssue => "Remediation date before issue",
            NoJustification => "No justification",
            EmptyResponse => "Empty response",
            NoEvidence => "No evidence reference",
            OverWordLimit => "Over the word limit",
            ContractRemediation => "Contract remediation to accept",
            ClaimedNotApplicable => "Claimed not applicable",
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
