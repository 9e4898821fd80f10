//! The table of contents: a real `TOC` field (chapters, subsections and annexes, with links),
//! which Word rebuilds with page numbers when the document opens (`updateFields` in
//! settings.xml). So that the contents are useful before any update — in LibreOffice, in a
//! viewer, or if the user declines Word's prompt — the field's result is pre-filled with one
//! linked entry per heading, and a last line saying how to add page numbers. (LibreOffice keeps
//! a TOC field's result as static text: `PAGEREF` fields inside it stay empty, so the pre-filled
//! entries carry no page numbers rather than wrong ones.) Word replaces the whole result,
//! note included, when it updates the field.

use super::runs::{run, RunFormat};
use super::styles::id;
use super::xml::Xml;
use crate::pack::{PackSection, TenderPack};

/// The field's start: headings of outline levels 1–2 (`\o`) and paragraphs with those outline
/// levels (`\u`), as links (`\h`), without page numbers in Web Layout view (`\z`).
const FIELD_START: &str = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";

/// Shown under the pre-filled entries until the field is updated.
pub const UPDATE_NOTE: &str = "Page numbers are added when the contents are updated: Word does this when it opens the document; in LibreOffice choose Tools \u{203a} Update \u{203a} Update All.";

/// The bookmark on a section heading, which the contents entry links to. Word bookmark names
/// are letters, digits and underscores; a leading `_Toc` keeps them out of Word's bookmark list.
pub fn bookmark_name(section: &PackSection) -> String {
    let safe: String = section
        .anchor
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("_Toc_{safe}")
}

/// The "Contents" heading and the pre-filled TOC field.
pub fn write_contents(x: &mut Xml, pack: &TenderPack) {
    x.raw(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>",
        id::TOC_HEADING
    ));
    run(x, "Contents", RunFormat::PLAIN);
    x.close("w:p");
    let sections = pack.all_sections();
    for (i, s) in sections.iter().enumerate() {
        let style = if s.level <= 1 { id::TOC1 } else { id::TOC2 };
        x.raw(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"
        ));
        if i == 0 {
            x.raw(FIELD_START);
        }
        let bookmark = bookmark_name(s);
        x.open(
            "w:hyperlink",
            &[("w:anchor", &bookmark), ("w:history", "1")],
        );
        if s.annex {
            run(x, &s.heading(), RunFormat::PLAIN);
        } else {
            run(x, &format!("{}\t{}", s.number, s.title), RunFormat::PLAIN);
        }
        x.close("w:hyperlink");
        x.close("w:p");
    }
    x.raw(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>",
        id::TOC_NOTE
    ));
    if sections.is_empty() {
        x.raw(FIELD_START);
    }
    run(x, UPDATE_NOTE, RunFormat::PLAIN);
    x.raw("<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
    x.close("w:p");
}
