//! The supplier response matrix (product contract §6): its columns, what each row holds as
//! issued, and the answers a supplier may give. The CSV and XLSX writers lay it out; `response`
//! reads a filled one back and checks it against the same definition. What a requirement is
//! (its obligation, its type, when it is verified) is decided here once for every format.

use serde::{Serialize, Serializer};

use super::PackClause;
use crate::library::Stage;

/// The name of the workbook sheet that holds the matrix.
pub const MATRIX_SHEET: &str = "Matrix";

/// The sign written before a pack reference in the CSV matrix (`§6.10`). Spreadsheets opening a
/// CSV with their default settings read `6.10` as the number 6.1, which then collides with the
/// real 6.1; with the sign the cell stays text in LibreOffice Calc and Excel. Readers of a
/// returned matrix accept a reference with or without it.
pub const CSV_PACK_REF_SIGN: char = '§';

/// A pack reference as a returned matrix may write it, without the CSV's `§`.
pub fn plain_pack_ref(cell: &str) -> &str {
    let cell = cell.trim();
    cell.strip_prefix(CSV_PACK_REF_SIGN)
        .map_or(cell, str::trim_start)
}

/// The sheet of the workbook where award criteria are answered, each in a cell big enough for
/// its word limit with a live word count beside it.
pub const AWARD_SHEET: &str = "Award answers";

/// What the Matrix shows in an award criterion's Supplier response cell until the criterion is
/// answered on the Award answers sheet. A reader takes it for an empty answer.
pub const AWARD_ANSWER_PROMPT: &str = "Answer on the Award answers sheet";

/// A column of the response matrix, in matrix order: what identifies the requirement and the
/// supplier's answer first (so that a supplier answering row 80 still sees what row 80 asks,
/// with the first four columns frozen), then the rest of the requirement as issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatrixColumn {
    RequirementId,
    PackRef,
    Title,
    Obligation,
    Compliance,
    SupplierResponse,
    EvidenceReference,
    RemediationCommitment,
    RemediationDate,
    Justification,
    Requirement,
    EvidenceRequired,
    RequirementType,
    VerificationStage,
    Section,
    Version,
}

impl MatrixColumn {
    /// Every column, in matrix order.
    pub const ALL: [MatrixColumn; 16] = [
        MatrixColumn::RequirementId,
        MatrixColumn::PackRef,
        MatrixColumn::Title,
        MatrixColumn::Obligation,
        MatrixColumn::Compliance,
        MatrixColumn::SupplierResponse,
        MatrixColumn::EvidenceReference,
        MatrixColumn::RemediationCommitment,
        MatrixColumn::RemediationDate,
        MatrixColumn::Justification,
        MatrixColumn::Requirement,
        MatrixColumn::EvidenceRequired,
        MatrixColumn::RequirementType,
        MatrixColumn::VerificationStage,
        MatrixColumn::Section,
        MatrixColumn::Version,
    ];

    /// The header title, as issued and as a returned matrix must spell it.
    pub fn title(self) -> &'static str {
        match self {
            MatrixColumn::RequirementId => "Requirement ID",
            MatrixColumn::PackRef => "Pack ref",
            MatrixColumn::Title => "Title",
            MatrixColumn::Obligation => "Category",
            MatrixColumn::Compliance => "Compliance",
            MatrixColumn::SupplierResponse => "Supplier response",
            MatrixColumn::EvidenceReference => "Evidence reference",
            MatrixColumn::RemediationCommitment => "Remediation commitment",
            MatrixColumn::RemediationDate => "Remediation date",
            MatrixColumn::Justification => "Justification",
            MatrixColumn::Requirement => "Requirement",
            MatrixColumn::EvidenceRequired => "Evidence required",
            MatrixColumn::RequirementType => "Requirement type",
            MatrixColumn::VerificationStage => "Verification stage",
            MatrixColumn::Section => "Section",
            MatrixColumn::Version => "Version",
        }
    }

    /// Other titles a returned matrix may use for the column: those of matrices issued before
    /// the column was renamed.
    pub fn former_titles(self) -> &'static [&'static str] {
        match self {
            MatrixColumn::RequirementType => &["Stage"],
            MatrixColumn::Obligation => &["Obligation"],
            _ => &[],
        }
    }

    /// Whether a returned matrix must have the column. The columns added after the first
    /// matrices were issued (title, remediation date, verification stage) may be missing.
    pub fn is_required(self) -> bool {
        !matches!(
            self,
            MatrixColumn::Title | MatrixColumn::RemediationDate | MatrixColumn::VerificationStage
        )
    }

    /// Where the column stands in the matrix, counting from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the supplier fills this column (it is empty as issued).
    pub fn is_supplier(self) -> bool {
        matches!(
            self,
            MatrixColumn::Compliance
                | MatrixColumn::SupplierResponse
                | MatrixColumn::EvidenceReference
                | MatrixColumn::RemediationCommitment
                | MatrixColumn::RemediationDate
                | MatrixColumn::Justification
        )
    }

    /// The buyer's columns, which hold the requirement as issued.
    pub fn buyer() -> impl Iterator<Item = MatrixColumn> {
        MatrixColumn::ALL.into_iter().filter(|c| !c.is_supplier())
    }

    /// The supplier's columns, empty as issued.
    pub fn supplier() -> impl Iterator<Item = MatrixColumn> {
        MatrixColumn::ALL.into_iter().filter(|c| c.is_supplier())
    }

    /// The cell this column holds for `clause` in the matrix as issued; supplier columns are
    /// empty. Evidence items are a list, one `• item` a line.
    pub fn issued(self, clause: &PackClause) -> String {
        match self {
            MatrixColumn::RequirementId => clause.id.clone(),
            MatrixColumn::PackRef => clause.pack_ref.clone(),
            MatrixColumn::Title => clause.title.clone(),
            MatrixColumn::Obligation => clause.category.label().to_string(),
            MatrixColumn::Requirement => clause.text.clone(),
            MatrixColumn::EvidenceRequired => clause
                .evidence
                .iter()
                .map(|e| format!("{EVIDENCE_BULLET}{}", e.line()))
                .collect::<Vec<_>>()
                .join("\n"),
            MatrixColumn::RequirementType => clause.stage.title().to_string(),
            MatrixColumn::VerificationStage => capitalised(&clause.verify_text()),
            MatrixColumn::Section => matrix_section(clause),
            MatrixColumn::Version => clause.version.to_string(),
            MatrixColumn::Compliance
            | MatrixColumn::SupplierResponse
            | MatrixColumn::EvidenceReference
            | MatrixColumn::RemediationCommitment
            | MatrixColumn::RemediationDate
            | MatrixColumn::Justification => String::new(),
        }
    }
}

