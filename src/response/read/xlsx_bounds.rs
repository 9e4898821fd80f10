//! A bounded pre-pass over a response workbook, so that calamine only ever sees parts whose size
//! and shape were measured first.
//!
//! calamine trusts a workbook: `Range::from_sparse` allocates the whole rectangle between the
//! first and last cell (a cell at A1 and one at XFD1048576 is 17 billion cells), shared strings
//! and parts are inflated without a cap (a 100 KB zip can inflate to gigabytes), a shared
//! formula's `ref` is expanded cell by cell and its `si` index sizes a vector. None of that can
//! be configured, so the workbook is read here first, through `zip` and a streaming XML reader:
//!
//! - the archive may hold at most `MAX_ENTRIES` entries (counted from its end record before the
//!   central directory is parsed), each inflating to at most the input cap
//!   (`TENDERGUARD_MAX_INPUT_MB`, 32 MiB) and all together to twice that, measured by inflating
//!   them, never by trusting the declared sizes;
//! - `xl/sharedStrings.xml` may hold at most `MAX_SHARED_STRINGS` strings;
//! - every part with a `<sheetData>` is walked as calamine walks it (row and cell positions from
//!   `r` attributes or counted), and refused at the first cell past `MAX_ROW` or `MAX_COLUMN`,
//!   past `MAX_CELLS` cells, with a cell name calamine would misread, or with a shared formula
//!   whose index or range is out of bounds; `<dimension>` is only checked to be well formed,
//!   never used.
//!
//! The parts are then copied, uncompressed, into a new archive in memory, and that is what
//! calamine opens: it sees exactly the bytes that were measured. Reading then goes cell by cell
//! (`worksheet_cells_reader`), never through a `Range`, so memory follows the cells present.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};

use crate::diagnostics::Diagnostic;
use crate::input::{max_input_bytes, show_size, MAX_INPUT_ENV};

use super::column_letters;

/// Entries in the archive: a workbook from Excel or LibreOffice holds a dozen or two.
pub const MAX_ENTRIES: usize = 1_000;
/// The last row a response matrix may use: one row per requirement, with room to spare.
pub const MAX_ROW: u32 = 200_000;
/// The last column a response matrix may use (ALL): the matrix has a dozen.
pub const MAX_COLUMN: u32 = 1_000;
/// Cells, empty or not, in one sheet.
pub const MAX_CELLS: u64 = 1_000_000;
/// Strings in the shared-strings table.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Shared formulas: the largest `si` index, and the cells all their ranges may cover together.
pub const MAX_SHARED_FORMULAS: u64 = 10_000;

/// A workbook that passed the pre-pass: the uncompressed copy calamine reads, and each sheet's
/// part name by sheet name, for messages.
pub struct BoundedWorkbook {
    pub zip: Vec<u8>,
}

/// Why a workbook was refused, for the caller to locate: the message, and the sheet (or part)
/// and cell when there is one.
pub struct Refusal {
    pub message: String,
    pub sheet: Option<String>,
    /// 1-based row and 0-based column of the cell at fault.
    pub cell: Option<(u32, u32)>,
    pub help: String,
}

impl Refusal {
    fn whole(message: impl Into<String>, help: impl Into<String>) -> Refusal {
        Refusal {
            message: message.into(),
            sheet: None,
            cell: None,
            help: help.into(),
        }
    }

    /// The diagnostic for the file `path`: `path:ROW` when a cell is known, with the sheet and
    /// the cell name in the message.
    pub fn diagnostic(&self, path: &str) -> Diagnostic {
        let mut message = self.message.clone();
        if let Some((row, col)) = self.cell {
            message = format!("cell {}{row}: {message}", column_letters(col as usize));
        }
        if let Some(sheet) = &self.sheet {
            message = format!("sheet `{sheet}`, {message}");
        }
        let place = match self.cell {
            Some((row, _)) => format!("{path}:{row}"),
            None => path.to_string(),
        };
        Diagnostic::error(message)
            .in_file(place)
            .help(self.help.clone())
    }
}

const RESAVE: &str = "open it in Excel or LibreOffice and save it again as .xlsx";
const MATRIX: &str =
    "a response matrix has one row per requirement and a dozen columns: return it as issued";

