//! Reading an XLSX response: the Matrix sheet, cell values as text, formulas as their text.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader, Xlsx};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pack::matrix::{MatrixColumn, MATRIX_SHEET};
use crate::response::dates::Date;

use super::header::{header_help, map_header};
use super::xlsx_bounds::bound_workbook;
use super::{clean_cell, ResponseRow, ResponseSheet, SheetKind};

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

/// Reads the `Matrix` sheet of a workbook (or the first sheet whose top row has `Requirement ID`).
pub(super) fn read_xlsx(path: &str, bytes: &[u8]) -> Result<ResponseSheet, Diagnostics> {
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
    let bounded = bound_workbook(bytes).map_err(|r| Diagnostics::from(r.diagnostic(path)))?;
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bounded.zip)).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!("cannot read the workbook: {e}"))
                    .in_file(path)
                    .help("open it in Excel or LibreOffice and save it again as .xlsx"),
            )
        })?;
    let names = wb.sheet_names();
    let mut chosen = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(MATRIX_SHEET))
        .cloned();
    if chosen.is_none() {
        let first = MatrixColumn::RequirementId.title();
        for n in &names {
            let Ok(cells) = read_cells(&mut wb, n, true) else {
                continue;
            };
            if cells.values().next().is_some_and(|row| {
                row.iter()
                    .any(|(_, t, _)| t.trim().eq_ignore_ascii_case(first))
            }) {
                chosen = Some(n.clone());
                break;
            }
        }
    }
    let Some(sheet) = chosen else {
        return Err(
            Diagnostic::error(format!("the workbook has no `{MATRIX_SHEET}` sheet"))
                .in_file(path)
                .note(format!("its sheets: {}", names.join(", ")))
                .help(format!(
                    "return the response matrix as issued, with its {MATRIX_SHEET} sheet"
                ))
                .into(),
        );
    };
    let cells = read_cells(&mut wb, &sheet, false).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot read sheet `{sheet}`: {e}"))
                .in_file(path)
                .help("open it in Excel or LibreOffice and save it again as .xlsx"),
        )
    })?;
    if cells.is_empty() {
        return Err(Diagnostic::error(format!("sheet `{sheet}` is empty"))
            .in_file(path)
            .help(header_help())
            .into());
    }
    let mut warnings = Vec::new();
    let mut header: Option<Vec<usize>> = None;
    let mut rows = Vec::new();
    for (abs_row, texts) in cells {
        let row = abs_row as usize + 1;
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
                        .map(|c| {
                            get(*c).map_or(String::new(), |(_, t, _)| clean_cell(t).to_string())
                        })
                        .collect(),
                    formulas: MatrixColumn::ALL
                        .into_iter()
                        .zip(cols)
                        .filter(|(_, c)| get(**c).is_some_and(|(_, _, f)| *f))
                        .map(|(m, _)| m)
                        .collect(),
                });
            }
        }
    }
    super::award::take_award_answers(&mut wb, path, &mut rows, &mut warnings);
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

/// The cells of a sheet that hold a value or a formula, by 0-based row: (column, text, whether
/// the text is a formula), in column order. Read cell by cell (the workbook passed
/// `bound_workbook`), so memory follows the cells present, never the rectangle they span.
/// `first_row_only` stops after the first row with a value (to find the matrix sheet).
pub(super) type SheetCells = BTreeMap<u32, Vec<(usize, String, bool)>>;

pub(super) fn read_cells<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    sheet: &str,
    first_row_only: bool,
) -> Result<SheetCells, calamine::XlsxError> {
    let mut cells: SheetCells = BTreeMap::new();
    {
        let mut reader = wb.worksheet_cells_reader(sheet)?;
        while let Some(cell) = reader.next_cell()? {
            let (r, c) = cell.get_position();
            if first_row_only && cells.keys().next().is_some_and(|first| *first != r) {
                break;
            }
            let text = cell_text(&Data::from(cell.get_value().clone()));
            if !text.is_empty() {
                cells.entry(r).or_default().push((c as usize, text, false));
            }
        }
    }
    if first_row_only {
        return Ok(cells);
    }
    // Formulas: shown as written, in place of (or beside) the value they computed.
    if let Ok(mut reader) = wb.worksheet_cells_reader(sheet) {
        while let Ok(Some(cell)) = reader.next_formula() {
            let f = cell.get_value();
            if f.is_empty() {
                continue;
            }
            let (r, c) = cell.get_position();
            let text = if f.starts_with('=') {
                f.clone()
            } else {
                format!("={f}")
            };
            let row = cells.entry(r).or_default();
            match row.iter_mut().find(|(col, _, _)| *col == c as usize) {
                Some(existing) => *existing = (c as usize, text, true),
                None => row.push((c as usize, text, true)),
            }
        }
    }
    for row in cells.values_mut() {
        row.sort_by_key(|(c, _, _)| *c);
    }
    Ok(cells)
}
