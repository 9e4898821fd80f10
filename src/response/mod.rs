//! The third layer of data: a supplier's filled response matrix, read back (`read`) and checked
//! against the pack that was issued (`assess`).

mod assess;
pub(crate) mod dates;
mod read;

pub use crate::pack::matrix::Compliance;
pub use assess::{
    assess_response, Assessment, Finding, FindingKind, RequirementResult, Severity, Status, Totals,
};
pub use read::{read_response, read_response_bytes, ResponseRow, ResponseSheet, SheetKind};
