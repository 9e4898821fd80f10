//! The Instructions sheet, the first a supplier sees: the tender's facts, how to respond, what
//! each answer means, the word limits, and a legend of the cell colours used in the Matrix.

use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet, XlsxError};

use super::award::AwardLayout;
use super::matrix::legend_formats;
use super::page_setup;
use super::style::{self, wrapped_height, LINE_HEIGHT};
use crate::library::{category_summary, Category};
use crate::pack::matrix::{Compliance, MatrixColumn, AWARD_SHEET};
use crate::pack::TenderPack;
use crate::typography::{long_date, long_date_time};

/// Widths of the sheet's two columns.
const LABEL_WIDTH: f64 = 24.0;
const BODY_WIDTH: f64 = 90.0;

/// What each answer a supplier may give means.
fn compliance_meaning(answer: Compliance) -> &'static str {
    match answer {
        Compliance::Full => "The Solution meets the requirement in full, as written, from the start of the contract. Say how in the Supplier response and give the Evidence reference.",
        Compliance::Partial => "The Solution meets part of the requirement. Say which part is not met; in Remediation commitment give the action you will take, and in Remediation date the date by which the requirement will be met in full (for example 2027-03-31).",
        Compliance::NonCompliant => "The Solution does not meet the requirement. For a tender gate this excludes the tender. For a contract requirement give a Remediation commitment and a Remediation date; if accepted it becomes a contract term.",
        Compliance::NotApplicable => "The requirement does not apply to what you are offering. Give a Justification explaining why; the Council decides whether to accept it.",
    }
}

/// Writes the sheet row by row, sizing each row to its wrapped text.
struct InstructionWriter<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    label: Format,
    body: Format,
    heading: Format,
}

impl InstructionWriter<'_> {
    fn line(&mut self, label: &str, text: &str) -> Result<(), XlsxError> {
        self.line_with(label, text, &self.label.clone())
    }

    fn line_with(
        &mut self,
        label: &str,
        text: &str,
        label_format: &Format,
    ) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.row, 0, label, label_format)?;
        self.ws
            .write_string_with_format(self.row, 1, text, &self.body)?;
        let height = wrapped_height(&[(label, LABEL_WIDTH, true), (text, BODY_WIDTH, false)]);
        if height > LINE_HEIGHT + 4.0 {
            self.ws.set_row_height(self.row, height)?;
        }
        self.row += 1;
        Ok(())
    }

    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.ws
            .write_string_with_format(self.row, 0, text, &self.heading)?;
        self.row += 1;
        Ok(())
    }
}

