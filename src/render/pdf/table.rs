//! Tables: column widths from the model's weights (widened where a column's longest word would
//! otherwise be cut), wrapped cells, a header row repeated on every page the table spans, and
//! rows that move to the next page when they fit there or split line by line when they are
//! taller than a page.

use super::layout::pagination::Paginator;
use super::layout::{para_frames, Draw, Frame, ParaSpec};
use super::style::{self, Para, Rgb};
use super::tagging::{Node, Role, Scope, StructTree};
use super::text::{Run, Typesetter};

/// A column: header title and relative width.
pub struct ColumnSpec {
    pub title: String,
    pub weight: f32,
}

/// A row: one list of runs per cell.
pub struct RowSpec {
    pub cells: Vec<Vec<Run>>,
    /// Drawn with a tinted background (mandatory rows).
    pub emphasis: bool,
}

/// How a table looks.
#[derive(Debug, Clone, Copy)]
pub struct TableLook {
    /// Draw (and repeat) the header row.
    pub header: bool,
    /// Hairlines between body rows.
    pub row_rules: bool,
    /// Background of emphasised rows.
    pub emphasis_fill: Option<Rgb>,
    pub body: Para,
    pub head: Para,
    /// The first cell of each row heads its row (label and value tables).
    pub row_headers: bool,
}

impl TableLook {
    /// Data tables: shaded header, hairlines between rows.
    pub const DATA: TableLook = TableLook {
        header: true,
        row_rules: true,
        emphasis_fill: Some(style::EMPHASIS_FILL),
        body: style::CELL,
        head: style::CELL_HEAD,
        row_headers: false,
    };
}

/// Everything needed to lay out a table.
pub struct TableSpec<'a> {
    pub caption: Option<String>,
    pub columns: Vec<ColumnSpec>,
    pub rows: Vec<RowSpec>,
    pub look: TableLook,
    /// Left edge and width, relative to the text block.
    pub x: f32,
    pub width: f32,
    /// Names the table in error messages.
    pub origin: &'a str,
}

#[derive(Debug, Clone)]
struct RowLayout {
    /// Per cell, one frame per line (relative to the cell's text origin).
    cells: Vec<Vec<Frame>>,
    emphasis: bool,
}

/// A table measured and ready to place.
#[derive(Debug, Clone)]
pub struct TableLayout {
    x: f32,
    width: f32,
    col_x: Vec<f32>,
    caption: Vec<Frame>,
    continued: Vec<Frame>,
    header: Option<RowLayout>,
    rows: Vec<RowLayout>,
    look: TableLook,
    line_height: f32,
}

/// The narrowest a cell can be without cutting a word (roughly: the line breaker may also break
/// after hyphens and slashes), and its width set on one line per paragraph.
fn content_widths(ts: &Typesetter<'_>, runs: &[Run]) -> (f32, f32) {
    let mut widest_word = 0.0f32;
    let mut widest_line = 0.0f32;
    let mut line = 0.0f32;
    for run in runs {
        for (k, paragraph) in run.text.split('\n').enumerate() {
            if k > 0 {
                widest_line = widest_line.max(line);
                line = 0.0;
            }
            line += ts.width(paragraph, run.style);
            for word in paragraph.split_whitespace() {
                for piece in word.split_inclusive(['/', '-']) {
                    widest_word = widest_word.max(ts.width(piece, run.style));
                }
            }
        }
    }
    (widest_word, widest_line.max(line))
}

