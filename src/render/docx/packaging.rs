//! The OPC package: content types, relationships and the ZIP container. Entries are deflated,
//! written in a fixed order with a fixed timestamp (1980-01-01) and permissions, so the same
//! pack always gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::page::{FOOTER_DEFAULT, FOOTER_FIRST, HEADER_DEFAULT, HEADER_FIRST};
use super::xml::Xml;
use crate::render::RenderError;

/// A part of the package: its path inside the ZIP and its bytes.
pub struct Part {
    /// Path inside the package, e.g. `word/document.xml`.
    pub path: &'static str,
    /// The part's content.
    pub bytes: Vec<u8>,
}

const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// `[Content_Types].xml` for the parts this writer produces.
pub fn content_types_xml() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let overrides = [
        ("/word/document.xml", format!("{WML}.document.main+xml")),
        ("/word/styles.xml", format!("{WML}.styles+xml")),
        ("/word/numbering.xml", format!("{WML}.numbering+xml")),
        ("/word/settings.xml", format!("{WML}.settings+xml")),
        ("/word/fontTable.xml", format!("{WML}.fontTable+xml")),
        ("/word/header1.xml", format!("{WML}.header+xml")),
        ("/word/header2.xml", format!("{WML}.header+xml")),
        ("/word/footer1.xml", format!("{WML}.footer+xml")),
        ("/word/footer2.xml", format!("{WML}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
        (
            "/docProps/custom.xml",
            "application/vnd.openxmlformats-officedocument.custom-properties+xml".to_string(),
        ),
    ];
    for (part, ty) in &overrides {
        x.empty("Override", &[("PartName", part), ("ContentType", ty)]);
    }
    x.close("Types");
    x.into_bytes()
}

fn relationships(rels: &[(&str, String, &str)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    );
    for (id, ty, target) in rels {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", ty), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.into_bytes()
}

/// `_rels/.rels`: the main document and the three property parts.
pub fn package_rels_xml() -> Vec<u8> {
    relationships(&[
        ("rId1", format!("{REL}/officeDocument"), "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{REL}/extended-properties"),
            "docProps/app.xml",
        ),
        (
            "rId4",
            format!("{REL}/custom-properties"),
            "docProps/custom.xml",
        ),
    ])
}

/// `word/_rels/document.xml.rels`.
pub fn document_rels_xml() -> Vec<u8> {
    relationships(&[
        ("rIdStyles", format!("{REL}/styles"), "styles.xml"),
        ("rIdNumbering", format!("{REL}/numbering"), "numbering.xml"),
        ("rIdSettings", format!("{REL}/settings"), "settings.xml"),
        ("rIdFontTable", format!("{REL}/fontTable"), "fontTable.xml"),
        (HEADER_DEFAULT, format!("{REL}/header"), "header1.xml"),
        (HEADER_FIRST, format!("{REL}/header"), "header2.xml"),
        (FOOTER_DEFAULT, format!("{REL}/footer"), "footer1.xml"),
        (FOOTER_FIRST, format!("{REL}/footer"), "footer2.xml"),
    ])
}

/// Zips the parts, in the order given, deflated and with fixed metadata.
pub fn zip_parts(parts: &[Part]) -> Result<Vec<u8>, RenderError> {
    let fail = |what: &str, e: &dyn std::fmt::Display| RenderError {
        format: "docx",
        message: format!("cannot {what}: {e}"),
    };
    let total: usize = parts.iter().map(|p| p.bytes.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 6 + 4096)));
    // Level 2: a few per cent larger than the default 6 at a fraction of the time (the same
    // trade as the PDF streams; see BENCHMARKS.md).
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for part in parts {
        zip.start_file(part.path, options)
            .map_err(|e| fail(&format!("add {} to the package", part.path), &e))?;
        zip.write_all(&part.bytes)
            .map_err(|e| fail(&format!("compress {}", part.path), &e))?;
    }
    let cursor = zip.finish().map_err(|e| fail("finish the package", &e))?;
    Ok(cursor.into_inner())
}
