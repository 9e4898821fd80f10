//! The named styles, from `render::design`: real Title, Heading 1–3 (with outline levels, so
//! the navigation pane and the contents field work), clause, list, caption, table and contents
//! styles, all in Liberation Sans — the font the PDF embeds. A procurement officer editing in
//! Word finds the look in the styles, not in direct formatting.
//!
//! docx-rs styles carry fonts, sizes, colours, spacing, indents and outline levels; what its
//! styles cannot say (keep with next, page break before, borders, tab stops) the writer sets on
//! each paragraph.

use docx_rs::{
    Docx, Indent, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style, StyleType,
};

use crate::render::design::{self, Rgb, Type, Weight};

/// The width of the A4 text block, in twips.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * SIDE_MARGIN;
/// A4 in twips.
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
/// Side margins, from the design.
pub const SIDE_MARGIN: u32 = mm(design::MARGIN_LEFT_MM);
/// Where heading and clause text starts; the number hangs to its left.
pub const GUTTER: u32 = pt(design::CLAUSE_GUTTER);
/// Indent of a list item's text from its bullet.
pub const LIST_INDENT: u32 = pt(design::LIST_INDENT);

/// Millimetres to twips.
pub const fn mm(v: f32) -> u32 {
    (v * 56.692_913) as u32
}

/// Points to twips.
pub const fn pt(v: f32) -> u32 {
    (v * 20.0) as u32
}

/// A type role's size in Word's half-points.
pub fn half_points(t: Type) -> usize {
    (t.size * 2.0).round() as usize
}

/// Colours as Word writes them.
pub fn hex(c: Rgb) -> String {
    c.hex()
}

/// Paragraph and character style ids the writer refers to.
pub mod id {
    pub const NORMAL: &str = "Normal";
    pub const TITLE: &str = "Title";
    pub const SUBTITLE: &str = "Subtitle";
    pub const COVER_BUYER: &str = "CoverBuyer";
    pub const COVER_DETAILS: &str = "CoverDetails";
    pub const HEADING1: &str = "Heading1";
    pub const HEADING2: &str = "Heading2";
    pub const HEADING3: &str = "Heading3";
    /// An entry (clause) directly under a chapter: a level-2 heading with Heading 3's look.
    pub const CLAUSE_HEADING2: &str = "ClauseHeading2";
    pub const CLAUSE_META: &str = "ClauseMeta";
    pub const CLAUSE_TEXT: &str = "ClauseText";
    pub const CLAUSE_LABEL: &str = "ClauseLabel";
    pub const CLAUSE_BULLET: &str = "ClauseBullet";
    pub const TEXT_BULLET: &str = "TextBullet";
    pub const LIST_BULLET: &str = "ListBullet";
    pub const LIST_NUMBER: &str = "ListNumber";
    pub const NOTICE: &str = "Notice";
    pub const CAPTION: &str = "Caption";
    pub const TABLE_TEXT: &str = "TableText";
    pub const TABLE_HEADING: &str = "TableHeading";
    pub const TOC_HEADING: &str = "TOCHeading";
    pub const TOC1: &str = "TOC1";
    pub const TOC2: &str = "TOC2";
    pub const TOC_NOTE: &str = "TOCNote";
    pub const HEADER: &str = "Header";
    pub const FOOTER: &str = "Footer";
    pub const MARKING: &str = "Marking";
    pub const HYPERLINK: &str = "Hyperlink";
    pub const BADGE: &str = "Badge";
}

/// A paragraph style in a type role, with spacing above and below in points.
fn para(id: &str, name: &str, based_on: &str, t: Type, above: f32, below: f32) -> Style {
    let mut s = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on(based_on)
        .size(half_points(t))
        .color(hex(t.color))
        .line_spacing(
            LineSpacing::new()
                .before(pt(above))
                .after(pt(below))
                .line(pt(t.leading) as i32)
                .line_rule(LineSpacingType::AtLeast),
        );
    s = match t.weight {
        Weight::Bold => s.bold(),
        Weight::Italic => s.italic(),
        Weight::Regular => s,
    };
    s.q_format = true;
    s
}

fn indented(s: Style, left: u32, hanging: u32) -> Style {
    s.indent(
        Some(left as i32),
        (hanging > 0).then_some(SpecialIndentType::Hanging(hanging as i32)),
        None,
        None,
    )
}

fn heading(
    id: &str,
    name: &str,
    based_on: &str,
    t: Type,
    gaps: (f32, f32),
    outline: usize,
) -> Style {
    indented(para(id, name, based_on, t, gaps.0, gaps.1), GUTTER, GUTTER).outline_lvl(outline)
}

