//! The Award answers sheet: each award criterion with its question, what a strong answer
//! covers and its word limit, a cell big enough for an answer of that length (merged over as
//! many rows as it needs) and a live word count beside it that turns red over the limit. The
//! Matrix's Supplier response cell for the criterion shows the answer written here.

use rust_xlsxwriter::{
    ConditionalFormatFormula, DataValidation, Format, Formula, Worksheet, XlsxError,
};

use super::style::{self, LINE_HEIGHT};
use super::{page_setup, prompt};
use crate::library::Stage;
use crate::pack::matrix::{MatrixColumn, AWARD_ANSWER_PROMPT, AWARD_SHEET};
use crate::pack::{PackClause, TenderPack};

/// The sheet's columns: (title, width in Excel character units).
const COLUMNS: [(&str, f64); 6] = [
    ("Requirement ID", 13.0),
    ("Pack ref", 8.0),
    ("Question", 50.0),
    ("Word limit", 9.0),
    ("Supplier response", 90.0),
    ("Words", 9.0),
];
const ID: u16 = 0;
const REF: u16 = 1;
const QUESTION: u16 = 2;
const LIMIT: u16 = 3;
const ANSWER: u16 = 4;
const WORDS: u16 = 5;

/// Characters an answer takes per word, with the space after it and some room to spare.
const CHARS_PER_WORD: f64 = 6.5;
/// Lines of answer room when a criterion has no word limit.
const UNLIMITED_LINES: f64 = 30.0;

/// Where one award criterion is answered.
pub(super) struct AwardBlock {
    /// Index into `TenderPack::clauses`.
    pub clause: usize,
    /// First sheet row of the block (0-based); the answer is in column E of this row.
    pub row: u32,
    /// Sheet rows the block's merged cells span.
    pub rows: u32,
}

/// Where every award criterion is answered, in pack order below the header row.
pub(super) struct AwardLayout {
    pub blocks: Vec<AwardBlock>,
}

impl AwardLayout {
    /// Lays out the award criteria of the pack.
    pub fn of(pack: &TenderPack) -> AwardLayout {
        let mut row = 1;
        let mut blocks = Vec::new();
        for (i, c) in pack.clauses.iter().enumerate() {
            if c.stage != Stage::Award {
                continue;
            }
            let answer_lines = match c.word_limit {
                Some(limit) => {
                    let chars = f64::from(limit) * CHARS_PER_WORD;
                    (chars / style::chars_per_line(COLUMNS[4].1, false)).ceil() + 2.0
                }
                None => UNLIMITED_LINES,
            };
            let question_lines = style::wrapped_lines(&question(c), COLUMNS[2].1, false) + 1.0;
            let rows = answer_lines.max(question_lines) as u32;
            blocks.push(AwardBlock {
                clause: i,
                row,
                rows,
            });
            row += rows;
        }
        AwardLayout { blocks }
    }

    /// The formula the Matrix's Supplier response cell holds for `clause`: the answer on this
    /// sheet, or a prompt saying where to write it.
    pub fn matrix_formula(&self, clause: usize) -> Option<Formula> {
        let block = self.blocks.iter().find(|b| b.clause == clause)?;
        let cell = format!("'{AWARD_SHEET}'!E{}", block.row + 1);
        Some(
            Formula::new(format!("=IF({cell}=\"\",\"{AWARD_ANSWER_PROMPT}\",{cell})"))
                .set_result(AWARD_ANSWER_PROMPT),
        )
    }

    /// The sheet row (1-based, as a person reads it) where `clause` is answered.
    pub fn answer_row(&self, clause: usize) -> Option<u32> {
        self.blocks
            .iter()
            .find(|b| b.clause == clause)
            .map(|b| b.row + 1)
    }
}

/// The question as shown beside the answer: title, requirement and what a strong answer covers.
fn question(c: &PackClause) -> String {
    let mut q = format!("{}\n\n{}", c.title, c.text);
    if !c.strong_answer.is_empty() {
        q.push_str("\n\nA strong answer covers:");
        for s in &c.strong_answer {
            q.push_str("\n\u{2022} ");
            q.push_str(s);
        }
    }
    q
}

