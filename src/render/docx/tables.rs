//! Tables: fixed column widths that fit the A4 text width (weights from the model, widened so
//! that short values and single words are not broken mid-word), a header row that repeats on
//! every page (`w:tblHeader`), rows that never split across pages (`w:cantSplit`), and a
//! caption carried both as a visible paragraph and as the table's alternative text. Rows the
//! model marks for emphasis (mandatory requirements) get a dark bar and bold first cell.

use super::page::TEXT_WIDTH;
use super::runs::{paragraph, run, RunFormat};
use super::styles::{id, table_rules, HEADER_FILL, TEXT_COLOUR};
use super::xml::Xml;
use crate::pack::{Column, Row, Table};

/// Approximate advance of one character of 9 pt Liberation Sans, bold (header cells), in twips.
const BOLD_CHAR_WIDTH: u32 = 100;
/// The same for regular body cells.
const CHAR_WIDTH: u32 = 92;
/// Cell margins plus a little slack (twips).
const CELL_PADDING: u32 = 230;
/// A cell this short (in characters) is kept on one line if the table can afford it
/// (`4.4.105 [TEC-142 v1]` is 20).
const SHORT_CELL: usize = 20;
/// No column is widened beyond this share of the text width just to avoid breaking a word.
const MAX_MIN_SHARE: f64 = 0.4;

