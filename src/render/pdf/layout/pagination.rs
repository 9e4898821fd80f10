//! Pagination: places blocks on pages top to bottom. It keeps headings with what follows,
//! avoids a single line stranded at the foot or head of a page (orphans and widows), drops
//! spacing at the top of a page, and lets tables break themselves (they repeat their header).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Block, Body, Draw, Frame, Stack};
use crate::render::pdf::style::Geometry;

/// One laid-out page: drawing commands in page coordinates.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub draws: Vec<Draw>,
}

/// Where an anchor landed: page index (0-based) and distance from the page top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub page: usize,
    pub y: f32,
}

/// Places frames on pages.
pub struct Paginator {
    pub geometry: Geometry,
    pages: Vec<Page>,
    /// Distance from the page top of the next free line.
    y: f32,
    /// Nothing has been placed on the current page yet.
    fresh: bool,
    /// Only a table's continued caption and header have been placed on this page.
    fresh_below_header: bool,
    anchors: BTreeMap<String, Position>,
    /// The continuation line of the block being placed, if a break inside it needs one.
    continued: Option<Arc<Frame>>,
}

impl Paginator {
    /// A paginator with one empty page.
    pub fn new(geometry: Geometry) -> Paginator {
        Paginator {
            geometry,
            pages: vec![Page::default()],
            y: geometry.top,
            fresh: true,
            fresh_below_header: false,
            anchors: BTreeMap::new(),
            continued: None,
        }
    }

    /// Space left on the current page.
    pub fn remaining(&self) -> f32 {
        self.geometry.content_bottom() - self.y
    }

    /// Height of an empty page's text block.
    pub fn full_height(&self) -> f32 {
        self.geometry.content_height()
    }

    /// Whether nothing has been placed on the current page.
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// Starts a new page, headed by the current block's continuation line if it has one
    /// (which does not count as content: the page is still fresh for the keep rules).
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geometry.top;
        self.fresh = true;
        self.fresh_below_header = false;
        if let Some(line) = self.continued.clone() {
            self.place(&line, 0.0);
            self.fresh = true;
        }
    }

    /// Records that only repeated table furniture is on this page so far.
    pub fn mark_fresh_below_header(&mut self) {
        self.fresh_below_header = true;
    }

    /// Whether the page holds nothing but a repeated table caption and header.
    pub fn is_fresh_below_header(&self) -> bool {
        self.fresh_below_header
    }

    /// Adds vertical space (dropped at the top of a page).
    pub fn space(&mut self, h: f32) {
        if !self.fresh {
            self.y = (self.y + h).min(self.geometry.content_bottom());
        }
    }

    /// Places `frame` at the current position, `dx` from the left margin.
    pub fn place(&mut self, frame: &Frame, dx: f32) {
        let page = self.pages.len() - 1;
        for a in &frame.anchors {
            self.anchors
                .entry(a.clone())
                .or_insert(Position { page, y: self.y });
        }
        let (x0, y0) = (self.geometry.left + dx, self.y);
        let draws = &mut self.pages[page].draws;
        draws.extend(frame.draws.iter().map(|d| d.moved(x0, y0)));
        self.y += frame.height;
        self.fresh = false;
        self.fresh_below_header = false;
    }

    /// Draws commands given relative to the current position without advancing.
    pub fn overlay(&mut self, draws: &[Draw], dx: f32) {
        let (x0, y0) = (self.geometry.left + dx, self.y);
        let page = self.pages.len() - 1;
        self.pages[page]
            .draws
            .extend(draws.iter().map(|d| d.moved(x0, y0)));
    }

    /// Lays out every block.
    pub fn run(&mut self, blocks: &[Block]) {
        let mut pending_space = 0.0f32;
        for (i, block) in blocks.iter().enumerate() {
            self.continued = block.continued.clone();
            if block.page_break_before && !self.fresh {
                self.new_page();
            }
            let gap = if self.fresh {
                0.0
            } else {
                pending_space.max(block.space_before)
            };
            let need = gap + self.keep_height(blocks, i);
            if !self.fresh && need > self.remaining() {
                self.new_page();
            } else {
                self.space(gap);
            }
            match &block.body {
                Body::Stack(s) => self.place_stack(s),
                Body::Table(t) => t.place(self),
            }
            pending_space = block.space_after;
        }
    }

    /// The height that must fit on this page for block `i` to start here: its first piece,
    /// or for a keep-with-next block, all of it plus the first piece of what follows.
    fn keep_height(&self, blocks: &[Block], i: usize) -> f32 {
        let mut need = 0.0;
        let mut k = i;
        while blocks[k].keep_with_next && k + 1 < blocks.len() && !blocks[k + 1].page_break_before {
            need += blocks[k].full_height() + blocks[k].space_after.max(blocks[k + 1].space_before);
            k += 1;
        }
        need += blocks[k].min_first_height();
        if need > self.full_height() {
            blocks[i].min_first_height()
        } else {
            need
        }
    }

    fn place_stack(&mut self, s: &Stack) {
        let n = s.frames.len();
        let mut from = 0;
        while from < n {
            let pad = s.panel.map_or(0.0, |p| 2.0 * p.pad_y);
            let avail = self.remaining() - pad;
            let mut fit = 0;
            let mut h = 0.0;
            while from + fit < n && h + s.frames[from + fit].height <= avail + 0.01 {
                h += s.frames[from + fit].height;
                fit += 1;
            }
            let mut take = fit;
            if from + take < n {
                // Leave at least `widows` frames for the next page, and at least `orphans`
                // (or everything, for a short stack) on this one.
                take = take.min((n - from).saturating_sub(s.widows.max(1)));
                let least = if from == 0 { s.orphans.max(1) } else { 1 };
                if take < least {
                    take = 0;
                }
            }
            if take == 0 {
                if self.fresh {
                    // Even an empty page cannot honour the rules: place what fits (at least one).
                    take = fit.max(1);
                } else {
                    self.new_page();
                    continue;
                }
            }
            self.place_chunk(s, from, from + take);
            from += take;
            if from < n {
                self.new_page();
            }
        }
    }

    fn place_chunk(&mut self, s: &Stack, from: usize, to: usize) {
        if let Some(p) = s.panel {
            let h = s.chunk_height(from, to);
            let mut draws = vec![Draw::Fill {
                x: p.x,
                y: 0.0,
                w: p.width,
                h,
                color: p.fill,
            }];
            if let Some(bar) = p.bar {
                draws.push(Draw::Fill {
                    x: p.x,
                    y: 0.0,
                    w: 2.5,
                    h,
                    color: bar,
                });
            }
            self.overlay(&draws, 0.0);
            self.y += p.pad_y;
            self.fresh = false;
        }
        for f in &s.frames[from..to] {
            self.place(f, 0.0);
        }
        if let Some(p) = s.panel {
            self.y += p.pad_y;
        }
    }

    /// The pages and where each anchor landed.
    pub fn finish(self) -> (Vec<Page>, BTreeMap<String, Position>) {
        (self.pages, self.anchors)
    }
}
