//! A report as GitHub-flavoured Markdown. Every character from the inputs is escaped, so text
//! such as `=HYPERLINK(…)` or `<script>` prints as written. Tracked changes become `<ins>` and
//! `<del>`, which GitHub and pandoc render as underlined and struck-through text.

use std::fmt::Write as _;

use super::{Inline, Report, ReportBlock, Rich};
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
            Inline::Strong(s) if s.trim().is_empty() => esc(s),
            Inline::Strong(s) => format!("**{}**", esc(s)),
            Inline::Inserted(s) => format!("<ins>{}</ins>", esc(s)),
            Inline::Deleted(s) => format!("<del>{}</del>", esc(s)),
        })
        .collect()
}

/// Paragraph text: blank lines inside a piece of text stay paragraph breaks.
fn paragraph(r: &Rich) -> String {
    inline(r, false).replace('\n', "  \n")
}

/// Writes a report as Markdown.
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
    for b in &report.blocks {
        match b {
            ReportBlock::Heading { level, text } => {
                let hashes = "#".repeat(usize::from(*level).clamp(1, 5) + 1);
                let _ = writeln!(out, "{hashes} {}\n", escape(text));
            }
            ReportBlock::Paragraph(r) => {
                let _ = writeln!(out, "{}\n", paragraph(r));
            }
            ReportBlock::Notice(r) => {
                let _ = writeln!(out, "> {}\n", paragraph(r).replace("  \n", "  \n> "));
            }
            ReportBlock::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", paragraph(item).replace("  \n", "  \n  "));
                }
                out.push('\n');
            }
            ReportBlock::Facts(facts) => {
                out.push_str("| | |\n|---|---|\n");
                for (k, v) in facts {
                    let _ = writeln!(out, "| **{}** | {} |", escape_cell(k), inline(v, true));
                }
                out.push('\n');
            }
            ReportBlock::Table { columns, rows } => {
                let titles: Vec<String> = columns.iter().map(|(t, _)| escape_cell(t)).collect();
                let _ = writeln!(out, "| {} |", titles.join(" | "));
                let _ = writeln!(out, "|{}|", vec!["---"; columns.len()].join("|"));
                for r in rows {
                    let cells: Vec<String> = r.cells.iter().map(|c| inline(c, true)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    if let Some(m) = &report.marking {
        let _ = writeln!(out, "**{}**", escape(m));
    }
    out
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
