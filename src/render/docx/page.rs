//! Page furniture: A4 geometry, the section properties, the running header (title, reference,
//! protective marking) and footer ("Page N of M" as fields), and `word/settings.xml` (which
//! asks Word to refresh the fields — the table of contents — when the document opens).

use super::runs::{run, RunFormat};
use super::styles::id;
use super::xml::{Xml, NS_R, NS_W};
use crate::pack::TenderPack;

/// A4 width in twips.
pub const PAGE_WIDTH: u32 = 11906;
/// A4 height in twips.
pub const PAGE_HEIGHT: u32 = 16838;
/// Left and right margins (2 cm).
pub const SIDE_MARGIN: u32 = 1134;
/// The width text and tables may use.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * SIDE_MARGIN;

/// Relationship id of the running header (`document.xml.rels`).
pub const HEADER_DEFAULT: &str = "rIdHeaderDefault";
/// Relationship id of the cover page's header.
pub const HEADER_FIRST: &str = "rIdHeaderFirst";
/// Relationship id of the running footer.
pub const FOOTER_DEFAULT: &str = "rIdFooterDefault";
/// Relationship id of the cover page's footer.
pub const FOOTER_FIRST: &str = "rIdFooterFirst";

/// The body's final section properties: A4 portrait, a cover page with its own header and
/// footer (marking only), running header and footer on every other page.
pub fn section_properties(x: &mut Xml) {
    x.open("w:sectPr", &[]);
    x.empty(
        "w:headerReference",
        &[("w:type", "default"), ("r:id", HEADER_DEFAULT)],
    );
    x.empty(
        "w:headerReference",
        &[("w:type", "first"), ("r:id", HEADER_FIRST)],
    );
    x.empty(
        "w:footerReference",
        &[("w:type", "default"), ("r:id", FOOTER_DEFAULT)],
    );
    x.empty(
        "w:footerReference",
        &[("w:type", "first"), ("r:id", FOOTER_FIRST)],
    );
    x.empty(
        "w:pgSz",
        &[
            ("w:w", &PAGE_WIDTH.to_string()),
            ("w:h", &PAGE_HEIGHT.to_string()),
        ],
    );
    let side = SIDE_MARGIN.to_string();
    x.empty(
        "w:pgMar",
        &[
            ("w:top", "1531"),
            ("w:right", &side),
            ("w:bottom", "1304"),
            ("w:left", &side),
            ("w:header", "567"),
            ("w:footer", "567"),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:cols", &[("w:space", "708")]);
    x.empty("w:titlePg", &[]);
    x.close("w:sectPr");
}

/// A simple field (`PAGE`, `NUMPAGES`) with a cached result, as complex-field runs.
pub fn field(x: &mut Xml, instruction: &str, cached: &str) {
    x.raw(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> ",
    );
    x.text(instruction);
    x.raw(" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>");
    x.text(cached);
    x.raw("</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
}

fn text_run(x: &mut Xml, s: &str, bold: bool) {
    run(
        x,
        s,
        if bold {
            RunFormat::BOLD
        } else {
            RunFormat::PLAIN
        },
    );
}

fn tab(x: &mut Xml) {
    x.raw("<w:r><w:tab/></w:r>");
}

fn marking_paragraph(x: &mut Xml, marking: &str) {
    x.raw(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>",
        id::MARKING
    ));
    text_run(x, marking, true);
    x.close("w:p");
}

fn part(root: &str, body: impl FnOnce(&mut Xml)) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(root, &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    body(&mut x);
    x.close(root);
    x.into_bytes()
}

/// The running header: the marking centred on top, then title and reference over a rule.
pub fn header_xml(pack: &TenderPack) -> Vec<u8> {
    let m = &pack.meta;
    part("w:hdr", |x| {
        if let Some(marking) = &m.marking {
            marking_paragraph(x, marking);
        }
        x.raw(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"{}\"/></w:pBdr></w:pPr>",
            id::HEADER,
            super::styles::RULE_COLOUR
        ));
        text_run(x, &m.title, false);
        tab(x);
        text_run(x, &m.reference, false);
        x.close("w:p");
    })
}

/// The cover page's header: the marking only (or an empty paragraph).
pub fn first_header_xml(pack: &TenderPack) -> Vec<u8> {
    marking_only("w:hdr", pack)
}

fn marking_only(root: &str, pack: &TenderPack) -> Vec<u8> {
    part(root, |x| match &pack.meta.marking {
        Some(marking) => marking_paragraph(x, marking),
        None => x.raw(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr></w:p>",
            id::HEADER
        )),
    })
}

/// The running footer: buyer on the left, "Page N of M" on the right (fields), the marking
/// centred below.
pub fn footer_xml(pack: &TenderPack) -> Vec<u8> {
    let m = &pack.meta;
    part("w:ftr", |x| {
        x.raw(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/><w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"{}\"/></w:pBdr></w:pPr>",
            id::FOOTER,
            super::styles::RULE_COLOUR
        ));
        text_run(x, &format!("{} \u{2014} {}", m.buyer, m.subtitle), false);
        tab(x);
        text_run(x, "Page ", false);
        field(x, "PAGE", "1");
        text_run(x, " of ", false);
        field(x, "NUMPAGES", "1");
        x.close("w:p");
        if let Some(marking) = &m.marking {
            marking_paragraph(x, marking);
        }
    })
}

/// The cover page's footer: the marking only.
pub fn first_footer_xml(pack: &TenderPack) -> Vec<u8> {
    marking_only("w:ftr", pack)
}

/// Document settings: refresh fields on open (Word rebuilds the contents with page numbers),
/// UK English, Word 2013+ layout.
pub fn settings_xml() -> Vec<u8> {
    part("w:settings", |x| {
        x.empty("w:zoom", &[("w:percent", "100")]);
        x.val("w:defaultTabStop", "720");
        x.val("w:characterSpacingControl", "doNotCompress");
        x.val("w:updateFields", "true");
        x.raw(
            "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>",
        );
        x.empty("w:themeFontLang", &[("w:val", "en-GB")]);
    })
}
