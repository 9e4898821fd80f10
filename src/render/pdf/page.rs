//! Turns laid-out pages into printpdf pages: drawing commands become printpdf operations (text
//! with pair kerning as `TJ` offsets), the running header and footer are added now that the
//! page count is known, and links become printpdf link annotations. Text is wrapped in marked
//! content for its structure node, everything else (and the page furniture) in artifacts; the
//! MCIDs and link nodes are recorded per page for the tagging post-step.

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, HighlightingMode, Line, LineCapStyle,
    LineDashPattern, LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt,
    Rect, TextItem, TextMatrix,
};

use super::fonts::{Face, FontSet, UsedChars};
use super::layout::pagination::{Page, Position};
use super::layout::Draw;
use super::style::{self, Geometry, Rgb};
use super::tagging::{role_of, Node, PageMarks, Role, StructTree};
use super::text::{TextLine, TextStyle};

/// Distance between the dots of a dotted line (contents leaders, split table rows).
const DOT_PITCH: f32 = 3.6;

/// How far above an anchor's top a link's view starts, so a heading is not flush with the
/// window.
const VIEW_MARGIN: f32 = 6.0;

/// The running header and footer, already set (so their characters were validated).
pub struct Furniture {
    pub title: TextLine,
    pub reference: TextLine,
    pub buyer: TextLine,
    pub marking: Option<TextLine>,
    /// "Page N of M" for each page, set by the caller.
    pub page_labels: Vec<TextLine>,
}

/// The pages as printpdf pages, plus what the font and tagging passes need.
pub struct EmittedPages {
    pub pages: Vec<PdfPage>,
    /// Every character drawn, per face: the font subsets.
    pub used: BTreeMap<Face, UsedChars>,
    /// Per page, the structure node of each MCID and of each link annotation.
    pub marks: Vec<PageMarks>,
}

/// Emits one page's operations, skipping redundant state changes.
struct Writer<'a> {
    fonts: &'a FontSet,
    trees: &'a [StructTree],
    height: f32,
    /// The marked-content sequence open now (`Node::ARTIFACT` for an artifact).
    mark: Option<Node>,
    marks: PageMarks,
    ops: Vec<Op>,
    in_text: bool,
    /// Whether the open text object has placed text yet.
    placed: bool,
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, f32, bool)>,
    used: &'a mut BTreeMap<Face, UsedChars>,
    anchors: &'a BTreeMap<String, Position>,
    /// This page's index (from 0).
    page: usize,
}

fn color(c: Rgb) -> Color {
    let (r, g, b) = c.unit();
    Color::Rgb(printpdf::Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn rect(x: f32, y: f32, w: f32, h: f32, mode: Option<PaintMode>) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode,
        winding_order: None,
    }
}

