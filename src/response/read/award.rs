//! The workbook's Award answers sheet: award criteria are answered there, each in a cell big
//! enough for its word limit, and the Matrix's Supplier response cell for the criterion is a
//! formula that shows that answer. Reading takes the answer from the Award answers sheet itself,
//! by Requirement ID, never the formula's cached result.

use calamine::{Reader, Xlsx};

use crate::diagnostics::Diagnostic;
use crate::pack::matrix::{MatrixColumn, AWARD_SHEET};

use super::xlsx::read_cells;
use super::ResponseRow;

/// A cell of the Award answers sheet: its text (a formula's own text) and whether it held a
/// formula.
struct Answer {
    text: String,
    formula: bool,
}

/// Replaces each Matrix Supplier response that links to the Award answers sheet with the answer
/// written there. A workbook without that sheet is left as read; a sheet that cannot be read is
/// a warning, and the linked responses then read as empty.
pub(super) fn take_award_answers<RS: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<RS>,
    path: &str,
    rows: &mut [ResponseRow],
    warnings: &mut Vec<Diagnostic>,
) {
    let linked = |row: &ResponseRow| {
        row.formulas.contains(&MatrixColumn::SupplierResponse)
            && row
                .get(MatrixColumn::SupplierResponse)
                .to_lowercase()
                .contains(&AWARD_SHEET.to_lowercase())
    };
    if !rows.iter().any(linked) {
        return;
    }
    let answers = read_answers(wb).unwrap_or_else(|why| {
        warnings.push(
            Diagnostic::warning(format!(
                "{why}: the award answers it should hold are read as empty"
            ))
            .in_file(path),
        );
        Vec::new()
    });
    for row in rows.iter_mut().filter(|r| linked(r)) {
        let answer = answers
            .iter()
            .find(|(id, _)| id == row.get(MatrixColumn::RequirementId));
        row.formulas
            .retain(|c| *c != MatrixColumn::SupplierResponse);
        let cell = &mut row.cells[MatrixColumn::SupplierResponse.index()];
        match answer {
            Some((_, a)) => {
                cell.clone_from(&a.text);
                if a.formula {
                    row.formulas.push(MatrixColumn::SupplierResponse);
                }
            }
            None => cell.clear(),
        }
    }
}

/// The answers on the Award answers sheet, by Requirement ID, in sheet order. Read cell by cell
/// like the Matrix (`read_cells`), so the sheet's extent costs nothing.
fn read_answers<RS: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<RS>,
) -> Result<Vec<(String, Answer)>, String> {
    let sheet = wb
        .sheet_names()
        .into_iter()
        .find(|n| n.eq_ignore_ascii_case(AWARD_SHEET))
        .ok_or_else(|| format!("the workbook has no `{AWARD_SHEET}` sheet"))?;
    let cells =
        read_cells(wb, &sheet, false).map_err(|e| format!("cannot read sheet `{sheet}`: {e}"))?;
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut rows = cells.into_values();
    let (id_col, answer_col) = rows
        .by_ref()
        .find_map(|cells| {
            let find = |title: &str| {
                cells
                    .iter()
                    .find(|(_, t, _)| norm(t) == norm(title))
                    .map(|(c, _, _)| *c)
            };
            Some((
                find(MatrixColumn::RequirementId.title())?,
                find(MatrixColumn::SupplierResponse.title())?,
            ))
        })
        .ok_or_else(|| {
            format!(
                "sheet `{sheet}` has no header with `{}` and `{}`",
                MatrixColumn::RequirementId.title(),
                MatrixColumn::SupplierResponse.title()
            )
        })?;
    let mut answers = Vec::new();
    for cells in rows {
        let get = |col: usize| cells.iter().find(|(c, _, _)| *c == col);
        let id = get(id_col).map_or("", |(_, t, _)| t.as_str());
        if id.trim().is_empty() {
            continue;
        }
        let answer = match get(answer_col) {
            Some((_, text, true)) => Answer {
                text: format!("={}", text.trim_start_matches('=')),
                formula: true,
            },
            Some((_, text, false)) => Answer {
                text: text.trim().to_string(),
                formula: false,
            },
            None => Answer {
                text: String::new(),
                formula: false,
            },
        };
        answers.push((id.trim().to_string(), answer));
    }
    Ok(answers)
}
