//! Document information and identity: the info dictionary (title, author = the buyer, subject,
//! keywords, creator, producer, dates from the profile's issue date, never the clock), the
//! catalog's language and viewer preferences, and a trailer `/ID` derived from a hash of the
//! file itself, so that the same pack always gives the same bytes.

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

    let catalog = doc.catalog_mut()?;
    catalog.set("Lang", text_string("en-GB"));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}

const ID_PLACEHOLDER: [u8; 16] = [0; 16];

/// Puts a placeholder `/ID` in the trailer; [`finish_id`] replaces it after saving.
pub fn placeholder_id(doc: &mut Document) {
    let id = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// Replaces the placeholder `/ID` in the saved trailer with the first 16 bytes of the file's
/// SHA-256. The trailer follows the cross-reference table, so no offset moves.
pub fn finish_id(bytes: &mut [u8]) -> Result<(), String> {
    let placeholder = format!("<{}>", "00".repeat(ID_PLACEHOLDER.len()));
    let trailer = find_last(bytes, b"trailer").ok_or("the saved PDF has no trailer")?;
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