/// What starts each evidence item in the Evidence required cell.
pub const EVIDENCE_BULLET: &str = "\u{2022} ";

/// The items of an Evidence required cell, however they were separated: one a line (with or
/// without bullets, as issued) or by semicolons (as matrices issued before the list were).
pub fn evidence_items(cell: &str) -> Vec<String> {
    cell.split(['\n', ';'])
        .map(|item| {
            let item = item.trim();
            item.strip_prefix(EVIDENCE_BULLET.trim_end())
                .unwrap_or(item)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|item| !item.is_empty())
        .collect()
}

/// The Requirement cell of matrices issued before the title had its own column: `Title: text`.
pub fn former_requirement_cell(clause: &PackClause) -> String {
    format!("{}: {}", clause.title, clause.text)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Shown (in JSON findings, for example) as its title.
impl Serialize for MatrixColumn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.title())
    }
}

/// The Section column of a contract clause.
// NOTE: chapter 6 is titled "Contract security obligations" (`Stage::chapter_title`) but the
// matrix has always said "Contract obligations"; making them agree changes issued matrices, so it
// is left to the content issue.
const CONTRACT_SECTION: &str = "Contract obligations";

/// The Section column: the library section for specification clauses, the chapter for the others.
fn matrix_section(c: &PackClause) -> String {
    match c.stage {
        Stage::Specification => c.section.title().to_string(),
        Stage::Contract => CONTRACT_SECTION.to_string(),
        Stage::Participation | Stage::Award => c.stage.chapter_title().to_string(),
    }
}

/// A supplier's answer in the Compliance column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compliance {
    Full,
    Partial,
    NonCompliant,
    NotApplicable,
}

impl Compliance {
    /// Every answer, in drop-down order.
    pub const ALL: [Compliance; 4] = [
        Compliance::Full,
        Compliance::Partial,
        Compliance::NonCompliant,
        Compliance::NotApplicable,
    ];

    /// As written in the matrix drop-down.
    pub fn label(self) -> &'static str {
        match self {
            Compliance::Full => "Full",
            Compliance::Partial => "Partial",
            Compliance::NonCompliant => "Non-compliant",
            Compliance::NotApplicable => "Not applicable",
        }
    }

    /// Reads a cell, forgiving case and the spacing or hyphen in `Non-compliant` / `Not applicable`.
    pub fn parse(s: &str) -> Option<Compliance> {
        let key: String = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        Compliance::ALL.into_iter().find(|c| {
            c.label()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
                == key
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_listed_in_matrix_order() {
        for (i, column) in MatrixColumn::ALL.into_iter().enumerate() {
            assert_eq!(column.index(), i);
        }
        assert_eq!(MatrixColumn::buyer().count(), 10);
        assert_eq!(
            MatrixColumn::supplier().next(),
            Some(MatrixColumn::Compliance)
        );
    }

    #[test]
    fn evidence_items_read_the_same_as_a_list_or_with_semicolons() {
        let want = vec!["Certificate".to_string(), "Scope statement".to_string()];
        assert_eq!(
            evidence_items("\u{2022} Certificate\n\u{2022} Scope  statement"),
            want
        );
        assert_eq!(evidence_items("Certificate; Scope statement"), want);
        assert_eq!(evidence_items("  Certificate\r\nScope statement\n"), want);
    }

    #[test]
    fn a_pack_ref_reads_the_same_with_or_without_the_csv_sign() {
        assert_eq!(plain_pack_ref("§6.10"), "6.10");
        assert_eq!(plain_pack_ref(" § 6.10 "), "6.10");
        assert_eq!(plain_pack_ref("6.10"), "6.10");
    }

    #[test]
    fn compliance_values_forgive_case_and_hyphens() {
        assert_eq!(Compliance::parse("full"), Some(Compliance::Full));
        assert_eq!(
            Compliance::parse("Non compliant"),
            Some(Compliance::NonCompliant)
        );
        assert_eq!(
            Compliance::parse("NOT-APPLICABLE"),
            Some(Compliance::NotApplicable)
        );
        assert_eq!(Compliance::parse("Yes"), None);
        assert_eq!(Compliance::parse("N/A"), None);
    }
}