/// Measures and copies a workbook; see the module comment.
pub fn bound_workbook(bytes: &[u8]) -> Result<BoundedWorkbook, Refusal> {
    if let Some(entries) = declared_entries(bytes) {
        if entries > MAX_ENTRIES {
            return Err(Refusal::whole(
                format!(
                    "the workbook archive holds {entries} parts; at most {MAX_ENTRIES} are read"
                ),
                RESAVE,
            ));
        }
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Refusal::whole(format!("cannot read the workbook: {e}"), RESAVE))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal::whole(
            format!(
                "the workbook archive holds {} parts; at most {MAX_ENTRIES} are read",
                archive.len()
            ),
            RESAVE,
        ));
    }
    let part_cap = max_input_bytes();
    let total_cap = part_cap.saturating_mul(2);
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| Refusal::whole(format!("cannot read the workbook: {e}"), RESAVE))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let too_big = |name: &str, cap: u64, what: &str| {
            Refusal::whole(
                format!(
                    "the workbook part `{name}` inflates to more than {} ({what})",
                    show_size(cap)
                ),
                format!(
                    "a response matrix is far smaller; set {MAX_INPUT_ENV} to a larger number of MiB if this workbook is genuine"
                ),
            )
        };
        if entry.size() > part_cap {
            return Err(too_big(&name, part_cap, "the limit for one part"));
        }
        let cap = part_cap.min(total_cap - total);
        let mut data = Vec::with_capacity(entry.size().min(cap) as usize);
        (&mut entry)
            .take(cap + 1)
            .read_to_end(&mut data)
            .map_err(|e| {
                Refusal::whole(
                    format!("cannot read the workbook part `{name}`: {e}"),
                    RESAVE,
                )
            })?;
        if data.len() as u64 > cap {
            return Err(if cap < part_cap {
                too_big(&name, total_cap, "the limit for all parts together")
            } else {
                too_big(&name, part_cap, "the limit for one part")
            });
        }
        total += data.len() as u64;
        parts.push((name, data));
    }
    let sheet_names = sheet_names_by_part(&parts);
    for (name, data) in &parts {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with("sharedstrings.xml") {
            check_shared_strings(name, data)?;
        } else if lower.ends_with(".xml") {
            let shown = sheet_names.get(name.as_str()).cloned();
            check_sheet(data, shown.unwrap_or_else(|| name.clone()))?;
        }
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(total as usize + 4096)));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, data) in &parts {
        out.start_file(name.as_str(), stored)
            .and_then(|_| out.write_all(data).map_err(Into::into))
            .map_err(|e| Refusal::whole(format!("cannot read the workbook: {e}"), RESAVE))?;
    }
    let zip = out
        .finish()
        .map_err(|e| Refusal::whole(format!("cannot read the workbook: {e}"), RESAVE))?
        .into_inner();
    Ok(BoundedWorkbook { zip })
}

/// The number of entries the archive's end record declares, read before the central directory
/// is parsed (which allocates per entry). `None` when there is no end record to read.
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let from = bytes.len().saturating_sub(22 + 65_535);
    let at = bytes[from..]
        .windows(4)
        .rposition(|w| w == EOCD)
        .map(|i| from + i)?;
    let record = bytes.get(at..at + 22)?;
    let total = u16::from_le_bytes([record[10], record[11]]);
    // 0xFFFF defers to a ZIP64 record: no workbook needs one, and the count is checked again
    // after parsing.
    Some(usize::from(total))
}