/// Column widths: the model's weights are the preference, bounded by the content. A column
/// never gets narrower than its longest word nor wider than its longest line, short columns
/// (references, obligations) are set without wrapping, and what is left goes to the columns
/// whose text wraps, in proportion to their weights.
fn column_widths(ts: &Typesetter<'_>, spec: &TableSpec<'_>) -> Vec<f32> {
    let n = spec.columns.len();
    let total = spec.width;
    let pad = 2.0 * style::CELL_PAD_X;
    let weights: Vec<f32> = spec.columns.iter().map(|c| c.weight.max(0.1)).collect();
    let weight_sum: f32 = weights.iter().sum();
    let floor = pad + 2.0 * spec.look.body.style.size;
    let (mut mins, mut maxs) = (vec![floor; n], vec![floor; n]);
    for i in 0..n {
        let mut cells: Vec<(f32, f32)> = spec
            .rows
            .iter()
            .filter_map(|r| r.cells.get(i))
            .map(|c| content_widths(ts, c))
            .collect();
        if spec.look.header {
            cells.push(content_widths(
                ts,
                &[Run::new(
                    spec.columns[i].title.clone(),
                    spec.look.head.style,
                )],
            ));
        }
        for (word, line) in cells {
            mins[i] = mins[i].max((word + pad).min(total * 0.4));
            maxs[i] = maxs[i].max(line + pad);
        }
        maxs[i] = maxs[i].max(mins[i]);
    }
    let min_sum: f32 = mins.iter().sum();
    if min_sum >= total {
        return mins.iter().map(|m| m * total / min_sum).collect();
    }
    let short = |i: usize| maxs[i] <= total * 0.24;
    let mut widths: Vec<f32> = (0..n)
        .map(|i| {
            let preferred = total * weights[i] / weight_sum;
            if short(i) {
                maxs[i]
            } else {
                preferred.clamp(mins[i], maxs[i])
            }
        })
        .collect();
    // Hand out (or take back) the difference, never passing a column's bounds.
    for _ in 0..8 {
        let diff = total - widths.iter().sum::<f32>();
        if diff.abs() < 0.01 {
            break;
        }
        let open: Vec<usize> = (0..n)
            .filter(|&i| {
                if diff > 0.0 {
                    widths[i] < maxs[i] - 0.01
                } else {
                    widths[i] > mins[i] + 0.01
                }
            })
            .collect();
        let open = if open.is_empty() && diff > 0.0 {
            (0..n).filter(|&i| !short(i)).collect::<Vec<_>>()
        } else {
            open
        };
        let open = if open.is_empty() {
            (0..n).collect::<Vec<_>>()
        } else {
            open
        };
        let share: f32 = open.iter().map(|&i| weights[i]).sum();
        let mut moved = false;
        for &i in &open {
            let want = widths[i] + diff * weights[i] / share;
            let bounded = if diff > 0.0 {
                if widths.iter().zip(&maxs).all(|(w, m)| *w >= m - 0.01) {
                    want
                } else {
                    want.min(maxs[i])
                }
            } else {
                want.max(mins[i])
            };
            moved |= (bounded - widths[i]).abs() > 0.001;
            widths[i] = bounded;
        }
        if !moved {
            break;
        }
    }
    // Whatever rounding is left goes to the widest column.
    let diff = total - widths.iter().sum::<f32>();
    if let Some(widest) = (0..n).max_by(|&a, &b| widths[a].total_cmp(&widths[b])) {
        widths[widest] += diff;
    }
    widths
}

/// Space between paragraphs (lines after a newline) inside a cell.
const CELL_PARAGRAPH_GAP: f32 = 3.5;

