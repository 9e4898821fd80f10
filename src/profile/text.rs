//! Every text value in a profile, checked once for every format, at its place in the profile.
//!
//! The writers cannot all carry the same text: XML (DOCX, HTML) and the PDF refuse control
//! characters that Markdown and CSV would print; a line break in a title breaks Markdown's H1 and
//! the running header; a megabyte title makes every page's header and footer a megabyte. So each
//! string in the profile is checked here, before anything is built: no control character other
//! than tab and line breaks (and those only where a value may run over several lines), and a
//! length limit per field, with the field named and its line and column.

use std::sync::Arc;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

/// A field's name in messages, its length limit in characters, and whether it must be one line.
struct Rule {
    name: &'static str,
    max: usize,
    one_line: bool,
}

/// The longest text of a clause's own text or rationale.
pub const MAX_TEXT: usize = 20_000;

/// The rule for the value at `path` (keys, with `[]` for an array element).
fn rule(path: &[&str]) -> Rule {
    let r = |name, max, one_line| Rule {
        name,
        max,
        one_line,
    };
    match path {
        ["tender", "title"] => r("the tender title", 300, true),
        ["tender", "reference"] => r("the tender reference", 64, true),
        ["tender", "buyer"] => r("the buyer", 200, true),
        ["tender", "version"] => r("the tender version", 32, true),
        ["tender", "contact"] => r("the contact", 200, true),
        ["tender", "marking"] => r("the protective marking", 100, true),
        ["clause", "[]", "title"] => r("a clause title", 300, true),
        ["clause", "[]", "text"] => r("a clause's text", MAX_TEXT, false),
        ["clause", "[]", "evidence", "[]"] => r("an evidence item", 2_000, false),
        ["parameters", _] => r("a parameter value", 500, true),
        ["tailoring", _, "[]", "reason"] | ["scope", "risk_reason"] => r("a reason", 2_000, false),
        ["clause", "[]", "rationale"] => r("a clause's rationale", MAX_TEXT, false),
        // Ids, technologies and words from a fixed set have checks of their own, which name
        // what is allowed; only their characters are checked here.
        _ => r("", usize::MAX, false),
    }
}

/// A character no format may carry: a C0 control other than tab and the line breaks, DEL and
/// the C1 controls, and the non-characters U+FFFE and U+FFFF.
fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Checks every string in the profile; see the module comment. A profile that is not TOML has
/// nothing to check here (its parse error is reported elsewhere).
pub fn check_profile_text(file: &Arc<SourceFile>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if let Ok(root) = DeTable::parse(&file.text) {
        let mut path = Vec::new();
        table(file, root.get_ref(), &mut path, &mut diags);
    }
    // In the order they appear in the file, whatever order the tables were walked in.
    diags
        .0
        .sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.span.start));
    diags
}

/// Checks every string in the profile against what one format's fonts can draw (`can_draw`),
/// so a character the PDF would refuse is refused at its line and column before anything is
/// rendered. Called only when that format is written: a DOCX-only run may hold any character.
pub fn check_profile_characters(
    file: &Arc<SourceFile>,
    can_draw: &dyn Fn(char) -> bool,
    format: &str,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Ok(root) = DeTable::parse(&file.text) else {
        return diags;
    };
    let mut strings = Vec::new();
    collect_strings(root.get_ref(), &mut Vec::new(), None, &mut strings);
    strings.sort_by_key(|s| s.span.start);
    for found in strings {
        let Some(c) = found.text.chars().find(|c| !can_draw(*c)) else {
            continue;
        };
        let span = found.span;
        // "clause ECC-01, field `text`" inside a clause of its own, else the key path.
        let subject = match (found.owner, found.path.last()) {
            (Some(id), Some(field)) => format!("clause {id}, field `{field}`"),
            _ => format!("`{}`", found.path.join(".")),
        };
        // The character itself where it is written as itself, else the whole value.
        let at = file
            .text
            .get(span.clone())
            .and_then(|raw| raw.find(c))
            .map_or(span.clone(), |i| {
                span.start + i..span.start + i + c.len_utf8()
            });
        diags.push(
            Diagnostic::error(format!(
                "{subject} has a character the {format} fonts cannot draw: `{c}` (U+{:04X})",
                c as u32
            ))
            .at(file, at, "not in the fonts")
            .help(format!("use a character the fonts have (most of Latin, Greek and Cyrillic) or spell it out, or leave {format} out with --format")),
        );
    }
    diags
}

/// A string value of the profile: its key path (array elements unnamed), the id of the
/// `[[clause]]` it belongs to, its text and span.
struct Found<'a> {
    path: Vec<&'a str>,
    owner: Option<&'a str>,
    text: &'a str,
    span: std::ops::Range<usize>,
}

fn collect_strings<'a>(
    t: &'a DeTable<'a>,
    path: &mut Vec<&'a str>,
    owner: Option<&'a str>,
    out: &mut Vec<Found<'a>>,
) {
    fn value<'a>(
        v: &'a Spanned<DeValue<'a>>,
        path: &mut Vec<&'a str>,
        owner: Option<&'a str>,
        out: &mut Vec<Found<'a>>,
    ) {
        match v.get_ref() {
            DeValue::String(s) => out.push(Found {
                path: path.clone(),
                owner,
                text: s.as_ref(),
                span: v.span(),
            }),
            DeValue::Table(t) => {
                // An element of [[clause]] is named by its id.
                let id = (path[..] == ["clause"])
                    .then(|| t.iter().find(|(k, _)| k.get_ref() == "id"))
                    .flatten()
                    .and_then(|(_, v)| match v.get_ref() {
                        DeValue::String(s) => Some(s.as_ref()),
                        _ => None,
                    });
                collect_strings(t, path, id.or(owner), out)
            }
            DeValue::Array(items) => items.iter().for_each(|i| value(i, path, owner, out)),
            _ => {}
        }
    }
    for (key, v) in t.iter() {
        path.push(key.get_ref().as_ref());
        value(v, path, owner, out);
        path.pop();
    }
}

