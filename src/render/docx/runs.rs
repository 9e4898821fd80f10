//! Runs: a piece of text with one format. Tabs and line breaks inside text become Word's own
//! elements (`<w:tab/>`, `<w:br/>`) so they survive editing; everything else is escaped text.

use super::xml::Xml;
use crate::pack::Text;

/// How a run looks beyond its paragraph style.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunFormat<'a> {
    /// Bold (`w:b`).
    pub bold: bool,
    /// Italic (`w:i`).
    pub italic: bool,
    /// A character style id.
    pub style: Option<&'a str>,
}

impl RunFormat<'_> {
    /// Bold text.
    pub const BOLD: RunFormat<'static> = RunFormat {
        bold: true,
        italic: false,
        style: None,
    };
    /// Text in the paragraph style's own format.
    pub const PLAIN: RunFormat<'static> = RunFormat {
        bold: false,
        italic: false,
        style: None,
    };
}

/// One run of `text` (which may hold tabs and newlines).
pub fn run(x: &mut Xml, text: &str, format: RunFormat<'_>) {
    if text.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if format.bold || format.italic || format.style.is_some() {
        x.open("w:rPr", &[]);
        if let Some(s) = format.style {
            x.val("w:rStyle", s);
        }
        if format.bold {
            x.raw("<w:b/><w:bCs/>");
        }
        if format.italic {
            x.raw("<w:i/><w:iCs/>");
        }
        x.close("w:rPr");
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut first_line = true;
    for line in text.split('\n') {
        if !first_line {
            x.empty("w:br", &[]);
        }
        first_line = false;
        let mut first_piece = true;
        for piece in line.split('\t') {
            if !first_piece {
                x.empty("w:tab", &[]);
            }
            first_piece = false;
            if !piece.is_empty() {
                x.leaf("w:t", &[("xml:space", "preserve")], piece);
            }
        }
    }
    x.close("w:r");
}

/// The runs of styled model text.
pub fn styled_runs(x: &mut Xml, text: &Text) {
    for span in &text.0 {
        run(
            x,
            &span.text,
            RunFormat {
                bold: span.bold,
                italic: span.italic,
                style: None,
            },
        );
    }
}

/// A whole paragraph in `style` holding `text` in one format.
pub fn paragraph(x: &mut Xml, style: &str, text: &str, format: RunFormat<'_>) {
    x.open("w:p", &[]);
    x.raw("<w:pPr>");
    x.val("w:pStyle", style);
    x.raw("</w:pPr>");
    run(x, text, format);
    x.close("w:p");
}
