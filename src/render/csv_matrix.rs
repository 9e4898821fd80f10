//! The supplier response matrix as CSV (UTF-8, header row first, columns of contract §6).

use super::{matrix_row, neutralise_formula, RenderError, MATRIX_COLUMNS};
use crate::pack::TenderPack;

pub fn write_csv(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    let err = |e: csv::Error| RenderError {
        format: "csv",
        message: e.to_string(),
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(MATRIX_COLUMNS).map_err(err)?;
    for c in &pack.clauses {
        let mut cells: Vec<String> = matrix_row(c)
            .iter()
            .map(|s| neutralise_formula(s))
            .collect();
        cells.extend(std::iter::repeat_n(
            String::new(),
            MATRIX_COLUMNS.len() - cells.len(),
        ));
        w.write_record(&cells).map_err(err)?;
    }
    w.into_inner().map_err(|e| RenderError {
        format: "csv",
        message: e.to_string(),
    })
}
