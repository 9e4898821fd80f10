//! Reading a CSV response: delimiter sniffing, UTF-8 checks and quotes left open.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pack::matrix::MatrixColumn;

use super::header::{header_help, map_header};
use super::xlsx_bounds::MAX_ROW;
use super::{at, clean_cell, ResponseRow, ResponseSheet, SheetKind};

/// Reads CSV text (UTF-8, optionally with a BOM; comma, semicolon or tab separated).
pub(super) fn read_csv(path: &str, bytes: &[u8]) -> Result<ResponseSheet, Diagnostics> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error("the response is empty")
            .in_file(path)
            .help(header_help())
            .into());
    }
    if body.starts_with(b"PK\x03\x04") {
        return Err(
            Diagnostic::error("this is a zip archive (an XLSX workbook?), not CSV text")
                .in_file(path)
                .help("name it .xlsx, or export the Matrix sheet as CSV UTF-8")
                .into(),
        );
    }
    let mut warnings = Vec::new();
    let first_line = body.split(|b| *b == b'\n').next().unwrap_or(body);
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|c| (count(*c), *c == b','))
        .unwrap_or(b',');
    if delimiter != b',' {
        warnings.push(
            Diagnostic::warning(format!(
                "read as {}-separated values",
                if delimiter == b';' {
                    "semicolon"
                } else {
                    "tab"
                }
            ))
            .in_file(path),
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let mut header: Option<(usize, Vec<usize>)> = None;
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    // Rows are numbered as a spreadsheet shows them (the header is row 1), not by text line:
    // requirement text holds line breaks, so the two differ, and suppliers open CSV in Excel.
    let mut row = 0;
    // Where the last record starts: the csv reader takes a quote that is never closed as a cell
    // running to the end of the file, so that is checked once the file is read.
    let mut last_start = 0;
    loop {
        row += 1;
        if row > MAX_ROW as usize {
            return Err(at(
                path,
                row,
                None,
                format!("row {row} is past the last row a response matrix may use ({MAX_ROW})"),
            )
            .help("a response matrix has one row per requirement: return it as issued")
            .into());
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                last_start = record.position().map_or(0, |p| p.byte() as usize);
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(String::new(), |p| format!(" (text line {})", p.line()));
                return Err(at(
                    path,
                    row,
                    None,
                    format!("cannot read this CSV row{line}: {e}"),
                )
                .into());
            }
        }
        let column_name = |i: usize| csv_column_name(&header, i);
        let mut texts = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(t) if t.contains('\0') => {
                    return Err(at(
                        path,
                        row,
                        Some(&column_name(i)),
                        "holds NUL characters: the file looks like UTF-16 text, not UTF-8",
                    )
                    .help("save the file as \"CSV UTF-8\" (Excel: File > Save As > CSV UTF-8 (Comma delimited))")
                    .into());
                }
                Ok(t) => texts.push(t.to_string()),
                Err(e) => {
                    let bad = field.get(e.valid_up_to()).copied().unwrap_or(0);
                    return Err(at(
                        path,
                        row,
                        Some(&column_name(i)),
                        format!("not valid UTF-8 (byte 0x{bad:02X} after {} characters)", String::from_utf8_lossy(&field[..e.valid_up_to()]).chars().count()),
                    )
                    .help("save the file as \"CSV UTF-8\" (Excel: File > Save As > CSV UTF-8 (Comma delimited))")
                    .into());
                }
            }
        }
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        match &header {
            None => {
                let cells: Vec<(usize, String)> = texts.into_iter().enumerate().collect();
                header = Some((row, map_header(path, row, &cells, &mut warnings, false)?));
            }
            Some((_, cols)) => rows.push(ResponseRow {
                row,
                cells: cols
                    .iter()
                    .map(|c| {
                        texts
                            .get(*c)
                            .map_or(String::new(), |t| clean_cell(t).to_string())
                    })
                    .collect(),
                formulas: Vec::new(),
            }),
        }
    }
    if let Some((field, open)) = unclosed_quote(body.get(last_start..).unwrap_or(&[]), delimiter) {
        let line = body[..last_start + open]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        return Err(at(
            path,
            row - 1,
            Some(&csv_column_name(&header, field)),
            format!("a quoted cell opens on text line {line} and is never closed"),
        )
        .note("everything after the opening `\"` to the end of the file would be read as this one cell")
        .help("end the cell with `\"` and write any `\"` inside it twice (`\"\"`); saving the sheet again as CSV UTF-8 from Excel or LibreOffice does both")
        .into());
    }
    let (_, columns) = header.ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::error("the response has no header row")
                .in_file(path)
                .help(header_help()),
        )
    })?;
    Ok(ResponseSheet {
        path: path.to_string(),
        kind: SheetKind::Csv,
        columns,
        rows,
        sha256: String::new(),
        warnings,
    })
}

/// A CSV column by its matrix title once the header is read, else by its number.
fn csv_column_name(header: &Option<(usize, Vec<usize>)>, i: usize) -> String {
    match header {
        Some((_, cols)) => cols
            .iter()
            .position(|c| *c == i)
            .map_or(format!("{}", i + 1), |m| {
                MatrixColumn::ALL[m].title().to_string()
            }),
        None => format!("{}", i + 1),
    }
}

/// Whether the CSV text ends inside a quoted cell, read as the csv crate reads it (a `"` opens
/// a quoted cell only at the start of a cell; `""` inside one is a quote). Returns the cell's
/// index in its record and the offset of its opening quote.
fn unclosed_quote(text: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::CellStart;
    let (mut field, mut open) = (0, 0);
    for (i, &b) in text.iter().enumerate() {
        let ends_record = b == b'\n' || b == b'\r';
        state = match state {
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::CellStart if b == b'"' => {
                open = i;
                State::Quoted
            }
            _ if b == delimiter => {
                field += 1;
                State::CellStart
            }
            _ if ends_record => {
                field = 0;
                State::CellStart
            }
            _ => State::Unquoted,
        };
    }
    matches!(state, State::Quoted).then_some((field, open))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_left_open_at_the_end_is_found() {
        assert_eq!(unclosed_quote(b"a,\"b\nc", b','), Some((1, 2)));
        assert_eq!(unclosed_quote(b"a,\"b\"\"c\"\n", b','), None);
        assert_eq!(
            unclosed_quote(b"a,b\"c\n", b','),
            None,
            "a quote inside a cell is text"
        );
        assert_eq!(unclosed_quote(b"x\r\na;\"b", b';'), Some((1, 5)));
    }
}