impl Writer<'_> {
    /// Ends the text object. The next one sets its font again: a text object inside marked
    /// content then carries its own font, which extractors that read one marked-content
    /// sequence at a time (poppler's structure text) need.
    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
            self.font = None;
        }
    }

    /// Makes sure what follows is inside marked content for `node`.
    fn mark(&mut self, node: Node) {
        if self.mark == Some(node) {
            return;
        }
        self.end_text();
        self.close_mark();
        if node == Node::ARTIFACT {
            self.ops.push(Op::BeginMarkedContent {
                tag: "Artifact".to_string(),
            });
        } else {
            let mcid = self.marks.mcids.len() as i64;
            self.marks.mcids.push(node);
            let role = match node.uri_index() {
                Some(_) => Role::Link,
                None => role_of(self.trees, node),
            };
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: role.name().to_string(),
                properties: printpdf::DictItem::Dict {
                    map: BTreeMap::from([("MCID".to_string(), printpdf::DictItem::Int(mcid))]),
                },
            });
        }
        self.mark = Some(node);
    }

    fn close_mark(&mut self) {
        if self.mark.take().is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }

    fn text(&mut self, x: f32, baseline: f32, style: TextStyle, text: &str, node: Node) {
        if text.is_empty() {
            return;
        }
        self.mark(node);
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
            self.placed = false;
        }
        if self.font != Some((style.face, style.size)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(style.face.font_id()),
                size: Pt(style.size),
            });
            self.font = Some((style.face, style.size));
        }
        self.set_fill(style.color);
        // The first text of a text object is placed with `Td`, from the origin the text object
        // starts at: two numbers where `Tm` has six, for about half of the ~14 000 pieces of
        // text on the largest pack. Later ones use `Tm`, so no position is a sum of offsets
        // (which a reader would add up in its own rounding).
        let (x, y) = (Pt(x), Pt(self.height - baseline));
        if self.placed {
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(x, y),
            });
        } else {
            self.ops.push(Op::SetTextCursor {
                pos: Point { x, y },
            });
            self.placed = true;
        }
        let metrics = self.fonts.face(style.face);
        let mut items = Vec::new();
        let mut piece = String::new();
        let mut prev = None;
        for c in text.chars() {
            // The font's kerning moves the next glyph closer when negative; TJ's offsets are
            // subtracted from the advance, so the sign flips.
            let k = prev.map_or(0.0, |p| metrics.kern_milli(p, c));
            if k != 0.0 && !piece.is_empty() {
                items.push(TextItem::Text(std::mem::take(&mut piece)));
                items.push(TextItem::Offset(-k));
            }
            piece.push(c);
            prev = Some(c);
        }
        items.push(TextItem::Text(piece));
        self.used.entry(style.face).or_default().extend(text);
        self.ops.push(Op::ShowText { items });
    }

    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        self.mark(Node::ARTIFACT);
        self.end_text();
        self.set_fill(c);
        self.ops.push(Op::DrawRectangle {
            rectangle: rect(x, self.height - y - h, w, h, Some(PaintMode::Fill)),
        });
    }

    fn set_stroke(&mut self, c: Rgb, width: f32, dotted: bool) {
        if self.stroke == Some((c, width, dotted)) {
            return;
        }
        self.ops.push(Op::SetOutlineColor { col: color(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        let (cap, dash) = if dotted {
            (
                LineCapStyle::Round,
                LineDashPattern::new(0.0, &[0.0, DOT_PITCH]),
            )
        } else {
            (LineCapStyle::Butt, LineDashPattern::solid())
        };
        self.ops.push(Op::SetLineCapStyle { cap });
        self.ops.push(Op::SetLineDashPattern { dash });
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
        self.mark(Node::ARTIFACT);
        self.end_text();
        self.set_stroke(c, width, dotted);
        // Dots sit on a grid across the page, so leaders on different lines line up.
        let x1 = if dotted && y1 == y2 {
            (x1 / DOT_PITCH).ceil() * DOT_PITCH
        } else {
            x1
        };
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(self.height - y),
            },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
    }

    fn outline_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, c: Rgb) {
        self.mark(Node::ARTIFACT);
        self.end_text();
        self.set_stroke(c, width, false);
        self.ops.push(Op::DrawRectangle {
            rectangle: rect(x, self.height - y - h, w, h, Some(PaintMode::Stroke)),
        });
    }

    /// Page furniture: one line, as an artifact.
    fn furniture(&mut self, line: &TextLine, x: f32, baseline: f32) {
        let mut pen = x;
        for s in &line.segments {
            self.text(pen, baseline, s.style, &s.text, Node::ARTIFACT);
            pen += s.width;
        }
    }

    /// A borderless link from a rectangle (page coordinates, y down) to a position, belonging
    /// to link element `node`.
    fn link(&mut self, (x, y, w, h): (f32, f32, f32, f32), target: Position, node: Node) {
        self.marks.links.push(node);
        let top = (self.height - target.y + VIEW_MARGIN).min(self.height);
        self.ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                rect(x, self.height - y - h, w, h, None),
                Actions::go_to(Destination::Xyz {
                    page: target.page + 1,
                    left: None,
                    top: Some(top),
                    zoom: None,
                }),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }
}

