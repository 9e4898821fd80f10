//! Reports for evaluators and legal teams: the assessment of a supplier's response, the change
//! report between two library versions, and the whole library for review.
//!
//! Each report is first built as one small document model (`Report`), and two writers turn it
//! into Markdown or DOCX, so both formats always say the same thing. The model knows about
//! tracked changes (`Inline::Inserted` / `Inline::Deleted`): the Markdown writer shows them as
//! `<ins>`/`<del>`, the DOCX writer as real `w:ins`/`w:del` revisions a reviewer can accept.

pub mod assessment;
pub(crate) mod diff;
pub(crate) mod docx;
pub(crate) mod library;
pub mod markdown;

use serde::Serialize;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Inline {
    Text(String),
    Strong(String),
    /// Text added in the newer version (a tracked insertion).
    Inserted(String),
    /// Text removed in the newer version (a tracked deletion).
    Deleted(String),
}

impl Inline {
    /// The characters of this piece, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(s) | Inline::Strong(s) | Inline::Inserted(s) | Inline::Deleted(s) => s,
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

/// One table row; `emphasis` marks rows that need attention (failures, mandatory rows).
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub cells: Vec<Rich>,
    pub emphasis: bool,
}

/// A block of a report.
#[derive(Debug, Clone, Serialize)]
pub enum ReportBlock {
    /// Level 1 is a chapter, 2 a section, 3 an entry (one clause).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Rich),
    Bullets(Vec<Rich>),
    /// Label and value pairs, shown as a two-column table.
    Facts(Vec<(String, Rich)>),
    /// Columns are (title, relative width).
    Table {
        columns: Vec<(String, u16)>,
        rows: Vec<ReportRow>,
    },
    /// A highlighted statement (the verdict of an assessment).
    Notice(Rich),
}

/// Document properties every format records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReportProperties {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub keywords: Vec<String>,
    /// Provenance: library version and hashes, tool version.
    pub description: String,
    /// `YYYY-MM-DD` from the inputs (an issue or release date), never the clock.
    pub date: Option<String>,
    /// Extra name/value pairs (library version, SHA-256 hashes) stored as custom properties.
    pub custom: Vec<(String, String)>,
}

/// A whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    /// Protective marking, shown at the top and bottom.
    pub marking: Option<String>,
    /// Cover facts (reference, versions, hashes).
    pub cover: Vec<(String, String)>,
    pub blocks: Vec<ReportBlock>,
    pub properties: ReportProperties,
}

impl Report {
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(ReportBlock::Heading {
            level,
            text: text.into(),
        });
    }
    pub fn paragraph(&mut self, r: Rich) {
        self.blocks.push(ReportBlock::Paragraph(r));
    }
    pub fn text(&mut self, s: impl Into<String>) {
        self.paragraph(plain(s));
    }
}
