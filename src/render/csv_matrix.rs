//! The supplier response matrix as CSV (UTF-8, header row first, columns of contract §6).

use super::{neutralise_formula, RenderError};
use crate::pack::matrix::MatrixColumn;
use crate::pack::TenderPack;

/// Writes `response-matrix.csv`: the header, then one row per clause with the supplier columns
/// empty.
pub fn write_csv(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    let err = |e: csv::Error| RenderError {
        format: "csv",
        message: e.to_string(),
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(MatrixColumn::ALL.map(MatrixColumn::title))
        .map_err(err)?;
    for c in &pack.clauses {
        let cells = MatrixColumn::ALL.map(|column| neutralise_formula(&column.issued(c)));
        w.write_record(&cells).map_err(err)?;
    }
    w.into_inner().map_err(|e| RenderError {
        format: "csv",
        message: e.to_string(),
    })
}
