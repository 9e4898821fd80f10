//! The supplier response matrix as an Excel workbook: an Instructions sheet (how to respond, what
//! each compliance value means, word limits, deadline and contact) and a Matrix sheet with the
//! columns of contract §6.
//!
//! The Matrix sheet is protected without a password: buyer columns are locked so that a supplier
//! cannot change a requirement by accident, supplier columns are unlocked. Compliance has a
//! drop-down. Mandatory rows are shaded. Every cell is written as a string or a number, never as
//! a formula, so text that starts with `=` prints as written. The bytes are deterministic: the
//! creation date comes from the profile's issue date, never from the clock.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::RenderError;
use crate::library::{category_summary, Category, Stage};
use crate::pack::matrix::{Compliance, MatrixColumn, MATRIX_SHEET};
use crate::pack::{PackClause, TenderPack};
use crate::typography::{long_date, long_date_time};

/// What each answer a supplier may give means, as the Instructions sheet explains it.
fn compliance_meaning(answer: Compliance) -> &'static str {
    match answer {
        Compliance::Full => "The Solution meets the requirement in full, as written, from the start of the contract. Say how in the Supplier response and give the Evidence reference.",
        Compliance::Partial => "The Solution meets part of the requirement. Say which part is not met, and give a Remediation commitment: the action you will take and the date by which the requirement will be met in full (for example 31 March 2027).",
        Compliance::NonCompliant => "The Solution does not meet the requirement. For a tender gate this excludes the tender. For a contract requirement give a Remediation commitment (action and date); if accepted it becomes a contract term.",
        Compliance::NotApplicable => "The requirement does not apply to what you are offering. Give a Justification explaining why; the Council decides whether to accept it.",
    }
}

/// The width of a Matrix sheet column, in Excel character units.
fn width(column: MatrixColumn) -> f64 {
    match column {
        MatrixColumn::RequirementId => 12.0,
        MatrixColumn::Version => 8.0,
        MatrixColumn::PackRef => 8.0,
        MatrixColumn::Section => 16.0,
        MatrixColumn::Requirement => 60.0,
        MatrixColumn::Obligation => 11.0,
        MatrixColumn::Stage => 15.0,
        MatrixColumn::EvidenceRequired => 36.0,
        MatrixColumn::Compliance => 15.0,
        MatrixColumn::SupplierResponse => 50.0,
        MatrixColumn::EvidenceReference => 24.0,
        MatrixColumn::RemediationCommitment => 34.0,
        MatrixColumn::Justification => 30.0,
    }
}

/// A matrix column as a worksheet column number (the matrix starts in column A).
fn sheet_column(column: MatrixColumn) -> u16 {
    column.index() as u16
}

/// Widths of the Instructions sheet's two columns.
const LABEL_WIDTH: f64 = 24.0;
const BODY_WIDTH: f64 = 90.0;

const HEADER_FILL: u32 = 0x1F3864;
const BUYER_FILL: u32 = 0xF2F2F2;
const MANDATORY_FILL: u32 = 0xFCE4D6;
const GRID: u32 = 0xBFBFBF;

fn err(e: XlsxError) -> RenderError {
    RenderError {
        format: "xlsx",
        message: e.to_string(),
    }
}

/// Excel header/footer text treats `&` as a control character.
fn header_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// Cuts text to what an Excel prompt accepts (at most `max` characters).
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// Points per line of 11-point text.
const LINE_HEIGHT: f64 = 15.0;

/// The row height (points) that shows every cell's wrapped text in full. LibreOffice does not
/// re-fit rows when it opens a workbook, so heights are estimated here from text length and
/// column width (Excel width units hold about 1.2 average characters of body text).
fn wrapped_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 1.2).max(1.0);
            text.split('\n')
                .map(|para| ((para.chars().count() as f64) / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * LINE_HEIGHT + 3.0).min(409.0)
}

/// The creation date recorded in the workbook: the issue date, or a fixed date when the profile
/// has none (the clock is never used).
fn creation_date(pack: &TenderPack) -> Result<ExcelDateTime, XlsxError> {
    let parsed = pack.meta.issue_date.as_deref().and_then(|d| {
        let mut it = d.split('-').map(|p| p.parse::<u16>().ok());
        Some((it.next()??, it.next()??, it.next()??))
    });
    match parsed {
        Some((y, m, d)) => ExcelDateTime::from_ymd(y, m as u8, d as u8),
        None => ExcelDateTime::from_ymd(1980, 1, 1),
    }
}