/// Measures a table, tagging it under `parent` as `Table` with its `Caption`, a `TR` per row
/// and `TH` (with its scope) or `TD` per cell. The caption repeated as "(continued)" and the
/// header row repeated on later pages are artifacts.
pub fn layout_table(
    ts: &mut Typesetter<'_>,
    tree: &mut StructTree,
    parent: Option<Node>,
    spec: TableSpec<'_>,
) -> TableLayout {
    let table_node = tree.add(Role::Table, parent);
    let caption_node = spec
        .caption
        .as_ref()
        .map(|_| tree.add(Role::Caption, Some(table_node)));
    let widths = column_widths(ts, &spec);
    let mut col_x = Vec::with_capacity(widths.len() + 1);
    let mut x = 0.0;
    for w in &widths {
        col_x.push(x);
        x += w;
    }
    col_x.push(x);
    let look = spec.look;
    let line_height = look.body.leading;
    let cell = |ts: &mut Typesetter<'_>,
                runs: Vec<Run>,
                col: usize,
                origin: &str,
                node: Node|
     -> Vec<Frame> {
        let inner = widths[col] - 2.0 * style::CELL_PAD_X;
        para_frames(
            ts,
            ParaSpec {
                runs,
                left: 0.0,
                width: inner,
                leading: line_height,
                label: None,
                origin,
                newline_gap: CELL_PARAGRAPH_GAP,
                node,
                label_node: node,
            },
        )
    };
    let header = look.header.then(|| {
        let tr = tree.add(Role::TR, Some(table_node));
        RowLayout {
            cells: spec
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let origin = format!("{}, column heading `{}`", spec.origin, c.title);
                    let node = tree.header_cell(tr, Scope::Column);
                    cell(
                        ts,
                        vec![Run::new(c.title.clone(), look.head.style)],
                        i,
                        &origin,
                        node,
                    )
                })
                .collect(),
            emphasis: false,
        }
    });
    let rows = spec
        .rows
        .into_iter()
        .enumerate()
        .map(|(r, row)| {
            let tr = tree.add(Role::TR, Some(table_node));
            RowLayout {
                cells: row
                    .cells
                    .into_iter()
                    .enumerate()
                    .take(widths.len())
                    .map(|(i, runs)| {
                        let origin = match spec.columns.get(i) {
                            Some(c) if !c.title.is_empty() => {
                                format!("{}, row {}, column `{}`", spec.origin, r + 1, c.title)
                            }
                            _ => format!("{}, row {}", spec.origin, r + 1),
                        };
                        let node = if i == 0 && look.row_headers {
                            tree.header_cell(tr, Scope::Row)
                        } else {
                            tree.add(Role::TD, Some(tr))
                        };
                        cell(ts, runs, i, &origin, node)
                    })
                    .collect(),
                emphasis: row.emphasis,
            }
        })
        .collect();
    let caption_frames = |ts: &mut Typesetter<'_>, text: String, para: Para, node: Node| {
        let mut frames = para_frames(
            ts,
            ParaSpec {
                runs: vec![Run::new(text, para.style)],
                left: spec.x,
                width: spec.width,
                leading: para.leading,
                label: None,
                origin: spec.origin,
                newline_gap: 0.0,
                node,
                label_node: node,
            },
        );
        if !frames.is_empty() {
            frames.push(Frame::spacer(3.0));
        }
        frames
    };
    let caption = spec
        .caption
        .clone()
        .map(|c| {
            caption_frames(
                ts,
                c,
                style::CAPTION,
                caption_node.unwrap_or(Node::ARTIFACT),
            )
        })
        .unwrap_or_default();
    let continued = match &spec.caption {
        Some(c) => caption_frames(
            ts,
            format!("{c} (continued)"),
            style::CAPTION_CONTINUED,
            Node::ARTIFACT,
        ),
        None => Vec::new(),
    };
    TableLayout {
        x: spec.x,
        width: spec.width,
        col_x,
        caption,
        continued,
        header,
        rows,
        look,
        line_height,
    }
}

/// Lines of a tall row that may be set on a page before the rest moves on, below which the
/// whole row moves instead.
const SPLIT_MIN_LINES: f32 = 4.0;
/// Rows at least this many lines tall may split even when they would fit on the next page.
const SPLIT_ROW_LINES: f32 = 8.0;

/// How far each cell of a row has been set: the index of its next line.
type Cursor = Vec<usize>;

impl TableLayout {
    fn frames_height(frames: &[Frame]) -> f32 {
        frames.iter().map(|f| f.height).sum()
    }

    /// Height of lines `from..to` of every cell, with the cell padding.
    fn chunk_height(row: &RowLayout, from: &[usize], to: &[usize]) -> f32 {
        let content = row
            .cells
            .iter()
            .enumerate()
            .map(|(c, lines)| {
                Self::frames_height(&lines[from[c].min(lines.len())..to[c].min(lines.len())])
            })
            .fold(0.0, f32::max);
        2.0 * style::CELL_PAD_Y + content
    }

    fn ends(row: &RowLayout) -> Cursor {
        row.cells.iter().map(Vec::len).collect()
    }

