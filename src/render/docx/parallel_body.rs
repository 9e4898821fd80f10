//! The body's children serialized in parts on rayon's pool.
//!
//! docx-rs's `Docx::build` writes the document's paragraphs and tables one after another on
//! one thread: a third of the DOCX writer's time on the largest pack. Each child is
//! serialized by docx-rs itself (`BuildXML::build`, which `Docx::build` calls for it too), in
//! pieces on rayon's pool (a long table in runs of rows after its head), and the pieces are
//! joined in order and placed at the start of the `w:body` that docx-rs wrote for a document
//! with no children, before its section properties. The bytes are what `Docx::build` writes
//! for the whole document.

use docx_rs::{BuildXML, DocumentChild, Table, TableChild};

/// Children, or rows of one table, per piece of work: enough that a piece's fixed cost is
/// small, few enough that a long table (the response matrix runs to hundreds of rows) is
/// shared between cores rather than left to one.
const PIECE: usize = 24;

const BODY_OPEN: &[u8] = b"<w:body>";
const TABLE_CLOSE: &[u8] = b"</w:tbl>";

/// One piece of the body, serialized on its own.
enum Piece {
    /// Whole children.
    Children(Vec<DocumentChild>),
    /// A table's start: docx-rs's XML for the table without rows, less its end tag.
    TableHead(Box<Table>),
    /// Rows of the table whose head came before.
    Rows(Vec<TableChild>),
    /// The end tag of that table.
    TableEnd,
}

impl Piece {
    fn write(self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Piece::Children(children) => {
                for child in &children {
                    out.extend_from_slice(&child.build());
                }
            }
            Piece::TableHead(table) => {
                let whole = table.build();
                // A table without rows ends with its end tag, as any docx-rs writes.
                let head = whole.strip_suffix(TABLE_CLOSE).unwrap_or(&whole);
                out.extend_from_slice(head);
            }
            Piece::Rows(rows) => {
                for row in &rows {
                    out.extend_from_slice(&row.build());
                }
            }
            Piece::TableEnd => out.extend_from_slice(TABLE_CLOSE),
        }
        out
    }
}

/// The body cut into pieces in document order: runs of children, and each long table as its
/// head, runs of rows and its end.
fn pieces(children: Vec<DocumentChild>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut run: Vec<DocumentChild> = Vec::new();
    for child in children {
        match child {
            DocumentChild::Table(mut table) if table.rows.len() > PIECE => {
                if !run.is_empty() {
                    out.push(Piece::Children(std::mem::take(&mut run)));
                }
                let mut rows = std::mem::take(&mut table.rows).into_iter().peekable();
                out.push(Piece::TableHead(table));
                while rows.peek().is_some() {
                    out.push(Piece::Rows(rows.by_ref().take(PIECE).collect()));
                }
                out.push(Piece::TableEnd);
            }
            other => {
                run.push(other);
                if run.len() == PIECE {
                    out.push(Piece::Children(std::mem::take(&mut run)));
                }
            }
        }
    }
    if !run.is_empty() {
        out.push(Piece::Children(run));
    }
    out
}

/// The children's XML, in order. Each piece is dropped on the worker that wrote it.
pub fn serialize(children: Vec<DocumentChild>) -> Vec<u8> {
    use rayon::prelude::*;
    let written: Vec<Vec<u8>> = pieces(children).into_par_iter().map(Piece::write).collect();
    written.concat()
}

/// `document` (docx-rs's document part for an empty body) with `children` at the start of
/// its body.
pub fn splice(document: Vec<u8>, children: &[u8]) -> Result<Vec<u8>, String> {
    let at = document
        .windows(BODY_OPEN.len())
        .position(|w| w == BODY_OPEN)
        .map(|p| p + BODY_OPEN.len())
        .ok_or("docx-rs wrote a document part without a body")?;
    let mut out = Vec::with_capacity(document.len() + children.len());
    out.extend_from_slice(&document[..at]);
    out.extend_from_slice(children);
    out.extend_from_slice(&document[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};

    fn children() -> Vec<DocumentChild> {
        (0..150)
            .map(|i| {
                if i % 7 == 0 {
                    // Short tables, and one longer than a piece (split into runs of rows).
                    let rows = if i == 70 { 3 * PIECE + 5 } else { 2 };
                    DocumentChild::Table(Box::new(Table::new(
                        (0..rows)
                            .map(|r| {
                                TableRow::new(vec![TableCell::new().add_paragraph(
                                    Paragraph::new()
                                        .add_run(Run::new().add_text(format!("cell {i}.{r}"))),
                                )])
                            })
                            .collect(),
                    )))
                } else {
                    DocumentChild::Paragraph(Box::new(
                        Paragraph::new()
                            .add_run(Run::new().add_text(format!("paragraph {i} & <more>"))),
                    ))
                }
            })
            .collect()
    }

    /// Paragraph ids come from a counter docx-rs resets on each build; they are renumbered
    /// afterwards (`poststeps::stable_ids`), so the comparison leaves them out.
    fn without_para_ids(xml: &[u8]) -> String {
        let s = String::from_utf8(xml.to_vec()).unwrap();
        s.split("w14:paraId=\"")
            .enumerate()
            .map(|(i, piece)| if i == 0 { piece } else { &piece[8..] })
            .collect()
    }

    #[test]
    fn the_spliced_body_is_what_docx_rs_writes_for_the_whole_document() {
        let mut whole = Docx::new();
        whole.document.children = children();
        let whole = whole.build().document;

        let mut empty = Docx::new();
        empty.document.children = Vec::new();
        let spliced = splice(empty.build().document, &serialize(children())).unwrap();
        assert_eq!(without_para_ids(&spliced), without_para_ids(&whole));
        assert!(whole.len() > 150 * 40, "the children were written");
    }

    #[test]
    fn a_document_part_without_a_body_is_refused() {
        assert!(splice(b"<w:document/>".to_vec(), b"<w:p/>").is_err());
    }
}
