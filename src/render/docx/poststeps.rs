//! Post-steps over the parts docx-rs builds (`XMLDocx`): each does one thing docx-rs cannot,
//! over the XML it wrote, and says why in its doc comment. They run in `write_document`, in
//! the order listed there.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::writer::TableInfo;
use crate::render::markup::escape_attr;
use crate::render::RenderError;

fn fail(what: &str, e: &dyn std::fmt::Display) -> RenderError {
    RenderError {
        format: "docx",
        message: format!("cannot {what}: {e}"),
    }
}

/// Where `needle` first occurs in `haystack`: memchr's SIMD search. The parts are megabytes
/// of XML and the needles start with `<`, one byte in twenty; `str::find` took several
/// milliseconds a pass.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// Each table's start tag and the end of its properties, in document order. docx-rs writes
/// `<w:tbl>` and `</w:tblPr>` for every table; tables here are never nested.
fn tables(xml: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + find(&xml[from..], "<w:tbl>")?;
        let props = start + find(&xml[start..], "</w:tblPr>")?;
        from = props;
        Some((start, props))
    })
}

/// Marks the first row of each table that has a header row as one that repeats on every page
/// (`w:tblHeader`). docx-rs has no API for it; header rows are built with `cantSplit`, which
/// this extends, so body rows keep `cantSplit` alone.
pub fn repeat_header_rows(document: &str, info: &[TableInfo]) -> String {
    let mut out = String::with_capacity(document.len() + info.len() * 16);
    let mut copied = 0;
    for ((_, props), table) in tables(document).zip(info) {
        if !table.header_row {
            continue;
        }
        // The first row's properties come before its first cell.
        let Some(cell) = find(&document[props..], "<w:tc>").map(|c| props + c) else {
            continue;
        };
        let Some(split) = find(&document[props..cell], "<w:cantSplit />")
            .map(|c| props + c + "<w:cantSplit />".len())
        else {
            continue;
        };
        out.push_str(&document[copied..split]);
        out.push_str("<w:tblHeader />");
        copied = split;
    }
    out.push_str(&document[copied..]);
    out
}

/// Gives each table its alternative text (`w:tblCaption`, the last child of `w:tblPr`), which
/// docx-rs's table properties cannot hold.
pub fn table_captions(document: &str, info: &[TableInfo]) -> String {
    let mut out = String::with_capacity(document.len() + info.len() * 64);
    let mut copied = 0;
    for ((_, props), table) in tables(document).zip(info) {
        let Some(caption) = &table.caption else {
            continue;
        };
        out.push_str(&document[copied..props]);
        out.push_str(&format!(
            "<w:tblCaption w:val=\"{}\" />",
            escape_attr(caption)
        ));
        copied = props;
    }
    out.push_str(&document[copied..]);
    out
}

/// Renumbers every value of the attribute that `needle` ends with (`<w:ins w:id="`), in order
/// of appearance from `first`, formatted by `format`; `xml` comes back as it was when the
/// attribute does not occur.
fn renumber(
    xml: String,
    needle: &str,
    first: usize,
    format: impl Fn(usize) -> String,
) -> (String, usize) {
    let finder = memchr::memmem::Finder::new(needle);
    if finder.find(xml.as_bytes()).is_none() {
        return (xml, first);
    }
    let mut out = String::with_capacity(xml.len());
    let mut n = first;
    let mut rest = xml.as_str();
    while let Some(at) = finder.find(rest.as_bytes()) {
        let value = at + needle.len();
        let Some(end) = memchr::memchr(b'"', &rest.as_bytes()[value..]).map(|e| value + e) else {
            break;
        };
        out.push_str(&rest[..value]);
        out.push_str(&format(n));
        n += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, n)
}

/// Gives paragraph ids (`w14:paraId`) and revision ids (`w:ins`/`w:del` `w:id`) in document
/// order. docx-rs counts both in process-wide or per-thread counters, so a second document
/// rendered in the same process, or on another thread, would otherwise get other ids: the
/// bytes must not depend on what else the process has rendered.
pub fn stable_ids(part: String) -> String {
    let (out, _) = renumber(part, "w14:paraId=\"", 1, |n| format!("{n:08X}"));
    let (out, next) = renumber(out, "<w:ins w:id=\"", 1, |n| n.to_string());
    let (out, _) = renumber(out, "<w:del w:id=\"", next, |n| n.to_string());
    out
}

