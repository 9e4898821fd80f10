//! Prose around the clauses: Handlebars templates (embedded, overridable with `--templates DIR`),
//! rendered in strict mode to a small Markdown subset and parsed into model blocks.
//!
//! Values from the profile are escaped for Markdown before they reach the parser, so a buyer
//! name with `*` or `[` prints as written. Clause text never passes through a template.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use handlebars::Handlebars;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::template_guard::{
    block_depth_exceeded, check_template, include_loop, render_bounded, BoundedEach, RenderStop,
    MAX_BLOCK_DEPTH, MAX_OUTPUT,
};
use super::{Block, Span, Text};
use crate::diagnostics::{did_you_mean, io_reason, Diagnostic, Diagnostics, SourceFile};
use crate::library::embedded_templates;

/// Every template the pack uses; a `--templates` directory may override any of them.
pub const TEMPLATE_NAMES: [&str; 23] = [
    "cover-notice",
    "how-to-read",
    "definitions",
    "bidder-information",
    "version-history",
    "context",
    "risk",
    "participation",
    "requirements",
    "understand",
    "design",
    "manage",
    "technology",
    "award",
    "contract",
    "evidence",
    "annex-matrix",
    "annex-sources",
    "annex-tailoring",
    "annex-coverage",
    "end-of-document",
    "record-cover",
    "record-before-issue",
];

/// The registered templates, with their source text kept for error messages.
pub struct Templates {
    registry: Handlebars<'static>,
    files: Vec<(String, Arc<SourceFile>)>,
}

/// Escapes Markdown punctuation so interpolated values are printed literally.
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
            continue;
        }
        out.push(c);
    }
    out
}

impl Templates {
    /// The embedded templates, overridden by same-named `.hbs` files in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Templates, Diagnostics> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_markdown);
        let mut files: Vec<(String, Arc<SourceFile>)> = Vec::new();
        for (file, text) in embedded_templates() {
            let name = file.trim_end_matches(".hbs").to_string();
            files.push((
                name,
                Arc::new(SourceFile::new(format!("templates/{file}"), *text)),
            ));
        }
        let mut diags = Diagnostics::default();
        if let Some(dir) = dir {
            read_override_dir(dir, &mut files, &mut diags);
        }
        registry.register_helper("each", Box::new(BoundedEach));
        let mut includes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut include_at: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (name, file) in &files {
            if let Some(at) = block_depth_exceeded(&file.text, MAX_BLOCK_DEPTH) {
                diags.push(
                    Diagnostic::error(format!("blocks nested more than {MAX_BLOCK_DEPTH} deep"))
                        .at(file, at..at + 2, "this block is too deep")
                        .help("close each {{#…}} block with its {{/…}} before opening many more"),
                );
                continue;
            }
            if let Err(e) = registry.register_template_string(name, &file.text) {
                let (line, col) = e.pos().unwrap_or((1, 1));
                let offset = offset_of(&file.text, line, col);
                diags.push(
                    Diagnostic::error(format!("template syntax error: {}", e.reason()))
                        .at(file, offset..offset + 1, "here")
                        .help("templates use Handlebars syntax: {{tender.title}}, {{#if …}}…{{/if}}, {{#each …}}…{{/each}}"),
                );
                continue;
            }
            let Some(template) = registry.get_template(name) else {
                continue;
            };
            let (problems, partials) = check_template(file, template);
            diags.extend(Diagnostics(problems));
            for (partial, at) in partials {
                if !files.iter().any(|(n, _)| *n == partial) {
                    let mut d = Diagnostic::error(format!(
                        "`{{{{> {partial}}}}}` includes a template that does not exist"
                    ))
                    .at(file, at..at + 2, "here");
                    d = match did_you_mean(&partial, TEMPLATE_NAMES) {
                        Some(close) => d.help(format!("did you mean `{close}`?")),
                        None => d.help(format!("templates: {}", TEMPLATE_NAMES.join(", "))),
                    };
                    diags.push(d);
                    continue;
                }
                include_at
                    .entry((name.clone(), partial.clone()))
                    .or_insert(at);
                includes.entry(name.clone()).or_default().push(partial);
            }
        }
        if let Some(cycle) = include_loop(&includes) {
            let (first, second) = (&cycle[0], &cycle[1]);
            let at = include_at
                .get(&(first.clone(), second.clone()))
                .copied()
                .unwrap_or(0);
            if let Some((_, file)) = files.iter().find(|(n, _)| n == first) {
                diags.push(
                    Diagnostic::error(format!(
                        "templates include each other in a loop: {}",
                        cycle.join(" → ")
                    ))
                    .at(file, at..at + 2, "this include starts the loop")
                    .help("a template may include another only if that one never comes back to it"),
                );
            }
        }
        for name in TEMPLATE_NAMES {
            if !files.iter().any(|(n, _)| n == name) {
                diags.push(Diagnostic::error(format!(
                    "template `{name}.hbs` is missing from the built-in set"
                )));
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Templates { registry, files })
    }

