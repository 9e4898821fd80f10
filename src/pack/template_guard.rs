//! Limits that keep a buyer's `--templates` from making the renderer use unbounded memory or
//! time: at load, the nesting of blocks and loops, partials only by their literal name and never
//! in a loop of templates including each other, no decorators; while rendering, a budget of
//! `{{#each}}` iterations and of output bytes per template.
//!
//! Six nested `{{#each}}` over a list of twenty items is 64 million iterations, and a template
//! that includes itself never ends; the built-in templates need one level of `{{#each}}`, a few
//! dozen iterations and a few kilobytes.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use handlebars::template::{Parameter, Template, TemplateElement};
use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue,
    Output, RenderContext, RenderError, RenderErrorReason, Renderable,
};

use crate::diagnostics::{Diagnostic, SourceFile};

/// Deepest nesting of `{{#each}}` blocks in one template.
pub const MAX_EACH_DEPTH: usize = 3;
/// Deepest nesting of blocks of any kind (`{{#if}}`, `{{#with}}`, …), checked on the text before
/// the parser sees it, which recurses once per level.
pub const MAX_BLOCK_DEPTH: usize = 32;
/// `{{#each}}` iterations in one template's rendering, partials included.
pub const MAX_ITERATIONS: u64 = 100_000;
/// Bytes one template may produce.
pub const MAX_OUTPUT: usize = 1024 * 1024;

thread_local! {
    /// Iterations left in the template being rendered on this thread.
    static ITERATIONS_LEFT: Cell<u64> = const { Cell::new(MAX_ITERATIONS) };
}

/// The depth of `{{#…}}` blocks in a template's text, and where it first passes `limit`:
/// counted on the text, so a template nested 100 000 deep is refused before the parser, which
/// recurses per level, could overflow its stack.
pub fn block_depth_exceeded(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find("{{") {
        let open = i + at;
        let mut j = open + 2;
        // `{{~#if}}` and `{{{{raw}}}}` open blocks too.
        while j < bytes.len() && (bytes[j] == b'~' || bytes[j] == b'{') {
            j += 1;
        }
        match bytes.get(j) {
            Some(b'#') => {
                depth += 1;
                if depth > limit {
                    return Some(open);
                }
            }
            Some(b'/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i = j.max(open + 2);
    }
    None
}

/// Checks one compiled template: `{{#each}}` nested at most `MAX_EACH_DEPTH`, partials named
/// literally, no decorators (`{{* …}}`, `{{#*inline}}`). Returns the problems and the partials
/// it includes, each with its byte offset.
pub fn check_template(
    file: &Arc<SourceFile>,
    template: &Template,
) -> (Vec<Diagnostic>, Vec<(String, usize)>) {
    let mut diags = Vec::new();
    let mut partials = Vec::new();
    walk(file, template, 0, &mut diags, &mut partials);
    (diags, partials)
}

fn offset(file: &SourceFile, template: &Template, index: usize) -> usize {
    let Some(m) = template.mapping.get(index) else {
        return 0;
    };
    let (line, col) = (m.0, m.1);
    let mut at = 0;
    for (i, l) in file.text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return at
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(0, |(o, _)| o);
        }
        at += l.len();
    }
    0
}