impl Writer<'_> {
    /// Text that links to `target` (a web address, or `#anchor` in this document): its own
    /// `Link` element under `node` (through a stand-in, see [`Node::uri_placeholder`]) and a
    /// link annotation over the text. Drawn as plain text where a link would be wrong: in page
    /// furniture, headings and contents entries (already links), to an anchor that does not
    /// exist, or to the place the text itself is (a clause's own id under its title).
    #[allow(clippy::too_many_arguments)]
    fn link_text(
        &mut self,
        x: f32,
        baseline: f32,
        style: TextStyle,
        text: &str,
        target: &str,
        node: Node,
    ) {
        let plain = node == Node::ARTIFACT
            || matches!(
                role_of(self.trees, node),
                Role::Link | Role::Toci | Role::H1 | Role::H2 | Role::H3
            );
        let action = match target.strip_prefix('#') {
            _ if plain => None,
            None => Some((
                Actions::uri(target.to_string()),
                format!("Link to {target}"),
            )),
            Some(anchor) => self
                .anchors
                .get(anchor)
                .filter(|p| p.page != self.page || (p.y - baseline).abs() > 72.0)
                .map(|p| {
                    let top = (self.height - p.y + VIEW_MARGIN).min(self.height);
                    (
                        Actions::go_to(Destination::Xyz {
                            page: p.page + 1,
                            left: None,
                            top: Some(top),
                            zoom: None,
                        }),
                        format!("Go to {text}"),
                    )
                }),
        };
        let Some((action, alt)) = action else {
            self.text(x, baseline, style, text, node);
            return;
        };
        let link = Node::uri_placeholder(self.marks.uris.len());
        self.marks.uris.push((node, alt));
        self.text(x, baseline, style, text, link);
        let width = self.fonts.width(style.face, style.size, text);
        let (top, h) = (baseline - style.size * 0.92, style.size * 1.2);
        self.marks.links.push(link);
        self.ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                rect(x, self.height - top - h, width, h, None),
                action,
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }
}

