//! Chapters 1–7 of the pack: the template prose of each, its clauses, and its tables.

use super::build::{col, row, with_clauses, Inputs};
use super::parts::{requirements_subsection, Part};
use super::{Block, PackClause, PackSection, Row, Table, TableKind, Text};
use crate::diagnostics::Diagnostic;
use crate::library::{Category, Parameter, Section, Stage, VerifyStage};
use crate::typography::long_date;

/// Chapter 1: how the document is organised and how to answer it, then the terms it defines,
/// how the Council handles bidders' sensitive material, and the document's version history.
pub(super) fn how_to_read(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let part = Part::HowToRead;
    let mut chapter = part.section(i.prose("how-to-read")?);
    chapter
        .children
        .push(part.subsection(1, "Definitions", definitions(i.prose("definitions")?)));
    chapter.children.push(part.subsection(
        2,
        "Your security information and Freedom of Information",
        i.prose("bidder-information")?,
    ));
    let mut history = i.prose("version-history")?;
    history.push(version_history(i));
    chapter
        .children
        .push(part.subsection(3, "Version history", history));
    Ok(chapter)
}

/// The definitions template's list (`**Term**: meaning`) as term and meaning pairs, so every
/// writer sets it as a definitions table; anything else in the template passes through.
fn definitions(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .map(|b| match b {
            Block::List {
                ordered: false,
                items,
            } if items
                .iter()
                .all(|t| t.0.first().is_some_and(|s| s.bold) && t.0.len() > 1) =>
            {
                Block::Facts(
                    items
                        .iter()
                        .map(|t| {
                            let term: String =
                                t.0.iter()
                                    .take_while(|s| s.bold || s.text.trim() == ",")
                                    .map(|s| s.text.as_str())
                                    .collect();
                            let rest: String = t.0[t
                                .0
                                .iter()
                                .take_while(|s| s.bold || s.text.trim() == ",")
                                .count()..]
                                .iter()
                                .map(|s| s.text.as_str())
                                .collect();
                            let meaning = rest.trim_start_matches(':').trim();
                            let mut chars = meaning.chars();
                            let meaning = chars
                                .next()
                                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                                .unwrap_or_default();
                            (term.trim().to_string(), meaning)
                        })
                        .collect(),
                )
            }
            other => other,
        })
        .collect()
}

/// The version history: the profile's earlier versions, then this one unless listed.
fn version_history(i: &Inputs) -> Block {
    let t = &i.profile.tender;
    let mut rows: Vec<Row> = t
        .history
        .iter()
        .map(|h| {
            row(vec![
                h.version.clone(),
                h.date.as_deref().map(long_date).unwrap_or_default(),
                h.change.clone(),
            ])
        })
        .collect();
    if !t.history.iter().any(|h| h.version == t.version) {
        rows.push(row(vec![
            t.version.clone(),
            t.issue_date.as_deref().map(long_date).unwrap_or_default(),
            "Issued with the invitation to tender".to_string(),
        ]));
    }
    Block::Table(Table {
        kind: TableKind::Parameters,
        caption: "Version history".to_string(),
        columns: vec![col("Version", 14), col("Date", 24), col("Change", 62)],
        rows,
    })
}

/// Chapter 2: the technologies in scope, how the risk level was reached, and the parameter
/// values the requirements use (when they use any).
pub(super) fn context_and_risk(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let mut chapter = Part::Context.section(i.prose("context")?);
    let mut add = |title: &str, blocks: Vec<Block>| {
        let n = chapter.children.len() + 1;
        chapter
            .children
            .push(Part::Context.subsection(n, title, blocks));
    };
    add("Technologies in scope", technologies_in_scope(i));
    add("Risk level", risk_level(i)?);
    if let Some(values) = values_used(i) {
        add("Values used in the requirements", values);
    }
    Ok(chapter)
}

fn technologies_in_scope(i: &Inputs) -> Vec<Block> {
    vec![Block::Facts(
        i.profile
            .technologies
            .iter()
            .map(|t| (t.name.clone(), t.description.clone()))
            .collect(),
    )]
}

