//! The body's children serialized in parts on rayon's pool.
//!
//! docx-rs's `Docx::build` writes the document's paragraphs and tables one after another on
//! one thread: a third of the DOCX writer's time on the largest pack. Each child is
//! serialized by docx-rs itself (`BuildXML::build`, which `Docx::build` calls for it too), in
//! parts on rayon's pool, and the parts are joined in order and placed at the start of the
//! `w:body` that docx-rs wrote for a document with no children, before its section
//! properties. The bytes are what `Docx::build` writes for the whole document.

use docx_rs::{BuildXML, DocumentChild};

/// Children per part: enough that a part's fixed cost is small, few enough that both cores
/// get a share of a short report.
const PART_CHILDREN: usize = 64;

const BODY_OPEN: &[u8] = b"<w:body>";

/// The children's XML, in order. They are dropped on the worker that wrote them.
pub fn serialize(children: Vec<DocumentChild>) -> Vec<u8> {
    use rayon::prelude::*;
    let mut parts: Vec<Vec<DocumentChild>> = Vec::new();
    let mut children = children.into_iter();
    loop {
        let part: Vec<DocumentChild> = children.by_ref().take(PART_CHILDREN).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    let written: Vec<Vec<u8>> = parts
        .into_par_iter()
        .map(|part| {
            let mut out = Vec::new();
            for child in part {
                out.extend_from_slice(&child.build());
            }
            out
        })
        .collect();
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
                    DocumentChild::Table(Box::new(Table::new(vec![TableRow::new(vec![
                        TableCell::new().add_paragraph(
                            Paragraph::new().add_run(Run::new().add_text(format!("cell {i}"))),
                        ),
                    ])])))
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
