//! What the writers would refuse in a library's text, found by `check` first, at the clause's
//! file, line and column: a character the PDF fonts cannot draw, a control character DOCX,
//! HTML and PDF cannot hold, and a response-matrix cell longer than a spreadsheet cell holds.
//! So a library that passes `check` renders, instead of every `generate` failing later with a
//! writer's message and no location.
//!
//! Also used by `generate` on the profile's own text (`pdf_can_draw`), so the PDF's refusal of
//! a character in the profile names its line and column too.

use crate::diagnostics::Diagnostic;
use crate::library::{Clause, Library, Loc};

use super::pdf::fonts::{Face, FontSet};

/// The most characters an XLSX cell holds (Excel's limit, enforced by the writer).
pub const XLSX_CELL_MAX: usize = 32_767;

/// Whether every face of the PDF's fonts can draw `c` (spaces and line-breaking characters,
/// which are never drawn, always can).
pub fn pdf_can_draw(c: char) -> bool {
    if c.is_whitespace() || matches!(c, '\u{ad}' | '\u{200b}') {
        return true;
    }
    let fonts = FontSet::shipped();
    Face::ALL.iter().all(|f| fonts.face(*f).has_glyph(c))
}

/// Whether a DOCX, HTML or PDF file can hold `c`: no C0 control other than tab and line breaks,
/// and not U+FFFE or U+FFFF.
fn xml_can_hold(c: char) -> bool {
    super::markup::xml_allows(c)
}

/// Every problem the writers would find in the library's clauses.
pub fn library_render_problems(lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for clause in &lib.clauses {
        let Some(loc) = &clause.loc else {
            continue;
        };
        let mut fields: Vec<(&str, &str, &Loc)> = vec![
            ("title", clause.title.as_str(), &loc.title),
            ("text", clause.text.as_str(), &loc.text),
            ("rationale", clause.rationale.as_str(), &loc.rationale),
        ];
        fields.extend(
            clause
                .evidence
                .iter()
                .map(|e| ("evidence", e.item.as_str(), &loc.evidence)),
        );
        fields.extend(
            clause
                .strong_answer
                .iter()
                .map(|s| ("strong_answer", s.as_str(), &loc.id)),
        );
        for (field, text, at) in fields {
            if let Some(d) = character_problem(clause, field, text, at) {
                out.push(d);
            }
        }
        cell_limits(clause, loc.text.clone(), loc.evidence.clone(), &mut out);
    }
    out
}

fn character_problem(clause: &Clause, field: &str, text: &str, at: &Loc) -> Option<Diagnostic> {
    if let Some(c) = text.chars().find(|c| !xml_can_hold(*c)) {
        return Some(
            Diagnostic::error(format!(
                "{}: the {field} contains the control character U+{:04X}, which DOCX, HTML and PDF cannot hold",
                clause.id, c as u32
            ))
            .at(&at.file, at.span.clone(), "in this text")
            .help("remove it; it is invisible in most editors"),
        );
    }
    let c = text.chars().find(|c| !pdf_can_draw(*c))?;
    // The character itself where it is written as itself, else the whole value.
    let span = at
        .file
        .text
        .get(at.span.clone())
        .and_then(|raw| raw.find(c))
        .map_or(at.span.clone(), |i| {
            at.span.start + i..at.span.start + i + c.len_utf8()
        });
    Some(
        Diagnostic::error(format!(
            "{}: the {field} has a character the PDF fonts cannot draw: `{c}` (U+{:04X})",
            clause.id, c as u32
        ))
        .at(&at.file, span, "not in the PDF fonts")
        .help("use a character Liberation Sans has (most of Latin, Greek and Cyrillic), or spell it out"),
    )
}

/// The matrix cells built from a clause: `title: text` and the evidence joined with `; `.
fn cell_limits(clause: &Clause, text_at: Loc, evidence_at: Loc, out: &mut Vec<Diagnostic>) {
    let cell = clause.title.chars().count() + 2 + clause.text.chars().count();
    if cell > XLSX_CELL_MAX {
        out.push(
            Diagnostic::error(format!(
                "{}: the response matrix cell `title: text` would hold {cell} characters; a spreadsheet cell holds at most {XLSX_CELL_MAX}",
                clause.id
            ))
            .at(&text_at.file, text_at.span, "this text")
            .help("shorten the requirement, or split it into two clauses"),
        );
    }
    // As the matrix writes it: one bulleted line per item, with when it is due.
    let evidence: usize = clause
        .evidence
        .iter()
        .map(|e| {
            crate::pack::matrix::EVIDENCE_BULLET.chars().count() + e.line().chars().count() + 1
        })
        .sum::<usize>()
        .saturating_sub(1);
    if evidence > XLSX_CELL_MAX {
        out.push(
            Diagnostic::error(format!(
                "{}: the response matrix cell of evidence would hold {evidence} characters; a spreadsheet cell holds at most {XLSX_CELL_MAX}",
                clause.id
            ))
            .at(&evidence_at.file, evidence_at.span, "this evidence")
            .help("shorten the evidence items"),
        );
    }
}
