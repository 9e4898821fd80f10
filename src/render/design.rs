//! The pack's one visual design: typeface, type sizes, colours, spacing, page geometry, the
//! clause block and the table style. The PDF, DOCX and HTML writers all take their look from
//! here, so the three read as one document; each writer only translates units (points to
//! half-points or twips for Word, to CSS custom properties for the page).
//!
//! The clause block, in every format: the pack number and title on one line in bold, the
//! category badge at the right (filled navy for a tender gate or contract requirement, outlined
//! for a scored point), the identifier and category in small grey type under the title, the
//! requirement text, then the labelled details. Chapter headings are navy; subsection headings
//! and clause titles are ink. Table headers are a pale blue-grey with navy bold text; rows that
//! need attention get a faint tint, never a heavy bar.

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
    /// `1F3A5F`, as WordprocessingML writes colours.
    pub fn hex(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
    /// `#1f3a5f`, as CSS writes colours.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Body text.
pub const INK: Rgb = Rgb(0x1a, 0x1d, 0x21);
/// Secondary text: identifiers, labels, running header and footer.
pub const MUTED: Rgb = Rgb(0x5a, 0x63, 0x6e);
/// Chapter headings, clause numbers, badges and table header text.
pub const ACCENT: Rgb = Rgb(0x1f, 0x3a, 0x5f);
/// Hairlines between table rows and in the page furniture.
pub const RULE: Rgb = Rgb(0xc4, 0xcb, 0xd3);
/// Table header background.
pub const HEADER_FILL: Rgb = Rgb(0xe6, 0xeb, 0xf1);
/// Background of rows that need attention (tender gates, failures).
pub const EMPHASIS_FILL: Rgb = Rgb(0xf0, 0xf3, 0xf8);
/// Background of notices.
pub const NOTICE_FILL: Rgb = Rgb(0xf1, 0xf4, 0xf8);
/// White, for text on the accent colour.
pub const PAPER: Rgb = Rgb(0xff, 0xff, 0xff);

/// The typeface of every format (embedded in the PDF, named in the DOCX, first in the page's
/// font stack). Liberation Sans is metric-compatible with Arial, so Word without it lays the
/// text out the same in Arial.
pub const FAMILY: &str = "Liberation Sans";
/// What Word and browsers fall back to.
pub const FALLBACK_FAMILY: &str = "Arial";

/// How heavy or slanted a piece of type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
    Italic,
}

/// One typographic role: size and line height in points, weight and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Type {
    pub size: f32,
    pub leading: f32,
    pub weight: Weight,
    pub color: Rgb,
}

const fn role(weight: Weight, size: f32, color: Rgb, leading: f32) -> Type {
    Type {
        size,
        leading,
        weight,
        color,
    }
}

/// Running text: 11 pt on 15 pt. Set at `TEXT_INDENT` it runs about 85 characters a line.
pub const BODY: Type = role(Weight::Regular, 11.0, INK, 15.0);
/// Chapter and annex headings.
pub const H1: Type = role(Weight::Bold, 17.0, ACCENT, 21.0);
/// Subsection headings.
pub const H2: Type = role(Weight::Bold, 12.5, INK, 16.0);
/// Clause title line.
pub const CLAUSE_TITLE: Type = role(Weight::Bold, 11.5, INK, 15.0);
/// Clause number before the title.
pub const CLAUSE_NUMBER: Type = role(Weight::Bold, 11.5, ACCENT, 15.0);
/// Identifier and category line under a clause title.
pub const CLAUSE_META: Type = role(Weight::Regular, 8.5, MUTED, 11.5);
/// Labels such as "Evidence" beside clause details.
pub const LABEL: Type = role(Weight::Bold, 8.5, MUTED, 13.0);
/// Clause details (evidence items, verification).
pub const DETAIL: Type = role(Weight::Regular, 9.5, INK, 13.0);
/// Table body cells.
pub const CELL: Type = role(Weight::Regular, 8.5, INK, 11.5);
/// Table header cells.
pub const CELL_HEAD: Type = role(Weight::Bold, 8.5, ACCENT, 11.5);
/// Table captions.
pub const CAPTION: Type = role(Weight::Bold, 9.5, INK, 13.0);
/// "(continued)" above a table's or clause's continuation on a new page.
pub const CAPTION_CONTINUED: Type = role(Weight::Italic, 8.5, MUTED, 12.0);
/// Running header and footer.
pub const FURNITURE: Type = role(Weight::Regular, 8.0, MUTED, 10.0);
/// Protective marking in the header and footer.
pub const MARKING: Type = role(Weight::Bold, 9.0, INK, 11.0);
/// Contents entries for chapters and annexes.
pub const TOC_1: Type = role(Weight::Bold, 10.5, INK, 15.0);
/// Contents entries for subsections.
pub const TOC_2: Type = role(Weight::Regular, 10.0, INK, 14.0);
/// Cover title.
pub const COVER_TITLE: Type = role(Weight::Bold, 26.0, ACCENT, 31.0);
/// Cover subtitle.
pub const COVER_SUBTITLE: Type = role(Weight::Regular, 16.0, INK, 21.0);
/// Cover buyer line.
pub const COVER_BUYER: Type = role(Weight::Bold, 11.0, MUTED, 15.0);
/// Category badge text (white on navy, or navy in an outline).
pub const BADGE: Type = role(Weight::Bold, 7.0, PAPER, 9.0);

