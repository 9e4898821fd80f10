//! Chapters 1–7 of the pack: the template prose of each, its clauses, and its tables.

use super::build::{col, row, with_clauses, Inputs};
use super::parts::{requirements_subsection, Part};
use super::{Block, PackClause, PackSection, Row, Table, TableKind, Text};
use crate::diagnostics::Diagnostic;
use crate::library::{Obligation, Parameter, Section, Stage, VerifyStage};

/// Chapter 1: how the document is organised and how to answer it.
pub(super) fn how_to_read(i: &Inputs) -> Result<PackSection, Diagnostic> {
    Ok(Part::HowToRead.section(i.prose("how-to-read")?))
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

fn risk_level(i: &Inputs) -> Result<Vec<Block>, Diagnostic> {
    let risk = &i.profile.risk;
    let mut blocks = i.prose("risk")?;
    blocks.push(Block::Table(Table {
        kind: TableKind::Risk,
        caption: "How the risk level was reached".to_string(),
        columns: vec![
            col("Factor", 30),
            col("What it means", 55),
            col("Implies", 15),
        ],
        rows: risk
            .reasons
            .iter()
            .map(|r| {
                row(vec![
                    r.factor.clone(),
                    r.explanation.clone(),
                    r.implies.title().to_string(),
                ])
            })
            .collect(),
    }));
    if let Some(reason) = &risk.override_reason {
        blocks.push(Block::Notice(Text::plain(format!(
            "The buyer set the risk level to {} although the answers above imply {}. Reason given: {}",
            risk.level.title(),
            risk.derived_level.title(),
            reason
        ))));
    }
    Ok(blocks)
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
        columns: vec![col("Value", 20), col("Meaning", 60), col("Set by", 20)],
        rows: used
            .iter()
            .map(|p| {
                let r = &i.profile.parameters[&p.name];
                let value = match &p.unit {
                    Some(u) => format!("{} {u}", r.value),
                    None => r.value.to_string(),
                };
                row(vec![value, p.meaning.clone(), r.from.to_string()])
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

/// Chapter 7: the evidence to check, one table per point in the contract where it is checked.
pub(super) fn evidence_checklist(i: &Inputs) -> Result<PackSection, Diagnostic> {
    let mut blocks = i.prose("evidence")?;
    for stage in [
        VerifyStage::Tender,
        VerifyStage::GoLive,
        VerifyStage::InLife,
    ] {
        let rows: Vec<Row> = i
            .clauses
            .iter()
            .filter(|c| c.verify.contains(&stage))
            .flat_map(|c: &PackClause| {
                c.evidence.iter().map(move |e| Row {
                    cells: vec![
                        c.pack_ref.clone(),
                        c.id.clone(),
                        e.clone(),
                        c.obligation.keyword().to_string(),
                    ],
                    emphasis: c.obligation == Obligation::Must,
                })
            })
            .collect();
        if !rows.is_empty() {
            let title = match stage {
                VerifyStage::Tender => "Evidence checked at tender evaluation",
                VerifyStage::GoLive => "Evidence checked before go-live",
                VerifyStage::InLife => "Evidence checked in life",
            };
            blocks.push(Block::Table(Table {
                kind: TableKind::Evidence,
                caption: title.to_string(),
                columns: vec![
                    col("Ref", 10),
                    col("Requirement", 14),
                    col("Evidence", 62),
                    col("Obligation", 14),
                ],
                rows,
            }));
        }
    }
    Ok(Part::Evidence.section(blocks))
}