fn walk(
    file: &Arc<SourceFile>,
    template: &Template,
    each_depth: usize,
    diags: &mut Vec<Diagnostic>,
    partials: &mut Vec<(String, usize)>,
) {
    for (i, element) in template.elements.iter().enumerate() {
        let at = || offset(file, template, i);
        match element {
            TemplateElement::HelperBlock(h) => {
                let is_each = matches!(&h.name, Parameter::Name(n) if n == "each");
                let depth = each_depth + usize::from(is_each);
                if is_each && depth > MAX_EACH_DEPTH {
                    let o = at();
                    diags.push(
                        Diagnostic::error(format!(
                            "`{{{{#each}}}}` nested {depth} deep; templates may nest it {MAX_EACH_DEPTH} deep"
                        ))
                        .at(file, o..o + 2, "here")
                        .help("a loop inside a loop multiplies the work: keep the nesting shallow"),
                    );
                    continue;
                }
                for t in [&h.template, &h.inverse].into_iter().flatten() {
                    walk(file, t, depth, diags, partials);
                }
            }
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                let name = match &d.name {
                    Parameter::Name(n) => Some(n.clone()),
                    Parameter::Literal(JsonValue::String(s)) => Some(s.clone()),
                    _ => None,
                };
                let o = at();
                match name {
                    Some(n) => partials.push((n, o)),
                    None => diags.push(
                        Diagnostic::error("a partial must be named as written, not computed")
                            .at(file, o..o + 2, "here")
                            .help("write `{{> context}}` with the template's name"),
                    ),
                }
                if let Some(t) = &d.template {
                    walk(file, t, each_depth, diags, partials);
                }
            }
            TemplateElement::DecoratorExpression(_) | TemplateElement::DecoratorBlock(_) => {
                let o = at();
                diags.push(
                    Diagnostic::error(
                        "templates may not use decorators (`{{* …}}`, `{{#*inline}}`)",
                    )
                    .at(file, o..o + 2, "here")
                    .help("include another template with `{{> name}}` instead"),
                );
            }
            _ => {}
        }
    }
}