/// A live word count of the answer cell: words are runs separated by spaces or line breaks.
fn word_count_formula(row: u32) -> Formula {
    let text = format!("TRIM(SUBSTITUTE(SUBSTITUTE(E{row},CHAR(13),\" \"),CHAR(10),\" \"))");
    Formula::new(format!(
        "=IF({text}=\"\",0,LEN({text})-LEN(SUBSTITUTE({text},\" \",\"\"))+1)"
    ))
    .set_result("0")
}

/// Writes the Award answers sheet.
pub(super) fn write_award_sheet(
    ws: &mut Worksheet,
    pack: &TenderPack,
    layout: &AwardLayout,
) -> Result<(), XlsxError> {
    ws.set_name(AWARD_SHEET)?;
    page_setup(ws, pack, "award answers");
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    let last_row = layout.blocks.last().map_or(1, |b| b.row + b.rows - 1);
    ws.set_print_area(0, 0, last_row, WORDS)?;
    // Each question starts a printed page.
    let breaks: Vec<u32> = layout.blocks.iter().skip(1).map(|b| b.row).collect();
    ws.set_page_breaks(&breaks)?;

    let header = style::header(style::HEADER_FILL);
    let supplier_header = style::header(style::SUPPLIER_HEADER_FILL);
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        ws.set_column_width(col, *width)?;
        let f = if col == ANSWER {
            &supplier_header
        } else {
            &header
        };
        ws.write_string_with_format(0, col, *title, f)?;
    }
    ws.set_row_height(0, LINE_HEIGHT * 2.0 + 4.0)?;
    ws.set_freeze_panes(1, 0)?;

    let plain = style::plain();
    let bold = Format::new().set_bold();
    let normal = Format::new();
    let input = style::input();
    let calculated = style::calculated().set_bold();
    for block in &layout.blocks {
        let c = &pack.clauses[block.clause];
        let (first, last) = (block.row, block.row + block.rows - 1);
        for col in [ID, REF, QUESTION, LIMIT, WORDS] {
            let f = if col == WORDS { &calculated } else { &plain };
            ws.merge_range(first, col, last, col, "", f)?;
        }
        ws.merge_range(first, ANSWER, last, ANSWER, "", &input)?;
        ws.write_string_with_format(first, ID, &c.id, &plain)?;
        ws.write_string_with_format(first, REF, &c.pack_ref, &plain)?;
        let rest = question(c);
        let rest = &rest[c.title.len()..];
        ws.write_rich_string_with_format(
            first,
            QUESTION,
            &[(&bold, c.title.as_str()), (&normal, rest)],
            &plain,
        )?;
        if let Some(limit) = c.word_limit {
            ws.write_number_with_format(first, LIMIT, f64::from(limit), &plain)?;
        }
        ws.write_formula_with_format(first, WORDS, word_count_formula(first + 1), &calculated)?;
        let limit_text = match c.word_limit {
            Some(limit) => format!("Answer in at most {limit} words; the count beside this cell turns red over the limit."),
            None => "Answer here; the count beside this cell shows its length.".to_string(),
        };
        let v = prompt(
            DataValidation::new().allow_any_value(),
            &format!("{} {}", c.pack_ref, MatrixColumn::SupplierResponse.title()),
            &format!("{limit_text} Alt+Enter starts a new line."),
        )?;
        ws.add_data_validation(first, ANSWER, first, ANSWER, &v)?;
        let over = ConditionalFormatFormula::new()
            .set_rule(Formula::new(format!(
                "=AND(ISNUMBER($D${r}),$F${r}>$D${r})",
                r = first + 1
            )))
            .set_format(style::needs_attention());
        ws.add_conditional_format(first, ANSWER, first, WORDS, &over)?;
    }
    ws.protect_with_options(&super::protection(false));
    Ok(())
}
