//! The look of the document in one place: page geometry, type sizes and colours. Layout code
//! refers to these names, never to literal numbers, so the design can be tuned here.

use super::fonts::Face;
use super::text::TextStyle;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Components in 0.0..=1.0, as PDF wants them.
    pub fn unit(self) -> (f32, f32, f32) {
        (
            f32::from(self.0) / 255.0,
            f32::from(self.1) / 255.0,
            f32::from(self.2) / 255.0,
        )
    }
}

/// Body text.
pub const INK: Rgb = Rgb(0x1a, 0x1d, 0x21);
/// Secondary text: identifiers, labels, running header and footer.
pub const MUTED: Rgb = Rgb(0x5a, 0x63, 0x6e);
/// Headings, badges and bars.
pub const ACCENT: Rgb = Rgb(0x1f, 0x3a, 0x5f);
/// Hairlines between table rows and in the page furniture.
pub const RULE: Rgb = Rgb(0xc4, 0xcb, 0xd3);
/// Table header background.
pub const HEADER_FILL: Rgb = Rgb(0xe6, 0xeb, 0xf1);
/// Background of highlighted (mandatory) table rows.
pub const EMPHASIS_FILL: Rgb = Rgb(0xf0, 0xf3, 0xf8);
/// Background of notices.
pub const NOTICE_FILL: Rgb = Rgb(0xf1, 0xf4, 0xf8);
/// White, for text on the accent colour.
pub const PAPER: Rgb = Rgb(0xff, 0xff, 0xff);

/// A4 portrait with the text block inside the margins, all in points, measured from the top
/// left corner of the page.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

const MM: f32 = 72.0 / 25.4;

impl Geometry {
    /// The pack's page: A4, 22 mm side margins, 27 mm top (running header above), 25 mm bottom.
    pub const A4: Geometry = Geometry {
        width: 210.0 * MM,
        height: 297.0 * MM,
        left: 22.0 * MM,
        right: 22.0 * MM,
        top: 27.0 * MM,
        bottom: 25.0 * MM,
    };

    /// Width of the text block.
    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }
    /// Height of the text block.
    pub fn content_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
    /// Distance from the page top to the bottom of the text block.
    pub fn content_bottom(&self) -> f32 {
        self.height - self.bottom
    }
    /// Millimetres to points.
    pub fn mm(v: f32) -> f32 {
        v * MM
    }
}

/// A text style plus the line height its paragraphs use.
#[derive(Debug, Clone, Copy)]
pub struct Para {
    pub style: TextStyle,
    pub leading: f32,
}

const fn para(face: Face, size: f32, color: Rgb, leading: f32) -> Para {
    Para {
        style: TextStyle { face, size, color },
        leading,
    }
}

/// Running text.
pub const BODY: Para = para(Face::Regular, 10.0, INK, 14.0);
/// Chapter and annex headings.
pub const H1: Para = para(Face::Bold, 17.0, ACCENT, 21.0);
/// Subsection headings.
pub const H2: Para = para(Face::Bold, 12.5, INK, 16.0);
/// Clause title line.
pub const CLAUSE_TITLE: Para = para(Face::Bold, 10.5, INK, 14.0);
/// Clause number in the gutter.
pub const CLAUSE_NUMBER: Para = para(Face::Bold, 10.5, ACCENT, 14.0);
/// Identifier and version line under a clause title.
pub const CLAUSE_META: Para = para(Face::Regular, 8.5, MUTED, 11.5);
/// Labels such as "Evidence" beside clause details.
pub const LABEL: Para = para(Face::Bold, 8.5, MUTED, 13.0);
/// Clause details (evidence items, verification).
pub const DETAIL: Para = para(Face::Regular, 9.5, INK, 13.0);
/// Table body cells.
pub const CELL: Para = para(Face::Regular, 8.5, INK, 11.5);
/// Table header cells.
pub const CELL_HEAD: Para = para(Face::Bold, 8.5, ACCENT, 11.5);
/// Table captions.
pub const CAPTION: Para = para(Face::Bold, 9.5, INK, 13.0);
/// "(continued)" above a table's continuation on a new page.
pub const CAPTION_CONTINUED: Para = para(Face::Italic, 8.5, MUTED, 12.0);
/// Running header and footer.
pub const FURNITURE: Para = para(Face::Regular, 8.0, MUTED, 10.0);
/// Protective marking in the header and footer.
pub const MARKING: Para = para(Face::Bold, 9.0, INK, 11.0);
/// Contents entries for chapters and annexes.
pub const TOC_1: Para = para(Face::Bold, 10.5, INK, 15.0);
/// Contents entries for subsections.
pub const TOC_2: Para = para(Face::Regular, 10.0, INK, 14.0);
/// Cover title.
pub const COVER_TITLE: Para = para(Face::Bold, 26.0, ACCENT, 31.0);
/// Cover subtitle.
pub const COVER_SUBTITLE: Para = para(Face::Regular, 16.0, INK, 21.0);
/// Cover buyer line.
pub const COVER_BUYER: Para = para(Face::Bold, 11.0, MUTED, 15.0);
/// Obligation badge text.
pub const BADGE: Para = para(Face::Bold, 7.0, PAPER, 9.0);

/// Vertical space scale.
pub const PARA_GAP: f32 = 7.0;
/// Space above a chapter heading when it does not start a page.
pub const H1_ABOVE: f32 = 24.0;
/// Space below a chapter heading.
pub const H1_BELOW: f32 = 12.0;
/// Space above a subsection heading.
pub const H2_ABOVE: f32 = 18.0;
/// Space below a subsection heading.
pub const H2_BELOW: f32 = 6.0;
/// Space between clauses.
pub const CLAUSE_GAP: f32 = 15.0;
/// Width of the gutter that holds clause numbers.
pub const CLAUSE_GUTTER: f32 = 44.0;
/// Width of the label column beside clause details.
pub const LABEL_COLUMN: f32 = 74.0;
/// Indent of list item text from its bullet.
pub const LIST_INDENT: f32 = 14.0;
/// Horizontal padding inside table cells.
pub const CELL_PAD_X: f32 = 4.5;
/// Vertical padding inside table cells.
pub const CELL_PAD_Y: f32 = 3.5;
/// Space above a table (below its caption is part of the table).
pub const TABLE_ABOVE: f32 = 10.0;
/// Space below a table.
pub const TABLE_BELOW: f32 = 10.0;
/// Hairline width.
pub const HAIRLINE: f32 = 0.5;
