//! The Matrix sheet: one row per requirement. Requirement ID, Pack ref, Title and Category
//! are frozen at the left; the supplier's answer columns come next (shaded as input, unlocked);
//! the full requirement, the evidence required and the other columns as issued come after
//! (plain, locked). Compliance has a drop-down and Remediation date a date validation;
//! conditional formats flag, as the supplier types, a Partial or Non-compliant answer without
//! a remediation action and date and a Not applicable answer without a justification. The
//! sheet is protected with filtering and sorting allowed, prints landscape on A4 with the
//! identifying columns and the answer, and repeats the header row on every page.

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{
    ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DataValidationRule,
    ExcelDateTime, Format, Formula, Worksheet, XlsxError,
};

use super::award::AwardLayout;
use super::style::{self, wrapped_height};
use super::{page_setup, prompt, protection};
use crate::library::Category;
use crate::pack::matrix::{Compliance, MatrixColumn, MATRIX_SHEET};
use crate::pack::TenderPack;

/// The width of a Matrix sheet column, in Excel character units.
fn width(column: MatrixColumn) -> f64 {
    match column {
        MatrixColumn::RequirementId => 13.0,
        MatrixColumn::PackRef => 8.0,
        MatrixColumn::Title => 32.0,
        MatrixColumn::Obligation => 11.0,
        MatrixColumn::Compliance => 15.0,
        MatrixColumn::SupplierResponse => 55.0,
        MatrixColumn::EvidenceReference => 26.0,
        MatrixColumn::RemediationCommitment => 32.0,
        MatrixColumn::RemediationDate => 13.0,
        MatrixColumn::Justification => 30.0,
        MatrixColumn::Requirement => 90.0,
        MatrixColumn::EvidenceRequired => 50.0,
        MatrixColumn::RequirementType => 18.0,
        MatrixColumn::VerificationStage => 22.0,
        MatrixColumn::Section => 18.0,
        MatrixColumn::Version => 8.0,
    }
}

/// A matrix column as a worksheet column number (the matrix starts in column A).
fn col(column: MatrixColumn) -> u16 {
    column.index() as u16
}

/// A column's letter, for formulas (`E`).
fn letter(column: MatrixColumn) -> String {
    column_number_to_name(col(column))
}

/// Columns frozen at the left: what identifies the requirement.
const FROZEN: MatrixColumn = MatrixColumn::Compliance;

/// The last column printed: the answer and its evidence, beside what identifies the requirement.
const LAST_PRINTED: MatrixColumn = MatrixColumn::EvidenceReference;

/// The issue date as a spreadsheet date, the earliest remediation date accepted.
fn earliest_date(pack: &TenderPack) -> Result<ExcelDateTime, XlsxError> {
    let parsed = pack.meta.issue_date.as_deref().and_then(|d| {
        let mut it = d.split('-').map(|p| p.parse::<u16>().ok());
        Some((it.next()??, it.next()??, it.next()??))
    });
    match parsed {
        Some((y, m, d)) => ExcelDateTime::from_ymd(y, m as u8, d as u8),
        None => ExcelDateTime::from_ymd(2000, 1, 1),
    }
}

/// Writes the Matrix sheet.
pub(super) fn write_matrix(
    ws: &mut Worksheet,
    pack: &TenderPack,
    awards: &AwardLayout,
) -> Result<(), XlsxError> {
    ws.set_name(MATRIX_SHEET)?;
    page_setup(ws, pack, "supplier response matrix");
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    let last = pack.clauses.len() as u32;
    ws.set_print_area(0, 0, last.max(1), col(LAST_PRINTED))?;

    let header = style::header(style::HEADER_FILL);
    let supplier_header = style::header(style::SUPPLIER_HEADER_FILL);
    for column in MatrixColumn::ALL {
        ws.set_column_width(col(column), width(column))?;
        let f = if column.is_supplier() {
            &supplier_header
        } else {
            &header
        };
        ws.write_string_with_format(0, col(column), column.title(), f)?;
    }
    let titles: Vec<(&str, f64, bool)> = MatrixColumn::ALL
        .iter()
        .map(|c| (c.title(), width(*c) - 2.0, true))
        .collect();
    ws.set_row_height(0, wrapped_height(&titles))?;
    ws.set_freeze_panes(1, col(FROZEN))?;

    let plain = style::plain();
    let must = plain.clone().set_bold();
    let input = style::input();
    let date = input.clone().set_num_format("yyyy-mm-dd");
    let linked = style::calculated();
    for (i, c) in pack.clauses.iter().enumerate() {
        let row = i as u32 + 1;
        let cells: Vec<(MatrixColumn, String)> = MatrixColumn::buyer()
            .map(|column| (column, column.issued(c)))
            .collect();
        let sized: Vec<(&str, f64, bool)> = cells
            .iter()
            .map(|(column, text)| (text.as_str(), width(*column), false))
            .collect();
        ws.set_row_height(row, wrapped_height(&sized))?;
        for (column, value) in &cells {
            match column {
                MatrixColumn::Version => {
                    ws.write_number_with_format(row, col(*column), f64::from(c.version), &plain)?;
                }
                MatrixColumn::Obligation if c.category != Category::Scored => {
                    ws.write_string_with_format(row, col(*column), value, &must)?;
                }
                _ => {
                    ws.write_string_with_format(row, col(*column), value, &plain)?;
                }
            }
        }
        for column in MatrixColumn::supplier() {
            match (column, awards.matrix_formula(i)) {
                (MatrixColumn::SupplierResponse, Some(formula)) => {
                    ws.write_formula_with_format(row, col(column), formula, &linked)?;
                    let answer_row = awards.answer_row(i).unwrap_or_default();
                    let v = prompt(
                        DataValidation::new().allow_any_value(),
                        "Award criterion",
                        &format!("Write this answer on the Award answers sheet (row {answer_row}), where the cell fits the word limit and counts the words. It shows here once written."),
                    )?;
                    ws.add_data_validation(row, col(column), row, col(column), &v)?;
                }
                (MatrixColumn::RemediationDate, _) => {
                    ws.write_blank(row, col(column), &date)?;
                }
                _ => {
                    ws.write_blank(row, col(column), &input)?;
                }
            }
        }
    }

    if last > 0 {
        validations(ws, pack, last)?;
        flags(ws, last)?;
    }
    ws.autofilter(0, 0, last.max(1), col(MatrixColumn::Version))?;
    ws.protect_with_options(&protection(true));
    Ok(())
}

