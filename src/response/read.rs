//! Reading a supplier's filled response matrix (CSV or XLSX) into rows of text.
//!
//! Every cell is data: a formula is read as its text (`=…`), never evaluated. Anything that
//! stops the file being read at all (missing, a directory, not UTF-8, not a workbook, a header
//! without the matrix columns) is a diagnostic naming the file, row and column, and `assess`
//! exits 2.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use sha2::{Digest, Sha256};

use crate::diagnostics::{did_you_mean, io_reason, Diagnostic, Diagnostics};
use crate::library::hex;
use crate::render::MATRIX_COLUMNS;

use super::dates::Date;

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
    /// Cell text in `MATRIX_COLUMNS` order, trimmed of surrounding whitespace.
    pub cells: Vec<String>,
    /// Matrix columns (indexes into `MATRIX_COLUMNS`) whose cell held a formula.
    pub formulas: Vec<usize>,
}

impl ResponseRow {
    /// The cell of a matrix column, by its title.
    pub fn get(&self, column: &str) -> &str {
        MATRIX_COLUMNS
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }
}

/// A whole response matrix as read.
#[derive(Debug, Clone)]
pub struct ResponseSheet {
    /// The path as the user gave it.
    pub path: String,
    pub kind: SheetKind,
    /// Where each matrix column is in the file (0-based column number).
    pub columns: Vec<usize>,
    pub rows: Vec<ResponseRow>,
    /// SHA-256 of the file's bytes, for the evaluation record.
    pub sha256: String,
    /// Findings that do not stop the read (extra columns, a semicolon-separated CSV).
    pub warnings: Vec<Diagnostic>,
}

impl ResponseSheet {
    /// `response.csv:14: column `Compliance`` or `response.xlsx:14: column `Compliance` (cell I14)`.
    pub fn position(&self, row: usize, column: Option<&str>) -> String {
        let mut s = format!("{}:{row}", self.path);
        if let Some(title) = column {
            s.push_str(&format!(": column `{title}`"));
            if let (SheetKind::Xlsx { .. }, Some(i)) =
                (&self.kind, MATRIX_COLUMNS.iter().position(|c| *c == title))
            {
                s.push_str(&format!(" (cell {}{row})", column_letters(self.columns[i])));
            }
        }
        s
    }
}

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

/// What a response matrix starts with, for messages about a missing or wrong header.
fn header_help() -> String {
    format!(
        "a response matrix starts with the header row: {}",
        MATRIX_COLUMNS.join(", ")
    )
}

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
    if path.is_dir() {
        return Err(
            Diagnostic::error("expected a response matrix file but this is a directory")
                .in_file(path)
                .help("pass the filled response-matrix.xlsx or response-matrix.csv")
                .into(),
        );
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot read the response: {}", io_reason(&e)))
                .in_file(path)
                .help("pass the filled response-matrix.xlsx or response-matrix.csv"),
        )
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

/// Finds each matrix column in a header row. Extra columns are allowed (with a warning).
fn map_header(
    path: &str,
    row: usize,
    header: &[(usize, String)],
    warnings: &mut Vec<Diagnostic>,
    xlsx: bool,
) -> Result<Vec<usize>, Diagnostics> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let is_title = |h: &str| MATRIX_COLUMNS.iter().any(|t| norm(t) == norm(h));
    if !header.iter().any(|(_, h)| is_title(h)) {
        let first: Vec<&str> = header
            .iter()
            .map(|(_, h)| h.trim())
            .filter(|h| !h.is_empty())
            .take(3)
            .collect();
        return Err(at(
            path,
            row,
            None,
            "this row should be the matrix header, but none of its cells is a column title",
        )
        .note(format!("it reads: `{}`", first.join("`, `")))
        .help(header_help())
        .into());
    }
    // Near misses are looked for only among the cells that are not already a column title.
    let strays: Vec<&str> = header
        .iter()
        .map(|(_, h)| h.as_str())
        .filter(|h| !is_title(h))
        .collect();
    let mut columns = Vec::new();
    let mut diags = Diagnostics::default();
    let mut missing: Vec<(&str, Option<&str>)> = Vec::new();
    for title in MATRIX_COLUMNS {
        let found: Vec<usize> = header
            .iter()
            .filter(|(_, h)| norm(h) == norm(title))
            .map(|(i, _)| *i)
            .collect();
        match found.as_slice() {
            [one] => columns.push(*one),
            [] => missing.push((title, did_you_mean(title, strays.iter().copied()))),
            [first, second, ..] => {
                let place = |i: usize| {
                    if xlsx {
                        column_letters(i)
                    } else {
                        (i + 1).to_string()
                    }
                };
                diags.push(
                    at(
                        path,
                        row,
                        Some(title),
                        format!(
                            "appears twice in the header (columns {} and {})",
                            place(*first),
                            place(*second)
                        ),
                    )
                    .help("keep one column of each title, as issued"),
                );
            }
        }
    }
    if !missing.is_empty() {
        let titles: Vec<String> = missing.iter().map(|(t, _)| format!("`{t}`")).collect();
        let mut d = at(
            path,
            row,
            None,
            format!(
                "the header has no {} column{}",
                titles.join(", "),
                if titles.len() == 1 { "" } else { "s" }
            ),
        );
        for (title, near) in &missing {
            if let Some(n) = near {
                d = d.note(format!("`{n}` looks like `{title}`"));
            }
        }
        diags.push(d.help(format!(
            "the header must use the column titles as issued: {}",
            MATRIX_COLUMNS.join(", ")
        )));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let extra: Vec<&str> = header
        .iter()
        .filter(|(i, h)| !h.trim().is_empty() && !columns.contains(i))
        .map(|(_, h)| h.as_str())
        .collect();
    if !extra.is_empty() {
        warnings.push(
            Diagnostic::warning(format!(
                "extra column{} ignored: {}",
                if extra.len() == 1 { "" } else { "s" },
                extra.join(", ")
            ))
            .in_file(format!("{path}:{row}")),
        );
    }
    Ok(columns)
}

