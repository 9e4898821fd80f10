//! The shared design (`render::design`) as the PDF draws it: each typographic role becomes a
//! font face, size, colour and line height, and the page becomes a geometry in points. Layout
//! code refers to these names, never to literal numbers; the design itself is tuned in
//! `render::design`, which the DOCX and HTML writers read too.

use super::fonts::Face;
use super::text::TextStyle;

use crate::render::design::{self, Type, Weight};
pub use crate::render::design::{
    Rgb, ACCENT, CELL_PAD_X, CELL_PAD_Y, CLAUSE_GAP, CLAUSE_GUTTER, EMPHASIS_FILL, H1_ABOVE,
    H1_BELOW, H2_ABOVE, H2_BELOW, HAIRLINE, HEADER_FILL, INK, LABEL_COLUMN, LIST_INDENT, MUTED,
    NOTICE_FILL, PAPER, PARA_GAP, RULE, TABLE_ABOVE, TABLE_BELOW, TEXT_INDENT,
};

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

const MM: f32 = design::POINTS_PER_MM;

impl Geometry {
    /// The pack's page: A4, 22 mm side margins, 27 mm top (running header above), 25 mm bottom.
    pub const A4: Geometry = Geometry {
        width: design::PAGE_WIDTH_MM * MM,
        height: design::PAGE_HEIGHT_MM * MM,
        left: design::MARGIN_LEFT_MM * MM,
        right: design::MARGIN_RIGHT_MM * MM,
        top: design::MARGIN_TOP_MM * MM,
        bottom: design::MARGIN_BOTTOM_MM * MM,
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

/// A design role as the PDF's fonts draw it.
const fn para(t: Type) -> Para {
    let face = match t.weight {
        Weight::Regular => Face::Regular,
        Weight::Bold => Face::Bold,
        Weight::Italic => Face::Italic,
    };
    Para {
        style: TextStyle {
            face,
            size: t.size,
            color: t.color,
        },
        leading: t.leading,
    }
}

/// Running text.
pub const BODY: Para = para(design::BODY);
/// Chapter and annex headings.
pub const H1: Para = para(design::H1);
/// Subsection headings.
pub const H2: Para = para(design::H2);
/// Clause title line.
pub const CLAUSE_TITLE: Para = para(design::CLAUSE_TITLE);
/// Clause number in the gutter.
pub const CLAUSE_NUMBER: Para = para(design::CLAUSE_NUMBER);
/// Identifier and version line under a clause title.
pub const CLAUSE_META: Para = para(design::CLAUSE_META);
/// Labels such as "Evidence" beside clause details.
pub const LABEL: Para = para(design::LABEL);
/// Clause details (evidence items, verification).
pub const DETAIL: Para = para(design::DETAIL);
/// Table body cells.
pub const CELL: Para = para(design::CELL);
/// Table header cells.
pub const CELL_HEAD: Para = para(design::CELL_HEAD);
/// Table captions.
pub const CAPTION: Para = para(design::CAPTION);
/// "(continued)" above a table's continuation on a new page.
pub const CAPTION_CONTINUED: Para = para(design::CAPTION_CONTINUED);
/// Running header and footer.
pub const FURNITURE: Para = para(design::FURNITURE);
/// Protective marking in the header and footer.
pub const MARKING: Para = para(design::MARKING);
/// Contents entries for chapters and annexes.
pub const TOC_1: Para = para(design::TOC_1);
/// Contents entries for subsections.
pub const TOC_2: Para = para(design::TOC_2);
/// Cover title.
pub const COVER_TITLE: Para = para(design::COVER_TITLE);
/// Cover subtitle.
pub const COVER_SUBTITLE: Para = para(design::COVER_SUBTITLE);
/// Cover buyer line.
pub const COVER_BUYER: Para = para(design::COVER_BUYER);
/// Obligation badge text.
pub const BADGE: Para = para(design::BADGE);
