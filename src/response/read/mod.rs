//! Reading a supplier's filled response matrix (CSV or XLSX) into rows of text.
//!
//! Every cell is data: a formula is read as its text (`=…`), never evaluated. Anything that
//! stops the file being read at all (missing, a directory, not UTF-8, not a workbook, a header
//! without the matrix columns) is a diagnostic naming the file, row and column, and `assess`
//! exits 2.

mod award;
mod csv;
mod header;
mod xlsx;
pub mod xlsx_bounds;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::hex;
use crate::pack::matrix::MatrixColumn;

use self::csv::read_csv;
use self::xlsx::read_xlsx;

/// What kind of file the response is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetKind {
    Csv,
    /// An XLSX workbook; the matrix is on this sheet.
    Xlsx {
        sheet: String,
    },
}

/// One data row of the matrix.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    /// The row number a person sees: the CSV line or the spreadsheet row.
    pub row: usize,
    /// Cell text in `MatrixColumn::ALL` order, trimmed of surrounding whitespace.
    pub cells: Vec<String>,
    /// Matrix columns whose cell held a formula.
    pub formulas: Vec<MatrixColumn>,
}

impl ResponseRow {
    /// The cell of a matrix column.
    pub fn get(&self, column: MatrixColumn) -> &str {
        self.cells.get(column.index()).map_or("", String::as_str)
    }
}

/// A whole response matrix as read.
#[derive(Debug, Clone)]
pub struct ResponseSheet {
    /// The path as the user gave it.
    pub path: String,
    pub kind: SheetKind,
    /// Where each matrix column is in the file (0-based column number), in `MatrixColumn::ALL`
    /// order; `ABSENT_COLUMN` for an optional column the file does not have.
    pub columns: Vec<usize>,
    pub rows: Vec<ResponseRow>,
    /// SHA-256 of the file's bytes, for the evaluation record.
    pub sha256: String,
    /// Findings that do not stop the read (extra columns, a semicolon-separated CSV).
    pub warnings: Vec<Diagnostic>,
}

impl ResponseSheet {
    /// `response.csv:14: column `Compliance`` or `response.xlsx:14: column `Compliance` (cell I14)`.
    pub fn position(&self, row: usize, column: Option<MatrixColumn>) -> String {
        let mut s = format!("{}:{row}", self.path);
        if let Some(column) = column {
            s.push_str(&format!(": column `{}`", column.title()));
            if let (SheetKind::Xlsx { .. }, Some(&at)) = (
                &self.kind,
                self.columns
                    .get(column.index())
                    .filter(|at| **at != ABSENT_COLUMN),
            ) {
                s.push_str(&format!(" (cell {}{row})", column_letters(at)));
            }
        }
        s
    }

    /// Whether the file has the column (optional columns may be missing).
    pub fn has(&self, column: MatrixColumn) -> bool {
        self.columns
            .get(column.index())
            .is_some_and(|at| *at != ABSENT_COLUMN)
    }
}

/// The file position recorded for an optional matrix column the file does not have: no cell is
/// ever found there, so the column reads as empty.
pub const ABSENT_COLUMN: usize = usize::MAX;

/// `0` → `A`, `26` → `AA`.
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's text without surrounding whitespace or invisible characters (a byte-order mark or
/// zero-width space pasted before an id), which would make `DEV-023` fail to match `DEV-023`.
pub fn clean_cell(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
            )
    })
}

/// An error at a row (and column, when known) of the response.
fn at(path: &str, row: usize, column: Option<&str>, message: impl Into<String>) -> Diagnostic {
    let message = message.into();
    let message = match column {
        Some(c) => format!("column `{c}`: {message}"),
        None => message,
    };
    Diagnostic::error(message).in_file(format!("{path}:{row}"))
}

/// Reads a response file. CSV or XLSX is decided by the extension, or by the content when the
/// extension is neither.
pub fn read_response(path: &Path) -> Result<ResponseSheet, Diagnostics> {
    let shown = path.display().to_string();
    let bytes = crate::input::read_input(path).map_err(|e| {
        let d = match &e {
            crate::input::InputError::Io(io) => Diagnostic::error(format!(
                "cannot read the response: {}",
                crate::diagnostics::io_reason(io)
            ))
            .in_file(path),
            _ => e.diagnostic(path, "response matrix"),
        };
        Diagnostics::from(d.help("pass the filled response-matrix.xlsx or response-matrix.csv"))
    })?;
    read_response_bytes(&shown, &bytes)
}

/// Reads a response already in memory; `name` is the path shown in messages, and its extension
/// decides CSV or XLSX as in `read_response`.
pub fn read_response_bytes(name: &str, bytes: &[u8]) -> Result<ResponseSheet, Diagnostics> {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if bytes.starts_with(b"%PDF-") {
        return Err(
            Diagnostic::error("this is a PDF document, not a response matrix")
                .in_file(name)
                .help("pass the filled response-matrix.xlsx or response-matrix.csv")
                .into(),
        );
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let sha256 = hex(&Sha256::digest(bytes));
    let mut sheet = match ext.as_str() {
        "xlsx" | "xlsm" => read_xlsx(name, bytes)?,
        "csv" | "txt" => read_csv(name, bytes)?,
        _ if is_zip => read_xlsx(name, bytes)?,
        _ => read_csv(name, bytes)?,
    };
    sheet.sha256 = sha256;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(8), "I");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn bytes_are_read_as_the_name_s_extension_says() {
        let csv = format!("{}\n", MatrixColumn::ALL.map(MatrixColumn::title).join(","));
        let sheet = read_response_bytes("response.csv", csv.as_bytes()).unwrap();
        assert_eq!(sheet.kind, SheetKind::Csv);
        assert!(sheet.rows.is_empty());
        let err = read_response_bytes("response.xlsx", csv.as_bytes()).unwrap_err();
        assert!(err.0[0].message.contains("not a zip archive"));
    }
}
