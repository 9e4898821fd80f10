//! Reports for evaluators and legal teams: the assessment of a supplier's response, the change
//! report between two library versions, and the whole library for review.
//!
//! Each report is built from the shared document blocks (`crate::document`), and the one writer
//! per format renders them: `markdown` here, and the pack's own DOCX writer
//! (`render::docx::write_document`), so both formats always say the same thing and a report
//! looks like the pack. Tracked changes (`Inline::Inserted` / `Inline::Deleted`) are shown as
//! `<ins>`/`<del>` in Markdown and as real `w:ins`/`w:del` revisions in the DOCX.

pub mod assessment;
pub(crate) mod diff;
pub(crate) mod library;
pub mod markdown;

use serde::Serialize;

pub use crate::document::{
    plain, strong, Block, Inline, Properties as ReportProperties, Rich, Row as ReportRow,
};
use crate::document::{Document, Furniture, Heading, Role};
use crate::render::RenderError;

/// Writes a report as DOCX, with the pack's one DOCX writer.
pub fn write_report_docx(report: &Report) -> Result<Vec<u8>, RenderError> {
    crate::render::docx::write_document(&report.document())
}

/// A whole report: a title page's worth of facts, then the blocks.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    /// Protective marking, shown at the top and bottom.
    pub marking: Option<String>,
    /// Cover facts (reference, versions, hashes).
    pub cover: Vec<(String, String)>,
    pub blocks: Vec<Block>,
    pub properties: ReportProperties,
}

impl Report {
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading(Heading {
            level,
            text: text.into(),
            number: None,
            anchor: None,
            badge: None,
        }));
    }
    pub fn paragraph(&mut self, r: Rich) {
        self.blocks.push(Block::Paragraph(r));
    }
    pub fn text(&mut self, s: impl Into<String>) {
        self.paragraph(plain(s));
    }

    /// The report as one document: title, subtitle and cover facts, then its blocks, with the
    /// title and marking in the running header and footer.
    pub fn document(&self) -> Document {
        let mut blocks = vec![Block::Styled(Role::Title, plain(self.title.clone()))];
        if !self.subtitle.is_empty() {
            blocks.push(Block::Styled(Role::Subtitle, plain(self.subtitle.clone())));
        }
        if !self.cover.is_empty() {
            blocks.push(Block::Facts(
                self.cover
                    .iter()
                    .map(|(k, v)| (k.clone(), plain(v.clone())))
                    .collect(),
            ));
        }
        blocks.extend(self.blocks.iter().cloned());
        Document {
            properties: self.properties.clone(),
            furniture: Furniture {
                marking: self.marking.clone(),
                header: (self.title.clone(), String::new()),
                footer: String::new(),
                cover_page: false,
            },
            blocks,
        }
    }
}
