//! A clause as the reader sees it: its pack number in the gutter, title and obligation badge,
//! stable id and version, the requirement text, then labelled details (what a strong answer
//! covers, word limit, evidence, when it is verified), as the Markdown writer shows them.

use super::document::list;
use super::layout::{baseline_in, para_frames, Block, Draw, Frame, ParaSpec, Stack};
use super::style;
use super::tagging::{Node, Role, StructTree};
use super::text::{Run, Typesetter};
use crate::library::Category;
use crate::pack::PackClause;
use crate::render::references::clause_anchor;
use std::sync::Arc;

use crate::render::design::{BADGE_GAP, BADGE_HEIGHT, BADGE_WIDTH};

fn origin(c: &PackClause, field: &str) -> String {
    format!("clause {}, field `{field}`", c.id)
}

/// The badge at the right of the title line: filled for MUST, outlined for SHOULD. It is an
/// artifact: the obligation is also written out under the title, and read there.
fn badge(ts: &mut Typesetter<'_>, c: &PackClause, right: f32, baseline: f32) -> Vec<Draw> {
    let must = c.category != Category::Scored;
    let text_style = if must {
        style::BADGE.style
    } else {
        style::BADGE.style.colored(style::ACCENT)
    };
    let word = ts.line(c.category.keyword(), text_style, &origin(c, "obligation"));
    let x = right - BADGE_WIDTH;
    let cap = ts.fonts.face(text_style.face).cap_height * text_style.size;
    // Centre the badge on the title's capitals, and the word in the badge.
    let title_cap =
        ts.fonts.face(style::CLAUSE_TITLE.style.face).cap_height * style::CLAUSE_TITLE.style.size;
    let top = baseline - title_cap / 2.0 - BADGE_HEIGHT / 2.0;
    let mut draws = vec![if must {
        Draw::Fill {
            x,
            y: top,
            w: BADGE_WIDTH,
            h: BADGE_HEIGHT,
            color: style::ACCENT,
        }
    } else {
        Draw::Outline {
            x: x + 0.4,
            y: top + 0.4,
            w: BADGE_WIDTH - 0.8,
            h: BADGE_HEIGHT - 0.8,
            width: 0.8,
            color: style::ACCENT,
        }
    }];
    draws.push(Draw::Text {
        x: x + (BADGE_WIDTH - word.width) / 2.0,
        baseline: top + BADGE_HEIGHT / 2.0 + cap / 2.0,
        style: text_style,
        text: word.text(),
        node: Node::ARTIFACT,
    });
    draws
}

/// A labelled detail row: the label in the label column, the value beside it; one paragraph.
fn detail(
    ts: &mut Typesetter<'_>,
    node: Node,
    label: &str,
    value: Vec<Run>,
    (x, width): (f32, f32),
    origin: &str,
) -> Block {
    let frames = para_frames(
        ts,
        ParaSpec {
            runs: value,
            left: x + style::LABEL_COLUMN,
            width: width - style::LABEL_COLUMN,
            leading: style::DETAIL.leading,
            label: Some((vec![Run::new(label, style::LABEL.style)], x)),
            origin,
            newline_gap: 0.0,
            node,
            label_node: node,
        },
    );
    Block::stack(Stack::flowing(frames)).spaced(0.0, 3.0)
}

/// A labelled bulleted list: the label (a paragraph of its own, read first) beside the first
/// item.
fn detail_list(
    ts: &mut Typesetter<'_>,
    tree: &mut StructTree,
    parent: Option<Node>,
    label: &str,
    items: &[String],
    (x, width): (f32, f32),
    origin: &str,
) -> Vec<Block> {
    let label_node = tree.add(Role::P, parent);
    let runs: Vec<Vec<Run>> = items
        .iter()
        .map(|i| vec![Run::new(i.clone(), style::DETAIL.style)])
        .collect();
    let mut blocks = list(
        ts,
        tree,
        parent,
        &runs,
        false,
        (x + style::LABEL_COLUMN, width - style::LABEL_COLUMN),
        style::DETAIL,
        origin,
    );
    let label_line = ts.line(label, style::LABEL.style, origin);
    let baseline = baseline_in(ts, style::DETAIL.style, style::DETAIL.leading);
    if let Some(first) = blocks.first_mut() {
        if let super::layout::Body::Stack(s) = &mut first.body {
            if let Some(f) = s.frames.first_mut() {
                let mut label = Frame::default();
                label.text_line(&label_line, x, baseline, label_node);
                f.draws.splice(0..0, label.draws);
            }
        }
    }
    for (i, b) in blocks.iter_mut().enumerate() {
        b.space_after = if i + 1 == items.len() { 3.0 } else { 1.5 };
    }
    blocks
}

