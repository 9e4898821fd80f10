//! Drafting lint for legal review (filled in by the library issue).

use super::Library;
use crate::diagnostics::Diagnostic;

pub fn lint_library(_lib: &Library) -> Vec<Diagnostic> {
    Vec::new()
}
