//! The one set of document blocks that the pack's DOCX and the assess, diff and library reports
//! are built from: headings (with a level, a number and an anchor), paragraphs in a few roles,
//! lists, label/value facts, tables with weighted columns and emphasised rows, notices, labelled
//! details, page breaks and the contents; inside them, plain, strong, emphasised, linked,
//! inserted and deleted text. A writer per format (`render::docx::write_document`,
//! `report::markdown`) renders any `Document`, so a report and the pack are written by the same
//! code and the redline's tracked changes are one more kind of inline text.
//!
//! The blocks say what a piece of text is, never how it looks: the look comes from
//! `render::design` in each writer.

use serde::Serialize;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum LinkTarget {
    /// A place in the same document, by its anchor (`clause-DES-004`, `sec-3`, `annex-a`).
    Anchor(String),
    /// A web address.
    Url(String),
}

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
    /// Text added in the newer version (a tracked insertion).
    Inserted(String),
    /// Text removed in the newer version (a tracked deletion).
    Deleted(String),
    /// Text that links to a place in the document or a web address.
    Link {
        text: String,
        target: LinkTarget,
    },
}

impl Inline {
    /// The characters of this piece, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(s)
            | Inline::Strong(s)
            | Inline::Emphasis(s)
            | Inline::Inserted(s)
            | Inline::Deleted(s) => s,
            Inline::Link { text, .. } => text,
        }
    }
}

/// A run of inline pieces: a paragraph, list item or table cell.
pub type Rich = Vec<Inline>;

/// Plain text as a `Rich`.
pub fn plain(s: impl Into<String>) -> Rich {
    vec![Inline::Text(s.into())]
}

/// Bold text as a `Rich`.
pub fn strong(s: impl Into<String>) -> Rich {
    vec![Inline::Strong(s.into())]
}

/// The characters of a `Rich`, without styling.
pub fn to_plain(r: &Rich) -> String {
    r.iter().map(Inline::text).collect()
}

/// How a heading is numbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Number {
    /// A chapter or subsection number (`4`, `4.2`) that the writer may let the word processor
    /// count (an outline list), after checking that its count gives this number.
    Outline(String),
    /// An annex letter (`A`), shown as "Annex A:".
    Annex(String),
    /// A number printed as text before the title (`4.2.3`), which every reader sees.
    Text(String),
}

/// A category badge at the right of a heading line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Badge {
    pub text: String,
    /// Filled (a tender gate or contract requirement) or outlined (scored).
    pub filled: bool,
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 is a chapter, 2 a section, 3 an entry (one clause). Writers keep levels without gaps.
    pub level: u8,
    pub text: String,
    pub number: Option<Number>,
    /// Where links to this heading land (`sec-4-2`, `clause-DES-004`).
    pub anchor: Option<String>,
    pub badge: Option<Badge>,
}

/// What a paragraph that is not running text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Role {
    /// The document's title (the cover's, or a report's first line).
    Title,
    Subtitle,
    /// The buyer's name above the cover title.
    Lead,
    /// Reference, version and date lines on the cover.
    CoverDetails,
    /// Small grey text under a heading: a clause's id, version and category.
    Meta,
    /// A table's caption.
    Caption,
}

/// One table row; `emphasis` marks rows that need attention (failures, tender gates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub cells: Vec<Rich>,
    pub emphasis: bool,
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Block {
    Heading(Heading),
    /// Running text.
    Paragraph(Rich),
    /// A paragraph in a role other than running text.
    Styled(Role, Rich),
    List {
        ordered: bool,
        items: Vec<Rich>,
    },
    /// Label and value pairs, shown as a two-column table without a header row.
    Facts(Vec<(String, Rich)>),
    /// Columns are (title, relative width); the first row of the table is the header.
    Table {
        columns: Vec<(String, u16)>,
        rows: Vec<Row>,
    },
    /// A highlighted statement (a verdict, a risk override).
    Notice(Rich),
    /// A labelled detail of the entry above it: "Evidence" with its items.
    Detail {
        label: String,
        items: Vec<Rich>,
        bulleted: bool,
    },
    /// Blocks set off by the gutter that holds a numbered entry's number (a clause's body).
    Indented(Vec<Block>),
    /// The next block starts a new page.
    PageBreak,
    /// The table of contents: an entry per level 1 and 2 heading, linked to it (a writer that
    /// numbers pages shows each heading's page).
    Contents,
}

/// Document properties every format records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Properties {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub keywords: Vec<String>,
    /// Provenance: library version and hashes, tool version.
    pub description: String,
    /// `YYYY-MM-DD` from the inputs (an issue or release date), never the clock.
    pub date: Option<String>,
    /// The document's own version ("1.0").
    pub version: Option<String>,
    /// What kind of document it is ("Invitation to tender: security requirements").
    pub category: Option<String>,
    /// The program and version that wrote it.
    pub application: Option<String>,
    /// Extra name/value pairs (library version, SHA-256 hashes) stored as custom properties.
    pub custom: Vec<(String, String)>,
}

/// The running header and footer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Furniture {
    /// Protective marking, at the top and bottom of every page.
    pub marking: Option<String>,
    /// The header's left and right text (title, reference).
    pub header: (String, String),
    /// The footer's text before "Page N of M".
    pub footer: String,
    /// The first page is a cover: marking only, no running header or page number.
    pub cover_page: bool,
}

/// A whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    pub properties: Properties,
    pub furniture: Furniture,
    pub blocks: Vec<Block>,
}

impl Document {
    /// Every heading, depth first through indented blocks, in document order.
    pub fn headings(&self) -> Vec<&Heading> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Heading>) {
            for b in blocks {
                match b {
                    Block::Heading(h) => out.push(h),
                    Block::Indented(inner) => walk(inner, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_found_inside_indented_blocks_in_order() {
        let h = |text: &str| {
            Block::Heading(Heading {
                level: 1,
                text: text.into(),
                number: None,
                anchor: None,
                badge: None,
            })
        };
        let doc = Document {
            blocks: vec![h("a"), Block::Indented(vec![h("b")]), h("c")],
            ..Document::default()
        };
        let texts: Vec<&str> = doc.headings().iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
    }
}