fn properties(pack: &TenderPack) -> Result<DocProperties, XlsxError> {
    let m = &pack.meta;
    let created = creation_date(pack)?;
    Ok(DocProperties::new()
        .set_title(format!("{} — supplier response matrix", m.title))
        .set_subject(format!(
            "Security requirements response matrix, {}",
            m.reference
        ))
        .set_author(m.buyer.as_str())
        .set_company(m.buyer.as_str())
        .set_category("Tender response matrix")
        .set_keywords(m.keywords.join(", "))
        .set_comment(format!(
            "Produced by {} {} from clause library {} {} (sha256 {}) and profile sha256 {}",
            m.tool_name,
            m.tool_version,
            m.library_name,
            m.library_version,
            m.library_sha256,
            m.profile_sha256
        ))
        .set_creation_datetime(&created)
        .set_custom_property("Tender reference", m.reference.as_str())
        .set_custom_property("Tender version", m.version.as_str())
        .set_custom_property("Library name", m.library_name.as_str())
        .set_custom_property("Library version", m.library_version.as_str())
        .set_custom_property("Library SHA-256", m.library_sha256.as_str())
        .set_custom_property("Profile SHA-256", m.profile_sha256.as_str())
        .set_custom_property(
            "Produced by",
            format!("{} {}", m.tool_name, m.tool_version).as_str(),
        ))
}

/// Writes `response-matrix.xlsx`.
pub fn write_xlsx(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(pack).map_err(err)?);
    let instructions = wb.add_worksheet();
    write_instructions(instructions, pack).map_err(err)?;
    instructions.set_active(true);
    let matrix = wb.add_worksheet();
    write_matrix(matrix, pack).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

fn page_setup(ws: &mut Worksheet, pack: &TenderPack, what: &str) {
    let m = &pack.meta;
    let left = m.marking.as_deref().map(header_text).unwrap_or_default();
    let header = clip(
        &format!("&L{left}&C{} — {what}&R{left}", header_text(&m.reference)),
        250,
    );
    ws.set_header(header);
    ws.set_footer("&CPage &P of &N");
    ws.set_paper_size(9); // A4
}

/// Writes the Instructions sheet row by row, sizing each row to its wrapped text.
struct InstructionWriter<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    label: Format,
    body: Format,
    heading: Format,
}

impl InstructionWriter<'_> {
    fn line(&mut self, label: &str, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.row, 0, label, &self.label)?;
        self.ws
            .write_string_with_format(self.row, 1, text, &self.body)?;
        let height = wrapped_height(&[(label, LABEL_WIDTH), (text, BODY_WIDTH)]);
        if height > LINE_HEIGHT + 3.0 {
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

fn write_instructions(ws: &mut Worksheet, pack: &TenderPack) -> Result<(), XlsxError> {
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
        .set_font_color(Color::RGB(HEADER_FILL));
    let subtitle = Format::new()
        .set_bold()
        .set_font_size(12)
        .set_font_color(Color::RGB(HEADER_FILL));
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
    let mut steps = vec![
        "Answer every row of the Matrix sheet. Each row is one requirement of the security requirements document; the Pack ref column gives its number there.".to_string(),
        "In Compliance, choose Full, Partial, Non-compliant or Not applicable from the drop-down (meanings below).".to_string(),
        "In Supplier response, say how your Solution meets the requirement. In Evidence reference, name the document and section where the evidence listed in Evidence required can be found.".to_string(),
        "For Partial or Non-compliant, fill in Remediation commitment with the action you will take and the date it will be complete (for example 31 March 2027).".to_string(),
        "For Not applicable, fill in Justification.".to_string(),
        "Do not change the shaded columns (Requirement ID to Evidence required): they are the requirement as issued and are locked. The sheet is protected without a password only to prevent accidental edits; a row whose requirement was changed is treated as not answered.".to_string(),
        "Do not add, delete or reorder rows. Return the workbook as .xlsx (or as CSV UTF-8 with the same columns).".to_string(),
    ];
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

    let limited: Vec<&PackClause> = pack
        .clauses
        .iter()
        .filter(|c| c.word_limit.is_some())
        .collect();
    if !limited.is_empty() {
        w.heading("Word limits")?;
        w.line("", "Answers to these award criteria have a word limit for the Supplier response. Keep each answer within its limit.")?;
        for c in limited {
            let limit = c.word_limit.unwrap_or_default();
            w.line(
                &format!("{} {}", c.pack_ref, c.id),
                &format!("{}: at most {limit} words", c.title),
            )?;
        }
    }

    w.heading("Colours in the Matrix")?;
    for (fill, text) in [
        (
            MANDATORY_FILL,
            "Tender gate or contract requirement (MUST), as issued: locked.",
        ),
        (
            BUYER_FILL,
            "Scored (SHOULD) requirement, as issued: locked.",
        ),
        (
            0xFFFFFF,
            "Your answer: Compliance to Justification are open for editing.",
        ),
    ] {
        w.label = Format::new()
            .set_background_color(Color::RGB(fill))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(GRID));
        w.line("", text)?;
    }
    w.ws.protect();
    Ok(())
}