    /// Renders one template into blocks.
    pub fn render(&self, name: &str, ctx: &serde_json::Value) -> Result<Vec<Block>, Diagnostic> {
        let file = || {
            self.files
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, f)| f.clone())
        };
        let markdown = render_bounded(&self.registry, name, ctx).map_err(|stop| {
            let e = match stop {
                RenderStop::TooLong => {
                    let d = Diagnostic::error(format!(
                        "template `{name}` produced more than {} KiB",
                        MAX_OUTPUT / 1024
                    ))
                    .help("a template is a few paragraphs of prose; loops that repeat long values multiply them");
                    return match file() {
                        Some(f) => d.at(&f, 0..0, "in this template"),
                        None => d,
                    };
                }
                RenderStop::Failed(e) => e,
            };
            let mut d = Diagnostic::error(format!("template `{name}` failed: {}", e.reason()));
            match (file(), e.line_no) {
                (Some(file), Some(line)) => {
                    let offset = offset_of(&file.text, line, e.column_no.unwrap_or(1));
                    d = d.at(&file, offset..offset + 1, "here");
                }
                (Some(file), None) => d = d.at(&file, 0..0, "in this template"),
                _ => {}
            }
            if matches!(e.reason(), handlebars::RenderErrorReason::HelperNotFound(_)) {
                return d.help("templates may use Handlebars' built-in helpers: if, unless, each, with, lookup, eq, ne, gt, gte, lt, lte, and, or, not, len");
            }
            d.help("templates may use: tender.*, risk.*, technologies, counts.*, library.*, tool.*, parameters.*")
        })?;
        Ok(parse_markdown(&markdown))
    }
}

fn read_override_dir(dir: &Path, files: &mut [(String, Arc<SourceFile>)], diags: &mut Diagnostics) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let reason = if dir.is_file() {
                "it is a file, not a directory".to_string()
            } else {
                io_reason(&e)
            };
            diags.push(
                Diagnostic::error(format!("cannot read the templates directory: {reason}"))
                    .in_file(dir)
                    .help("pass a directory of .hbs files named like the built-in ones (context.hbs, how-to-read.hbs, …)"),
            );
            return;
        }
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.extension().and_then(|e| e.to_str()) != Some("hbs") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let Some(slot) = files.iter_mut().find(|(n, _)| *n == name) else {
            let mut d =
                Diagnostic::error(format!("`{name}.hbs` is not a template tenderguard uses"))
                    .in_file(&path);
            d = match did_you_mean(&name, TEMPLATE_NAMES) {
                Some(close) => d.help(format!("did you mean `{close}.hbs`?")),
                None => d.help(format!("templates: {}", TEMPLATE_NAMES.join(", "))),
            };
            diags.push(d);
            continue;
        };
        let bytes = match crate::input::read_input(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let d = e.diagnostic(&path, "template");
                diags.push(match e {
                    crate::input::InputError::Directory => {
                        d.help(format!("`{name}.hbs` must be a Handlebars text file"))
                    }
                    _ => d,
                });
                continue;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => slot.1 = Arc::new(SourceFile::new(path.display().to_string(), text)),
            Err(e) => diags.push(crate::diagnostics::not_utf8(
                &path,
                e.as_bytes(),
                e.utf8_error().valid_up_to(),
            )),
        }
    }
}

fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(0, |(o, _)| o);
        }
        offset += l.len();
    }
    text.len().saturating_sub(1)
}

/// Parses the Markdown subset templates produce: paragraphs, bullet and numbered lists,
/// **bold** and *italic*. Anything else is kept as plain text.
pub fn parse_markdown(src: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = Text::default();
    let mut items: Vec<Text> = Vec::new();
    let mut list_ordered: Vec<bool> = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let push = |text: &mut Text, s: &str, bold: u32, italic: u32| {
        if s.is_empty() {
            return;
        }
        if let Some(last) = text.0.last_mut() {
            if last.bold == (bold > 0) && last.italic == (italic > 0) {
                last.text.push_str(s);
                return;
            }
        }
        text.0.push(Span {
            text: s.to_string(),
            bold: bold > 0,
            italic: italic > 0,
        });
    };
    for event in Parser::new(src) {
        match event {
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::List(first)) => list_ordered.push(first.is_some()),
            Event::End(TagEnd::List(_)) => {
                let ordered = list_ordered.pop().unwrap_or(false);
                if list_ordered.is_empty() {
                    blocks.push(Block::List {
                        ordered,
                        items: std::mem::take(&mut items),
                    });
                }
            }
            Event::End(TagEnd::Item) => {
                let t = std::mem::take(&mut text);
                if !t.0.is_empty() {
                    items.push(trim_text(t));
                }
            }
            Event::End(TagEnd::Paragraph) if list_ordered.is_empty() => {
                let t = std::mem::take(&mut text);
                if !t.0.is_empty() {
                    blocks.push(Block::Paragraph(trim_text(t)));
                }
            }
            Event::End(TagEnd::Paragraph) => push(&mut text, " ", bold, italic),
            Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => {
                push(&mut text, &s, bold, italic)
            }
            Event::SoftBreak | Event::HardBreak => push(&mut text, " ", bold, italic),
            _ => {}
        }
    }
    let t = std::mem::take(&mut text);
    if !t.0.is_empty() {
        blocks.push(Block::Paragraph(trim_text(t)));
    }
    blocks
}

fn trim_text(mut t: Text) -> Text {
    if let Some(first) = t.0.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = t.0.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    t.0.retain(|s| !s.text.is_empty());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolated_markup_is_printed_literally() {
        let escaped = escape_markdown("A*B [C](d) {{x}} & <b>");
        let blocks = parse_markdown(&format!("Buyer: {escaped}"));
        match &blocks[0] {
            Block::Paragraph(t) => assert_eq!(t.to_plain(), "Buyer: A*B [C](d) {{x}} & <b>"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_and_emphasis_are_parsed() {
        let blocks = parse_markdown("Intro **bold** text.\n\n- one\n- *two*\n");
        assert_eq!(blocks.len(), 2);
        match &blocks[1] {
            Block::List { ordered, items } => {
                assert!(!ordered);
                assert!(items[1].0[0].italic);
            }
            other => panic!("{other:?}"),
        }
    }
}
