//! The pack as a flow of blocks: cover, contents, then every chapter and annex with its
//! paragraphs, lists, facts, tables, clauses and notices. This is where the model meets the
//! layout; nothing here knows about pages.

use std::sync::Arc;

use super::clause::clause_blocks;
use super::fonts::Face;
use super::layout::{para_frames, Block, Draw, Frame, Panel, ParaSpec, Stack};
use super::outline::CONTENTS_ANCHOR;
use super::style::{self, Geometry, Para};
use super::table::{layout_table, ColumnSpec, RowSpec, TableLook, TableSpec};
use super::tagging::{Node, Role, StructTree};
use super::text::{Run, TextStyle, Typesetter};
use crate::pack::{Block as ModelBlock, PackSection, Table, TenderPack, Text};

/// Runs for styled model text, on top of a base style.
pub fn text_runs(t: &Text, base: TextStyle) -> Vec<Run> {
    t.0.iter()
        .map(|s| {
            let bold = s.bold || matches!(base.face, Face::Bold | Face::BoldItalic);
            let italic = s.italic || matches!(base.face, Face::Italic | Face::BoldItalic);
            Run::new(
                s.text.clone(),
                TextStyle {
                    face: Face::styled(bold, italic),
                    ..base
                },
            )
        })
        .collect()
}

/// A paragraph as a block (orphans and widows of two lines), tagged as `node`.
pub fn paragraph(
    ts: &mut Typesetter<'_>,
    runs: Vec<Run>,
    (x, width): (f32, f32),
    para: Para,
    origin: &str,
    node: Node,
) -> Block {
    let frames = para_frames(
        ts,
        ParaSpec {
            runs,
            left: x,
            width,
            leading: para.leading,
            label: None,
            origin,
            newline_gap: 0.0,
            node,
            label_node: node,
        },
    );
    Block::stack(Stack::flowing(frames)).spaced(0.0, style::PARA_GAP)
}

/// A bulleted or numbered list, one block per item, tagged as a list (`L`) under `parent`
/// with a label (`Lbl`) and body (`LBody`) per item.
#[allow(clippy::too_many_arguments)]
pub fn list(
    ts: &mut Typesetter<'_>,
    tree: &mut StructTree,
    parent: Option<Node>,
    items: &[Vec<Run>],
    ordered: bool,
    (x, width): (f32, f32),
    para: Para,
    origin: &str,
) -> Vec<Block> {
    let n = items.len();
    let list_node = tree.add(Role::L, parent);
    items
        .iter()
        .enumerate()
        .map(|(i, runs)| {
            let label = if ordered {
                format!("{}.", i + 1)
            } else {
                "\u{2022}".to_string()
            };
            let label_style = if ordered {
                para.style
            } else {
                para.style.colored(style::MUTED)
            };
            let item = tree.add(Role::LI, Some(list_node));
            let label_node = tree.add(Role::Lbl, Some(item));
            let body = tree.add(Role::LBody, Some(item));
            let frames = para_frames(
                ts,
                ParaSpec {
                    runs: runs.clone(),
                    left: x + style::LIST_INDENT,
                    width: width - style::LIST_INDENT,
                    leading: para.leading,
                    label: Some((
                        vec![Run::new(label, label_style)],
                        x + if ordered { 0.0 } else { 2.0 },
                    )),
                    origin,
                    newline_gap: 0.0,
                    node: body,
                    label_node,
                },
            );
            Block::stack(Stack::flowing(frames))
                .spaced(0.0, if i + 1 == n { style::PARA_GAP } else { 2.5 })
        })
        .collect()
}

/// Looks of the tables this module builds.
const FACTS: TableLook = TableLook {
    header: false,
    row_rules: true,
    emphasis_fill: None,
    body: Para {
        style: style::DETAIL.style,
        leading: 13.0,
    },
    head: style::CELL_HEAD,
    row_headers: true,
};

