//! Writers: each turns the tender-pack model into the bytes of one format. Writers read the
//! model only; they never re-select, renumber or reload anything.

mod csv_matrix;
mod design;
pub mod docx;
mod html;
mod json;
pub(crate) mod library_check;
pub(crate) mod markdown;
pub(crate) mod markup;
pub mod pdf;
pub(crate) mod references;
pub(crate) mod xlsx;

use crate::format::Format;
use crate::pack::TenderPack;

/// A writer could not produce its format (for example a character the PDF font cannot draw).
#[derive(Debug, thiserror::Error)]
#[error("{format} writer: {message}")]
pub struct RenderError {
    pub format: &'static str,
    pub message: String,
}

/// Renders one format to bytes.
pub fn render(pack: &TenderPack, format: Format) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Md => Ok(markdown::write_markdown(pack).into_bytes()),
        Format::Json => Ok(json::write_json(pack)),
        Format::Csv => csv_matrix::write_csv(pack),
        Format::Xlsx => xlsx::write_xlsx(pack),
        Format::Pdf => pdf::write_pdf(pack),
        Format::Docx => docx::write_docx(pack),
        Format::Html => html::write_html(pack),
    }
}

/// Renders several formats at once on rayon's pool (the PDF takes longest, so the others finish
/// alongside it). The results come back in the order asked; if several writers fail, the first
/// failure in that order is the one reported, so the message does not depend on timing.
pub fn render_all(pack: &TenderPack, formats: &[Format]) -> Result<Vec<Vec<u8>>, RenderError> {
    use rayon::prelude::*;
    let results: Vec<Result<Vec<u8>, RenderError>> = formats
        .par_iter()
        .map(|&format| render(pack, format))
        .collect();
    results.into_iter().collect()
}

/// Makes a spreadsheet cell inert: text starting with = + - @ or a tab/CR would be read as a
/// formula by Excel and LibreOffice, so it gets a leading apostrophe.
pub fn neutralise_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}
