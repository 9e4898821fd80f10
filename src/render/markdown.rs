//! The pack as GitHub-flavoured Markdown: readable as plain text, renders cleanly on GitHub and
//! in pandoc. Every character from the inputs is escaped so that it prints as written.

use std::fmt::Write as _;

use crate::pack::{Block, PackClause, PackSection, Table, TenderPack, Text};

/// Escapes Markdown-significant characters in running text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes text for a table cell: line breaks become `<br>`.
pub fn escape_cell(s: &str) -> String {
    escape(s).replace("\r\n", "<br>").replace('\n', "<br>")
}

fn styled(t: &Text) -> String {
    t.0.iter()
        .map(|s| match (s.bold, s.italic) {
            (true, true) => format!("***{}***", escape(&s.text)),
            (true, false) => format!("**{}**", escape(&s.text)),
            (false, true) => format!("*{}*", escape(&s.text)),
            (false, false) => escape(&s.text),
        })
        .collect()
}

pub fn write_markdown(pack: &TenderPack) -> String {
    let m = &pack.meta;
    let mut out = String::new();
    if let Some(marking) = &m.marking {
        let _ = writeln!(out, "**{}**\n", escape(marking));
    }
    let _ = writeln!(out, "# {}\n", escape(&m.title));
    let _ = writeln!(out, "## {}\n", escape(&m.subtitle));
    for b in &pack.cover {
        write_block(&mut out, pack, b);
    }
    let _ = writeln!(out, "| Document control | |\n|---|---|");
    for (k, v) in &pack.document_control {
        let _ = writeln!(out, "| {} | {} |", escape_cell(k), escape_cell(v));
    }
    out.push('\n');
    out.push_str("## Contents\n\n");
    for s in pack.all_sections() {
        let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)));
        let _ = writeln!(out, "{indent}- [{}](#{})", escape(&s.heading()), s.anchor);
    }
    out.push('\n');
    for s in &pack.sections {
        write_section(&mut out, pack, s);
    }
    if let Some(marking) = &m.marking {
        let _ = writeln!(out, "**{}**", escape(marking));
    }
    out
}

fn write_section(out: &mut String, pack: &TenderPack, s: &PackSection) {
    let hashes = "#".repeat(usize::from(s.level) + 1);
    let _ = writeln!(
        out,
        "<a id=\"{}\"></a>\n\n{hashes} {}\n",
        s.anchor,
        escape(&s.heading())
    );
    for b in &s.blocks {
        write_block(out, pack, b);
    }
    for c in &s.children {
        write_section(out, pack, c);
    }
}

fn write_block(out: &mut String, pack: &TenderPack, b: &Block) {
    match b {
        Block::Paragraph(t) => {
            let _ = writeln!(out, "{}\n", styled(t));
        }
        Block::Notice(t) => {
            let _ = writeln!(out, "> {}\n", styled(t));
        }
        Block::List { ordered, items } => {
            for (i, item) in items.iter().enumerate() {
                if *ordered {
                    let _ = writeln!(out, "{}. {}", i + 1, styled(item));
                } else {
                    let _ = writeln!(out, "- {}", styled(item));
                }
            }
            out.push('\n');
        }
        Block::Facts(facts) => {
            for (k, v) in facts {
                let _ = writeln!(out, "- **{}**: {}", escape(k), escape(v));
            }
            out.push('\n');
        }
        Block::Table(t) => write_table(out, t),
        Block::Clause(i) => write_clause(out, &pack.clauses[*i]),
    }
}

fn write_table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "*{}*\n", escape(&t.caption));
    let header: Vec<String> = t.columns.iter().map(|c| escape_cell(&c.title)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}|", vec!["---"; t.columns.len()].join("|"));
    for r in &t.rows {
        let cells: Vec<String> = r.cells.iter().map(|c| escape_cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn write_clause(out: &mut String, c: &PackClause) {
    let _ = writeln!(
        out,
        "#### {} {} {}\n",
        c.pack_ref,
        escape(&c.tag()),
        escape(&c.title)
    );
    let _ = writeln!(
        out,
        "**Obligation:** {} ({})\n",
        c.category.keyword(),
        c.category.label()
    );
    for para in c.text.split("\n\n") {
        let _ = writeln!(out, "{}\n", escape(para));
    }
    if !c.strong_answer.is_empty() {
        out.push_str("**A strong answer covers:**\n\n");
        for s in &c.strong_answer {
            let _ = writeln!(out, "- {}", escape(s));
        }
        out.push('\n');
        if let Some(limit) = c.word_limit {
            let _ = writeln!(out, "**Word limit:** {limit}\n");
        }
    }
    out.push_str("**Evidence required:**\n\n");
    for e in c.evidence_lines() {
        let _ = writeln!(out, "- {}", escape(&e));
    }
    out.push('\n');
}
