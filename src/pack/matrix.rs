//! The supplier response matrix (product contract §6): its columns, what each row holds as
//! issued, and the answers a supplier may give. The CSV and XLSX writers lay it out; `response`
//! reads a filled one back and checks it against the same definition.

use serde::{Serialize, Serializer};

use super::PackClause;
use crate::library::Stage;

/// The name of the workbook sheet that holds the matrix.
pub const MATRIX_SHEET: &str = "Matrix";

/// A column of the response matrix, in matrix order. The buyer fills the columns up to
/// `EvidenceRequired` from the pack; the supplier answers in `Compliance` onwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatrixColumn {
    RequirementId,
    Version,
    PackRef,
    Section,
    Requirement,
    Obligation,
    Stage,
    EvidenceRequired,
    Compliance,
    SupplierResponse,
    EvidenceReference,
    RemediationCommitment,
    Justification,
}

impl MatrixColumn {
    /// Every column, in matrix order.
    pub const ALL: [MatrixColumn; 13] = [
        MatrixColumn::RequirementId,
        MatrixColumn::Version,
        MatrixColumn::PackRef,
        MatrixColumn::Section,
        MatrixColumn::Requirement,
        MatrixColumn::Obligation,
        MatrixColumn::Stage,
        MatrixColumn::EvidenceRequired,
        MatrixColumn::Compliance,
        MatrixColumn::SupplierResponse,
        MatrixColumn::EvidenceReference,
        MatrixColumn::RemediationCommitment,
        MatrixColumn::Justification,
    ];

    /// The first column the supplier fills; every column before it is the requirement as issued.
    pub const FIRST_SUPPLIER: MatrixColumn = MatrixColumn::Compliance;

    /// The header title, as issued and as a returned matrix must spell it.
    pub fn title(self) -> &'static str {
        match self {
            MatrixColumn::RequirementId => "Requirement ID",
            MatrixColumn::Version => "Version",
            MatrixColumn::PackRef => "Pack ref",
            MatrixColumn::Section => "Section",
            MatrixColumn::Requirement => "Requirement",
            MatrixColumn::Obligation => "Category",
            MatrixColumn::Stage => "Stage",
            MatrixColumn::EvidenceRequired => "Evidence required",
            MatrixColumn::Compliance => "Compliance",
            MatrixColumn::SupplierResponse => "Supplier response",
            MatrixColumn::EvidenceReference => "Evidence reference",
            MatrixColumn::RemediationCommitment => "Remediation commitment",
            MatrixColumn::Justification => "Justification",
        }
    }

    /// Where the column stands in the matrix, counting from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the supplier fills this column (it is empty as issued).
    pub fn is_supplier(self) -> bool {
        self >= MatrixColumn::FIRST_SUPPLIER
    }

    /// The buyer's columns, which hold the requirement as issued.
    pub fn buyer() -> impl Iterator<Item = MatrixColumn> {
        MatrixColumn::ALL.into_iter().filter(|c| !c.is_supplier())
    }

    /// The cell this column holds for `clause` in the matrix as issued; supplier columns are
    /// empty.
    pub fn issued(self, clause: &PackClause) -> String {
        match self {
            MatrixColumn::RequirementId => clause.id.clone(),
            MatrixColumn::Version => clause.version.to_string(),
            MatrixColumn::PackRef => clause.pack_ref.clone(),
            MatrixColumn::Section => matrix_section(clause),
            MatrixColumn::Requirement => format!("{}: {}", clause.title, clause.text),
            MatrixColumn::Obligation => clause.category.label().to_string(),
            MatrixColumn::Stage => clause.stage.title().to_string(),
            MatrixColumn::EvidenceRequired => clause.evidence_lines().join("; "),
            MatrixColumn::Compliance
            | MatrixColumn::SupplierResponse
            | MatrixColumn::EvidenceReference
            | MatrixColumn::RemediationCommitment
            | MatrixColumn::Justification => String::new(),
        }
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
        assert_eq!(MatrixColumn::buyer().count(), 8);
        assert_eq!(MatrixColumn::FIRST_SUPPLIER.title(), "Compliance");
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
