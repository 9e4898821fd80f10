//! The third layer of data: a supplier's filled response matrix, read back (`read`) and checked
//! against the pack that was issued (`assess`).

pub mod assess;
pub mod dates;
pub mod read;

use serde::Serialize;

pub use assess::{
    assess_response, Assessment, Finding, FindingKind, RequirementResult, Severity, Status, Totals,
};
pub use read::{read_response, read_response_bytes, ResponseRow, ResponseSheet, SheetKind};

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