/// Builds every block of the document.
pub struct DocumentBuilder<'a, 'f> {
    ts: &'a mut Typesetter<'f>,
    pack: &'a TenderPack,
    geometry: Geometry,
    blocks: Vec<Block>,
    /// The structure nodes this builder creates.
    tree: StructTree,
    /// The section being built (`None`: the document itself).
    parent: Option<Node>,
}

impl<'a, 'f> DocumentBuilder<'a, 'f> {
    /// A builder for `pack` on pages of `geometry`.
    pub fn new(ts: &'a mut Typesetter<'f>, pack: &'a TenderPack, geometry: Geometry) -> Self {
        DocumentBuilder {
            ts,
            pack,
            geometry,
            blocks: Vec::new(),
            tree: StructTree::new(0),
            parent: None,
        }
    }

    fn width(&self) -> f32 {
        self.geometry.content_width()
    }

    /// Cover, contents and body, and the structure nodes of each part (the front matter,
    /// then one part per chapter and annex).
    ///
    /// Chapters and annexes do not depend on each other's layout, so they are set in parallel
    /// on rayon's pool and put back in order; the blocks (and any undrawable characters, in the
    /// order met) are the same as setting them one after another.
    pub fn build(mut self) -> (Vec<Block>, Vec<StructTree>) {
        use rayon::prelude::*;
        self.cover();
        self.contents();
        let fonts = self.ts.fonts;
        let (pack, geometry) = (self.pack, self.geometry);
        let chapters: Vec<(Vec<Block>, StructTree, Typesetter<'_>)> = pack
            .sections
            .par_iter()
            .enumerate()
            .map(|(i, s)| {
                let mut ts = Typesetter::new(fonts);
                let mut builder = DocumentBuilder::new(&mut ts, pack, geometry);
                builder.tree = StructTree::new(i as u32 + 1);
                builder.section(s);
                let (blocks, tree) = (builder.blocks, builder.tree);
                (blocks, tree, ts)
            })
            .collect();
        let mut trees = vec![std::mem::take(&mut self.tree)];
        for (blocks, tree, ts) in chapters {
            self.blocks.extend(blocks);
            trees.push(tree);
            self.ts.absorb(ts);
        }
        (self.blocks, trees)
    }

    fn lines_frames(&mut self, text: &str, para: Para, origin: &str, role: Role) -> Vec<Frame> {
        let node = self.tree.add(role, self.parent);
        para_frames(
            self.ts,
            ParaSpec {
                runs: vec![Run::new(text, para.style)],
                left: 0.0,
                width: self.width(),
                leading: para.leading,
                label: None,
                origin,
                newline_gap: 0.0,
                node,
                label_node: node,
            },
        )
    }

    fn cover(&mut self) {
        let m = &self.pack.meta;
        let mut frames = vec![Frame::spacer(Geometry::mm(38.0))];
        let mut bar = Frame::spacer(16.0);
        bar.draws.push(Draw::Fill {
            x: 0.0,
            y: 0.0,
            w: 64.0,
            h: 4.0,
            color: style::ACCENT,
        });
        frames.push(bar);
        frames.extend(self.lines_frames(&m.buyer, style::COVER_BUYER, "tender buyer", Role::P));
        frames.push(Frame::spacer(8.0));
        frames.extend(self.lines_frames(&m.title, style::COVER_TITLE, "tender title", Role::H1));
        frames.push(Frame::spacer(8.0));
        frames.extend(self.lines_frames(
            &m.subtitle,
            style::COVER_SUBTITLE,
            "document subtitle",
            Role::P,
        ));
        frames.push(Frame::spacer(18.0));
        let mut facts = vec![
            format!("Reference {}", m.reference),
            format!("Version {}", m.version),
        ];
        if let Some(d) = &m.issue_date {
            facts.push(format!("Issued {}", crate::typography::long_date(d)));
        }
        let muted = Para {
            style: style::BODY.style.colored(style::MUTED),
            leading: style::BODY.leading,
        };
        frames.extend(self.lines_frames(
            &facts.join("   \u{b7}   "),
            muted,
            "tender reference, version and issue date",
            Role::P,
        ));
        for block in &self.pack.cover {
            if let crate::pack::Block::Paragraph(text) = block {
                frames.push(Frame::spacer(14.0));
                frames.extend(self.lines_frames(
                    &text.to_plain(),
                    style::BODY,
                    "cover notice",
                    Role::P,
                ));
            }
        }
        let title_block = Block::stack(Stack::unbreakable(frames));
        let title_height = title_block.full_height();

        let label = TextStyle {
            face: Face::Bold,
            ..style::CELL.style
        }
        .colored(style::MUTED);
        let width = self.width();
        let table = layout_table(
            self.ts,
            &mut self.tree,
            None,
            TableSpec {
                caption: Some("Document control".to_string()),
                columns: vec![
                    ColumnSpec {
                        title: String::new(),
                        weight: 28.0,
                    },
                    ColumnSpec {
                        title: String::new(),
                        weight: 72.0,
                    },
                ],
                rows: self
                    .pack
                    .document_control
                    .iter()
                    .map(|(k, v)| RowSpec {
                        cells: vec![
                            vec![Run::new(k.clone(), label)],
                            vec![Run::new(v.clone(), style::CELL.style)],
                        ],
                        emphasis: false,
                    })
                    .collect(),
                look: TableLook {
                    header: false,
                    row_headers: true,
                    ..TableLook::DATA
                },
                x: 0.0,
                width,
                origin: "document control",
            },
        );
        // Set the document control at the foot of the cover when it fits there; otherwise it
        // starts the next page whole, rather than leaving a row or two stranded overleaf.
        let gap = self.geometry.content_height() - title_height - table.total_height();
        self.blocks.push(title_block);
        if gap > 24.0 {
            self.blocks
                .push(Block::stack(Stack::unbreakable(vec![Frame::spacer(
                    gap - 2.0,
                )])));
        }
        let mut control = Block::table(table).spaced(0.0, 0.0);
        control.page_break_before = gap < 0.0;
        self.blocks.push(control);
    }

    fn contents(&mut self) {
        let width = self.width();
        let mut frames = self.lines_frames("Contents", style::H1, "contents heading", Role::H1);
        let toc = self.tree.add(Role::Toc, None);
        if let Some(f) = frames.first_mut() {
            f.anchors.push(CONTENTS_ANCHOR.to_string());
        }
        let mut heading = Block::stack(Stack::unbreakable(frames))
            .spaced(0.0, style::H1_BELOW + 4.0)
            .keep();
        heading.page_break_before = true;
        self.blocks.push(heading);
        let number_column = 30.0;
        for s in self.pack.all_sections() {
            let (para, indent, above) = if s.level <= 1 {
                (style::TOC_1, 0.0, 7.0)
            } else {
                (style::TOC_2, 24.0, 0.0)
            };
            let origin = format!("contents entry for section {}", s.number);
            let (label, left) = if s.annex {
                (None, indent)
            } else {
                let label_width = if s.level <= 1 { 24.0 } else { 30.0 };
                (
                    Some((vec![Run::new(s.number.clone(), para.style)], indent)),
                    indent + label_width,
                )
            };
            let title = if s.annex {
                s.heading()
            } else {
                s.title.clone()
            };
            let entry = self.tree.add(Role::Toci, Some(toc));
            let link = self
                .tree
                .link(Some(entry), format!("Go to {}", s.heading()));
            let mut frames = para_frames(
                self.ts,
                ParaSpec {
                    runs: vec![Run::new(title.clone(), para.style)],
                    left,
                    width: width - left - number_column - 12.0,
                    leading: para.leading,
                    label,
                    origin: &origin,
                    newline_gap: 0.0,
                    node: link,
                    label_node: link,
                },
            );
            let lines = self.ts.lines(
                &[Run::new(title, para.style)],
                width - left - number_column - 12.0,
                &origin,
            );
            let total: f32 = frames.iter().map(|f| f.height).sum();
            let baseline = super::layout::baseline_in(self.ts, para.style, para.leading);
            if let (Some(last), Some(line)) = (frames.last_mut(), lines.last()) {
                let start = left + line.width + 6.0;
                let end = width - number_column + 4.0;
                if end > start {
                    last.draws.push(Draw::Line {
                        x1: start,
                        y1: baseline,
                        x2: end,
                        y2: baseline,
                        width: 1.1,
                        color: style::MUTED,
                        dotted: true,
                    });
                }
                last.draws.push(Draw::PageNumber {
                    anchor: s.anchor.clone(),
                    x_right: width,
                    baseline,
                    style: para.style,
                    node: link,
                });
            }
            if let Some(first) = frames.first_mut() {
                first.draws.push(Draw::Link {
                    x: 0.0,
                    y: 0.0,
                    w: width,
                    h: total,
                    anchor: s.anchor.clone(),
                    node: link,
                });
            }
            self.blocks
                .push(Block::stack(Stack::unbreakable(frames)).spaced(above, 0.0));
        }
    }

    fn heading(&mut self, s: &PackSection) {
        let para = if s.level <= 1 { style::H1 } else { style::H2 };
        let node = self
            .tree
            .add(Role::heading(usize::from(s.level)), self.parent);
        let origin = format!("heading of section {}", s.number);
        let width = self.width();
        let (runs, label, left) = if s.annex {
            (vec![Run::new(s.heading(), para.style)], None, 0.0)
        } else {
            // Headings start at the margin, left of the text column, with the number just
            // before the title (text extraction reads "1.2 Definitions" as one line).
            let gap = para.style.size * 0.6;
            let number_width = self.ts.width(&s.number, para.style) + gap;
            (
                vec![Run::new(s.title.clone(), para.style)],
                Some((vec![Run::new(s.number.clone(), para.style)], 0.0)),
                number_width.max(if s.level <= 1 { 26.0 } else { 0.0 }),
            )
        };
        let mut frames = para_frames(
            self.ts,
            ParaSpec {
                runs,
                left,
                width: width - left,
                leading: para.leading,
                label,
                origin: &origin,
                newline_gap: 0.0,
                node,
                label_node: node,
            },
        );
        if let Some(f) = frames.first_mut() {
            f.anchors.push(s.anchor.clone());
        }
        let mut block = if s.level <= 1 {
            Block::stack(Stack::unbreakable(frames)).spaced(style::H1_ABOVE, style::H1_BELOW)
        } else {
            Block::stack(Stack::unbreakable(frames)).spaced(style::H2_ABOVE, style::H2_BELOW)
        };
        block.page_break_before = s.level <= 1;
        self.blocks.push(block.keep());
    }

    fn section(&mut self, s: &PackSection) {
        let outer = self.parent;
        self.parent = Some(self.tree.add(Role::Sect, outer));
        self.heading(s);
        let width = self.width();
        // The "(continued)" line of the clause just laid out: facts that follow a clause (an
        // award question's weighting) belong to it, so a page they start on says whose they are.
        let mut clause_continued: Option<Arc<Frame>> = None;
        for (n, b) in s.blocks.iter().enumerate() {
            let origin = format!("section {} (text block {})", s.number, n + 1);
            let first = self.blocks.len();
            let continued = clause_continued.take();
            match b {
                ModelBlock::Paragraph(t) => {
                    let node = self.tree.add(Role::P, self.parent);
                    let block = paragraph(
                        self.ts,
                        text_runs(t, style::BODY.style),
                        (style::TEXT_INDENT, width - style::TEXT_INDENT),
                        style::BODY,
                        &origin,
                        node,
                    );
                    self.blocks.push(block);
                }
                ModelBlock::List { ordered, items } => {
                    let items: Vec<Vec<Run>> = items
                        .iter()
                        .map(|t| text_runs(t, style::BODY.style))
                        .collect();
                    let blocks = list(
                        self.ts,
                        &mut self.tree,
                        self.parent,
                        &items,
                        *ordered,
                        (style::TEXT_INDENT, width - style::TEXT_INDENT),
                        style::BODY,
                        &origin,
                    );
                    self.blocks.extend(blocks);
                }
                ModelBlock::Facts(facts) => {
                    self.facts(facts, &origin);
                    if let Some(line) = continued {
                        for block in &mut self.blocks[first..] {
                            block.continued = Some(Arc::clone(&line));
                        }
                    }
                }
                ModelBlock::Table(t) => self.table(t),
                ModelBlock::Clause(i) => {
                    if let Some(c) = self.pack.clauses.get(*i) {
                        let level = usize::from(s.level) + 1;
                        let blocks = clause_blocks(
                            self.ts,
                            &mut self.tree,
                            self.parent,
                            level,
                            c,
                            (0.0, width),
                        );
                        clause_continued = blocks.iter().find_map(|b| b.continued.clone());
                        self.blocks.extend(blocks);
                    }
                }
                ModelBlock::Notice(t) => self.notice(t, &origin),
            }
        }
        for c in &s.children {
            self.section(c);
        }
        self.parent = outer;
    }

    fn facts(&mut self, facts: &[(String, String)], origin: &str) {
        let name = TextStyle {
            face: Face::Bold,
            ..FACTS.body.style
        };
        let width = self.width();
        let table = layout_table(
            self.ts,
            &mut self.tree,
            self.parent,
            TableSpec {
                caption: None,
                columns: vec![
                    ColumnSpec {
                        title: String::new(),
                        weight: 30.0,
                    },
                    ColumnSpec {
                        title: String::new(),
                        weight: 70.0,
                    },
                ],
                rows: facts
                    .iter()
                    .map(|(k, v)| RowSpec {
                        cells: vec![
                            vec![Run::new(k.clone(), name)],
                            vec![Run::new(v.clone(), FACTS.body.style)],
                        ],
                        emphasis: false,
                    })
                    .collect(),
                look: FACTS,
                x: 0.0,
                width,
                origin,
            },
        );
        self.blocks
            .push(Block::table(table).spaced(2.0, style::PARA_GAP + 4.0));
    }

    fn table(&mut self, t: &Table) {
        let origin = format!("table `{}`", t.caption);
        let width = self.width();
        let table = layout_table(
            self.ts,
            &mut self.tree,
            self.parent,
            TableSpec {
                caption: Some(t.caption.clone()),
                columns: t
                    .columns
                    .iter()
                    .map(|c| ColumnSpec {
                        title: c.title.clone(),
                        weight: f32::from(c.weight),
                    })
                    .collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| RowSpec {
                        cells: r
                            .cells
                            .iter()
                            .map(|c| vec![Run::new(c.clone(), style::CELL.style)])
                            .collect(),
                        emphasis: r.emphasis,
                    })
                    .collect(),
                look: TableLook::DATA,
                x: 0.0,
                width,
                origin: &origin,
            },
        );
        self.blocks.push(Block::table(table));
    }

    fn notice(&mut self, t: &Text, origin: &str) {
        let width = self.width();
        let pad_x = 14.0;
        let node = self.tree.add(Role::P, self.parent);
        let frames = para_frames(
            self.ts,
            ParaSpec {
                runs: text_runs(t, style::BODY.style),
                left: pad_x,
                width: width - 2.0 * pad_x,
                leading: style::BODY.leading,
                label: None,
                origin,
                newline_gap: 0.0,
                node,
                label_node: node,
            },
        );
        self.blocks.push(
            Block::stack(Stack {
                panel: Some(Panel {
                    fill: style::NOTICE_FILL,
                    bar: Some(style::ACCENT),
                    x: 0.0,
                    width,
                    pad_y: 8.0,
                }),
                ..Stack::flowing(frames)
            })
            .spaced(4.0, style::PARA_GAP + 4.0),
        );
    }
}
