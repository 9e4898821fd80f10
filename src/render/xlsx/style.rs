//! The workbook's colours and cell formats, following conventions spreadsheet users know:
//! Excel's Input cell style for what the supplier fills in, plain locked cells for the
//! requirement as issued, Excel's Bad style for an answer that needs attention, and a grey
//! "calculated" fill for cells the workbook fills in itself.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Header row of the requirement's columns.
pub const HEADER_FILL: u32 = 0x1F3864;
/// Header row of the supplier's columns: the darker shade of the input fill.
pub const SUPPLIER_HEADER_FILL: u32 = 0x843C0C;
/// Excel's Input style.
pub const INPUT_FILL: u32 = 0xFFCC99;
const INPUT_FONT: u32 = 0x3F3F76;
const INPUT_BORDER: u32 = 0x7F7F7F;
/// Excel's Bad style.
pub const BAD_FILL: u32 = 0xFFC7CE;
const BAD_FONT: u32 = 0x9C0006;
/// Cells the workbook fills in (a linked answer, a word count).
pub const CALCULATED_FILL: u32 = 0xF2F2F2;
const GRID: u32 = 0xBFBFBF;

/// A wrapped, top-aligned cell with a light grid border; locked (the default).
pub fn plain() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(GRID))
}

/// A header cell on the given fill.
pub fn header(fill: u32) -> Format {
    plain()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(fill))
}

/// A cell the supplier fills in: Excel's Input style, unlocked.
pub fn input() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(INPUT_FILL))
        .set_font_color(Color::RGB(INPUT_FONT))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(INPUT_BORDER))
        .set_unlocked()
}

/// A cell the workbook fills in itself; locked.
pub fn calculated() -> Format {
    plain().set_background_color(Color::RGB(CALCULATED_FILL))
}

/// What a conditional format applies when an answer needs attention: Excel's Bad style.
pub fn needs_attention() -> Format {
    Format::new()
        .set_background_color(Color::RGB(BAD_FILL))
        .set_font_color(Color::RGB(BAD_FONT))
}

/// A legend swatch on the Instructions sheet.
pub fn swatch(fill: u32) -> Format {
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(INPUT_BORDER))
}

/// Points per line of 11-point text.
pub const LINE_HEIGHT: f64 = 15.0;

/// Excel's largest row height, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// Lines that `text` takes wrapped in a column `width` Excel character units wide. LibreOffice
/// does not re-fit rows when it opens a workbook, so heights are estimated here: a width unit
/// holds about 1.2 average characters of 11-point body text (less when bold), and a line
/// breaks at a word, so a little is kept in hand.
pub fn wrapped_lines(text: &str, width: f64, bold: bool) -> f64 {
    let per_line = chars_per_line(width, bold);
    text.split('\n')
        .map(|para| ((para.chars().count() as f64) / per_line).ceil().max(1.0))
        .sum()
}

/// Characters of 11-point text a line of a column `width` Excel units wide holds.
pub fn chars_per_line(width: f64, bold: bool) -> f64 {
    (width * if bold { 1.05 } else { 1.15 }).max(1.0)
}

/// The row height (points) that shows every cell's wrapped text in full, at most Excel's limit.
pub fn wrapped_height(cells: &[(&str, f64, bool)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width, bold)| wrapped_lines(text, *width, *bold))
        .fold(1.0, f64::max);
    (lines * LINE_HEIGHT + 4.0).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_grow_with_wrapped_text_and_line_breaks() {
        assert_eq!(wrapped_height(&[("short", 20.0, false)]), 19.0);
        let long = "word ".repeat(60);
        let tall = wrapped_height(&[(long.as_str(), 20.0, false)]);
        assert!(tall > 150.0 && tall < 250.0, "{tall}");
        assert_eq!(wrapped_height(&[("a\nb\nc", 20.0, false)]), 49.0);
        let huge = "x".repeat(100_000);
        assert_eq!(
            wrapped_height(&[(huge.as_str(), 20.0, false)]),
            MAX_ROW_HEIGHT
        );
    }
}
