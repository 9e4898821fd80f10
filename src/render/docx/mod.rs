//! The pack as a Word document (`security-requirements.docx`) that procurement officers edit
//! before publishing: real styles and outline levels, Word-generated section and clause
//! numbers, a table of contents field, running header and footer with page fields, tables
//! with repeating header rows, and document properties recording where the pack came from.
//!
//! The WordprocessingML is written directly (a small escaping XML writer, one module per part)
//! rather than through docx-rs: the parts it needs — `w:tblHeader`, core and custom properties,
//! `updateFields`, a pre-filled TOC, deflated and byte-stable packaging — are the ones docx-rs
//! lacks or gets wrong (see research/crates.md §2), and writing them directly keeps every byte
//! under our control.

mod body;
mod contents;
mod numbering;
mod packaging;
mod page;
mod properties;
mod runs;
mod styles;
mod tables;
mod xml;

use packaging::Part;

use super::markup::check_characters;
use super::RenderError;
use crate::pack::TenderPack;

/// Writes the DOCX package.
pub fn write_docx(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    check_characters(pack, "docx")?;
    let body = body::document_xml(pack)?;
    let parts = [
        Part {
            path: "[Content_Types].xml",
            bytes: packaging::content_types_xml(),
        },
        Part {
            path: "_rels/.rels",
            bytes: packaging::package_rels_xml(),
        },
        Part {
            path: "docProps/core.xml",
            bytes: properties::core_xml(pack),
        },
        Part {
            path: "docProps/app.xml",
            bytes: properties::app_xml(pack),
        },
        Part {
            path: "docProps/custom.xml",
            bytes: properties::custom_xml(pack),
        },
        Part {
            path: "word/document.xml",
            bytes: body.xml,
        },
        Part {
            path: "word/_rels/document.xml.rels",
            bytes: packaging::document_rels_xml(),
        },
        Part {
            path: "word/styles.xml",
            bytes: styles::styles_xml(),
        },
        Part {
            path: "word/numbering.xml",
            bytes: numbering::numbering_xml(body.ordered_lists),
        },
        Part {
            path: "word/settings.xml",
            bytes: page::settings_xml(),
        },
        Part {
            path: "word/fontTable.xml",
            bytes: styles::font_table_xml(),
        },
        Part {
            path: "word/header1.xml",
            bytes: page::header_xml(pack),
        },
        Part {
            path: "word/header2.xml",
            bytes: page::first_header_xml(pack),
        },
        Part {
            path: "word/footer1.xml",
            bytes: page::footer_xml(pack),
        },
        Part {
            path: "word/footer2.xml",
            bytes: page::first_footer_xml(pack),
        },
    ];
    packaging::zip_parts(&parts)
}