/// Column widths in twips, summing to `total`.
pub fn column_widths(columns: &[Column], rows: &[Row], total: u32) -> Vec<u32> {
    let n = columns.len();
    if n == 0 {
        return Vec::new();
    }
    let unit = |s: &str| -> usize {
        let chars = s.chars().count();
        if chars <= SHORT_CELL && !s.contains('\n') {
            chars
        } else {
            s.split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        }
    };
    let cap = (f64::from(total) * MAX_MIN_SHARE) as u32;
    let mut mins: Vec<u32> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let title = c
                .title
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0) as u32;
            let cells = rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|s| unit(s))
                .max()
                .unwrap_or(0) as u32;
            ((title * BOLD_CHAR_WIDTH).max(cells * CHAR_WIDTH) + CELL_PADDING).min(cap)
        })
        .collect();
    let min_sum: u32 = mins.iter().sum();
    if min_sum > total {
        for m in &mut mins {
            *m = (u64::from(*m) * u64::from(total) / u64::from(min_sum)) as u32;
        }
    }
    let weight_sum: u32 = columns.iter().map(|c| u32::from(c.weight.max(1))).sum();
    let mut widths: Vec<f64> = columns
        .iter()
        .map(|c| f64::from(total) * f64::from(c.weight.max(1)) / f64::from(weight_sum))
        .collect();
    // Raise narrow columns to their minimum, taking the room from the others' slack.
    let deficit: f64 = widths
        .iter()
        .zip(&mins)
        .map(|(w, m)| (f64::from(*m) - w).max(0.0))
        .sum();
    if deficit > 0.0 {
        let slack: f64 = widths
            .iter()
            .zip(&mins)
            .map(|(w, m)| (w - f64::from(*m)).max(0.0))
            .sum();
        for (w, m) in widths.iter_mut().zip(&mins) {
            let m = f64::from(*m);
            if *w < m {
                *w = m;
            } else if slack > 0.0 {
                *w -= (*w - m) * (deficit / slack).min(1.0);
            }
        }
    }
    let mut out: Vec<u32> = widths.iter().map(|w| w.round() as u32).collect();
    let sum: u32 = out.iter().sum();
    let widest = (0..n)
        .max_by_key(|&i| (out[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    out[widest] = (out[widest] + total).saturating_sub(sum);
    out
}

fn table_start(x: &mut Xml, caption: &str, widths: &[u32], header_row: bool, first_column: bool) {
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.val("w:tblStyle", id::TABLE);
    x.empty(
        "w:tblW",
        &[("w:w", &TEXT_WIDTH.to_string()), ("w:type", "dxa")],
    );
    x.raw(&format!("<w:tblBorders>{}</w:tblBorders>", table_rules()));
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.raw("<w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/><w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar>");
    let flag = |b: bool| if b { "1" } else { "0" };
    let look = 0x0600 | if header_row { 0x0020 } else { 0 } | if first_column { 0x0080 } else { 0 };
    x.empty(
        "w:tblLook",
        &[
            ("w:val", &format!("{look:04X}")),
            ("w:firstRow", flag(header_row)),
            ("w:lastRow", "0"),
            ("w:firstColumn", flag(first_column)),
            ("w:lastColumn", "0"),
            ("w:noHBand", "1"),
            ("w:noVBand", "1"),
        ],
    );
    x.val("w:tblCaption", caption);
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in widths {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
}

/// How a cell is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellKind {
    /// Header row: bold on the header fill, a dark rule below.
    Heading,
    Body,
    /// First cell of an emphasised (e.g. mandatory) row: bold, with a dark bar on its left.
    Marked,
}

fn cell(x: &mut Xml, width: u32, text: &str, kind: CellKind) {
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    match kind {
        CellKind::Heading => {
            x.raw(&format!("<w:tcBorders><w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"{TEXT_COLOUR}\"/></w:tcBorders>"));
            x.empty(
                "w:shd",
                &[
                    ("w:val", "clear"),
                    ("w:color", "auto"),
                    ("w:fill", HEADER_FILL),
                ],
            );
        }
        CellKind::Marked => {
            x.raw(&format!("<w:tcBorders><w:left w:val=\"single\" w:sz=\"16\" w:space=\"0\" w:color=\"{TEXT_COLOUR}\"/></w:tcBorders>"));
        }
        CellKind::Body => {}
    }
    x.close("w:tcPr");
    let (style, format) = match kind {
        CellKind::Heading => (id::TABLE_HEADING, RunFormat::BOLD),
        CellKind::Marked => (id::TABLE_TEXT, RunFormat::BOLD),
        CellKind::Body => (id::TABLE_TEXT, RunFormat::PLAIN),
    };
    // A cell must hold at least one paragraph; each line of the value is its own paragraph.
    let lines: Vec<&str> = if text.is_empty() {
        vec![""]
    } else {
        text.split('\n').collect()
    };
    for line in lines {
        paragraph(x, style, line, format);
    }
    x.close("w:tc");
}

/// A table from the model, preceded by its caption.
pub fn write_table(x: &mut Xml, t: &Table) {
    paragraph(x, id::CAPTION, &t.caption, RunFormat::PLAIN);
    let widths = column_widths(&t.columns, &t.rows, TEXT_WIDTH);
    table_start(x, &t.caption, &widths, true, false);
    x.raw("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (c, w) in t.columns.iter().zip(&widths) {
        cell(x, *w, &c.title, CellKind::Heading);
    }
    x.close("w:tr");
    for r in &t.rows {
        x.raw("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            let kind = if i == 0 && r.emphasis {
                CellKind::Marked
            } else {
                CellKind::Body
            };
            cell(x, *w, r.cells.get(i).map_or("", String::as_str), kind);
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
}

/// A two-column label/value table without a header row (document control), optionally
/// starting a new page.
pub fn write_pairs_table(x: &mut Xml, caption: &str, pairs: &[(String, String)], new_page: bool) {
    x.open("w:p", &[]);
    x.raw("<w:pPr>");
    x.val("w:pStyle", id::CAPTION);
    if new_page {
        x.empty("w:pageBreakBefore", &[]);
    }
    x.raw("</w:pPr>");
    run(x, caption, RunFormat::PLAIN);
    x.close("w:p");
    let label = 2835;
    let widths = [label, TEXT_WIDTH - label];
    table_start(x, caption, &widths, false, true);
    for (k, v) in pairs {
        x.raw("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        x.open("w:tc", &[]);
        x.raw(&format!(
            "<w:tcPr><w:tcW w:w=\"{label}\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{HEADER_FILL}\"/></w:tcPr>"
        ));
        x.open("w:p", &[]);
        x.raw(&format!(
            "<w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>",
            id::TABLE_HEADING
        ));
        run(x, k, RunFormat::BOLD);
        x.close("w:p");
        x.close("w:tc");
        cell(x, widths[1], v, CellKind::Body);
        x.close("w:tr");
    }
    x.close("w:tbl");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(title: &str, weight: u16) -> Column {
        Column {
            title: title.to_string(),
            weight,
        }
    }

    #[test]
    fn widths_fill_the_text_width_and_keep_short_values_whole() {
        let columns = [
            col("Ref", 8),
            col("Requirement", 14),
            col("Title", 60),
            col("Obligation", 8),
        ];
        let rows = vec![Row {
            cells: vec![
                "4.4.105".into(),
                "[DES-004 v2]".into(),
                "A long title that may wrap".into(),
                "SHOULD".into(),
            ],
            emphasis: false,
        }];
        let w = column_widths(&columns, &rows, TEXT_WIDTH);
        assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(w[1] >= 12 * CHAR_WIDTH + CELL_PADDING, "{w:?}");
        assert!(w[3] >= 10 * BOLD_CHAR_WIDTH + CELL_PADDING, "{w:?}");
    }

    #[test]
    fn impossible_minimums_still_fit() {
        let columns: Vec<Column> = (0..12)
            .map(|i| col(&format!("Column{i}-with-a-long-title"), 1))
            .collect();
        let w = column_widths(&columns, &[], TEXT_WIDTH);
        assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH);
    }
}