fn xml_reader(data: &[u8]) -> quick_xml::Reader<&[u8]> {
    let mut reader = quick_xml::Reader::from_reader(data);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

fn attribute(e: &BytesStart<'_>, name: &[u8]) -> Option<Vec<u8>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// Sheet names by part name (`xl/worksheets/sheet1.xml` → `Matrix`), from the workbook and its
/// relationships; a part it cannot place is named by its path in messages.
fn sheet_names_by_part(parts: &[(String, Vec<u8>)]) -> BTreeMap<String, String> {
    let find = |n: &str| {
        parts
            .iter()
            .find(|(p, _)| p == n)
            .map(|(_, d)| d.as_slice())
    };
    let mut targets: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    if let Some(rels) = find("xl/_rels/workbook.xml.rels") {
        let mut reader = xml_reader(rels);
        let mut buf = Vec::new();
        while let Ok(event) = reader.read_event_into(&mut buf) {
            match event {
                Event::Start(e) if e.local_name().as_ref() == b"Relationship" => {
                    if let (Some(id), Some(target)) =
                        (attribute(&e, b"Id"), attribute(&e, b"Target"))
                    {
                        let target = String::from_utf8_lossy(&target).into_owned();
                        let path = match target.strip_prefix('/') {
                            Some(abs) => abs.to_string(),
                            None => format!("xl/{target}"),
                        };
                        targets.insert(id, path);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
    }
    let mut names = BTreeMap::new();
    if let Some(workbook) = find("xl/workbook.xml") {
        let mut reader = xml_reader(workbook);
        let mut buf = Vec::new();
        while let Ok(event) = reader.read_event_into(&mut buf) {
            match event {
                Event::Start(e) if e.local_name().as_ref() == b"sheet" => {
                    let id = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"id")
                        .map(|a| a.value.into_owned());
                    if let (Some(name), Some(path)) =
                        (attribute(&e, b"name"), id.and_then(|id| targets.get(&id)))
                    {
                        names.insert(path.clone(), String::from_utf8_lossy(&name).into_owned());
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
    }
    names
}

fn check_shared_strings(name: &str, data: &[u8]) -> Result<(), Refusal> {
    let mut reader = xml_reader(data);
    let mut buf = Vec::new();
    let mut count: u64 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"si" => {
                count += 1;
                if count > MAX_SHARED_STRINGS {
                    return Err(Refusal::whole(
                        format!(
                            "the workbook part `{name}` holds more than {MAX_SHARED_STRINGS} shared strings"
                        ),
                        MATRIX,
                    ));
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// A cell name as calamine parses it, within the bounds calamine can count in: one to three
/// letters and one to seven digits, 1-based row and 0-based column. `None` for anything else.
fn cell_name(name: &[u8]) -> Option<(u32, u32)> {
    let letters = name.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = &name[letters..];
    if !(1..=3).contains(&letters)
        || !(1..=7).contains(&digits.len())
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let col = name[..letters].iter().fold(0u32, |acc, c| {
        acc * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    (row >= 1).then_some((row, col - 1))
}

/// A row number as calamine parses it (digits, possibly after a column name).
fn row_number(value: &[u8]) -> Option<u32> {
    let letters = value.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = &value[letters..];
    if letters > 3 || !(1..=7).contains(&digits.len()) || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    (row >= 1).then_some(row)
}

/// `A1:B2` or `A1`, each end a cell name.
fn range(value: &[u8]) -> Option<((u32, u32), (u32, u32))> {
    let mut ends = value.split(|c| *c == b':');
    let first = cell_name(ends.next()?)?;
    let last = match ends.next() {
        Some(e) => cell_name(e)?,
        None => first,
    };
    ends.next().is_none().then_some((first, last))
}

/// Walks one part's `<sheetData>` as calamine does; see the module comment.
fn check_sheet(data: &[u8], sheet: String) -> Result<(), Refusal> {
    let refuse = |cell: Option<(u32, u32)>, message: String, help: &str| Refusal {
        message,
        sheet: Some(sheet.clone()),
        cell,
        help: help.to_string(),
    };
    let mut reader = xml_reader(data);
    let mut buf = Vec::new();
    let (mut row, mut col): (u32, u32) = (1, 0);
    let mut cells: u64 = 0;
    let mut shared_area: u64 = 0;
    let mut in_data = false;
    let mut in_cell = false;
    let mut here = (1, 0);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            // Malformed XML is calamine's to report, with its own words.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"dimension" if !in_data => {
                    if let Some(r) = attribute(&e, b"ref") {
                        if range(&r).is_none() {
                            return Err(refuse(
                                None,
                                format!(
                                    "the used range `{}` is not a range of cell names",
                                    String::from_utf8_lossy(&r)
                                ),
                                RESAVE,
                            ));
                        }
                    }
                }
                b"sheetData" => in_data = true,
                b"row" if in_data => {
                    if let Some(r) = attribute(&e, b"r") {
                        row = row_number(&r).ok_or_else(|| {
                            refuse(
                                None,
                                format!(
                                    "the row number `{}` is not a row number",
                                    String::from_utf8_lossy(&r)
                                ),
                                RESAVE,
                            )
                        })?;
                    }
                    if row > MAX_ROW {
                        return Err(refuse(
                            Some((row, 0)),
                            format!("row {row} is past the last row a response matrix may use ({MAX_ROW})"),
                            MATRIX,
                        ));
                    }
                }
                b"c" if in_data => {
                    if let Some(r) = attribute(&e, b"r") {
                        let (r_row, r_col) = cell_name(&r).ok_or_else(|| {
                            refuse(
                                Some((row, col)),
                                format!(
                                    "the cell name `{}` is not a cell name like B7",
                                    String::from_utf8_lossy(&r)
                                ),
                                RESAVE,
                            )
                        })?;
                        row = r_row;
                        col = r_col;
                    }
                    here = (row, col);
                    in_cell = true;
                    if row > MAX_ROW {
                        return Err(refuse(
                            Some(here),
                            format!("row {row} is past the last row a response matrix may use ({MAX_ROW})"),
                            MATRIX,
                        ));
                    }
                    if col >= MAX_COLUMN {
                        return Err(refuse(
                            Some(here),
                            format!(
                                "column {} is past the last column a response matrix may use ({})",
                                column_letters(col as usize),
                                column_letters(MAX_COLUMN as usize - 1)
                            ),
                            MATRIX,
                        ));
                    }
                    cells += 1;
                    if cells > MAX_CELLS {
                        return Err(refuse(
                            Some(here),
                            format!("the sheet has more than {MAX_CELLS} cells"),
                            MATRIX,
                        ));
                    }
                }
                b"f" if in_cell => {
                    let shared = attribute(&e, b"t").is_some_and(|t| t == b"shared");
                    if shared {
                        if let Some(si) = attribute(&e, b"si") {
                            let index: Option<u64> =
                                std::str::from_utf8(&si).ok().and_then(|s| s.parse().ok());
                            if index.is_none_or(|i| i >= MAX_SHARED_FORMULAS) {
                                return Err(refuse(
                                    Some(here),
                                    format!(
                                        "shared formula number `{}` is out of bounds (at most {MAX_SHARED_FORMULAS})",
                                        String::from_utf8_lossy(&si)
                                    ),
                                    RESAVE,
                                ));
                            }
                        }
                        if let Some(r) = attribute(&e, b"ref") {
                            let Some(((r1, c1), (r2, c2))) = range(&r) else {
                                return Err(refuse(
                                    Some(here),
                                    format!(
                                        "the shared formula range `{}` is not a range of cell names",
                                        String::from_utf8_lossy(&r)
                                    ),
                                    RESAVE,
                                ));
                            };
                            let area =
                                u64::from(r2.abs_diff(r1) + 1) * u64::from(c2.abs_diff(c1) + 1);
                            shared_area += area;
                            if shared_area > MAX_CELLS {
                                return Err(refuse(
                                    Some(here),
                                    format!("shared formulas cover more than {MAX_CELLS} cells"),
                                    MATRIX,
                                ));
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"row" if in_data => {
                    row = row.saturating_add(1);
                    col = 0;
                }
                b"c" if in_cell => {
                    in_cell = false;
                    col = col.saturating_add(1);
                }
                b"sheetData" => in_data = false,
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_are_read_as_calamine_reads_them_within_bounds() {
        assert_eq!(cell_name(b"A1"), Some((1, 0)));
        assert_eq!(cell_name(b"xfd1048576"), Some((1_048_576, 16_383)));
        assert_eq!(cell_name(b"A0"), None);
        assert_eq!(cell_name(b"A99999999999"), None);
        assert_eq!(cell_name(b"ABCD1"), None);
        assert_eq!(cell_name(b"1A"), None);
        assert_eq!(row_number(b"7"), Some(7));
        assert_eq!(range(b"A1:B2"), Some(((1, 0), (2, 1))));
        assert_eq!(range(b"A1:B2:C3"), None);
    }

    fn sheet(rows: &str) -> Vec<u8> {
        format!("<worksheet><dimension ref=\"A1:XFD1048576\"/><sheetData>{rows}</sheetData></worksheet>")
            .into_bytes()
    }

    #[test]
    fn a_declared_range_is_never_trusted_but_cells_are_bounded() {
        assert!(check_sheet(&sheet("<row r=\"1\"><c r=\"A1\"/></row>"), "M".into()).is_ok());
        let far = check_sheet(
            &sheet(
                "<row r=\"1\"><c r=\"A1\"/></row><row r=\"1048576\"><c r=\"XFD1048576\"/></row>",
            ),
            "M".into(),
        )
        .err()
        .unwrap();
        assert_eq!(far.cell, Some((1_048_576, 0)));
        assert!(far.message.contains("row 1048576"), "{}", far.message);
        let wide = check_sheet(&sheet("<row r=\"2\"><c r=\"XFD2\"/></row>"), "M".into())
            .err()
            .unwrap();
        assert_eq!(wide.cell, Some((2, 16_383)));
        assert!(wide.diagnostic("r.xlsx").to_string().contains("r.xlsx:2"));
    }

    #[test]
    fn shared_formulas_out_of_bounds_are_refused() {
        let huge = sheet("<row r=\"1\"><c r=\"A1\"><f t=\"shared\" si=\"0\" ref=\"A1:XFD1048576\">1</f></c></row>");
        assert!(check_sheet(&huge, "M".into()).is_err());
        let index =
            sheet("<row r=\"1\"><c r=\"A1\"><f t=\"shared\" si=\"99999999999\"/></c></row>");
        assert!(check_sheet(&index, "M".into()).is_err());
    }
}