fn table<'a>(
    file: &Arc<SourceFile>,
    t: &'a DeTable<'a>,
    path: &mut Vec<&'a str>,
    diags: &mut Diagnostics,
) {
    for (key, value) in t.iter() {
        path.push(key.get_ref().as_ref());
        self::value(file, value, path, diags);
        path.pop();
    }
}

fn value<'a>(
    file: &Arc<SourceFile>,
    v: &'a Spanned<DeValue<'a>>,
    path: &mut Vec<&'a str>,
    diags: &mut Diagnostics,
) {
    match v.get_ref() {
        DeValue::String(s) => check_string(file, s, v.span(), path, diags),
        DeValue::Table(t) => table(file, t, path, diags),
        DeValue::Array(items) => {
            if path[..] == ["clause", "[]", "evidence"] {
                evidence_cell(file, items, v.span(), diags);
            }
            path.push("[]");
            for item in items {
                self::value(file, item, path, diags);
            }
            path.pop();
        }
        _ => {}
    }
}

/// The most characters a spreadsheet cell holds: a clause's evidence items, joined with `; `,
/// fill one cell of the response matrix.
const CELL_MAX: usize = 32_767;

fn evidence_cell(
    file: &Arc<SourceFile>,
    items: &[Spanned<DeValue<'_>>],
    span: std::ops::Range<usize>,
    diags: &mut Diagnostics,
) {
    let joined: usize = items
        .iter()
        .map(|i| match i.get_ref() {
            DeValue::String(s) => s.chars().count() + 2,
            _ => 0,
        })
        .sum::<usize>()
        .saturating_sub(2);
    if joined > CELL_MAX {
        diags.push(
            Diagnostic::error(format!(
                "a clause's evidence (`clause.evidence`) joins to {joined} characters; the response matrix cell holds at most {CELL_MAX}"
            ))
            .at(file, span.start..span.start + 1, "this list")
            .help("shorten the evidence items or list fewer"),
        );
    }
}

fn check_string(
    file: &Arc<SourceFile>,
    s: &str,
    span: std::ops::Range<usize>,
    path: &[&str],
    diags: &mut Diagnostics,
) {
    let rule = rule(path);
    let key = path
        .iter()
        .filter(|k| **k != "[]")
        .copied()
        .collect::<Vec<_>>()
        .join(".");
    let subject = match rule.name {
        "" => format!("`{key}`"),
        name => format!("{name} (`{key}`)"),
    };
    if let Some(c) = s.chars().find(|c| forbidden(*c)) {
        diags.push(
            Diagnostic::error(format!(
                "{subject} contains the control character U+{:04X}, which DOCX, HTML and PDF cannot hold",
                c as u32
            ))
            .at(file, span.clone(), "in this value")
            .help("remove it: it is invisible in most editors, and every format is refused rather than one written differently"),
        );
        return;
    }
    if rule.one_line && s.contains(['\n', '\r']) {
        diags.push(
            Diagnostic::error(format!("{subject} must be one line"))
                .at(file, span.clone(), "holds a line break")
                .help("it is printed as a heading and in the running header; write it on one line"),
        );
        return;
    }
    // Counting stops one past the limit: a 20 MB value costs no more than a short one.
    let over = rule.max < usize::MAX && s.chars().nth(rule.max).is_some();
    if over {
        diags.push(
            Diagnostic::error(format!(
                "{subject} is {} characters long; at most {} are allowed",
                s.chars().count(),
                rule.max
            ))
            .at(
                file,
                span.start..span.start.saturating_add(1).min(span.end),
                "this value",
            )
            .help("shorten it; a long text belongs in the tender documents, not in one field"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let file = Arc::new(SourceFile::new("p.toml", text));
        check_profile_text(&file)
            .0
            .iter()
            .map(|d| format!("{} {}", d.position().unwrap_or_default(), d.message))
            .collect()
    }

    #[test]
    fn control_characters_are_refused_in_any_field() {
        let found = problems("[tender]\ntitle = \"A\\u0000B\"\n[[clause]]\ntext = \"x\\u0007\"\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with(
            "p.toml:2:9 the tender title (`tender.title`) contains the control character U+0000"
        ));
        assert!(found[1].starts_with(
            "p.toml:4:8 a clause's text (`clause.text`) contains the control character U+0007"
        ));
    }

    #[test]
    fn headings_are_one_line_and_fields_have_limits() {
        let found = problems(&format!(
            "[tender]\ntitle = \"\"\"a\nb\"\"\"\nbuyer = \"{}\"\n[[clause]]\ntext = \"\"\"one\ntwo\"\"\"\n",
            "B".repeat(201)
        ));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("the tender title (`tender.title`) must be one line"));
        assert!(found[1].contains("the buyer (`tender.buyer`) is 201 characters long; at most 200"));
    }
}
