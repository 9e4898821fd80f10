//! The workbook's document properties: title, subject, author, the tender and library record
//! as custom properties, and a creation date that is the tender's issue date. With no issue
//! date the workbook records no date at all: rust_xlsxwriter always writes one (the clock's,
//! unless told), so the two date elements are taken out of `docProps/core.xml` afterwards.

use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, XlsxError};

use crate::pack::TenderPack;

/// The properties, created on the issue date when the profile has one.
pub(super) fn properties(pack: &TenderPack) -> Result<DocProperties, XlsxError> {
    let m = &pack.meta;
    let mut props = DocProperties::new()
        .set_title(format!("{} — supplier response matrix", m.title))
        .set_subject(format!(
            "Security requirements response matrix, {}",
            m.reference
        ))
        .set_author(m.buyer.as_str())
        .set_company(m.buyer.as_str())
        .set_category("Tender response matrix")
        .set_keywords(m.keywords.join(", "))
        .set_comment(format!(
            "Produced by {} {} from clause library {} {} (sha256 {}) and profile sha256 {}",
            m.tool_name,
            m.tool_version,
            m.library_name,
            m.library_version,
            m.library_sha256,
            m.profile_sha256
        ))
        .set_custom_property("Tender reference", m.reference.as_str())
        .set_custom_property("Tender version", m.version.as_str())
        .set_custom_property("Library name", m.library_name.as_str())
        .set_custom_property("Library version", m.library_version.as_str())
        .set_custom_property("Library SHA-256", m.library_sha256.as_str())
        .set_custom_property("Profile SHA-256", m.profile_sha256.as_str())
        .set_custom_property(
            "Produced by",
            format!("{} {}", m.tool_name, m.tool_version).as_str(),
        );
    if let Some(date) = issue_date(pack)? {
        props = props.set_creation_datetime(&date);
    }
    Ok(props)
}

/// The issue date (`YYYY-MM-DD` in the pack) as a date, if the profile gives one.
fn issue_date(pack: &TenderPack) -> Result<Option<ExcelDateTime>, XlsxError> {
    let Some(text) = pack.meta.issue_date.as_deref() else {
        return Ok(None);
    };
    let mut parts = text.split('-').map(str::parse::<u16>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) if m <= 12 && d <= 31 => {
            ExcelDateTime::from_ymd(y, m as u8, d as u8).map(Some)
        }
        _ => Err(XlsxError::ParameterError(format!(
            "the issue date `{text}` is not YYYY-MM-DD"
        ))),
    }
}

/// Takes `<dcterms:created>` and `<dcterms:modified>` out of a saved workbook's core
/// properties; every other part is copied as it was.
pub(super) fn without_dates(xlsx: &[u8]) -> Result<Vec<u8>, String> {
    let e = |e: zip::result::ZipError| e.to_string();
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).map_err(e)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(e)?;
        if entry.name() != "docProps/core.xml" {
            out.raw_copy_file(entry).map_err(e)?;
            continue;
        }
        let mut xml = String::new();
        entry.read_to_string(&mut xml).map_err(|x| x.to_string())?;
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(entry.compression())
            .last_modified_time(entry.last_modified().unwrap_or_default());
        out.start_file("docProps/core.xml", options).map_err(e)?;
        out.write_all(drop_elements(&xml, &["dcterms:created", "dcterms:modified"]).as_bytes())
            .map_err(|x| x.to_string())?;
    }
    Ok(out.finish().map_err(e)?.into_inner())
}

/// XML text without the named elements (each written once, without nesting, as
/// rust_xlsxwriter writes them).
fn drop_elements(xml: &str, names: &[&str]) -> String {
    let mut xml = xml.to_string();
    for name in names {
        let open = format!("<{name}");
        let close = format!("</{name}>");
        if let (Some(start), Some(end)) = (xml.find(&open), xml.find(&close)) {
            if start < end {
                xml.replace_range(start..end + close.len(), "");
            }
        }
    }
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_elements_are_dropped_and_nothing_else() {
        let xml = r#"<cp:coreProperties><dc:creator>Council</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-12-03T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-03T08:00:00Z</dcterms:modified><cp:category>x</cp:category></cp:coreProperties>"#;
        assert_eq!(
            drop_elements(xml, &["dcterms:created", "dcterms:modified"]),
            "<cp:coreProperties><dc:creator>Council</dc:creator><cp:category>x</cp:category></cp:coreProperties>"
        );
    }
}