/// The blocks of one clause, set from `x` across `width`, tagged as a section under `parent`
/// whose heading is at `level` (one below the chapter or subsection that holds it).
pub fn clause_blocks(
    ts: &mut Typesetter<'_>,
    tree: &mut StructTree,
    parent: Option<Node>,
    level: usize,
    c: &PackClause,
    (x, width): (f32, f32),
) -> Vec<Block> {
    let sect = Some(tree.add(Role::Sect, parent));
    let heading = tree.add(Role::heading(level), sect);
    let text_x = x + style::CLAUSE_GUTTER;
    let text_w = width - style::CLAUSE_GUTTER;
    let mut blocks = Vec::new();

    // Head: number, title and badge; then id, version and obligation.
    let mut head = para_frames(
        ts,
        ParaSpec {
            runs: vec![Run::new(c.title.clone(), style::CLAUSE_TITLE.style)],
            left: text_x,
            width: text_w - BADGE_WIDTH - BADGE_GAP,
            leading: style::CLAUSE_TITLE.leading,
            label: Some((
                vec![Run::new(c.pack_ref.clone(), style::CLAUSE_NUMBER.style)],
                x,
            )),
            origin: &origin(c, "title"),
            newline_gap: 0.0,
            node: heading,
            label_node: heading,
        },
    );
    let baseline = baseline_in(ts, style::CLAUSE_TITLE.style, style::CLAUSE_TITLE.leading);
    let badge = badge(ts, c, x + width, baseline);
    if let Some(first) = head.first_mut() {
        // Drawn first, so that the heading's text stays one marked-content sequence.
        first.draws.splice(0..0, badge);
        first.anchors.push(clause_anchor(&c.id));
    }
    let mut meta = vec![
        Run::new(c.tag(), style::CLAUSE_META.style.bold()),
        Run::new(
            format!("   {} ({})", c.category.label(), c.category.keyword()),
            style::CLAUSE_META.style,
        ),
    ];
    if let Some(lib) = c.library_obligation.filter(|o| *o != c.obligation) {
        meta.push(Run::new(
            format!(
                "   \u{b7}   the library sets {}; changed for this tender (Annex C)",
                lib.keyword()
            ),
            style::CLAUSE_META.style,
        ));
    }
    if c.buyer_clause {
        meta.push(Run::new(
            "   \u{b7}   the Council’s own requirement",
            style::CLAUSE_META.style,
        ));
    }
    head.push(Frame::spacer(1.0));
    let meta_node = tree.add(Role::P, sect);
    head.extend(para_frames(
        ts,
        ParaSpec {
            runs: meta,
            left: text_x,
            width: text_w,
            leading: style::CLAUSE_META.leading,
            label: None,
            origin: &origin(c, "id"),
            newline_gap: 0.0,
            node: meta_node,
            label_node: meta_node,
        },
    ));
    head.push(Frame::spacer(4.0));
    blocks.push(
        Block::stack(Stack::unbreakable(head))
            .spaced(style::CLAUSE_GAP, 0.0)
            .keep(),
    );

    // The requirement text, paragraph by paragraph.
    let text_origin = origin(c, "text");
    for para in c
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let node = tree.add(Role::P, sect);
        let frames = para_frames(
            ts,
            ParaSpec {
                runs: vec![Run::new(para.replace('\n', " "), style::BODY.style)],
                left: text_x,
                width: text_w,
                leading: style::BODY.leading,
                label: None,
                origin: &text_origin,
                newline_gap: 0.0,
                node,
                label_node: node,
            },
        );
        blocks.push(Block::stack(Stack::flowing(frames)).spaced(0.0, 5.0));
    }

    if !c.strong_answer.is_empty() {
        blocks.extend(detail_list(
            ts,
            tree,
            sect,
            "Strong answer",
            &c.strong_answer,
            (text_x, text_w),
            &origin(c, "strong_answer"),
        ));
        if let Some(limit) = c.word_limit {
            let node = tree.add(Role::P, sect);
            blocks.push(detail(
                ts,
                node,
                "Word limit",
                vec![Run::new(format!("{limit} words"), style::DETAIL.style)],
                (text_x, text_w),
                &origin(c, "word_limit"),
            ));
        }
    }
    if !c.evidence.is_empty() {
        blocks.extend(detail_list(
            ts,
            tree,
            sect,
            "Evidence",
            &c.evidence_lines(),
            (text_x, text_w),
            &origin(c, "evidence"),
        ));
    }
    // A page this clause breaks onto starts with "4.2.3 (continued)", in the number's gutter
    // position; decoration, like a table's continued caption, so it is not read twice.
    let line = para_frames(
        ts,
        ParaSpec {
            runs: vec![Run::new(
                format!("{} (continued)", c.pack_ref),
                style::CAPTION_CONTINUED.style,
            )],
            left: x,
            width,
            leading: style::CAPTION_CONTINUED.leading,
            label: None,
            origin: &origin(c, "pack reference"),
            newline_gap: 0.0,
            node: Node::ARTIFACT,
            label_node: Node::ARTIFACT,
        },
    );
    let mut frame = Frame::spacer(0.0);
    for f in line {
        frame
            .draws
            .extend(f.draws.into_iter().map(|d| d.moved(0.0, frame.height)));
        frame.height += f.height;
    }
    frame.height += 4.0;
    let frame = Arc::new(frame);
    for block in blocks.iter_mut().skip(1) {
        block.continued = Some(Arc::clone(&frame));
    }
    blocks
}
