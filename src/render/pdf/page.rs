//! Turns laid-out pages into content streams: drawing commands become PDF operators (text with
//! pair kerning as `TJ` offsets), the running header and footer are added now that the page
//! count is known, and links are collected for the annotation pass.

use std::collections::BTreeMap;

use super::content::Content;
use super::fonts::{Face, FontSet, UsedChars};
use super::layout::pagination::{Page, Position};
use super::layout::Draw;
use super::style::{self, Geometry, Rgb};
use super::text::{TextLine, TextStyle};

/// Distance between the dots of a dotted line (contents leaders, split table rows).
const DOT_PITCH: f32 = 3.6;

/// The running header and footer, already set (so their characters were validated).
pub struct Furniture {
    pub title: TextLine,
    pub reference: TextLine,
    pub buyer: TextLine,
    pub marking: Option<TextLine>,
    /// "Page N of M" for each page, set by the caller.
    pub page_labels: Vec<TextLine>,
}

/// A link rectangle in PDF coordinates (origin bottom left) and its target anchor.
#[derive(Debug, Clone)]
pub struct LinkArea {
    pub page: usize,
    pub rect: [f32; 4],
    pub anchor: String,
}

/// The content stream of every page, plus what later passes need.
pub struct EmittedPages {
    pub contents: Vec<Vec<u8>>,
    /// Every character drawn, per face: the font subsets.
    pub used: BTreeMap<Face, UsedChars>,
    pub links: Vec<LinkArea>,
}

/// Writes one page's operators, skipping redundant state changes.
struct Writer<'a> {
    fonts: &'a FontSet,
    height: f32,
    out: Content,
    in_text: bool,
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, f32, bool)>,
    used: &'a mut BTreeMap<Face, UsedChars>,
    /// Scratch space for one run's glyph ids and kerning, reused across runs.
    glyphs: Vec<u16>,
    shifts: Vec<f32>,
}

impl Writer<'_> {
    fn end_text(&mut self) {
        if self.in_text {
            self.out.end_text();
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.out.fill_color(c);
            self.fill = Some(c);
        }
    }

    fn text(&mut self, x: f32, baseline: f32, style: TextStyle, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.in_text {
            self.out.begin_text();
            self.in_text = true;
        }
        if self.font != Some((style.face, style.size)) {
            self.out.set_font(style.face.resource_name(), style.size);
            self.font = Some((style.face, style.size));
        }
        self.set_fill(style.color);
        self.out.text_at(x, self.height - baseline);
        let metrics = self.fonts.face(style.face);
        self.glyphs.clear();
        self.shifts.clear();
        let mut prev = None;
        for c in text.chars() {
            self.glyphs.push(metrics.glyph_id(c));
            // The font's kerning moves the next glyph closer when negative; TJ's offsets are
            // subtracted from the advance, so the sign flips.
            self.shifts
                .push(prev.map_or(0.0, |p| -metrics.kern_milli(p, c)));
            prev = Some(c);
        }
        self.out.show_glyphs(&self.glyphs, &self.shifts);
        self.used.entry(style.face).or_default().extend(text);
    }

    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        self.end_text();
        self.set_fill(c);
        self.out.fill_rect(x, self.height - y - h, w, h);
    }

    fn set_stroke(&mut self, c: Rgb, width: f32, dotted: bool) {
        if self.stroke == Some((c, width, dotted)) {
            return;
        }
        self.out.stroke_color(c);
        self.out.line_width(width);
        self.out.line_cap(dotted);
        self.out.dots(dotted.then_some(DOT_PITCH));
        self.stroke = Some((c, width, dotted));
    }

    fn line(
        &mut self,
        (x1, y1): (f32, f32),
        (x2, y2): (f32, f32),
        width: f32,
        c: Rgb,
        dotted: bool,
    ) {
        self.end_text();
        self.set_stroke(c, width, dotted);
        // Dots sit on a grid across the page, so leaders on different lines line up.
        let x1 = if dotted && y1 == y2 {
            (x1 / DOT_PITCH).ceil() * DOT_PITCH
        } else {
            x1
        };
        self.out
            .stroke_line((x1, self.height - y1), (x2, self.height - y2));
    }

    fn outline_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, c: Rgb) {
        self.end_text();
        self.set_stroke(c, width, false);
        self.out.stroke_rect(x, self.height - y - h, w, h);
    }

    fn text_line(&mut self, line: &TextLine, x: f32, baseline: f32) {
        let mut pen = x;
        for s in &line.segments {
            self.text(pen, baseline, s.style, &s.text);
            pen += s.width;
        }
    }
}

/// Cuts `line` to `max` points, ending it with an ellipsis if anything was cut.
fn truncated(fonts: &FontSet, line: &TextLine, max: f32) -> TextLine {
    if line.width <= max {
        return line.clone();
    }
    let Some(first) = line.segments.first() else {
        return line.clone();
    };
    let style = first.style;
    let mut text: String = line.text();
    while !text.is_empty() {
        text.pop();
        let candidate = format!("{}\u{2026}", text.trim_end());
        let width = fonts.width(style.face, style.size, &candidate);
        if width <= max {
            return TextLine {
                segments: vec![super::text::Segment {
                    style,
                    text: candidate,
                    width,
                }],
                width,
                after_newline: false,
            };
        }
    }
    TextLine::default()
}

