//! The supplier response matrix as an Excel workbook, the form a supplier returns: an
//! Instructions sheet (how to respond, what each answer means, word limits, the cell colours),
//! the Matrix sheet (one row per requirement; the requirement's reference and title frozen at
//! the left with the supplier's answer beside them and the rest of the requirement after) and,
//! when the pack has award criteria, an Award answers sheet with a cell big enough for each
//! answer and a live word count.
//!
//! Sheets are protected without a password: the requirement as issued is locked so that a
//! supplier cannot change it by accident; the cells the supplier fills in are unlocked and
//! shaded as input. Text is always written as text, never as a formula, so a requirement that
//! starts with `=` prints as written; the only formulas are the workbook's own (the word
//! counts, and the Matrix cells that show an award answer). The bytes are deterministic: the
//! creation date is the profile's issue date, and without one no date is recorded.

mod award;
mod instructions;
mod matrix;
mod properties;
mod style;

use rust_xlsxwriter::{DataValidation, ProtectionOptions, Workbook, Worksheet, XlsxError};

use super::RenderError;
use crate::pack::TenderPack;

use self::award::AwardLayout;

fn err(e: XlsxError) -> RenderError {
    RenderError {
        format: "xlsx",
        message: e.to_string(),
    }
}

/// Writes `response-matrix.xlsx`.
pub fn write_xlsx(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    let awards = AwardLayout::of(pack);
    let mut wb = Workbook::new();
    wb.set_properties(&properties::properties(pack).map_err(err)?);
    let sheet = wb.add_worksheet();
    instructions::write_instructions(sheet, pack, &awards).map_err(err)?;
    sheet.set_active(true);
    matrix::write_matrix(wb.add_worksheet(), pack, &awards).map_err(err)?;
    if !awards.blocks.is_empty() {
        award::write_award_sheet(wb.add_worksheet(), pack, &awards).map_err(err)?;
    }
    let bytes = wb.save_to_buffer().map_err(err)?;
    if pack.meta.issue_date.is_some() {
        Ok(bytes)
    } else {
        properties::without_dates(&bytes).map_err(|message| RenderError {
            format: "xlsx",
            message,
        })
    }
}

/// Excel header/footer text treats `&` as a control character.
fn header_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// Cuts text to what an Excel field accepts (at most `max` characters).
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// A data validation's input prompt (shown when the cell is selected), cut to Excel's limits.
fn prompt(v: DataValidation, title: &str, message: &str) -> Result<DataValidation, XlsxError> {
    v.set_input_title(clip(title, 32))?
        .set_input_message(clip(message, 255))
}

/// A4 paper, the marking at the top corners, the reference and what the sheet is at the top
/// centre, "Page N of M" at the foot.
fn page_setup(ws: &mut Worksheet, pack: &TenderPack, what: &str) {
    let m = &pack.meta;
    let marking = m.marking.as_deref().map(header_text).unwrap_or_default();
    let header = clip(
        &format!(
            "&L{marking}&C{} — {what}&R{marking}",
            header_text(&m.reference)
        ),
        250,
    );
    ws.set_header(header);
    let footer = if marking.is_empty() {
        "&CPage &P of &N".to_string()
    } else {
        format!("&L{marking}&CPage &P of &N")
    };
    ws.set_footer(clip(&footer, 250));
    ws.set_paper_size(9);
}

/// Sheet protection without a password: cells can be selected, rows and columns resized and,
/// where `sort_and_filter`, rows filtered and sorted.
fn protection(sort_and_filter: bool) -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        sort: sort_and_filter,
        use_autofilter: sort_and_filter,
        ..ProtectionOptions::new()
    }
}
