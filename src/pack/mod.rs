//! The tender-pack document model: one structure that every writer (Markdown, JSON, CSV, DOCX,
//! HTML, PDF, XLSX) turns into bytes. Writers never re-decide what is selected or how it is
//! numbered; layout decisions stay in the writers.

mod annexes;
mod build;
mod chapters;
pub(crate) mod matrix;
mod parts;
mod prose;
mod record;
pub mod template_guard;

use serde::Serialize;

use crate::library::{Category, Evidence, Obligation, RiskLevel, Section, Stage};
use crate::profile::RiskAssessment;
use crate::select::TailoredClause;

pub use build::build_pack;
pub use prose::{Templates, TEMPLATE_NAMES};
pub use record::{BuyerRecord, IssueCheck, ValueRecord, RECORD_MARKDOWN, RECORD_PDF};

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// Styled text: a paragraph or a list item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Text(pub Vec<Span>);

impl Text {
    pub fn plain(s: impl Into<String>) -> Text {
        Text(vec![Span {
            text: s.into(),
            bold: false,
            italic: false,
        }])
    }
    /// The text without styling.
    pub fn to_plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
}

/// What a table is for, so writers can choose widths, orientation and styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    Risk,
    Parameters,
    Evidence,
    ResponseMatrix,
    Sources,
    Tailoring,
    Coverage,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub title: String,
    /// Relative width; writers scale the weights to the text width.
    pub weight: u16,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub cells: Vec<String>,
    /// Mandatory rows and the like, shown distinctly.
    pub emphasis: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub kind: TableKind,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// A piece of a section's body.
#[derive(Debug, Clone, Serialize)]
pub enum Block {
    Paragraph(Text),
    List {
        ordered: bool,
        items: Vec<Text>,
    },
    /// Label and value pairs (document control, technology descriptions).
    Facts(Vec<(String, String)>),
    Table(Table),
    /// A clause, by index into `TenderPack::clauses`.
    Clause(usize),
    /// A highlighted note (risk override, empty chapter).
    Notice(Text),
}

/// A numbered chapter, subsection or annex.
#[derive(Debug, Clone, Serialize)]
pub struct PackSection {
    /// `4`, `4.2`, or `A` for an annex.
    pub number: String,
    pub title: String,
    /// Stable anchor for links and bookmarks (`sec-4-2`, `annex-a`).
    pub anchor: String,
    /// 1 for chapters and annexes, 2 for subsections.
    pub level: u8,
    pub annex: bool,
    pub blocks: Vec<Block>,
    pub children: Vec<PackSection>,
}

impl PackSection {
    /// `4.2 Design` or `Annex A: Supplier response matrix`.
    pub fn heading(&self) -> String {
        if self.annex {
            format!("Annex {}: {}", self.number, self.title)
        } else {
            format!("{} {}", self.number, self.title)
        }
    }

    /// This section and all below it, depth first.
    pub fn walk(&self) -> Vec<&PackSection> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }
}

