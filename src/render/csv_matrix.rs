//! The supplier response matrix as CSV, the machine-readable copy of the XLSX: UTF-8 with a
//! byte-order mark (so that Excel opens it as UTF-8), header row first, the columns of contract
//! §6. Every value survives a spreadsheet's default CSV import unchanged: pack references carry
//! a `§` so that `6.10` is not read as the number 6.1, and text that would be read as a
//! formula gets a leading apostrophe.

use super::{neutralise_formula, RenderError};
use crate::pack::matrix::{MatrixColumn, CSV_PACK_REF_SIGN};
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
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(MatrixColumn::ALL.map(MatrixColumn::title))
        .map_err(err)?;
    for c in &pack.clauses {
        let cells = MatrixColumn::ALL.map(|column| match column {
            MatrixColumn::PackRef => format!("{CSV_PACK_REF_SIGN}{}", c.pack_ref),
            _ => neutralise_formula(&column.issued(c)),
        });
        w.write_record(&cells).map_err(err)?;
    }
    w.into_inner().map_err(|e| RenderError {
        format: "csv",
        message: e.to_string(),
    })
}