/// Vertical space between paragraphs, in points.
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
/// Where running text starts, from the left margin: paragraphs, lists and clause text all line
/// up at the clause gutter (headings and clause numbers stand out to its left), so every body
/// line has the same readable measure.
pub const TEXT_INDENT: f32 = CLAUSE_GUTTER;

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
/// Category badge size.
pub const BADGE_WIDTH: f32 = 42.0;
pub const BADGE_HEIGHT: f32 = 11.0;
/// The space a clause title keeps clear before the badge.
pub const BADGE_GAP: f32 = 10.0;

/// A4 portrait, in millimetres: 22 mm side margins, 27 mm top (the running header sits above
/// the text block), 25 mm bottom.
pub const PAGE_WIDTH_MM: f32 = 210.0;
pub const PAGE_HEIGHT_MM: f32 = 297.0;
pub const MARGIN_LEFT_MM: f32 = 22.0;
pub const MARGIN_RIGHT_MM: f32 = 22.0;
pub const MARGIN_TOP_MM: f32 = 27.0;
pub const MARGIN_BOTTOM_MM: f32 = 25.0;

/// Points in a millimetre.
pub const POINTS_PER_MM: f32 = 72.0 / 25.4;

/// The design as CSS custom properties (`--ink`, `--accent`, …), which the page's style sheet
/// uses for every colour it shares with the printed pack.
pub fn css_custom_properties() -> String {
    let colours = [
        ("ink", INK),
        ("muted", MUTED),
        ("accent", ACCENT),
        ("rule", RULE),
        ("header-fill", HEADER_FILL),
        ("emphasis-fill", EMPHASIS_FILL),
        ("notice-fill", NOTICE_FILL),
        ("paper", PAPER),
    ];
    let mut css = String::from(":root {\n");
    for (name, colour) in colours {
        css.push_str(&format!("  --{name}: {};\n", colour.css()));
    }
    css.push_str(&format!(
        "  --family: \"{FAMILY}\", {FALLBACK_FAMILY}, sans-serif;\n}}\n"
    ));
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_print_in_each_formats_notation() {
        assert_eq!(ACCENT.hex(), "1F3A5F");
        assert_eq!(ACCENT.css(), "#1f3a5f");
    }

    #[test]
    fn the_page_gets_every_shared_colour() {
        let css = css_custom_properties();
        for needle in [
            "--ink: #1a1d21",
            "--accent: #1f3a5f",
            "--header-fill: #e6ebf1",
        ] {
            assert!(css.contains(needle), "{needle} missing from\n{css}");
        }
    }

    /// Body text runs about 70–85 characters a line: the measure over the average width of a
    /// character at the body size. (The PDF test `body_lines_are_a_readable_length` counts the
    /// characters of the printed lines themselves.)
    #[test]
    fn body_line_length_is_readable() {
        // The average width of a character of running English text in Liberation Sans, in
        // ems (measured on the clause text of the shipped examples: 94 characters in 426 pt
        // at 10 pt).
        const AVERAGE_CHARACTER_EM: f32 = 0.453;
        let text_width = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * POINTS_PER_MM;
        let measure = text_width - TEXT_INDENT;
        let chars_per_line = measure / (BODY.size * AVERAGE_CHARACTER_EM);
        assert!((70.0..=86.0).contains(&chars_per_line), "{chars_per_line}");
    }
}
