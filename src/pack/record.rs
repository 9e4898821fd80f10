//! The buyer's record: the Council's own file for a tender pack, never sent to bidders.
//!
//! It keeps everything the bidder's documents leave out — what the Council must settle before
//! issuing ("before you issue", derived from the selected clauses' `buyer_prerequisites`), the
//! manifest (tool, library and profile SHA-256), the risk derivation in the profile's own keys,
//! where every value came from, what was excluded or changed and why, why a guidance item has no
//! requirement, and how far each source was checked. It is built as document blocks of the
//! same model, so the Markdown and PDF writers render it like the pack.

use serde::Serialize;

use super::{
    Block, Column, CoverageRow, PackClause, PackSection, Row, Table, TableKind, TenderPack, Text,
};
use crate::diagnostics::Diagnostic;
use crate::library::Library;
use crate::profile::ResolvedProfile;
use crate::select::Selection;

/// The record's file name beside the pack (Markdown; always written).
pub const RECORD_MARKDOWN: &str = "pack-record.md";
/// The record as PDF, written when the pack's PDF is.
pub const RECORD_PDF: &str = "pack-record.pdf";

/// One line of the "before you issue" checklist: something the Council must have or decide,
/// and the clauses of this pack that need it.
#[derive(Debug, Clone, Serialize)]
pub struct IssueCheck {
    pub item: String,
    /// `4.1.3 [UND-012 v2]`, in pack order.
    pub clauses: Vec<String>,
}

/// A parameter as this tender uses it, and where its value came from.
#[derive(Debug, Clone, Serialize)]
pub struct ValueRecord {
    pub name: String,
    /// With its unit: `14 days`.
    pub value: String,
    pub meaning: String,
    /// `profile`, `risk level default` or `library default`.
    pub set_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The Council's record of one pack, as document blocks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuyerRecord {
    /// The manifest: tender identity, tool, library and profile SHA-256.
    pub document_control: Vec<(String, String)>,
    pub cover: Vec<Block>,
    pub sections: Vec<PackSection>,
    pub before_issue: Vec<IssueCheck>,
    pub values: Vec<ValueRecord>,
}

impl TenderPack {
    /// The buyer's record as a document of its own, for the writers.
    pub fn record_document(&self) -> TenderPack {
        let mut meta = self.meta.clone();
        meta.subtitle = "Buyer’s record: not for issue to bidders".to_string();
        TenderPack {
            meta,
            document_control: self.record.document_control.clone(),
            cover: self.record.cover.clone(),
            clauses: Vec::new(),
            sections: self.record.sections.clone(),
            risk: self.risk.clone(),
            excluded: self.excluded.clone(),
            coverage: self.coverage.clone(),
            profile: self.profile.clone(),
            record: BuyerRecord::default(),
        }
    }
}

/// The distinct prerequisites of the selected clauses, in the order the pack first needs them.
pub fn before_issue(clauses: &[PackClause]) -> Vec<IssueCheck> {
    let mut out: Vec<IssueCheck> = Vec::new();
    for c in clauses {
        for p in &c.buyer_prerequisites {
            let by = format!("clause {} {}", c.pack_ref, c.tag());
            match out.iter_mut().find(|i| &i.item == p) {
                Some(check) => check.clauses.push(by),
                None => out.push(IssueCheck {
                    item: p.clone(),
                    clauses: vec![by],
                }),
            }
        }
    }
    out
}

/// Every parameter the selected clauses use, with its value and where that came from.
pub fn values(lib: &Library, profile: &ResolvedProfile, selection: &Selection) -> Vec<ValueRecord> {
    lib.parameters
        .iter()
        .filter(|p| {
            let needle = format!("{{{{{}}}}}", p.name);
            selection
                .selected
                .iter()
                .any(|s| s.clause.text.contains(&needle))
        })
        .filter_map(|p| {
            let r = profile.parameters.get(&p.name)?;
            Some(ValueRecord {
                name: p.name.clone(),
                value: match &p.unit {
                    Some(u) => format!("{} {u}", r.value),
                    None => r.value.to_string(),
                },
                meaning: p.meaning.clone(),
                set_by: r.from.to_string(),
                note: p.note.clone(),
            })
        })
        .collect()
}

