//! Post-step: the document properties, written over docx-rs's `docProps` parts. The core
//! properties Word shows in File › Info and that PDF exporters copy (title, subject, author,
//! keywords, created date from the inputs), the extended properties (application, company), and
//! the custom properties (reference, marking, library and tool versions, SHA-256 hashes).
//!
//! Why a post-step: docx-rs has no public setter for `dc:title`, `dc:creator` and the rest
//! (`CorePropsConfig` is crate-private), stamps no fixed date, and keeps custom properties in a
//! `HashMap`, whose order changes from run to run.

use super::xml::Xml;
use crate::document::{Document, Properties};

/// The creation date used when the profile has no issue date: fixed, never the clock
/// (the same 1980-01-01 epoch the ZIP entries carry).
pub const NO_DATE: &str = "1980-01-01T00:00:00Z";

/// `2026-12-01` → `2026-12-01T00:00:00Z`; anything that is not a plain date → `NO_DATE`.
pub fn w3c_date(issue_date: Option<&str>) -> String {
    match issue_date {
        Some(d)
            if d.len() == 10
                && d.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                }) =>
        {
            format!("{d}T00:00:00Z")
        }
        _ => NO_DATE.to_string(),
    }
}

/// `docProps/core.xml`.
pub fn core_xml(doc: &Document) -> Vec<u8> {
    let p = &doc.properties;
    let date = w3c_date(p.date.as_deref());
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], &p.title);
    x.leaf("dc:subject", &[], &p.subject);
    x.leaf("dc:creator", &[], &p.author);
    x.leaf("cp:keywords", &[], &p.keywords.join("; "));
    x.leaf("dc:description", &[], &p.description);
    x.leaf("dc:language", &[], "en-GB");
    x.leaf("cp:lastModifiedBy", &[], &p.author);
    x.leaf("cp:revision", &[], "1");
    if let Some(v) = &p.version {
        x.leaf("cp:version", &[], v);
    }
    if let Some(c) = &p.category {
        x.leaf("cp:category", &[], c);
    }
    if let Some(marking) = &doc.furniture.marking {
        x.leaf("cp:contentStatus", &[], marking);
    }
    x.leaf("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], &date);
    x.leaf("dcterms:modified", &[("xsi:type", "dcterms:W3CDTF")], &date);
    x.close("cp:coreProperties");
    x.into_bytes()
}

/// `docProps/app.xml`.
pub fn app_xml(p: &Properties) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    if let Some(app) = &p.application {
        x.leaf("Application", &[], app);
    }
    x.leaf("DocSecurity", &[], "0");
    x.leaf("Company", &[], &p.author);
    x.close("Properties");
    x.into_bytes()
}

/// `docProps/custom.xml`, in the document's order.
pub fn custom_xml(p: &Properties) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    for (pid, (name, value)) in (2..).zip(&p.custom) {
        x.open(
            "property",
            &[
                ("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"),
                ("pid", &pid.to_string()),
                ("name", name),
            ],
        );
        x.leaf("vt:lpwstr", &[], value);
        x.close("property");
    }
    x.close("Properties");
    x.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_properties_keep_their_order_and_are_escaped() {
        let p = Properties {
            custom: vec![("b".into(), "1 & 2".into()), ("a".into(), "<3>".into())],
            ..Properties::default()
        };
        let xml = String::from_utf8(custom_xml(&p)).unwrap();
        let (b, a) = (
            xml.find("name=\"b\"").unwrap(),
            xml.find("name=\"a\"").unwrap(),
        );
        assert!(b < a, "{xml}");
        assert!(
            xml.contains("1 &amp; 2") && xml.contains("&lt;3&gt;"),
            "{xml}"
        );
    }

    #[test]
    fn created_date_comes_from_the_issue_date_or_a_fixed_value() {
        assert_eq!(w3c_date(Some("2026-12-01")), "2026-12-01T00:00:00Z");
        assert_eq!(w3c_date(None), NO_DATE);
        assert_eq!(w3c_date(Some("1 Dec 2026")), NO_DATE);
    }
}
