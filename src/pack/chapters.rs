//! Chapters 1–7 of the pack: the template prose of each, its clauses, and its tables.

use super::build::{col, row, with_clauses, Inputs};
use super::parts::{requirements_subsection, Part};
use super::{Block, PackClause, PackSection, Row, Table, TableKind, Text};
use crate::diagnostics::Diagnostic;
use crate::library::{
    threshold_text, weighting_text, Category, Parameter, Section, Stage, VerifyStage,
    SCORING_SCALE, TOP_SCORE,
};
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
    if risk.scale_figures.described().is_some() {
        blocks.push(Block::Paragraph(Text::plain(risk.scale_sentence())));
    }
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

/// Chapter 5: award criteria: the template's introduction, the published scoring scale, then
/// each question with its weighting, any minimum score and the scored specification points
/// marked under it.
pub(super) fn award(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let intro = i.prose("award")?;
    let found = i.clause_blocks(|c| c.stage == Stage::Award);
    if found.is_empty() {
        return Ok(Part::Award.section(with_clauses(
            intro,
            found,
            "This tender has no security award criteria.",
        )));
    }
    let mut blocks = intro;
    blocks.push(scoring_scale_table());
    for block in found {
        let Block::Clause(n) = block else { continue };
        blocks.push(block);
        blocks.push(Block::Facts(award_facts(&i.clauses[n])));
    }
    Ok(Part::Award.section(blocks))
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The 0–5 scale every award question is marked on, as a table.
fn scoring_scale_table() -> Block {
    Block::Table(Table {
        kind: TableKind::Parameters,
        caption: "Scoring scale for every award question".to_string(),
        columns: vec![
            col("Score", 10),
            col("Meaning", 18),
            col("What the answer shows", 72),
        ],
        rows: SCORING_SCALE
            .iter()
            .map(|(score, name, descriptor)| {
                row(vec![
                    score.to_string(),
                    name.to_string(),
                    descriptor.to_string(),
                ])
            })
            .collect(),
    })
}

/// The label and value lines under one award question: weighting, minimum score, and the
/// specification points it also marks.
fn award_facts(c: &PackClause) -> Vec<(String, String)> {
    let mut facts = vec![(
        "Weighting".to_string(),
        weighting_text(c.weighting.unwrap_or(0)),
    )];
    if let Some(m) = c.minimum_score {
        facts.push((
            "Minimum score".to_string(),
            format!("{m} out of {TOP_SCORE}. {}", threshold_text(m)),
        ));
    }
    if !c.covers.is_empty() {
        facts.push((
            "Also marks".to_string(),
            if c.covers.len() == 1 {
                format!(
                    "the scored requirement {}: the answer is expected to say how the Solution meets it",
                    c.covers[0]
                )
            } else {
                format!(
                    "the scored requirements {}: the answer is expected to say how the Solution meets them",
                    and_list(&c.covers)
                )
            },
        ));
    }
    facts
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
/// table is exactly what a bidder attaches to the tender; the items that support a tender gate
/// are the ones highlighted (the templates say so).
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
