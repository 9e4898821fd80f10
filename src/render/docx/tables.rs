//! Table column widths: fixed widths that fit the A4 text width (weights from the model,
//! widened so that short values and single words are not broken mid-word).

use crate::document::{to_plain, Row};

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
pub fn column_widths(columns: &[(String, u16)], rows: &[Row], total: u32) -> Vec<u32> {
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
            let title =
                c.0.split_whitespace()
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0) as u32;
            let cells = rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|s| unit(&to_plain(s)))
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
    let weight_sum: u32 = columns.iter().map(|c| u32::from(c.1.max(1))).sum();
    let mut widths: Vec<f64> = columns
        .iter()
        .map(|c| f64::from(total) * f64::from(c.1.max(1)) / f64::from(weight_sum))
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

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::styles::TEXT_WIDTH;
    use crate::document::plain;

    fn col(title: &str, weight: u16) -> (String, u16) {
        (title.to_string(), weight)
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
                plain("4.4.105"),
                plain("[DES-004 v2]"),
                plain("A long title that may wrap"),
                plain("SHOULD"),
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
        let columns: Vec<(String, u16)> = (0..12)
            .map(|i| col(&format!("Column{i}-with-a-long-title"), 1))
            .collect();
        let w = column_widths(&columns, &[], TEXT_WIDTH);
        assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH);
    }
}