    fn full_row_height(row: &RowLayout) -> f32 {
        let start = vec![0; row.cells.len()];
        Self::chunk_height(row, &start, &Self::ends(row)).max(2.0 * style::CELL_PAD_Y)
    }

    fn header_height(&self) -> f32 {
        self.header.as_ref().map_or(0.0, Self::full_row_height)
    }

    /// Height of the smallest piece the first row may leave on a page.
    fn first_row_min(&self) -> f32 {
        match self.rows.first() {
            Some(r) => {
                let full = Self::full_row_height(r);
                if full >= self.lines_height(SPLIT_ROW_LINES) {
                    self.lines_height(SPLIT_MIN_LINES)
                } else {
                    full
                }
            }
            None => 0.0,
        }
    }

    fn lines_height(&self, lines: f32) -> f32 {
        2.0 * style::CELL_PAD_Y + lines * self.line_height
    }

    /// Caption, header and the start of the first row: what must fit where the table starts.
    /// With two or more rows, the first two whole rows, unless they are too tall to share
    /// a page with the caption and header (then a long row may split as before).
    pub fn min_first_height(&self) -> f32 {
        let top = Self::frames_height(&self.caption) + self.header_height();
        if let [first, second, ..] = self.rows.as_slice() {
            let two = top + Self::full_row_height(first) + Self::full_row_height(second);
            if two <= self.two_rows_limit() {
                return two;
            }
        }
        top + self.first_row_min()
    }

    /// The most that two rows kept together may take: a third of a page's text block, so
    /// that keeping them never leaves a page mostly empty.
    fn two_rows_limit(&self) -> f32 {
        style::Geometry::A4.content_height() / 3.0
    }

    /// Height of the whole table if it were set on one page.
    pub fn total_height(&self) -> f32 {
        Self::frames_height(&self.caption)
            + self.header_height()
            + self.rows.iter().map(Self::full_row_height).sum::<f32>()
    }

    fn continuation_overhead(&self) -> f32 {
        Self::frames_height(&self.continued) + self.header_height()
    }

    /// Places the table, breaking pages as needed.
    pub fn place(&self, p: &mut Paginator) {
        if !p.is_fresh() && self.min_first_height() > p.remaining() {
            p.new_page();
        }
        for f in &self.caption {
            p.place(f, 0.0);
        }
        self.place_header(p, false);
        // Rows (whole or in part) placed on the current page.
        let mut on_page = 0usize;
        let n = self.rows.len();
        for (i, row) in self.rows.iter().enumerate() {
            let end = Self::ends(row);
            let mut pos: Cursor = vec![0; row.cells.len()];
            // The last row never goes over alone: if the last two rows cannot both stay on
            // this page, the second to last goes over with it, as long as this page keeps
            // two rows and the pair is short enough to move.
            if i + 2 == n && on_page >= 3 {
                let pair = Self::full_row_height(row) + Self::full_row_height(&self.rows[i + 1]);
                if Self::full_row_height(row) <= p.remaining() + 0.01
                    && pair > p.remaining() + 0.01
                    && pair <= self.two_rows_limit()
                {
                    self.continue_on_new_page(p);
                    on_page = 0;
                }
            }
            loop {
                let started = pos.iter().any(|&k| k > 0);
                let rest = Self::chunk_height(row, &pos, &end);
                if rest <= p.remaining() + 0.01 {
                    self.place_row(p, row, &pos, &end, started, true);
                    on_page += 1;
                    break;
                }
                let fits_fresh = rest <= p.full_height() - self.continuation_overhead();
                let room = p.remaining() - 2.0 * style::CELL_PAD_Y;
                let tall = rest >= self.lines_height(SPLIT_ROW_LINES);
                let split =
                    started || !fits_fresh || (tall && room >= SPLIT_MIN_LINES * self.line_height);
                let least = if started { 1.0 } else { 2.0 } * self.line_height;
                if split && room >= least - 0.01 {
                    let mut to = Self::fill(row, &pos, room);
                    if to == pos && p.is_fresh_below_header() {
                        // Not even one line fits on an empty page: set one line per cell
                        // anyway rather than loop for ever.
                        to = pos.iter().zip(&end).map(|(k, e)| (k + 1).min(*e)).collect();
                    }
                    if to != pos {
                        self.place_row(p, row, &pos, &to, started, to == end);
                        on_page += 1;
                        pos = to;
                        if pos == end {
                            break;
                        }
                    }
                }
                self.continue_on_new_page(p);
                on_page = 0;
            }
        }
    }