/// Finds a loop of templates including each other (`a` → `b` → `a`), as the chain of names
/// from the first template in the loop.
pub fn include_loop(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    for node in graph.keys() {
        if let Some(c) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

/// Handlebars' own `each` (same block context, `@index`, `@first`, `@last`, `@key`, block
/// params, `{{else}}`), with every iteration taken from the thread's budget.
pub struct BoundedEach;

fn take_iteration() -> Result<(), RenderError> {
    ITERATIONS_LEFT.with(|left| match left.get() {
        0 => Err(RenderErrorReason::Other(format!(
            "more than {MAX_ITERATIONS} {{{{#each}}}} iterations"
        ))
        .into()),
        n => {
            left.set(n - 1);
            Ok(())
        }
    })
}

impl HelperDef for BoundedEach {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
        let Some(template) = h.template() else {
            return Ok(());
        };
        let items: Vec<(JsonValue, &JsonValue)> = match value.value() {
            JsonValue::Array(list) if !list.is_empty() || h.inverse().is_none() => list
                .iter()
                .enumerate()
                .map(|(i, v)| (JsonValue::from(i), v))
                .collect(),
            JsonValue::Object(map) if !map.is_empty() || h.inverse().is_none() => map
                .iter()
                .map(|(k, v)| (JsonValue::from(k.as_str()), v))
                .collect(),
            _ => {
                return match h.inverse() {
                    Some(t) => t.render(r, ctx, rc, out),
                    None if r.strict_mode() => {
                        Err(RenderError::strict_error(value.relative_path()))
                    }
                    None => Ok(()),
                }
            }
        };
        let is_object = value.value().is_object();
        let mut block = BlockContext::new();
        match value.context_path() {
            Some(path) => block.base_path_mut().clone_from(path),
            None => block.set_base_value(value.value().clone()),
        }
        rc.push_block(block);
        let base_path = value.context_path();
        let len = items.len();
        for (i, (key, item)) in items.into_iter().enumerate() {
            take_iteration()?;
            if let Some(block) = rc.block_mut() {
                block.set_local_var("first", JsonValue::from(i == 0));
                block.set_local_var("last", JsonValue::from(i + 1 == len));
                block.set_local_var("index", JsonValue::from(i));
                if is_object {
                    block.set_local_var("key", key.clone());
                }
                let relative = match &key {
                    JsonValue::String(k) => k.clone(),
                    other => other.to_string(),
                };
                match base_path {
                    Some(p) if i == 0 => {
                        let mut path = p.clone();
                        path.push(relative);
                        *block.base_path_mut() = path;
                    }
                    Some(_) => {
                        if let Some(last) = block.base_path_mut().last_mut() {
                            *last = relative;
                        }
                    }
                    None => block.set_base_value(item.clone()),
                }
                let mut params = BlockParams::new();
                let param_key = if is_object {
                    key.clone()
                } else {
                    JsonValue::from(i)
                };
                if let Some(name) = h.block_param() {
                    match base_path {
                        Some(_) => params.add_path(name, Vec::new())?,
                        None => params.add_value(name, item.clone())?,
                    }
                    block.set_block_params(params);
                } else if let Some((name, key_name)) = h.block_param_pair() {
                    match base_path {
                        Some(_) => params.add_path(name, Vec::new())?,
                        None => params.add_value(name, item.clone())?,
                    }
                    params.add_value(key_name, param_key)?;
                    block.set_block_params(params);
                }
            }
            template.render(r, ctx, rc, out)?;
        }
        rc.pop_block();
        Ok(())
    }
}

/// Why a bounded render stopped.
pub enum RenderStop {
    /// The template produced more than `MAX_OUTPUT` bytes.
    TooLong,
    /// Handlebars' own error, the iteration budget included.
    Failed(RenderError),
}

/// Collects a template's output, refusing bytes past `MAX_OUTPUT`.
struct CappedOutput {
    bytes: Vec<u8>,
    over: bool,
}

impl Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.over = true;
            return Err(std::io::Error::other("template output limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders `name` with a fresh iteration budget and an output cap.
pub fn render_bounded(
    registry: &Handlebars<'static>,
    name: &str,
    ctx: &serde_json::Value,
) -> Result<String, RenderStop> {
    ITERATIONS_LEFT.with(|left| left.set(MAX_ITERATIONS));
    let mut out = CappedOutput {
        bytes: Vec::new(),
        over: false,
    };
    let result = registry.render_to_write(name, ctx, &mut out);
    if out.over {
        return Err(RenderStop::TooLong);
    }
    result.map_err(RenderStop::Failed)?;
    Ok(String::from_utf8_lossy(&out.bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(text: &str) -> Handlebars<'static> {
        let mut r = Handlebars::new();
        r.set_strict_mode(true);
        r.register_helper("each", Box::new(BoundedEach));
        r.register_template_string("t", text).unwrap();
        r
    }

    #[test]
    fn bounded_each_renders_as_handlebars_does() {
        let ctx = serde_json::json!({"xs": ["a", "b"], "m": {"k": 1}, "none": []});
        let r = registry(
            "{{#each xs}}{{@index}}{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}},{{/each}}|{{#each m}}{{@key}}={{this}}{{/each}}|{{#each none}}x{{else}}empty{{/each}}|{{#each xs as |v i|}}{{i}}{{v}}{{/each}}",
        );
        let out = render_bounded(&r, "t", &ctx).ok().unwrap();
        assert_eq!(out, "0aF,1bL,|k=1|empty|0a1b");
    }

    #[test]
    fn nested_loops_stop_at_the_iteration_budget() {
        let ctx = serde_json::json!({"xs": (0..100).collect::<Vec<_>>()});
        let r =
            registry("{{#each xs}}{{#each ../xs}}{{#each ../../xs}}{{/each}}{{/each}}{{/each}}");
        match render_bounded(&r, "t", &ctx) {
            Err(RenderStop::Failed(e)) => assert!(e.to_string().contains("iterations")),
            _ => panic!("not stopped"),
        }
    }

    #[test]
    fn output_past_the_cap_is_refused() {
        let ctx = serde_json::json!({"s": "x".repeat(4096), "xs": (0..1000).collect::<Vec<_>>()});
        let r = registry("{{#each xs}}{{../s}}{{/each}}");
        assert!(matches!(
            render_bounded(&r, "t", &ctx),
            Err(RenderStop::TooLong)
        ));
    }

    #[test]
    fn deep_block_nesting_is_found_on_the_text() {
        let deep = "{{#if a}}".repeat(40);
        assert_eq!(block_depth_exceeded(&deep, 32), Some(32 * 9));
        assert_eq!(
            block_depth_exceeded("{{#if a}}{{/if}}{{#if a}}{{/if}}", 1),
            None
        );
    }

    #[test]
    fn a_loop_of_includes_is_found() {
        let mut g = BTreeMap::new();
        g.insert("a".to_string(), vec!["b".to_string()]);
        g.insert("b".to_string(), vec!["c".to_string()]);
        g.insert("c".to_string(), vec!["a".to_string()]);
        assert_eq!(include_loop(&g).unwrap(), ["a", "b", "c", "a"]);
        g.insert("c".to_string(), vec![]);
        assert!(include_loop(&g).is_none());
    }
}
