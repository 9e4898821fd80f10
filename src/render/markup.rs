//! Escaping shared by the XML-based writers (DOCX, HTML): text from a profile, a custom clause
//! or the library is printed as written, never read as markup. Also the one check those formats
//! need before writing: XML 1.0 (and HTML) cannot carry most C0 control characters, so a pack
//! that contains one is refused with the place it occurs, instead of producing a file that
//! Word or a browser rejects.

use std::borrow::Cow;

use super::RenderError;
use crate::pack::TenderPack;

/// Escapes text content: `&`, `<` and `>`.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Escapes an attribute value (double- or single-quoted): also `"` and `'`.
pub fn escape_attr(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> Cow<'_, str> {
    let needs =
        |c: char| matches!(c, '&' | '<' | '>') || (attr && matches!(c, '"' | '\'' | '\n' | '\t'));
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether XML 1.0 can carry the character (tab, newline and carriage return are the only
/// control characters it allows; U+FFFE and U+FFFF are not characters).
pub fn xml_allows(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1f}' => false,
        '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

/// Refuses a pack holding a character the format cannot carry, naming the field and quoting
/// the text around it, e.g. `clauses[12].text contains the control character U+0007 …`.
pub fn check_characters(pack: &TenderPack, format: &'static str) -> Result<(), RenderError> {
    let fail = |e: serde_json::Error| RenderError {
        format,
        message: format!("cannot inspect the pack: {e}"),
    };
    // Fast path: serialise once and scan; JSON writes every control character as an escape.
    let json = serde_json::to_vec(pack).map_err(fail)?;
    if !json_has_bad_char(&json) {
        return Ok(());
    }
    // Slow path, only for a bad pack: find the field to name it.
    let value = serde_json::to_value(pack).map_err(fail)?;
    let mut path = String::new();
    match find_bad_char(&value, &mut path) {
        None => Ok(()),
        Some((field, text, c)) => {
            let at = text.find(c).unwrap_or(0);
            let start = text[..at]
                .char_indices()
                .rev()
                .nth(30)
                .map_or(0, |(i, _)| i);
            let excerpt: String = text[start..]
                .chars()
                .take(60)
                .map(|ch| if xml_allows(ch) { ch } else { '\u{fffd}' })
                .collect();
            Err(RenderError {
                format,
                message: format!(
                    "{field} contains the control character U+{:04X}, which a {format} file cannot hold (shown as \u{fffd}): \"{excerpt}\"; remove it from the profile or library text",
                    c as u32
                ),
            })
        }
    }
}

/// Whether serde_json output holds a character XML cannot carry: an escape for a C0 control
/// other than tab, newline and carriage return, or a raw U+FFFE / U+FFFF.
fn json_has_bad_char(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'\\' => {
                match json.get(i + 1) {
                    Some(b'b' | b'f') => return true,
                    Some(b'u') => {
                        let hex = json
                            .get(i + 2..i + 6)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        if let Some(c) = hex
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                        {
                            if !xml_allows(c) {
                                return true;
                            }
                        }
                        i += 4;
                    }
                    _ => {}
                }
                i += 2;
            }
            0xEF if json.get(i + 1) == Some(&0xBF)
                && matches!(json.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                return true
            }
            _ => i += 1,
        }
    }
    false
}

fn find_bad_char(v: &serde_json::Value, path: &mut String) -> Option<(String, String, char)> {
    match v {
        serde_json::Value::String(s) => s
            .chars()
            .find(|c| !xml_allows(*c))
            .map(|c| (path.clone(), s.clone(), c)),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = find_bad_char(item, path);
            path.truncate(len);
            found
        }),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = find_bad_char(item, path);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_touches_only_markup_characters() {
        assert_eq!(
            escape_text("a & b < c > d \" ’ £ — é"),
            "a &amp; b &lt; c &gt; d \" ’ £ — é"
        );
        assert_eq!(
            escape_text("<w:t>{{x}}**bold**"),
            "&lt;w:t&gt;{{x}}**bold**"
        );
        assert!(matches!(escape_text("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn attribute_escaping_also_covers_quotes() {
        assert_eq!(
            escape_attr("say \"hi\" & 'bye'"),
            "say &quot;hi&quot; &amp; &apos;bye&apos;"
        );
    }

    #[test]
    fn json_scan_finds_escaped_controls_but_not_escaped_backslashes() {
        let json = |s: &str| serde_json::to_vec(&serde_json::json!({ "t": s })).unwrap();
        assert!(json_has_bad_char(&json("bell \u{7}")));
        assert!(json_has_bad_char(&json("form \u{c} feed")));
        assert!(json_has_bad_char(&json("not a char \u{ffff}")));
        assert!(!json_has_bad_char(&json(
            "tab\tnewline\n \\u0007 written out, é £ \u{fffd}"
        )));
    }

    #[test]
    fn control_characters_are_not_xml() {
        assert!(xml_allows('\t') && xml_allows('\n') && xml_allows('é'));
        assert!(!xml_allows('\u{7}') && !xml_allows('\u{0}') && !xml_allows('\u{ffff}'));
    }
}
