//! The layout tree: what the document builder produces and the paginator places. Everything is
//! measured before it is placed: a [`Frame`] is a finished box (usually one line of text) with
//! drawing commands relative to its top left corner; a [`Block`] is a run of frames (or a
//! table) with the spacing and keep rules that pagination honours.

pub mod pagination;

use std::sync::Arc;

use super::style::{self, Rgb};
use super::table::TableLayout;
use super::tagging::Node;
use super::text::{Run, Segment, TextLine, TextStyle, Typesetter};

/// A drawing command. Coordinates are points, y grows downwards; inside a frame they are
/// relative to the frame, on a page they are relative to the page's top left corner.
#[derive(Debug, Clone)]
pub enum Draw {
    /// Text on a baseline, starting at `x`, belonging to structure node `node`.
    Text {
        x: f32,
        baseline: f32,
        style: TextStyle,
        text: String,
        node: Node,
    },
    /// A filled rectangle.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
        dotted: bool,
    },
    /// A stroked rectangle.
    Outline {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
        color: Rgb,
    },
    /// A clickable area that jumps to an anchor; `node` is its link element.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        anchor: String,
        node: Node,
    },
    /// Text that links to `uri` (a web address, or `#anchor` in this document): drawn like
    /// [`Draw::Text`], tagged as a `Link` element under `node`, with a link annotation over it.
    UriText {
        x: f32,
        baseline: f32,
        style: TextStyle,
        text: String,
        uri: String,
        node: Node,
    },
    /// The page number of an anchor, right-aligned at `x_right` (resolved after pagination).
    PageNumber {
        anchor: String,
        x_right: f32,
        baseline: f32,
        style: TextStyle,
        node: Node,
    },
}

impl Draw {
    /// The same command with its text made an artifact (a repeated table header, say).
    pub fn as_artifact(&self) -> Draw {
        if let Draw::UriText {
            x,
            baseline,
            style,
            text,
            ..
        } = self
        {
            return Draw::Text {
                x: *x,
                baseline: *baseline,
                style: *style,
                text: text.clone(),
                node: Node::ARTIFACT,
            };
        }
        let mut d = self.clone();
        if let Draw::Text { node, .. } | Draw::PageNumber { node, .. } = &mut d {
            *node = Node::ARTIFACT;
        }
        d
    }

    /// The same command moved by (dx, dy).
    pub fn moved(&self, dx: f32, dy: f32) -> Draw {
        let mut d = self.clone();
        match &mut d {
            Draw::Text { x, baseline, .. } | Draw::UriText { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Draw::Fill { x, y, .. } | Draw::Outline { x, y, .. } | Draw::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Draw::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Draw::PageNumber {
                x_right, baseline, ..
            } => {
                *x_right += dx;
                *baseline += dy;
            }
        }
        d
    }
}

/// A measured box: its height, what to draw in it, and the anchors that point at its top.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub height: f32,
    pub draws: Vec<Draw>,
    pub anchors: Vec<String>,
}

impl Frame {
    /// An empty frame of `height` (vertical space that does not vanish at a page break).
    pub fn spacer(height: f32) -> Frame {
        Frame {
            height,
            ..Frame::default()
        }
    }

    /// Draws `line` with its left end at `x` and its baseline at `baseline`, as content of
    /// structure node `node`.
    pub fn text_line(&mut self, line: &TextLine, x: f32, baseline: f32, node: Node) {
        self.text_line_wrapped(line, x, baseline, node, false);
    }