/// Cuts `line` to `max` points, ending it with an ellipsis if anything was cut: the longest
/// prefix (trailing spaces dropped) that fits with its ellipsis. A prefix's width only grows
/// with its length, so the cut is found by bisection: O(n log n) in the line's length where
/// shortening one character at a time was O(n²), on every page.
fn truncated(fonts: &FontSet, line: &TextLine, max: f32) -> TextLine {
    if line.width <= max {
        return line.clone();
    }
    let Some(first) = line.segments.first() else {
        return line.clone();
    };
    let style = first.style;
    let text: String = line.text();
    // ends[k]: the byte length of the first k characters, for k below the whole line.
    let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let candidate = |k: usize| {
        let s = format!("{}\u{2026}", text[..ends[k]].trim_end());
        let w = fonts.width(style.face, style.size, &s);
        (s, w)
    };
    // The largest k whose candidate fits: fits(lo) holds or lo is 0 and nothing fits.
    let (mut lo, mut hi) = (0usize, ends.len());
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if candidate(mid).1 <= max {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if ends.is_empty() {
        return TextLine::default();
    }
    let (text, width) = candidate(lo);
    if width > max {
        return TextLine::default();
    }
    TextLine {
        segments: vec![super::text::Segment {
            style,
            text,
            width,
            link: None,
        }],
        width,
        after_newline: false,
    }
}

/// Converts the laid-out pages. Page 1 (the cover) carries only the protective marking.
///
/// Pages are independent once laid out, so runs of pages are converted in parallel on rayon's
/// pool and joined in order; the result does not depend on the split.
pub fn emit_pages(
    fonts: &FontSet,
    geometry: Geometry,
    pages: &[Page],
    anchors: &BTreeMap<String, Position>,
    furniture: &Furniture,
    trees: &[StructTree],
) -> EmittedPages {
    use rayon::prelude::*;
    const RUN: usize = 8;
    let parts: Vec<EmittedPages> = pages
        .par_chunks(RUN)
        .enumerate()
        .map(|(k, run)| emit_run(fonts, geometry, run, k * RUN, anchors, furniture, trees))
        .collect();
    let mut all = EmittedPages {
        pages: Vec::with_capacity(pages.len()),
        used: BTreeMap::new(),
        marks: Vec::with_capacity(pages.len()),
    };
    for part in parts {
        all.pages.extend(part.pages);
        all.marks.extend(part.marks);
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
    trees: &[StructTree],
) -> EmittedPages {
    let mut used = BTreeMap::new();
    let mut out = Vec::with_capacity(pages.len());
    let mut marks = Vec::with_capacity(pages.len());
    let g = geometry;
    let right = g.width - g.right;
    for (index, page) in (first..).zip(pages) {
        let mut w = Writer {
            fonts,
            trees,
            height: g.height,
            mark: None,
            marks: PageMarks::default(),
            ops: Vec::new(),
            in_text: false,
            placed: false,
            font: None,
            fill: None,
            stroke: None,
            used: &mut used,
            anchors,
            page: index,
        };
        for d in &page.draws {
            match d {
                Draw::Text {
                    x,
                    baseline,
                    style,
                    text,
                    node,
                } => w.text(*x, *baseline, *style, text, *node),
                Draw::UriText {
                    x,
                    baseline,
                    style,
                    text,
                    uri,
                    node,
                } => w.link_text(*x, *baseline, *style, text, uri, *node),
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
                    node,
                } => {
                    if let Some(target) = anchors.get(anchor) {
                        w.link((*x, *y, *width, *h), *target, *node);
                    }
                }
                Draw::PageNumber {
                    anchor,
                    x_right,
                    baseline,
                    style,
                    node,
                } => {
                    let number = anchors
                        .get(anchor)
                        .map_or(String::from("?"), |p| (p.page + 1).to_string());
                    let width = fonts.width(style.face, style.size, &number);
                    w.text(x_right - width, *baseline, *style, &number, *node);
                }
            }
        }
        // Page furniture.
        if let Some(marking) = &furniture.marking {
            let x = (g.width - marking.width) / 2.0;
            w.furniture(marking, x, Geometry::mm(10.5));
            w.furniture(marking, x, g.height - Geometry::mm(8.0));
        }
        if index > 0 {
            let head = Geometry::mm(17.0);
            let reference = truncated(fonts, &furniture.reference, g.content_width() * 0.45);
            w.furniture(&reference, right - reference.width, head);
            let room = g.content_width() - reference.width - 24.0;
            let title = truncated(fonts, &furniture.title, room);
            w.furniture(&title, g.left, head);
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
                w.furniture(label, right - label.width, foot);
                let room = g.content_width() - label.width - 24.0;
                w.furniture(&truncated(fonts, &furniture.buyer, room), g.left, foot);
            }
        }
        w.end_text();
        w.close_mark();
        marks.push(std::mem::take(&mut w.marks));
        let ops = std::mem::take(&mut w.ops);
        let mut page = PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops);
        let media = rect(0.0, 0.0, g.width, g.height, None);
        page.media_box = media.clone();
        page.trim_box = media.clone();
        page.crop_box = media;
        out.push(page);
    }
    EmittedPages {
        pages: out,
        used,
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::text::Typesetter;

    /// The cut as it was found before: shortening one character at a time.
    fn truncated_slowly(fonts: &FontSet, line: &TextLine, max: f32) -> String {
        if line.width <= max {
            return line.text();
        }
        let style = line.segments[0].style;
        let mut text = line.text();
        while !text.is_empty() {
            text.pop();
            let candidate = format!("{}\u{2026}", text.trim_end());
            if fonts.width(style.face, style.size, &candidate) <= max {
                return candidate;
            }
        }
        String::new()
    }

    #[test]
    fn bisection_cuts_where_shortening_one_character_at_a_time_did() {
        let fonts = FontSet::shipped();
        let mut ts = Typesetter::new(fonts);
        for text in [
            "City Centre CCTV Modernisation and Public Space Surveillance Replacement Programme",
            "AVAVAVAVAVAV WAWAWA To To To fi fl ff     spaces      here and there",
            "x",
        ] {
            let line = ts.line(text, style::FURNITURE.style, "test");
            for max in [0.0, 5.0, 20.0, 57.5, 100.0, 180.0, 400.0, 2000.0] {
                assert_eq!(
                    truncated(fonts, &line, max).text(),
                    truncated_slowly(fonts, &line, max),
                    "{text:?} at {max}"
                );
            }
        }
    }
}