/// Converts the laid-out pages. Page 1 (the cover) carries only the protective marking.
///
/// Pages are independent once laid out, so runs of pages are written in parallel on rayon's
/// pool and joined in order; the bytes do not depend on the split.
pub fn emit_pages(
    fonts: &FontSet,
    geometry: Geometry,
    pages: &[Page],
    anchors: &BTreeMap<String, Position>,
    furniture: &Furniture,
) -> EmittedPages {
    use rayon::prelude::*;
    const RUN: usize = 8;
    let parts: Vec<EmittedPages> = pages
        .par_chunks(RUN)
        .enumerate()
        .map(|(k, run)| emit_run(fonts, geometry, run, k * RUN, anchors, furniture))
        .collect();
    let mut all = EmittedPages {
        contents: Vec::with_capacity(pages.len()),
        used: BTreeMap::new(),
        links: Vec::new(),
    };
    for part in parts {
        all.contents.extend(part.contents);
        all.links.extend(part.links);
        for (face, chars) in part.used {
            all.used.entry(face).or_default().merge(&chars);
        }
    }
    all
}

/// Writes `pages`, the first of which is page `first` (from 0) of the document.
fn emit_run(
    fonts: &FontSet,
    geometry: Geometry,
    pages: &[Page],
    first: usize,
    anchors: &BTreeMap<String, Position>,
    furniture: &Furniture,
) -> EmittedPages {
    let mut used = BTreeMap::new();
    let mut links = Vec::new();
    let mut out = Vec::with_capacity(pages.len());
    let g = geometry;
    let right = g.width - g.right;
    for (index, page) in (first..).zip(pages) {
        let mut w = Writer {
            fonts,
            height: g.height,
            out: Content::new(),
            in_text: false,
            font: None,
            fill: None,
            stroke: None,
            used: &mut used,
            glyphs: Vec::new(),
            shifts: Vec::new(),
        };
        for d in &page.draws {
            match d {
                Draw::Text {
                    x,
                    baseline,
                    style,
                    text,
                } => w.text(*x, *baseline, *style, text),
                Draw::Fill {
                    x,
                    y,
                    w: width,
                    h,
                    color,
                } => w.fill_rect(*x, *y, *width, *h, *color),
                Draw::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color,
                    dotted,
                } => w.line((*x1, *y1), (*x2, *y2), *width, *color, *dotted),
                Draw::Outline {
                    x,
                    y,
                    w: width,
                    h,
                    width: stroke,
                    color,
                } => w.outline_rect(*x, *y, *width, *h, *stroke, *color),
                Draw::Link {
                    x,
                    y,
                    w: width,
                    h,
                    anchor,
                } => links.push(LinkArea {
                    page: index,
                    rect: [*x, g.height - y - h, x + width, g.height - y],
                    anchor: anchor.clone(),
                }),
                Draw::PageNumber {
                    anchor,
                    x_right,
                    baseline,
                    style,
                } => {
                    let number = anchors
                        .get(anchor)
                        .map_or(String::from("?"), |p| (p.page + 1).to_string());
                    let width = fonts.width(style.face, style.size, &number);
                    w.text(x_right - width, *baseline, *style, &number);
                }
            }
        }
        // Page furniture.
        if let Some(marking) = &furniture.marking {
            let x = (g.width - marking.width) / 2.0;
            w.text_line(marking, x, Geometry::mm(10.5));
            w.text_line(marking, x, g.height - Geometry::mm(8.0));
        }
        if index > 0 {
            let head = Geometry::mm(17.0);
            let reference = truncated(fonts, &furniture.reference, g.content_width() * 0.45);
            w.text_line(&reference, right - reference.width, head);
            let room = g.content_width() - reference.width - 24.0;
            let title = truncated(fonts, &furniture.title, room);
            w.text_line(&title, g.left, head);
            let rule = Geometry::mm(19.5);
            w.line(
                (g.left, rule),
                (right, rule),
                style::HAIRLINE,
                style::RULE,
                false,
            );

            let foot_rule = g.height - Geometry::mm(18.0);
            w.line(
                (g.left, foot_rule),
                (right, foot_rule),
                style::HAIRLINE,
                style::RULE,
                false,
            );
            let foot = g.height - Geometry::mm(14.0);
            if let Some(label) = furniture.page_labels.get(index) {
                w.text_line(label, right - label.width, foot);
                let room = g.content_width() - label.width - 24.0;
                w.text_line(&truncated(fonts, &furniture.buyer, room), g.left, foot);
            }
        }
        w.end_text();
        out.push(w.out.into_bytes());
    }
    EmittedPages {
        contents: out,
        used,
        links,
    }
}
