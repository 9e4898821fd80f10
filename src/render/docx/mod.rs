//! The one DOCX writer, on docx-rs: it renders any `document::Document` — the pack
//! (`security-requirements.docx`, lowered to blocks in `pack`) and the assess, diff and library
//! reports — with real styles and outline levels from `render::design`, Word-generated section
//! and annex numbers with entry numbers as text, bookmarks on every heading and links to them,
//! contents whose page numbers are live `PAGEREF` fields, running header and footer with page fields, tables with
//! repeating header rows and rows that do not split, tracked insertions and deletions, and
//! document properties recording where the document came from.
//!
//! docx-rs builds every part (`Docx::build` gives an `XMLDocx`). What it cannot express is a
//! small named post-step over the XML it wrote (`poststeps`, `properties`), in this order:
//!
//! 1. `poststeps::repeat_header_rows` — `w:tblHeader` on each table's first row: docx-rs has
//!    no API for repeating header rows.
//! 2. `poststeps::table_captions` — `w:tblCaption`, a table's alternative text: docx-rs's table
//!    properties cannot hold it.
//! 3. `poststeps::stable_ids` — paragraph and revision ids in document order: docx-rs counts
//!    them in per-thread and process-wide counters, so they would depend on what else the
//!    process rendered (the `serve` page and the pipeline render from several threads).
//! 4. `poststeps::stable_hyperlinks` — external links' relationship ids and order: docx-rs
//!    numbers them from a process-wide counter and lists them from a `HashMap`.
//! 5. `poststeps::one_normal_style`, `poststeps::uk_english` — one Normal style, the default:
//!    docx-rs writes a bare Normal of its own before the document's styles; and `w:lang` en-GB
//!    in the default run properties: docx-rs's document defaults have no language.
//! 6. `properties::{core_xml, app_xml, custom_xml}` — the property parts: docx-rs has no
//!    public setter for title, creator and the rest, and keeps custom properties in a
//!    `HashMap`.
//! 7. `poststeps::deflate_package` — the parts zipped with Deflate and fixed entry times:
//!    docx-rs's own zipper stores every part uncompressed.
//!
//! Before those, `parallel_body` serializes the body's paragraphs and tables (each by
//! docx-rs) in parts on rayon's pool and places them in the `w:body` docx-rs wrote: its
//! `Docx::build` writes them one after another on one thread, the longest step of the writer.

mod numbering;
mod pack;
mod page;
mod parallel_body;
mod poststeps;
mod properties;
mod styles;
mod tables;
mod writer;
mod xml;

use docx_rs::{Docx, XMLDocx};

use super::markup::check_characters;
use super::RenderError;
use crate::document::Document;
use crate::pack::TenderPack;

/// Writes the pack as a DOCX package.
///
/// The contents store each heading's page in the printed pack, which takes the PDF's layout
/// (a third of the writer's time): it runs beside the writing on rayon's pool, and the
/// entries' page numbers are filled in after (`Body::fill_contents`).
pub fn write_docx(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    check_characters(pack, "docx")?;
    let (pages, written) = rayon::join(
        || crate::render::pdf::heading_pages(pack),
        || -> Result<_, RenderError> {
            let doc = pack::pack_document(pack)?;
            let body = write_body(&doc)?;
            Ok((doc, body))
        },
    );
    let (doc, mut body) = written?;
    body.fill_contents(&pages);
    finish(&doc, body)
}

fn utf8(part: Vec<u8>) -> String {
    String::from_utf8(part).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes any document as a DOCX package.
pub fn write_document(doc: &Document) -> Result<Vec<u8>, RenderError> {
    finish(doc, write_body(doc)?)
}

/// The document's styles, page set-up and body in docx-rs.
fn write_body(doc: &Document) -> Result<writer::Body, RenderError> {
    let docx = page::add_page(styles::add_styles(Docx::new()), &doc.furniture);
    writer::write_body(docx, doc)
}

/// The package of a written body: docx-rs builds the parts, then the post-steps.
fn finish(doc: &Document, body: writer::Body) -> Result<Vec<u8>, RenderError> {
    let mut docx = numbering::add_numbering(body.docx, body.ordered_lists);
    // The body's children are serialized apart from the rest (`parallel_body`); docx-rs then
    // learns the external links, which it would otherwise collect from them, from the writer.
    let children = std::mem::take(&mut docx.document.children);
    docx.document_rels.hyperlinks = body
        .external_links
        .into_iter()
        .map(|(rid, url)| (rid, url, "External".to_string()))
        .collect();
    let (mut x, children): (XMLDocx, Vec<u8>) =
        rayon::join(|| docx.build(), || parallel_body::serialize(children));
    x.document = parallel_body::splice(x.document, &children).map_err(|message| RenderError {
        format: "docx",
        message,
    })?;
    let document = utf8(std::mem::take(&mut x.document));
    let document = poststeps::repeat_header_rows(&document, &body.tables);
    let document = poststeps::table_captions(&document, &body.tables);
    let document = poststeps::stable_ids(document);
    let (document, rels) =
        poststeps::stable_hyperlinks(&document, &utf8(std::mem::take(&mut x.document_rels)));
    x.document = document.into_bytes();
    x.document_rels = rels.into_bytes();
    for part in x.headers.iter_mut().chain(x.footers.iter_mut()) {
        *part = poststeps::stable_ids(utf8(std::mem::take(part))).into_bytes();
    }
    let styles = poststeps::one_normal_style(&utf8(std::mem::take(&mut x.styles)));
    x.styles = poststeps::uk_english(&styles).into_bytes();
    x.doc_props.core = properties::core_xml(doc);
    x.doc_props.app = properties::app_xml(&doc.properties);
    x.doc_props.custom = properties::custom_xml(&doc.properties);
    poststeps::deflate_package(x)
}
