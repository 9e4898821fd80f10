//! Page furniture: A4 geometry from the design, the running header (marking, then the title and
//! reference over a hairline) and footer (a line of text and "Page N of M" as fields, the
//! marking below), and, for a document with a cover, a first-page header and footer that carry
//! the marking only.

use docx_rs::{
    BorderType, Docx, Footer, Header, NumPages, PageMargin, PageNum, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, Tab, TabValueType,
};

use super::styles::{hex, id, mm, PAGE_HEIGHT, PAGE_WIDTH, SIDE_MARGIN, TEXT_WIDTH};
use crate::document::Furniture;
use crate::render::design;

fn marking(text: &str) -> Paragraph {
    Paragraph::new()
        .style(id::MARKING)
        .add_run(Run::new().add_text(text).bold())
}

fn ruled(style: &str, position: ParagraphBorderPosition) -> Paragraph {
    let mut p = Paragraph::new()
        .style(style)
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH as usize));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(position)
                .val(BorderType::Single)
                .size(4)
                .space(4)
                .color(hex(design::RULE)),
        ),
    );
    p
}

/// A4 portrait with the design's margins, and the header and footer of `f`.
pub fn add_page(docx: Docx, f: &Furniture) -> Docx {
    let mut header = Header::new();
    if let Some(m) = &f.marking {
        header = header.add_paragraph(marking(m));
    }
    let mut line = ruled(id::HEADER, ParagraphBorderPosition::Bottom)
        .add_run(Run::new().add_text(&f.header.0));
    if !f.header.1.is_empty() {
        line = line.add_run(Run::new().add_tab().add_text(&f.header.1));
    }
    header = header.add_paragraph(line);

    let mut text = ruled(id::FOOTER, ParagraphBorderPosition::Top);
    if !f.footer.is_empty() {
        text = text.add_run(Run::new().add_text(&f.footer));
    }
    text = text
        .add_run(Run::new().add_tab().add_text("Page "))
        .add_page_num(PageNum::new())
        .add_run(Run::new().add_text(" of "))
        .add_num_pages(NumPages::new());
    let mut footer = Footer::new().add_paragraph(text);
    if let Some(m) = &f.marking {
        footer = footer.add_paragraph(marking(m));
    }

    let mut docx = docx
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(mm(design::MARGIN_TOP_MM) as i32)
                .bottom(mm(design::MARGIN_BOTTOM_MM) as i32)
                .left(SIDE_MARGIN as i32)
                .right(mm(design::MARGIN_RIGHT_MM) as i32)
                .header(567)
                .footer(567)
                .gutter(0),
        )
        .header(header)
        .footer(footer);
    if f.cover_page {
        let only_marking = || match &f.marking {
            Some(m) => marking(m),
            None => Paragraph::new().style(id::HEADER),
        };
        docx = docx
            .first_header(Header::new().add_paragraph(only_marking()))
            .first_footer(Footer::new().add_paragraph(only_marking()))
            .title_pg();
    }
    docx
}