fn write_matrix(ws: &mut Worksheet, pack: &TenderPack) -> Result<(), XlsxError> {
    ws.set_name(MATRIX_SHEET)?;
    page_setup(ws, pack, "supplier response matrix");
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_zoom(90);

    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(GRID));
    let header = cell
        .clone()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(HEADER_FILL));
    let supplier_header = header.clone().set_background_color(Color::RGB(0x2E75B6));
    let buyer = cell.clone().set_background_color(Color::RGB(BUYER_FILL));
    let mandatory = cell
        .clone()
        .set_background_color(Color::RGB(MANDATORY_FILL));
    let mandatory_bold = mandatory.clone().set_bold();
    let supplier = cell.clone().set_unlocked();

    for column in MatrixColumn::ALL {
        let col = sheet_column(column);
        ws.set_column_width(col, width(column))?;
        let f = if column.is_supplier() {
            &supplier_header
        } else {
            &header
        };
        ws.write_string_with_format(0, col, column.title(), f)?;
    }
    let titles: Vec<(&str, f64)> = MatrixColumn::ALL
        .iter()
        .map(|c| (c.title(), width(*c)))
        .collect();
    ws.set_row_height(0, wrapped_height(&titles))?;
    ws.set_freeze_panes(1, 1)?;

    for (i, c) in pack.clauses.iter().enumerate() {
        let row = i as u32 + 1;
        let must = c.category != Category::Scored;
        let base = if must { &mandatory } else { &buyer };
        let cells: Vec<(MatrixColumn, String)> = MatrixColumn::buyer()
            .map(|column| (column, column.issued(c)))
            .collect();
        let sized: Vec<(&str, f64)> = cells
            .iter()
            .map(|(column, text)| (text.as_str(), width(*column)))
            .collect();
        ws.set_row_height(row, wrapped_height(&sized))?;
        for (column, value) in &cells {
            let col = sheet_column(*column);
            let f = if must && *column == MatrixColumn::Obligation {
                &mandatory_bold
            } else {
                base
            };
            if *column == MatrixColumn::Version {
                ws.write_number_with_format(row, col, f64::from(c.version), f)?;
            } else {
                ws.write_string_with_format(row, col, value, f)?;
            }
        }
        for column in MatrixColumn::ALL.into_iter().filter(|c| c.is_supplier()) {
            ws.write_blank(row, sheet_column(column), &supplier)?;
        }
        if let (Some(limit), Stage::Award) = (c.word_limit, c.stage) {
            let v = DataValidation::new()
                .allow_any_value()
                .set_input_title("Word limit")?
                .set_input_message(format!("Answer in at most {limit} words."))?;
            let response = sheet_column(MatrixColumn::SupplierResponse);
            ws.add_data_validation(row, response, row, response, &v)?;
        }
    }

    let last = pack.clauses.len() as u32;
    if last > 0 {
        let values = Compliance::ALL.map(Compliance::label);
        let v = DataValidation::new()
            .allow_list_strings(&values)?
            .set_input_title("Compliance")?
            .set_input_message(clip(
                "Choose Full, Partial, Non-compliant or Not applicable. Partial and Non-compliant need a Remediation commitment (action and date); Not applicable needs a Justification.",
                255,
            ))?
            .set_error_title("Not an allowed answer")?
            .set_error_message("Choose Full, Partial, Non-compliant or Not applicable from the list.")?
            .set_error_style(DataValidationErrorStyle::Stop);
        let compliance = sheet_column(MatrixColumn::Compliance);
        ws.add_data_validation(1, compliance, last, compliance, &v)?;
    }
    ws.autofilter(0, 0, last.max(1), MatrixColumn::ALL.len() as u16 - 1)?;
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&options);
    Ok(())
}