fn col(title: &str, weight: u16) -> Column {
    Column {
        title: title.to_string(),
        weight,
    }
}

fn row(cells: Vec<String>) -> Row {
    Row {
        cells,
        emphasis: false,
    }
}

fn numbered(n: usize, title: &str, blocks: Vec<Block>) -> PackSection {
    PackSection {
        number: n.to_string(),
        title: title.to_string(),
        anchor: format!("sec-{n}"),
        level: 1,
        annex: false,
        blocks,
        children: Vec::new(),
    }
}

fn table(kind: TableKind, caption: &str, columns: Vec<Column>, rows: Vec<Row>) -> Block {
    Block::Table(Table {
        kind,
        caption: caption.to_string(),
        columns,
        rows,
    })
}

/// What the record is built from besides the pack's clauses.
pub struct RecordInputs<'a> {
    pub lib: &'a Library,
    pub profile: &'a ResolvedProfile,
    pub selection: &'a Selection,
    pub clauses: &'a [PackClause],
    pub coverage: &'a [CoverageRow],
    /// The manifest rows, as the pack's metadata carries them.
    pub manifest: Vec<(String, String)>,
}

/// Builds the record; `prose` renders a template (the record's cover and checklist notes).
pub fn build_record(
    inputs: &RecordInputs<'_>,
    prose: impl Fn(&str) -> Result<Vec<Block>, Diagnostic>,
) -> Result<BuyerRecord, Diagnostic> {
    let (lib, profile, selection, clauses) =
        (inputs.lib, inputs.profile, inputs.selection, inputs.clauses);
    let checks = before_issue(clauses);
    let values = values(lib, profile, selection);
    let mut sections = Vec::new();

    let mut blocks = prose("record-before-issue")?;
    if checks.is_empty() {
        blocks.push(Block::Notice(Text::plain(
            "No requirement in this pack assumes anything of the Council before issue.",
        )));
    } else {
        blocks.push(table(
            TableKind::Tailoring,
            "Before you issue",
            vec![
                col("#", 6),
                col("What the Council must have or decide", 60),
                col("Needed by", 34),
            ],
            checks
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    row(vec![
                        (i + 1).to_string(),
                        c.item.clone(),
                        c.clauses.join("\n"),
                    ])
                })
                .collect(),
        ));
    }
    sections.push(numbered(1, "Before you issue", blocks));

    let r = &profile.risk;
    let mut risk = vec![Block::Paragraph(Text::plain(format!(
        "Level in force: {}. Derived from the profile: {}. Stated in the profile: {}.",
        r.level.title(),
        r.derived_level.title(),
        r.stated.map_or("none", |l| l.title())
    )))];
    if let Some(reason) = &r.override_reason {
        risk.push(Block::Notice(Text::plain(format!(
            "The profile sets the level below the derived one (scope.risk_reason): {reason}"
        ))));
    }
    risk.push(table(
        TableKind::Risk,
        "Risk factors as the profile states them",
        vec![
            col("Profile answer", 34),
            col("What it means", 50),
            col("Implies", 16),
        ],
        r.reasons
            .iter()
            .map(|x| {
                row(vec![
                    x.factor.clone(),
                    x.explanation.clone(),
                    x.implies.title().to_string(),
                ])
            })
            .collect(),
    ));
    sections.push(numbered(2, "How the risk level was reached", risk));

    let value_blocks = if values.is_empty() {
        vec![Block::Notice(Text::plain(
            "The requirements in this pack use no parameters.",
        ))]
    } else {
        vec![table(
            TableKind::Parameters,
            "Values and where they came from",
            vec![
                col("Parameter", 22),
                col("Value", 14),
                col("Set by", 14),
                col("Meaning and note", 50),
            ],
            values
                .iter()
                .map(|v| {
                    let mut meaning = v.meaning.clone();
                    if let Some(n) = &v.note {
                        meaning.push_str(&format!("\nNote: {n}"));
                    }
                    row(vec![
                        v.name.clone(),
                        v.value.clone(),
                        v.set_by.clone(),
                        meaning,
                    ])
                })
                .collect(),
        )]
    };
    sections.push(numbered(3, "Values and where they came from", value_blocks));

    sections.push(numbered(
        4,
        "Tailoring record",
        tailoring(inputs, prose("annex-tailoring")?),
    ));

    let coverage_rows: Vec<Row> = inputs
        .coverage
        .iter()
        .map(|c| {
            row(vec![
                format!("{} ({})", c.title, c.guidance),
                c.clauses.join(", "),
                c.reason.clone().unwrap_or_default(),
            ])
        })
        .collect();
    sections.push(numbered(
        5,
        "Guidance coverage and gaps",
        vec![table(
            TableKind::Coverage,
            "Guidance items, the clauses that cover them, and why none does",
            vec![
                col("Guidance item", 36),
                col("Clauses", 24),
                col("Where none, why", 40),
            ],
            coverage_rows,
        )],
    ));

    let source_rows: Vec<Row> = clauses
        .iter()
        .flat_map(|c| {
            c.sources.iter().map(move |s| {
                let mut source = format!("{}, {}", s.document, s.section);
                if !s.url.is_empty() {
                    source.push_str(&format!(", {}", s.url));
                }
                Row {
                    cells: vec![
                        format!("{} {}", c.pack_ref, c.tag()),
                        source,
                        if s.verified {
                            "checked"
                        } else {
                            "not verified"
                        }
                        .to_string(),
                        s.note.clone().unwrap_or_default(),
                    ],
                    emphasis: !s.verified,
                }
            })
        })
        .collect();
    let unverified = source_rows.iter().filter(|r| r.emphasis).count();
    sections.push(numbered(
        6,
        "Sources and how far each was checked",
        vec![
            Block::Paragraph(Text::plain(format!(
                "{} of the {} source citations behind this pack were not verified against the source text (highlighted). The bidder’s document cites the sources without this status.",
                unverified,
                source_rows.len()
            ))),
            table(
                TableKind::Sources,
                "Source citations and their verification",
                vec![col("Clause", 16), col("Source", 42), col("Wording", 12), col("Note", 30)],
                source_rows,
            ),
        ],
    ));

    Ok(BuyerRecord {
        document_control: inputs.manifest.clone(),
        cover: prose("record-cover")?,
        sections,
        before_issue: checks,
        values,
    })
}