    /// A line of text; `wrapped` when the paragraph goes on on the next line after a soft
    /// break. Then the line's last word is drawn with the space the break replaced (invisible
    /// at the line's end), so text read from the structure tree, as a screen reader does,
    /// keeps the words either side of the break apart.
    pub fn text_line_wrapped(
        &mut self,
        line: &TextLine,
        x: f32,
        baseline: f32,
        node: Node,
        wrapped: bool,
    ) {
        let last = line.segments.iter().rposition(|s| !s.text.is_empty());
        let mut pen = x;
        for (i, seg) in line.segments.iter().enumerate() {
            let mut text = seg.text.clone();
            // A break after a hyphen or a slash replaced no space.
            let broke_at_space = !text.ends_with(['-', '\u{2010}', '/', '\u{00AD}']);
            if wrapped && Some(i) == last && broke_at_space && !text.ends_with(char::is_whitespace)
            {
                text.push(' ');
            }
            let seg = &Segment {
                text,
                ..seg.clone()
            };
            if let (false, Some(uri)) = (seg.text.is_empty(), &seg.link) {
                self.draws.push(Draw::UriText {
                    x: pen,
                    baseline,
                    style: seg.style,
                    text: seg.text.clone(),
                    uri: uri.clone(),
                    node,
                });
            } else if !seg.text.is_empty() {
                self.draws.push(Draw::Text {
                    x: pen,
                    baseline,
                    style: seg.style,
                    text: seg.text.clone(),
                    node,
                });
            }
            pen += seg.width;
        }
    }
}

/// Where the baseline sits in a line box of `leading` for text of `style`: the line's ink is
/// centred the way typst centres it, using the font's ascender and descender.
pub fn baseline_in(ts: &Typesetter<'_>, style: TextStyle, leading: f32) -> f32 {
    let m = ts.fonts.face(style.face);
    let ascent = m.ascender * style.size;
    let descent = m.descender * style.size;
    (leading - ascent - descent) / 2.0 + ascent
}

/// A background panel drawn behind a stack, split with it across pages (notices).
#[derive(Debug, Clone, Copy)]
pub struct Panel {
    pub fill: Rgb,
    pub bar: Option<Rgb>,
    pub x: f32,
    pub width: f32,
    pub pad_y: f32,
}

/// Frames stacked vertically; a page may break between frames, subject to `orphans` (the
/// fewest frames left at the foot of a page) and `widows` (the fewest carried to the next).
#[derive(Debug, Clone, Default)]
pub struct Stack {
    pub frames: Vec<Frame>,
    pub orphans: usize,
    pub widows: usize,
    pub panel: Option<Panel>,
}

impl Stack {
    /// A stack that must not be split.
    pub fn unbreakable(frames: Vec<Frame>) -> Stack {
        let n = frames.len();
        Stack {
            frames,
            orphans: n,
            widows: n,
            panel: None,
        }
    }

    /// Running text: may break between lines, but never leaves a single line alone at the top
    /// or bottom of a page (two lines at least each side of a break).
    pub fn flowing(frames: Vec<Frame>) -> Stack {
        Stack {
            frames,
            orphans: 2,
            widows: 2,
            panel: None,
        }
    }

    /// Height of frames `from..to` including the panel's padding.
    pub fn chunk_height(&self, from: usize, to: usize) -> f32 {
        let pad = self.panel.map_or(0.0, |p| 2.0 * p.pad_y);
        self.frames[from..to].iter().map(|f| f.height).sum::<f32>() + pad
    }
}

/// What a block holds.
#[derive(Debug, Clone)]
pub enum Body {
    Stack(Stack),
    Table(Box<TableLayout>),
}

/// A unit of the flow with its spacing and keep rules.
#[derive(Debug, Clone)]
pub struct Block {
    pub body: Body,
    /// Space above; the larger of this and the previous block's `space_after` is used, and
    /// none at the top of a page.
    pub space_before: f32,
    pub space_after: f32,
    /// Keep this block on the same page as the start of the next (headings).
    pub keep_with_next: bool,
    /// Start a new page before this block.
    pub page_break_before: bool,
    /// Drawn at the top of a page that this block continues onto, or that it starts when it
    /// is not the first block of its clause: "4.2.3 (continued)".
    pub continued: Option<Arc<Frame>>,
}

