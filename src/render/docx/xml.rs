//! A minimal streaming XML writer for the property parts the post-steps write. Attribute values and text are
//! always escaped here, so no caller can forget to; the only unescaped path is `raw`, used for
//! fixed markup written in this crate.

use crate::render::markup::{escape_attr, escape_text};

/// The XML declaration every part starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// An XML document under construction.
pub struct Xml {
    out: String,
}

impl Xml {
    /// A part starting with the XML declaration.
    pub fn new() -> Xml {
        Xml::with_capacity(4096)
    }

    /// As `new`, with room for `bytes` of output.
    pub fn with_capacity(bytes: usize) -> Xml {
        let mut out = String::with_capacity(bytes);
        out.push_str(DECLARATION);
        Xml { out }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&escape_attr(v));
            self.out.push('"');
        }
    }

    /// `<name a="v">`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push('>');
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Escaped character data.
    pub fn text(&mut self, s: &str) {
        self.out.push_str(&escape_text(s));
    }

    /// `<name a="v">text</name>` with the text escaped.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    /// The finished part.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_text_are_escaped_once() {
        let mut x = Xml::new();
        x.open("a", &[("t", "x\"&<y")]);
        x.text("&amp; <w:t>");
        x.close("a");
        let s = String::from_utf8(x.into_bytes()).unwrap();
        assert!(
            s.ends_with("<a t=\"x&quot;&amp;&lt;y\">&amp;amp; &lt;w:t&gt;</a>"),
            "{s}"
        );
    }
}