/// Exclusions, inclusions, obligation changes, the Council's own clauses and a risk override,
/// each with its reason.
fn tailoring(inputs: &RecordInputs<'_>, mut blocks: Vec<Block>) -> Vec<Block> {
    let (profile, selection) = (inputs.profile, inputs.selection);
    let mut rows = Vec::new();
    if let Some(reason) = &profile.risk.override_reason {
        rows.push(row(vec![
            "Risk level set".to_string(),
            format!(
                "{} (derived: {})",
                profile.risk.level.title(),
                profile.risk.derived_level.title()
            ),
            reason.clone(),
        ]));
    }
    for t in &selection.excluded {
        rows.push(row(vec![
            "Excluded".to_string(),
            format!("{} {}", t.id, t.title),
            t.reason.clone(),
        ]));
    }
    for t in &selection.included {
        rows.push(row(vec![
            "Included".to_string(),
            format!("{} {}", t.id, t.title),
            t.reason.clone(),
        ]));
    }
    for ch in &selection.changed {
        let from = ch.from.map_or("not applied", |o| o.keyword());
        rows.push(row(vec![
            format!("Obligation {from} → {}", ch.to.keyword()),
            format!("{} {}", ch.id, ch.title),
            ch.reason.clone(),
        ]));
    }
    for c in inputs.clauses.iter().filter(|c| c.buyer_clause) {
        rows.push(row(vec![
            "Council clause added".to_string(),
            format!("{} {}", c.id, c.title),
            c.rationale.clone(),
        ]));
    }
    if rows.is_empty() {
        blocks.push(Block::Notice(Text::plain(
            "The Council made no changes to the library’s selection for this tender.",
        )));
    } else {
        blocks.push(table(
            TableKind::Tailoring,
            "Tailoring record",
            vec![col("Change", 22), col("Clause", 38), col("Reason", 40)],
            rows,
        ));
    }
    blocks
}