/// The document's defaults and every style, added to `docx`.
pub fn add_styles(docx: Docx) -> Docx {
    let font = RunFonts::new()
        .ascii(design::FAMILY)
        .hi_ansi(design::FAMILY)
        .east_asia(design::FAMILY)
        .cs(design::FAMILY);
    let body = design::BODY;
    let mut normal = para(id::NORMAL, "Normal", "", body, 0.0, design::PARA_GAP);
    normal.based_on = None;
    let no_gap = |mut s: Style| {
        s.paragraph_property.indent = Some(Indent::new(Some(0), None, None, None));
        s
    };
    let gutter_text = |s: Style| indented(s, GUTTER, 0);
    let styles = [
        normal,
        para(
            id::TITLE,
            "Title",
            id::NORMAL,
            design::COVER_TITLE,
            0.0,
            12.0,
        ),
        para(
            id::SUBTITLE,
            "Subtitle",
            id::NORMAL,
            design::COVER_SUBTITLE,
            0.0,
            24.0,
        ),
        para(
            id::COVER_BUYER,
            "Cover buyer",
            id::NORMAL,
            design::COVER_BUYER,
            120.0,
            12.0,
        ),
        para(
            id::COVER_DETAILS,
            "Cover details",
            id::NORMAL,
            body,
            0.0,
            18.0,
        ),
        heading(
            id::HEADING1,
            "heading 1",
            id::NORMAL,
            design::H1,
            (0.0, design::H1_BELOW),
            0,
        ),
        heading(
            id::HEADING2,
            "heading 2",
            id::NORMAL,
            design::H2,
            (design::H2_ABOVE, design::H2_BELOW),
            1,
        ),
        heading(
            id::HEADING3,
            "heading 3",
            id::NORMAL,
            design::CLAUSE_TITLE,
            (design::CLAUSE_GAP, 1.0),
            2,
        ),
        // Based on Heading 2, so readers that go by the style (pandoc among them) see a level-2
        // heading under a chapter, never a Heading 3 straight under a Heading 1; its outline
        // level stays 3, so the contents (chapters and subsections) leaves it out, as the PDF's
        // does.
        heading(
            id::CLAUSE_HEADING2,
            "Clause heading 2",
            id::HEADING2,
            design::CLAUSE_TITLE,
            (design::CLAUSE_GAP, 1.0),
            2,
        ),
        gutter_text(para(
            id::CLAUSE_META,
            "Clause meta",
            id::NORMAL,
            design::CLAUSE_META,
            0.0,
            5.0,
        )),
        gutter_text(para(
            id::CLAUSE_TEXT,
            "Clause text",
            id::NORMAL,
            body,
            0.0,
            5.0,
        )),
        gutter_text(para(
            id::CLAUSE_LABEL,
            "Clause label",
            id::NORMAL,
            design::LABEL,
            3.0,
            1.0,
        )),
        indented(
            para(
                id::CLAUSE_BULLET,
                "Clause bullet",
                id::NORMAL,
                design::DETAIL,
                0.0,
                1.5,
            ),
            GUTTER + LIST_INDENT,
            LIST_INDENT,
        ),
        // A bulleted list in running text at the gutter (body type; a clause's evidence
        // list is the smaller Clause bullet).
        indented(
            para(id::TEXT_BULLET, "Text bullet", id::NORMAL, body, 0.0, 2.0),
            GUTTER + LIST_INDENT,
            LIST_INDENT,
        ),
        indented(
            para(id::LIST_BULLET, "List Bullet", id::NORMAL, body, 0.0, 2.0),
            LIST_INDENT,
            LIST_INDENT,
        ),
        indented(
            para(id::LIST_NUMBER, "List Number", id::NORMAL, body, 0.0, 2.0),
            LIST_INDENT + 57,
            LIST_INDENT + 57,
        ),
        indented(
            para(id::NOTICE, "Notice", id::NORMAL, body, 6.0, 12.0),
            pt(9.0),
            0,
        ),
        para(
            id::CAPTION,
            "caption",
            id::NORMAL,
            design::CAPTION,
            design::TABLE_ABOVE,
            3.0,
        ),
        no_gap(para(
            id::TABLE_TEXT,
            "Table text",
            id::NORMAL,
            design::CELL,
            0.0,
            2.0,
        )),
        no_gap(para(
            id::TABLE_HEADING,
            "Table heading",
            id::TABLE_TEXT,
            design::CELL_HEAD,
            0.0,
            2.0,
        )),
        para(
            id::TOC_HEADING,
            "TOC Heading",
            id::NORMAL,
            design::H1,
            0.0,
            design::H1_BELOW,
        ),
        indented(
            para(id::TOC1, "toc 1", id::NORMAL, design::TOC_1, 6.0, 2.0),
            567,
            567,
        ),
        indented(
            para(id::TOC2, "toc 2", id::NORMAL, design::TOC_2, 0.0, 2.0),
            1134,
            567,
        ),
        para(
            id::TOC_NOTE,
            "Contents note",
            id::NORMAL,
            design::CAPTION_CONTINUED,
            12.0,
            0.0,
        ),
        para(
            id::HEADER,
            "header",
            id::NORMAL,
            design::FURNITURE,
            0.0,
            0.0,
        ),
        para(
            id::FOOTER,
            "footer",
            id::HEADER,
            design::FURNITURE,
            0.0,
            0.0,
        ),
        para(
            id::MARKING,
            "Protective marking",
            id::NORMAL,
            design::MARKING,
            0.0,
            3.0,
        )
        .align(docx_rs::AlignmentType::Center),
    ];
    let mut docx = docx
        .default_fonts(font)
        .default_size(half_points(body))
        .default_line_spacing(LineSpacing::new().after(pt(design::PARA_GAP)));
    for s in styles {
        docx = docx.add_style(s);
    }
    docx.add_style(
        Style::new(id::HYPERLINK, StyleType::Character)
            .name("Hyperlink")
            .color(hex(design::ACCENT))
            .underline("single"),
    )
    .add_style(
        Style::new(id::BADGE, StyleType::Character)
            .name("Category badge")
            .bold()
            .size(half_points(design::BADGE))
            .color(hex(design::PAPER)),
    )
}