/// Writes the Instructions sheet.
pub(super) fn write_instructions(
    ws: &mut Worksheet,
    pack: &TenderPack,
    awards: &AwardLayout,
) -> Result<(), XlsxError> {
    let m = &pack.meta;
    ws.set_name("Instructions")?;
    ws.set_column_width(0, LABEL_WIDTH)?;
    ws.set_column_width(1, BODY_WIDTH)?;
    ws.set_screen_gridlines(false);
    page_setup(ws, pack, "response instructions");
    ws.set_print_fit_to_pages(1, 0);
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_font_color(Color::RGB(style::HEADER_FILL));
    let subtitle = Format::new()
        .set_bold()
        .set_font_size(12)
        .set_font_color(Color::RGB(style::HEADER_FILL));
    ws.write_string_with_format(0, 0, &m.title, &title)?;
    ws.set_row_height(0, 22)?;
    ws.write_string_with_format(
        1,
        0,
        "Supplier response matrix: security requirements",
        &subtitle,
    )?;
    let mut w = InstructionWriter {
        ws,
        row: 3,
        label: Format::new()
            .set_bold()
            .set_align(FormatAlign::Top)
            .set_text_wrap(),
        body: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        heading: subtitle,
    };

    w.line("Reference", &m.reference)?;
    w.line("Contracting authority", &m.buyer)?;
    w.line("Document version", &m.version)?;
    if let Some(d) = &m.issue_date {
        w.line("Issue date", &long_date(d))?;
    }
    if let Some(d) = &m.deadline {
        w.line("Response deadline", &long_date_time(d))?;
    }
    if let Some(c) = &m.contact {
        w.line("Clarification questions to", c)?;
    }
    if let Some(mk) = &m.marking {
        w.line("Protective marking", mk)?;
    }
    w.line(
        "Requirements",
        &format!(
            "{} ({})",
            pack.clauses.len(),
            category_summary(pack.category_counts())
        ),
    )?;

    w.heading("How to respond")?;
    let title = |c: MatrixColumn| c.title();
    let mut steps = vec![
        format!("Answer every row of the Matrix sheet. Each row is one requirement of the security requirements document: {} gives its number there and {} its name; the full requirement and the evidence required, each item with when it is due, are in the columns to the right of your answer.", title(MatrixColumn::PackRef), title(MatrixColumn::Title)),
        "Fill in the shaded cells (see the colours below); everything else is the requirement as issued and is locked. The sheet is protected without a password only to prevent accidental edits; a row whose requirement was changed is treated as not answered.".to_string(),
        format!("In {}, choose Full, Partial, Non-compliant or Not applicable from the drop-down (meanings below).", title(MatrixColumn::Compliance)),
        format!("In {}, say how your Solution meets the requirement. In {}, name the document and section where the evidence listed in {} can be found.", title(MatrixColumn::SupplierResponse), title(MatrixColumn::EvidenceReference), title(MatrixColumn::EvidenceRequired)),
        format!("For Partial or Non-compliant, give the action you will take in {} and the date it will be complete in {} (a date, for example 2027-03-31).", title(MatrixColumn::RemediationCommitment), title(MatrixColumn::RemediationDate)),
        format!("For Not applicable, fill in {}.", title(MatrixColumn::Justification)),
    ];
    if !awards.blocks.is_empty() {
        steps.push(format!("Award criteria are answered on the {AWARD_SHEET} sheet, in the large cell beside each question, which fits the word limit and counts your words as you type. The Matrix shows each answer in {}; still choose {} and give an {} for those rows in the Matrix.", title(MatrixColumn::SupplierResponse), title(MatrixColumn::Compliance), title(MatrixColumn::EvidenceReference)));
    }
    steps.push(
        "A cell turns red while an answer is incomplete (see the colours below).".to_string(),
    );
    steps.push("Use the filter buttons in the header row to show, for example, only MUST rows or only rows not yet answered. Rows are matched to requirements by Requirement ID; do not add or delete rows.".to_string());
    steps.push("Return this workbook, as .xlsx: it is the form to return. The CSV issued with it (response-matrix.csv) is a machine-readable copy of the same matrix for tools, not a second form.".to_string());
    if let Some(d) = &m.deadline {
        steps.push(format!("Return it by {}.", long_date_time(d)));
    }
    if let Some(c) = &m.contact {
        steps.push(format!("Send clarification questions to {c}."));
    }
    for (i, s) in steps.iter().enumerate() {
        w.line(&format!("{}.", i + 1), s)?;
    }

    w.heading("Compliance values")?;
    for answer in Compliance::ALL {
        w.line(answer.label(), compliance_meaning(answer))?;
    }
    for k in Category::ALL {
        w.line(&format!("{} ({})", k.label(), k.keyword()), k.consequence())?;
    }

    let limited: Vec<_> = pack
        .clauses
        .iter()
        .filter(|c| c.word_limit.is_some())
        .collect();
    if !limited.is_empty() {
        w.heading("Word limits")?;
        w.line("", "Answers to these award criteria have a word limit. Keep each answer within its limit; the word count beside each answer turns red when it is over.")?;
        for c in limited {
            let limit = c.word_limit.unwrap_or_default();
            w.line(
                &format!("{} {}", c.pack_ref, c.id),
                &format!("{}: at most {limit} words", c.title),
            )?;
        }
    }

    w.heading("Colours in the Matrix")?;
    let mut legend = legend_formats().to_vec();
    if !awards.blocks.is_empty() {
        legend.push((
            style::swatch(style::CALCULATED_FILL),
            "Filled in by the workbook: an award answer shown from the Award answers sheet, or a word count. Locked.",
        ));
    }
    for (swatch, text) in legend {
        w.line_with("", text, &swatch)?;
    }
    w.ws.protect();
    Ok(())
}