/// Where a clause's content comes from, resolved against the source list.
#[derive(Debug, Clone, Serialize)]
pub struct PackSource {
    pub document: String,
    pub publisher: String,
    pub section: String,
    pub url: String,
    pub verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A clause as it appears in this pack.
#[derive(Debug, Clone, Serialize)]
pub struct PackClause {
    pub id: String,
    pub version: u32,
    /// `4.2.3`.
    pub pack_ref: String,
    pub stage: Stage,
    pub section: Section,
    pub title: String,
    /// Normative text, parameters filled.
    pub text: String,
    pub obligation: Obligation,
    /// Tender gate, contract requirement or scored: what failing it means (`Category::of`).
    pub category: Category,
    pub library_obligation: Option<Obligation>,
    /// What the supplier hands over, each item with when it is due.
    pub evidence: Vec<Evidence>,
    pub rationale: String,
    pub guidance: Vec<String>,
    pub sources: Vec<PackSource>,
    pub mappings: Vec<String>,
    pub reasons: Vec<String>,
    pub strong_answer: Vec<String>,
    pub word_limit: Option<u32>,
    /// What the Council must have or decide before issuing (for its own record, never printed
    /// in the bidder's documents).
    pub buyer_prerequisites: Vec<String>,
    /// The buyer's own clause rather than a library clause.
    pub buyer_clause: bool,
}

impl PackClause {
    /// `[DES-004 v2]`.
    pub fn tag(&self) -> String {
        format!("[{} v{}]", self.id, self.version)
    }
    /// The stages at which the evidence is due, earliest first: "at tender evaluation; before
    /// go-live" (the response matrix's verification column).
    pub fn verify_text(&self) -> String {
        crate::library::evidence_stages(&self.evidence)
            .iter()
            .map(|v| v.title())
            .collect::<Vec<_>>()
            .join("; ")
    }
    /// Each evidence item with when it is due: "Draft component inventory (with the tender)".
    pub fn evidence_lines(&self) -> Vec<String> {
        self.evidence.iter().map(Evidence::line).collect()
    }
    /// Each evidence item's text alone.
    pub fn evidence_items(&self) -> Vec<&str> {
        self.evidence.iter().map(|e| e.item.as_str()).collect()
    }
}

/// The front page and document control.
#[derive(Debug, Clone, Serialize)]
pub struct PackMeta {
    pub title: String,
    /// "Security requirements" — the document's subtitle.
    pub subtitle: String,
    pub reference: String,
    pub buyer: String,
    pub version: String,
    pub issue_date: Option<String>,
    /// When supplier responses are due, if the profile says.
    pub deadline: Option<String>,
    pub contact: Option<String>,
    pub marking: Option<String>,
    pub risk_level: RiskLevel,
    pub technologies: Vec<(String, String)>,
    pub library_name: String,
    pub library_version: String,
    pub library_sha256: String,
    pub profile_sha256: String,
    pub tool_name: String,
    pub tool_version: String,
    pub keywords: Vec<String>,
}

/// One guidance item and the clauses of this pack that cover it.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    pub guidance: String,
    pub title: String,
    pub document: String,
    /// Where the item sits in its document (`Principle #1`).
    pub section: String,
    pub url: String,
    pub clauses: Vec<String>,
    /// Why no clause of this pack covers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The whole tender pack.
#[derive(Debug, Clone, Serialize)]
pub struct TenderPack {
    pub meta: PackMeta,
    /// Label/value rows of the document control table.
    pub document_control: Vec<(String, String)>,
    /// The cover page's introduction (the `cover-notice` template), shown above document control.
    pub cover: Vec<Block>,
    /// In pack order.
    pub clauses: Vec<PackClause>,
    /// Chapters 1–7, then annexes A–C: what bidders receive.
    pub sections: Vec<PackSection>,
    pub risk: RiskAssessment,
    /// Clauses the buyer excluded, for the record.
    pub excluded: Vec<TailoredClause>,
    pub coverage: Vec<CoverageRow>,
    /// The profile as the buyer wrote it.
    pub profile: serde_json::Value,
    /// The Council's own record of this pack (`pack-record.md`), never sent to bidders.
    pub record: BuyerRecord,
}

impl TenderPack {
    /// Every section and subsection, depth first, in document order.
    pub fn all_sections(&self) -> Vec<&PackSection> {
        self.sections.iter().flat_map(|s| s.walk()).collect()
    }
    /// Counts of mandatory and desirable clauses.
    /// How many clauses are in each category, in `Category::ALL` order (gate, contract, scored).
    pub fn category_counts(&self) -> [usize; 3] {
        Category::ALL.map(|k| self.clauses.iter().filter(|c| c.category == k).count())
    }
    pub fn obligation_counts(&self) -> (usize, usize) {
        let must = self
            .clauses
            .iter()
            .filter(|c| c.obligation == Obligation::Must)
            .count();
        (must, self.clauses.len() - must)
    }
}