impl Block {
    /// A block of stacked frames with default spacing and no keep rules.
    pub fn stack(stack: Stack) -> Block {
        Block {
            body: Body::Stack(stack),
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: false,
            page_break_before: false,
            continued: None,
        }
    }

    /// A table block.
    pub fn table(table: TableLayout) -> Block {
        Block {
            body: Body::Table(Box::new(table)),
            space_before: style::TABLE_ABOVE,
            space_after: style::TABLE_BELOW,
            keep_with_next: false,
            page_break_before: false,
            continued: None,
        }
    }

    /// Sets the spacing.
    pub fn spaced(mut self, before: f32, after: f32) -> Block {
        self.space_before = before;
        self.space_after = after;
        self
    }

    /// Keeps this block with the start of the next.
    pub fn keep(mut self) -> Block {
        self.keep_with_next = true;
        self
    }

    /// The smallest first piece this block can put on a page.
    pub fn min_first_height(&self) -> f32 {
        match &self.body {
            Body::Stack(s) => {
                let n = s.frames.len();
                if n == 0 {
                    return 0.0;
                }
                let first = if n < s.orphans + s.widows {
                    n
                } else {
                    s.orphans.max(1)
                };
                s.chunk_height(0, first.min(n))
            }
            Body::Table(t) => t.min_first_height(),
        }
    }

    /// The height of the whole block if it stays in one piece.
    pub fn full_height(&self) -> f32 {
        match &self.body {
            Body::Stack(s) => s.chunk_height(0, s.frames.len()),
            Body::Table(t) => t.min_first_height(),
        }
    }
}

/// A paragraph to set: text, where it sits, and an optional label hung in the margin to its
/// left on the first line (a list bullet, a clause number, a field name).
pub struct ParaSpec<'a> {
    pub runs: Vec<Run>,
    /// Left edge of the text, from the left of the block.
    pub left: f32,
    /// Width available to the text.
    pub width: f32,
    pub leading: f32,
    /// Label runs and the x where the label starts.
    pub label: Option<(Vec<Run>, f32)>,
    /// Where the text came from, for error messages.
    pub origin: &'a str,
    /// Extra space above a line that follows a forced line break (paragraphs in a cell).
    pub newline_gap: f32,
    /// The structure node of the text, and of the label.
    pub node: Node,
    pub label_node: Node,
}

/// Sets a paragraph into one frame per line. The label, if any, is set within the gap to the
/// left of the text (wrapping there if it must) and drawn from the first line down, before the
/// text on the same line, so that it is read first.
pub fn para_frames(ts: &mut Typesetter<'_>, spec: ParaSpec<'_>) -> Vec<Frame> {
    let base_style = spec.runs.first().map(|r| r.style).or(spec
        .label
        .as_ref()
        .and_then(|l| l.0.first().map(|r| r.style)));
    let Some(base_style) = base_style else {
        return Vec::new();
    };
    let lines = ts.lines(&spec.runs, spec.width, spec.origin);
    let label_lines = match &spec.label {
        Some((runs, x)) => {
            let room = (spec.left - x - 4.0).max(8.0);
            ts.lines(runs, room, spec.origin)
        }
        None => Vec::new(),
    };
    let count = lines.len().max(label_lines.len()).max(1);
    let baseline = baseline_in(ts, base_style, spec.leading);
    (0..count)
        .map(|i| {
            let gap = if i > 0 && lines.get(i).is_some_and(|l| l.after_newline) {
                spec.newline_gap
            } else {
                0.0
            };
            let mut f = Frame::spacer(spec.leading + gap);
            if let (Some(line), Some((_, x))) = (label_lines.get(i), &spec.label) {
                f.text_line(line, *x, baseline + gap, spec.label_node);
            }
            if let Some(line) = lines.get(i) {
                let wrapped = lines.get(i + 1).is_some_and(|next| !next.after_newline);
                f.text_line_wrapped(line, spec.left, baseline + gap, spec.node, wrapped);
            }
            f
        })
        .collect()
}