    /// For each cell, how far its lines reach within `room`, without leaving a single line of
    /// a cell for the next page when that can be helped.
    fn fill(row: &RowLayout, from: &[usize], room: f32) -> Cursor {
        row.cells
            .iter()
            .enumerate()
            .map(|(c, lines)| {
                let mut k = from[c];
                let mut h = 0.0;
                while k < lines.len() && h + lines[k].height <= room + 0.01 {
                    h += lines[k].height;
                    k += 1;
                }
                if lines.len() - k == 1 && k - from[c] >= 3 {
                    k -= 1;
                }
                k
            })
            .collect()
    }

    fn continue_on_new_page(&self, p: &mut Paginator) {
        p.new_page();
        for f in &self.continued {
            p.place(f, 0.0);
        }
        self.place_header(p, true);
        p.mark_fresh_below_header();
    }

    /// Places the header row; a repeat on a later page is an artifact, so that the table's
    /// structure has its header once.
    fn place_header(&self, p: &mut Paginator, repeat: bool) {
        if let Some(h) = &self.header {
            let from = vec![0; h.cells.len()];
            let mut frame = self.row_frame(
                h,
                &from,
                &Self::ends(h),
                Some(style::HEADER_FILL),
                true,
                true,
            );
            if repeat {
                frame.draws = frame.draws.iter().map(|d| d.as_artifact()).collect();
            }
            p.place(&frame, self.x);
        }
    }

    fn place_row(
        &self,
        p: &mut Paginator,
        row: &RowLayout,
        from: &[usize],
        to: &[usize],
        continued: bool,
        last: bool,
    ) {
        let fill = if row.emphasis {
            self.look.emphasis_fill
        } else {
            None
        };
        let mut frame = self.row_frame(row, from, to, fill, false, last);
        if continued {
            // The rest of a row split across pages: mark the cut with a dotted line.
            frame.draws.push(Draw::Line {
                x1: 0.0,
                y1: 0.6,
                x2: self.width,
                y2: 0.6,
                width: style::HAIRLINE,
                color: style::MUTED,
                dotted: true,
            });
        }
        p.place(&frame, self.x);
    }

    /// One frame holding lines `from..to` of every cell of `row`.
    fn row_frame(
        &self,
        row: &RowLayout,
        from: &[usize],
        to: &[usize],
        fill: Option<Rgb>,
        header: bool,
        last: bool,
    ) -> Frame {
        let height = Self::chunk_height(row, from, to);
        let mut f = Frame::spacer(height);
        if let Some(color) = fill {
            f.draws.push(Draw::Fill {
                x: 0.0,
                y: 0.0,
                w: self.width,
                h: height,
                color,
            });
        }
        for (c, lines) in row.cells.iter().enumerate() {
            let x = self.col_x[c] + style::CELL_PAD_X;
            let mut y = style::CELL_PAD_Y;
            for line in &lines[from[c].min(lines.len())..to[c].min(lines.len())] {
                f.draws.extend(line.draws.iter().map(|d| d.moved(x, y)));
                y += line.height;
            }
        }
        // Rules sit inside the row so that the next row's background cannot cover them.
        if header {
            f.draws.push(Draw::Line {
                x1: 0.0,
                y1: height - 0.45,
                x2: self.width,
                y2: height - 0.45,
                width: 0.9,
                color: style::ACCENT,
                dotted: false,
            });
        } else if self.look.row_rules && last {
            f.draws.push(Draw::Line {
                x1: 0.0,
                y1: height - style::HAIRLINE / 2.0,
                x2: self.width,
                y2: height - style::HAIRLINE / 2.0,
                width: style::HAIRLINE,
                color: style::RULE,
                dotted: false,
            });
        }
        f
    }
}