/// Numbers external hyperlinks' relationships in document order and lists them in that order.
/// docx-rs names them from a process-wide counter and writes them from a `HashMap`, so neither
/// the ids nor the order of `document.xml.rels` would be stable.
pub fn stable_hyperlinks(document: &str, rels: &str) -> (String, String) {
    const RID: &str = "r:id=\"rIdHyperlink";
    // One pass over the document: each old id gets the next new number when first seen.
    let finder = memchr::memmem::Finder::new(RID);
    let mut order: Vec<&str> = Vec::new();
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    while let Some(at) = finder.find(rest.as_bytes()) {
        let value = at + RID.len();
        let Some(end) = memchr::memchr(b'"', &rest.as_bytes()[value..]).map(|e| value + e) else {
            break;
        };
        let old = &rest[value..end];
        let new = *numbers.entry(old).or_insert_with(|| {
            order.push(old);
            order.len()
        });
        out.push_str(&rest[..at]);
        out.push_str(&format!("r:id=\"rIdLink{new}"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    if order.is_empty() {
        return (out, rels.to_string());
    }
    // The relationship elements docx-rs wrote for them, kept aside by old number.
    let mut targets: HashMap<&str, &str> = HashMap::new();
    let mut kept = String::with_capacity(rels.len());
    let mut rest = rels;
    while let Some(at) = find(rest, "<Relationship ") {
        let end = find(&rest[at..], "/>").map_or(rest.len(), |e| at + e + 2);
        let element = &rest[at..end];
        kept.push_str(&rest[..at]);
        match element
            .split("Id=\"rIdHyperlink")
            .nth(1)
            .and_then(|s| s.split('"').next())
        {
            Some(old) => {
                targets.insert(old, element);
            }
            None => kept.push_str(element),
        }
        rest = &rest[end..];
    }
    let close = rest;
    for (new, old) in order.iter().enumerate() {
        if let Some(element) = targets.get(old) {
            kept.push_str(&element.replace(
                &format!("Id=\"rIdHyperlink{old}\""),
                &format!("Id=\"rIdLink{}\"", new + 1),
            ));
        }
    }
    kept.push_str(close);
    (out, kept)
}

/// Leaves one Normal style, ours, marked as the default paragraph style. docx-rs writes a bare
/// Normal of its own before the document's styles, whatever they are, so the id would be
/// defined twice (Word takes the first).
pub fn one_normal_style(styles: &str) -> String {
    const BARE: &str = "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>";
    const OURS: &str = "<w:style w:type=\"paragraph\" w:styleId=\"Normal\">";
    if styles.matches(OURS).count() < 2 {
        return styles.to_string();
    }
    styles.replacen(BARE, "", 1).replacen(
        OURS,
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">",
        1,
    )
}

/// Sets the document's language to UK English (`w:lang` in the default run properties), for
/// spelling, hyphenation and the language a PDF export declares; docx-rs's defaults have no
/// language setter.
pub fn uk_english(styles: &str) -> String {
    const LANG: &str = "<w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\" />";
    styles.replacen(
        "</w:rPr></w:rPrDefault>",
        &format!("{LANG}</w:rPr></w:rPrDefault>"),
        1,
    )
}

/// Zips docx-rs's parts, in the order its own zipper writes them, with Deflate and a fixed
/// entry time (1980-01-01): docx-rs stores every part uncompressed (a 47-page pack is 0.5 MB
/// stored, 25 KB deflated) and leaves the entry times to the `zip` crate's features; the same
/// parts in the same order give the same bytes. Parts this writer never makes (images, task
/// panes, custom XML) are refused rather than dropped.
pub fn deflate_package(x: XMLDocx) -> Result<Vec<u8>, RenderError> {
    if !x.media.is_empty() || x.taskpanes.is_some() || !x.custom_items.is_empty() {
        return Err(fail(
            "package the document",
            &"it has images, task panes or custom XML, which this writer never makes",
        ));
    }
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &x.content_type),
        ("_rels/.rels".into(), &x.rels),
        ("docProps/app.xml".into(), &x.doc_props.app),
        ("docProps/core.xml".into(), &x.doc_props.core),
        ("docProps/custom.xml".into(), &x.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), &x.document_rels),
        ("word/document.xml".into(), &x.document),
        ("word/styles.xml".into(), &x.styles),
        ("word/settings.xml".into(), &x.settings),
        ("word/fontTable.xml".into(), &x.font_table),
        ("word/comments.xml".into(), &x.comments),
        ("word/numbering.xml".into(), &x.numberings),
        ("word/commentsExtended.xml".into(), &x.comments_extended),
        ("word/footnotes.xml".into(), &x.footnotes),
    ];
    for (kind, bodies, rels) in [
        ("header", &x.headers, &x.header_rels),
        ("footer", &x.footers, &x.footer_rels),
    ] {
        for (i, body) in bodies.iter().enumerate() {
            parts.push((format!("word/{kind}{}.xml", i + 1), body));
            if let Some(r) = rels.get(i) {
                parts.push((format!("word/_rels/{kind}{}.xml.rels", i + 1), r));
            }
        }
    }
    let total: usize = parts.iter().map(|(_, b)| b.len()).sum();
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 6 + 4096)));
    // Level 2: a few per cent larger than the default 6 at a fraction of the time.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        out.start_file(name.as_str(), options)
            .map_err(|e| fail(&format!("add {name} to the package"), &e))?;
        out.write_all(bytes)
            .map_err(|e| fail(&format!("compress {name}"), &e))?;
    }
    let cursor = out.finish().map_err(|e| fail("finish the package", &e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(header_row: bool, caption: Option<&str>) -> TableInfo {
        TableInfo {
            header_row,
            caption: caption.map(str::to_string),
        }
    }

    const TWO_TABLES: &str = "<w:tbl><w:tblPr></w:tblPr><w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc>a</w:tc></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc>b</w:tc></w:tr></w:tbl><w:tbl><w:tblPr></w:tblPr><w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc>c</w:tc></w:tr></w:tbl>";

    #[test]
    fn only_the_first_row_of_tables_with_a_header_repeats() {
        let out = repeat_header_rows(TWO_TABLES, &[info(true, None), info(false, None)]);
        assert_eq!(out.matches("<w:tblHeader />").count(), 1, "{out}");
        assert!(out
            .starts_with("<w:tbl><w:tblPr></w:tblPr><w:tr><w:trPr><w:cantSplit /><w:tblHeader />"));
        let both = repeat_header_rows(TWO_TABLES, &[info(true, None), info(true, None)]);
        assert_eq!(both.matches("<w:tblHeader />").count(), 2, "{both}");
    }

    #[test]
    fn captions_close_the_table_properties_escaped() {
        let out = table_captions(
            TWO_TABLES,
            &[info(true, Some("R&D <1>")), info(false, None)],
        );
        assert!(
            out.starts_with(
                "<w:tbl><w:tblPr><w:tblCaption w:val=\"R&amp;D &lt;1&gt;\" /></w:tblPr>"
            ),
            "{out}"
        );
        assert_eq!(out.matches("tblCaption").count(), 1);
    }

    #[test]
    fn ids_are_given_in_document_order_whatever_docx_rs_counted() {
        let part = "<w:p w14:paraId=\"0000AB12\"><w:ins w:id=\"907\" /><w:del w:id=\"4\" /><w:ins w:id=\"3\" /></w:p><w:p w14:paraId=\"00000001\">";
        assert_eq!(
            stable_ids(part.to_string()),
            "<w:p w14:paraId=\"00000001\"><w:ins w:id=\"1\" /><w:del w:id=\"3\" /><w:ins w:id=\"2\" /></w:p><w:p w14:paraId=\"00000002\">"
        );
    }

    #[test]
    fn hyperlink_relationships_follow_the_document() {
        let doc = "<w:hyperlink r:id=\"rIdHyperlink9\"/><w:hyperlink r:id=\"rIdHyperlink4\"/><w:hyperlink r:id=\"rIdHyperlink9\"/>";
        let rels = "<Relationships><Relationship Id=\"rId1\" Target=\"styles.xml\" /><Relationship Id=\"rIdHyperlink4\" Target=\"https://b\" TargetMode=\"External\" /><Relationship Id=\"rIdHyperlink9\" Target=\"https://a\" TargetMode=\"External\" /></Relationships>";
        let (doc, rels) = stable_hyperlinks(doc, rels);
        assert_eq!(
            doc,
            "<w:hyperlink r:id=\"rIdLink1\"/><w:hyperlink r:id=\"rIdLink2\"/><w:hyperlink r:id=\"rIdLink1\"/>"
        );
        assert_eq!(
            rels,
            "<Relationships><Relationship Id=\"rId1\" Target=\"styles.xml\" /><Relationship Id=\"rIdLink1\" Target=\"https://a\" TargetMode=\"External\" /><Relationship Id=\"rIdLink2\" Target=\"https://b\" TargetMode=\"External\" /></Relationships>"
        );
    }

    #[test]
    fn every_part_is_deflated_with_a_fixed_time() {
        let bytes = deflate_package(docx_rs::Docx::new().build()).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert!(zip.len() >= 14, "{} parts", zip.len());
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            assert_eq!(
                entry.compression(),
                CompressionMethod::Deflated,
                "{}",
                entry.name()
            );
            assert_eq!(
                entry.last_modified(),
                Some(DateTime::default()),
                "{}",
                entry.name()
            );
        }
        assert!(zip.by_name("word/document.xml").is_ok());
    }

    #[test]
    fn docx_rs_bare_normal_style_gives_way_to_ours() {
        let bare = "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>";
        let ours = "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr><w:sz w:val=\"20\" /></w:rPr></w:style>";
        let out = one_normal_style(&format!("<w:styles>{bare}{ours}</w:styles>"));
        assert_eq!(out.matches("w:styleId=\"Normal\"").count(), 1, "{out}");
        assert!(
            out.contains(
                "w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr><w:sz"
            ),
            "{out}"
        );
    }

    #[test]
    fn the_default_language_is_uk_english() {
        let s = uk_english(
            "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"20\" /></w:rPr></w:rPrDefault>",
        );
        assert!(
            s.contains("<w:sz w:val=\"20\" /><w:lang w:val=\"en-GB\""),
            "{s}"
        );
    }
}
