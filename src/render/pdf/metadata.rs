//! Document information and identity, a lopdf post-step: the info dictionary (title, author =
//! the buyer, subject, keywords, creator, producer, dates from the profile's issue date, never
//! the clock), the XMP metadata stream with the PDF/UA identifier, the catalog's language and
//! viewer preferences, and a trailer `/ID` derived from a hash of the file itself, so that the
//! same pack always gives the same bytes.
//!
//! printpdf writes an info dictionary with its own defaults (epoch dates, an empty
//! `GTS_PDFXVersion`), writes XMP only for PDF/A and PDF/X (with a random instance id and no
//! `pdfuaid`), has no `/Lang` or viewer preferences, and gives a random `/ID`; all are replaced
//! here.

use lopdf::{Dictionary, Document, Object, StringFormat};
use sha2::{Digest, Sha256};

use crate::pack::TenderPack;

/// A PDF text string: literal when plain ASCII, otherwise UTF-16BE with a byte-order mark.
pub fn text_string(s: &str) -> Object {
    if s.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDD000000Z` from an ISO date (`2026-12-01`), or `None` if it is not one.
pub fn pdf_date(iso: &str) -> Option<String> {
    let mut parts = iso.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let d = d.get(..2)?;
    let ok = y.len() == 4
        && m.len() == 2
        && [y, m, d]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| format!("D:{y}{m}{d}000000Z"))
}

/// The document title as shown in the window title bar and the info dictionary.
pub fn document_title(pack: &TenderPack) -> String {
    format!("{}: {}", pack.meta.title, pack.meta.subtitle)
}

/// Adds the info dictionary and the catalog entries viewers use.
pub fn write_metadata(doc: &mut Document, pack: &TenderPack) -> Result<(), lopdf::Error> {
    let m = &pack.meta;
    let mut info = Dictionary::new();
    info.set("Title", text_string(&document_title(pack)));
    info.set("Author", text_string(&m.buyer));
    info.set(
        "Subject",
        text_string(&format!(
            "{} for tender {} issued by {}",
            m.subtitle, m.reference, m.buyer
        )),
    );
    info.set("Keywords", text_string(&m.keywords.join(", ")));
    let tool = format!("{} {}", m.tool_name, m.tool_version);
    info.set(
        "Creator",
        text_string(&format!(
            "{tool} (clause library {} {})",
            m.library_name, m.library_version
        )),
    );
    info.set("Producer", text_string(&tool));
    if let Some(date) = m.issue_date.as_deref().and_then(pdf_date) {
        info.set("CreationDate", Object::string_literal(date.clone()));
        info.set("ModDate", Object::string_literal(date));
    }
    info.set("Trapped", Object::Name(b"False".to_vec()));
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));

    let xmp = lopdf::Stream::new(
        lopdf::dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp_packet(pack).into_bytes(),
    );
    let xmp_id = doc.add_object(xmp);
    let catalog = doc.catalog_mut()?;
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set("Lang", text_string("en-GB"));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `2026-12-01T00:00:00Z` from an ISO date, as XMP writes dates.
fn xmp_date(iso: &str) -> Option<String> {
    pdf_date(iso).map(|_| format!("{}T00:00:00Z", iso.trim().get(..10).unwrap_or_default()))
}

/// The XMP packet: title, creator, description, language and dates as in the info
/// dictionary, and `pdfuaid:part` 1, the machine-readable claim of PDF/UA-1 conformance.
pub fn xmp_packet(pack: &TenderPack) -> String {
    let m = &pack.meta;
    let title = xml_escape(&document_title(pack));
    let buyer = xml_escape(&m.buyer);
    let subject = xml_escape(&format!(
        "{} for tender {} issued by {}",
        m.subtitle, m.reference, m.buyer
    ));
    let tool = xml_escape(&format!("{} {}", m.tool_name, m.tool_version));
    let keywords = xml_escape(&m.keywords.join(", "));
    let dates = m
        .issue_date
        .as_deref()
        .and_then(xmp_date)
        .map(|d| format!("<xmp:CreateDate>{d}</xmp:CreateDate><xmp:ModifyDate>{d}</xmp:ModifyDate><xmp:MetadataDate>{d}</xmp:MetadataDate>"))
        .unwrap_or_default();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq><rdf:li>{buyer}</rdf:li></rdf:Seq></dc:creator>\n\
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>\n\
<pdf:Keywords>{keywords}</pdf:Keywords><pdf:Producer>{tool}</pdf:Producer>\n\
<xmp:CreatorTool>{tool}</xmp:CreatorTool>{dates}\n\
<pdfuaid:part>1</pdfuaid:part>\n\
</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"r\"?>"
    )
}

const ID_PLACEHOLDER: [u8; 16] = [0; 16];

/// Puts a placeholder `/ID` in the trailer; [`finish_id`] replaces it after saving.
pub fn placeholder_id(doc: &mut Document) {
    let id = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// Replaces the placeholder `/ID` in the saved trailer (the cross-reference stream's
/// dictionary) with the first 16 bytes of the file's SHA-256. The replacement has the same
/// length, so no offset moves.
pub fn finish_id(bytes: &mut [u8]) -> Result<(), String> {
    let placeholder = format!("<{}>", "00".repeat(ID_PLACEHOLDER.len()));
    let trailer = find_last(bytes, b"/ID").ok_or("the saved PDF has no /ID")?;
    let digest = Sha256::digest(&*bytes);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02X}")).collect();
    let replacement = format!("<{hex}>");
    let mut from = trailer;
    let mut replaced = 0;
    while let Some(at) = find_from(bytes, placeholder.as_bytes(), from) {
        bytes[at..at + replacement.len()].copy_from_slice(replacement.as_bytes());
        from = at + replacement.len();
        replaced += 1;
    }
    if replaced == 2 {
        Ok(())
    } else {
        Err(format!(
            "expected the two /ID placeholders in the trailer, found {replaced}"
        ))
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_iso_dates_only() {
        assert_eq!(pdf_date("2026-12-01").as_deref(), Some("D:20261201000000Z"));
        assert_eq!(pdf_date("1 December"), None);
    }

    #[test]
    fn non_ascii_text_is_utf16() {
        assert!(
            matches!(text_string("Caf\u{e9}"), Object::String(b, StringFormat::Hexadecimal) if b[..2] == [0xFE, 0xFF])
        );
        assert!(matches!(
            text_string("(a)"),
            Object::String(_, StringFormat::Literal)
        ));
    }
}
