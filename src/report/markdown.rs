//! A report (any `Document`) as GitHub-flavoured Markdown. Every character from the inputs is escaped, so text
//! such as `=HYPERLINK(…)` or `<script>` prints as written. Tracked changes become `<ins>` and
//! `<del>`, which GitHub and pandoc render as underlined and struck-through text.

use std::fmt::Write as _;

use super::Report;
use crate::document::{Block, Document, Inline, LinkTarget, Rich, Role};
use crate::render::markdown::{escape, escape_cell};
use crate::render::neutralise_formula;

/// Inline text. In a table cell, text that a spreadsheet would take for a formula (it starts with
/// `=`, `+`, `-` or `@`) gets a leading apostrophe, in case the table is pasted into one.
fn inline(r: &Rich, in_cell: bool) -> String {
    let esc = |s: &str| if in_cell { escape_cell(s) } else { escape(s) };
    r.iter()
        .enumerate()
        .map(|(i, piece)| match piece {
            Inline::Text(s) if in_cell && i == 0 => esc(&neutralise_formula(s)),
            Inline::Text(s) => esc(s),
            Inline::Strong(s) | Inline::Emphasis(s) if s.trim().is_empty() => esc(s),
            Inline::Strong(s) => format!("**{}**", esc(s)),
            Inline::Emphasis(s) => format!("*{}*", esc(s)),
            Inline::Inserted(s) => format!("<ins>{}</ins>", esc(s)),
            Inline::Deleted(s) => format!("<del>{}</del>", esc(s)),
            Inline::Link { text, target } => {
                let address = match target {
                    LinkTarget::Anchor(a) => format!("#{a}"),
                    LinkTarget::Url(u) => u.clone(),
                };
                format!(
                    "[{}]({})",
                    esc(text),
                    address.replace(' ', "%20").replace(')', "%29")
                )
            }
        })
        .collect()
}

/// Paragraph text: blank lines inside a piece of text stay paragraph breaks.
fn paragraph(r: &Rich) -> String {
    inline(r, false).replace('\n', "  \n")
}

/// Writes a report as Markdown: the marking, title, subtitle and cover facts, then its blocks.
pub fn write_report_markdown(report: &Report) -> String {
    let mut out = String::new();
    if let Some(m) = &report.marking {
        let _ = writeln!(out, "**{}**\n", escape(m));
    }
    let _ = writeln!(out, "# {}\n", escape(&report.title));
    if !report.subtitle.is_empty() {
        let _ = writeln!(out, "{}\n", escape(&report.subtitle));
    }
    if !report.cover.is_empty() {
        out.push_str("| | |\n|---|---|\n");
        for (k, v) in &report.cover {
            let _ = writeln!(out, "| {} | {} |", escape_cell(k), escape_cell(v));
        }
        out.push('\n');
    }
    blocks(&mut out, &report.blocks);
    if let Some(m) = &report.marking {
        let _ = writeln!(out, "**{}**", escape(m));
    }
    out
}

/// Writes any document as Markdown: the marking at the top and bottom, the title as the one
/// level-1 heading and every heading one level below its own.
pub fn write_document_markdown(doc: &Document) -> String {
    let mut out = String::new();
    let marking = doc.furniture.marking.as_ref();
    if let Some(m) = marking {
        let _ = writeln!(out, "**{}**\n", escape(m));
    }
    blocks(&mut out, &doc.blocks);
    if let Some(m) = marking {
        let _ = writeln!(out, "**{}**", escape(m));
    }
    out
}

fn blocks(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        block(out, b);
    }
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Styled(Role::Title, r) => {
            let _ = writeln!(out, "# {}\n", paragraph(r));
        }
        Block::Heading(h) => {
            let hashes = "#".repeat(usize::from(h.level).clamp(1, 5) + 1);
            let number = match &h.number {
                Some(crate::document::Number::Outline(n) | crate::document::Number::Text(n)) => {
                    format!("{} ", escape(n))
                }
                Some(crate::document::Number::Annex(x)) => format!("Annex {}: ", escape(x)),
                None => String::new(),
            };
            let _ = writeln!(out, "{hashes} {number}{}\n", escape(&h.text));
        }
        Block::Paragraph(r) | Block::Styled(_, r) => {
            let _ = writeln!(out, "{}\n", paragraph(r));
        }
        Block::Notice(r) => {
            let _ = writeln!(out, "> {}\n", paragraph(r).replace("  \n", "  \n> "));
        }
        Block::List { ordered, items } => {
            for (i, item) in items.iter().enumerate() {
                let marker = if *ordered {
                    format!("{}.", i + 1)
                } else {
                    "-".to_string()
                };
                let _ = writeln!(
                    out,
                    "{marker} {}",
                    paragraph(item).replace("  \n", "  \n  ")
                );
            }
            out.push('\n');
        }
        Block::Facts(facts) => {
            out.push_str("| | |\n|---|---|\n");
            for (k, v) in facts {
                let _ = writeln!(out, "| **{}** | {} |", escape_cell(k), inline(v, true));
            }
            out.push('\n');
        }
        Block::Table { columns, rows } => {
            let titles: Vec<String> = columns.iter().map(|(t, _)| escape_cell(t)).collect();
            let _ = writeln!(out, "| {} |", titles.join(" | "));
            let _ = writeln!(out, "|{}|", vec!["---"; columns.len()].join("|"));
            for r in rows {
                let cells: Vec<String> = r.cells.iter().map(|c| inline(c, true)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
            out.push('\n');
        }
        Block::Detail {
            label,
            items,
            bulleted,
        } => {
            if *bulleted {
                let _ = writeln!(out, "**{}:**\n", escape(label));
                for item in items {
                    let _ = writeln!(out, "- {}", paragraph(item));
                }
                out.push('\n');
            } else {
                let values: Vec<String> = items.iter().map(paragraph).collect();
                let _ = writeln!(out, "**{}:** {}\n", escape(label), values.join("; "));
            }
        }
        Block::Indented(inner) => blocks(out, inner),
        Block::PageBreak | Block::Contents => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracked_changes_and_markup_are_escaped() {
        let r = vec![
            Inline::Text("=cmd|' /C calc'!A0 ".into()),
            Inline::Deleted("<b>old</b>".into()),
            Inline::Inserted("new*".into()),
        ];
        let md = inline(&r, false);
        assert_eq!(
            md,
            "=cmd\\|' /C calc'!A0 <del>\\<b\\>old\\</b\\></del><ins>new\\*</ins>"
        );
        assert!(inline(&r, true).starts_with("'=cmd"));
    }
}