/// The risk level in plain English: each factor, why it matters and the level it implies. When
/// the Council set a different level, the template says so with its reason before the table.
fn risk_level(i: &Inputs) -> Result<Vec<Block>, Diagnostic> {
    let risk = &i.profile.risk;
    let mut blocks = i.prose("risk")?;
    blocks.push(Block::Table(Table {
        kind: TableKind::Risk,
        caption: "What the risk level rests on".to_string(),
        columns: vec![
            col("Factor", 36),
            col("Why it matters", 50),
            col("Level", 14),
        ],
        rows: risk
            .reasons
            .iter()
            .map(|r| {
                row(vec![
                    r.described.clone(),
                    format!("{}, {}", capitalised(&r.why), r.consequence()),
                    r.implies.title().to_string(),
                ])
            })
            .collect(),
    }));
    Ok(blocks)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The table of parameter values, or `None` when no selected clause uses a parameter.
fn values_used(i: &Inputs) -> Option<Vec<Block>> {
    let used: Vec<&Parameter> = i
        .lib
        .parameters
        .iter()
        .filter(|p| {
            let needle = format!("{{{{{}}}}}", p.name);
            i.selection
                .selected
                .iter()
                .any(|s| s.clause.text.contains(&needle))
        })
        .collect();
    if used.is_empty() {
        return None;
    }
    Some(vec![Block::Table(Table {
        kind: TableKind::Parameters,
        caption: "Values the requirements use for this tender".to_string(),
        columns: vec![col("Value", 24), col("Meaning", 76)],
        rows: used
            .iter()
            .map(|p| {
                let r = &i.profile.parameters[&p.name];
                let value = match &p.unit {
                    Some(u) => format!("{} {u}", r.value),
                    None => r.value.to_string(),
                };
                row(vec![value, p.meaning.clone()])
            })
            .collect(),
    })])
}

/// Chapter 3: conditions of participation.
pub(super) fn participation(i: &Inputs) -> Result<PackSection, Diagnostic> {
    stage_chapter(
        i,
        Stage::Participation,
        "participation",
        "This tender sets no conditions of participation.",
    )
}

/// Chapter 4: the security requirements, one subsection per library section.
pub(super) fn requirements(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let part = Part::of_stage(Stage::Specification);
    let mut chapter = part.section(i.prose("requirements")?);
    for s in Section::ALL {
        let found = i.clause_blocks(|c| c.stage == Stage::Specification && c.section == s);
        let intro = i.prose(s.as_str())?;
        chapter.children.push(part.subsection(
            requirements_subsection(s),
            s.title(),
            with_clauses(
                intro,
                found,
                "No requirements in this group apply to this tender.",
            ),
        ));
    }
    Ok(chapter)
}

/// Chapter 5: award criteria.
pub(super) fn award(i: &Inputs) -> Result<PackSection, Diagnostic> {
    stage_chapter(
        i,
        Stage::Award,
        "award",
        "This tender has no security award criteria.",
    )
}

/// Chapter 6: contract security obligations.
pub(super) fn contract(i: &Inputs) -> Result<PackSection, Diagnostic> {
    stage_chapter(
        i,
        Stage::Contract,
        "contract",
        "This tender sets no contract security obligations.",
    )
}

/// A chapter holding every clause of one stage after its template's introduction, or `none`
/// when the stage has no clauses in this pack.
fn stage_chapter(
    i: &Inputs,
    stage: Stage,
    template: &str,
    none: &str,
) -> Result<PackSection, Diagnostic> {
    Ok(Part::of_stage(stage).section(with_clauses(
        i.prose(template)?,
        i.clause_blocks(|c| c.stage == stage),
        none,
    )))
}

/// Chapter 7: every evidence item once, in one table per stage at which it is due. The first
/// table is exactly what a bidder attaches to the tender; the few items that support a
/// desirable requirement are the ones highlighted.
pub(super) fn evidence_checklist(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let mut blocks = i.prose("evidence")?;
    for (stage, caption) in [
        (VerifyStage::Tender, "With the tender: evidence to attach"),
        (VerifyStage::GoLive, "Before go-live"),
        (VerifyStage::InLife, "In life"),
    ] {
        let rows: Vec<Row> = i
            .clauses
            .iter()
            .flat_map(|c: &PackClause| {
                c.evidence
                    .iter()
                    .filter(move |e| e.due == stage)
                    .map(move |e| Row {
                        cells: vec![
                            c.pack_ref.clone(),
                            e.item.clone(),
                            c.category.label().to_string(),
                        ],
                        emphasis: c.category == Category::Gate,
                    })
            })
            .collect();
        if rows.is_empty() {
            blocks.push(Block::Notice(Text::plain(format!(
                "{caption}: no evidence is due at this stage."
            ))));
            continue;
        }
        blocks.push(Block::Table(Table {
            kind: TableKind::Evidence,
            caption: format!("{caption} ({} items)", rows.len()),
            columns: vec![col("Clause", 10), col("Evidence", 76), col("Category", 16)],
            rows,
        }));
    }
    Ok(Part::Evidence.section(blocks))
}
