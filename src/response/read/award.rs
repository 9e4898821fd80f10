//! The workbook's Award answers sheet: award criteria are answered there, each in a cell big
//! enough for its word limit, and the Matrix's Supplier response cell for the criterion is a
//! formula that shows that answer. Reading takes the answer from the Award answers sheet itself,
//! by Requirement ID, never the formula's cached result.

use calamine::{Data, Reader, Xlsx};

use crate::diagnostics::Diagnostic;
use crate::pack::matrix::{MatrixColumn, AWARD_SHEET};

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
    cell_text: impl Fn(&Data) -> String,
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
    let answers = read_answers(wb, &cell_text).unwrap_or_else(|why| {
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

/// The answers on the Award answers sheet, by Requirement ID, in sheet order.
fn read_answers<RS: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<RS>,
    cell_text: &impl Fn(&Data) -> String,
) -> Result<Vec<(String, Answer)>, String> {
    let sheet = wb
        .sheet_names()
        .into_iter()
        .find(|n| n.eq_ignore_ascii_case(AWARD_SHEET))
        .ok_or_else(|| format!("the workbook has no `{AWARD_SHEET}` sheet"))?;
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| format!("cannot read sheet `{sheet}`: {e}"))?;
    let formulas = wb.worksheet_formula(&sheet).ok();
    let (top, left) = range.start().unwrap_or((0, 0));
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut rows = range.rows().enumerate();
    let (id_col, answer_col) = rows
        .by_ref()
        .find_map(|(_, cells)| {
            let find = |title: &str| {
                cells
                    .iter()
                    .position(|c| norm(&cell_text(c)) == norm(title))
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
    for (i, cells) in rows {
        let id = cells.get(id_col).map(&cell_text).unwrap_or_default();
        if id.trim().is_empty() {
            continue;
        }
        let at = (top + i as u32, left + answer_col as u32);
        let formula = formulas
            .as_ref()
            .and_then(|f| f.get_value(at))
            .filter(|f| !f.is_empty())
            .map(|f| format!("={}", f.trim_start_matches('=')));
        let answer = match formula {
            Some(f) => Answer {
                text: f,
                formula: true,
            },
            None => Answer {
                text: cells
                    .get(answer_col)
                    .map(&cell_text)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                formula: false,
            },
        };
        answers.push((id.trim().to_string(), answer));
    }
    Ok(answers)
}