/// The Compliance drop-down and the Remediation date check.
fn validations(ws: &mut Worksheet, pack: &TenderPack, last: u32) -> Result<(), XlsxError> {
    let labels = Compliance::ALL.map(Compliance::label);
    let compliance = prompt(
        DataValidation::new().allow_list_strings(&labels)?,
        "Compliance",
        "Choose Full, Partial, Non-compliant or Not applicable. Partial and Non-compliant need a Remediation commitment and a Remediation date; Not applicable needs a Justification.",
    )?
    .set_error_title("Not an allowed answer")?
    .set_error_message("Choose Full, Partial, Non-compliant or Not applicable from the list.")?
    .set_error_style(DataValidationErrorStyle::Stop);
    let c = col(MatrixColumn::Compliance);
    ws.add_data_validation(1, c, last, c, &compliance)?;

    let earliest = earliest_date(pack)?;
    let shown =
        crate::typography::long_date(pack.meta.issue_date.as_deref().unwrap_or("2000-01-01"));
    let date = prompt(
        DataValidation::new()
            .allow_date(DataValidationRule::GreaterThanOrEqualTo(earliest))
            .ignore_blank(true),
        "Remediation date",
        "The date by which the requirement will be met in full, for example 2027-03-31.",
    )?
    .set_error_title("Not a date")?
    .set_error_message(format!(
        "Enter a date on or after {shown}, for example 2027-03-31."
    ))?
    .set_error_style(DataValidationErrorStyle::Stop);
    let d = col(MatrixColumn::RemediationDate);
    ws.add_data_validation(1, d, last, d, &date)?;
    Ok(())
}

/// Conditional formats that show, as the supplier types, an answer that is not complete.
fn flags(ws: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    let compliance = format!("${}2", letter(MatrixColumn::Compliance));
    let needs_remediation = format!("OR({compliance}=\"Partial\",{compliance}=\"Non-compliant\")");
    let rules = [
        (
            MatrixColumn::RemediationCommitment,
            needs_remediation.clone(),
        ),
        (MatrixColumn::RemediationDate, needs_remediation),
        (
            MatrixColumn::Justification,
            format!("{compliance}=\"Not applicable\""),
        ),
    ];
    for (column, when) in rules {
        let cell = format!("{}2", letter(column));
        let cf = ConditionalFormatFormula::new()
            .set_rule(Formula::new(format!("=AND({when},LEN(TRIM({cell}))=0)")))
            .set_format(style::needs_attention());
        ws.add_conditional_format(1, col(column), last, col(column), &cf)?;
    }
    Ok(())
}

/// The answer formats the legend on the Instructions sheet shows.
pub(super) fn legend_formats() -> [(Format, &'static str); 3] {
    [
        (
            style::swatch(style::INPUT_FILL),
            "Your answer: type or choose here (these cells are unlocked).",
        ),
        (
            style::swatch(0xFFFFFF),
            "The requirement as issued: locked, so it cannot be changed by accident.",
        ),
        (
            style::swatch(style::BAD_FILL),
            "Needs attention: an answer is incomplete (for example Partial without a remediation date) or over its word limit. The colour goes as soon as it is complete.",
        ),
    ]
}