fn read_csv(path: &str, bytes: &[u8]) -> Result<ResponseSheet, Diagnostics> {
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
                            .map_or(String::new(), |t| t.trim().to_string())
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
            .map_or(format!("{}", i + 1), |m| MATRIX_COLUMNS[m].to_string()),
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

/// A cell's value as text. Dates become `YYYY-MM-DD`; whole numbers lose their `.0`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let serial = dt.as_f64();
            match Date::from_excel_serial(serial.floor() as i64) {
                Some(date) => date.to_string(),
                None => serial.to_string(),
            }
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx(path: &str, bytes: &[u8]) -> Result<ResponseSheet, Diagnostics> {
    if !bytes.starts_with(b"PK\x03\x04") {
        let help = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            "this looks like an Excel 97-2003 .xls file: save it as .xlsx (Excel Workbook)"
        } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
            "this looks like text: if it is CSV, name it .csv"
        } else {
            "save the response as an Excel Workbook (.xlsx) or as CSV UTF-8"
        };
        return Err(
            Diagnostic::error("not an XLSX workbook: the file is not a zip archive")
                .in_file(path)
                .help(help)
                .into(),
        );
    }
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot read the workbook: {e}"))
                .in_file(path)
                .help("open it in Excel or LibreOffice and save it again as .xlsx"),
        )
    })?;
    let names = wb.sheet_names();
    let mut chosen = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("Matrix"))
        .cloned();
    if chosen.is_none() {
        for n in &names {
            if let Ok(range) = wb.worksheet_range(n) {
                if range.rows().next().is_some_and(|r| {
                    r.iter()
                        .any(|c| cell_text(c).trim().eq_ignore_ascii_case("Requirement ID"))
                }) {
                    chosen = Some(n.clone());
                    break;
                }
            }
        }
    }
    let Some(sheet) = chosen else {
        return Err(Diagnostic::error("the workbook has no `Matrix` sheet")
            .in_file(path)
            .note(format!("its sheets: {}", names.join(", ")))
            .help("return the response matrix as issued, with its Matrix sheet")
            .into());
    };
    let range = wb.worksheet_range(&sheet).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot read sheet `{sheet}`: {e}"))
                .in_file(path)
                .help("open it in Excel or LibreOffice and save it again as .xlsx"),
        )
    })?;
    let formulas = wb.worksheet_formula(&sheet).ok();
    let Some((top, left)) = range.start() else {
        return Err(Diagnostic::error(format!("sheet `{sheet}` is empty"))
            .in_file(path)
            .help(header_help())
            .into());
    };
    let (top, left) = (top as usize, left as usize);
    let formula_at = |r: usize, c: usize| -> Option<String> {
        let f = formulas.as_ref()?.get_value((r as u32, c as u32))?;
        (!f.is_empty()).then(|| {
            if f.starts_with('=') {
                f.clone()
            } else {
                format!("={f}")
            }
        })
    };
    let mut warnings = Vec::new();
    let mut header: Option<Vec<usize>> = None;
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let abs_row = top + i;
        let row = abs_row + 1;
        let texts: Vec<(usize, String, bool)> = cells
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let col = left + j;
                match formula_at(abs_row, col) {
                    Some(f) => (col, f, true),
                    None => (col, cell_text(c), false),
                }
            })
            .collect();
        if texts.iter().all(|(_, t, _)| t.trim().is_empty()) {
            continue;
        }
        match &header {
            None => {
                let cells: Vec<(usize, String)> =
                    texts.into_iter().map(|(c, t, _)| (c, t)).collect();
                header = Some(map_header(path, row, &cells, &mut warnings, true)?);
            }
            Some(cols) => {
                let get = |col: usize| texts.iter().find(|(c, _, _)| *c == col);
                rows.push(ResponseRow {
                    row,
                    cells: cols
                        .iter()
                        .map(|c| get(*c).map_or(String::new(), |(_, t, _)| t.trim().to_string()))
                        .collect(),
                    formulas: cols
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| get(**c).is_some_and(|(_, _, f)| *f))
                        .map(|(m, _)| m)
                        .collect(),
                });
            }
        }
    }
    let columns = header.ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::error(format!("sheet `{sheet}` has no header row"))
                .in_file(path)
                .help(header_help()),
        )
    })?;
    Ok(ResponseSheet {
        path: path.to_string(),
        kind: SheetKind::Xlsx { sheet },
        columns,
        rows,
        sha256: String::new(),
        warnings,
    })
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
        let csv = format!("{}\n", MATRIX_COLUMNS.join(","));
        let sheet = read_response_bytes("response.csv", csv.as_bytes()).unwrap();
        assert_eq!(sheet.kind, SheetKind::Csv);
        assert!(sheet.rows.is_empty());
        let err = read_response_bytes("response.xlsx", csv.as_bytes()).unwrap_err();
        assert!(err.0[0].message.contains("not a zip archive"));
    }

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
