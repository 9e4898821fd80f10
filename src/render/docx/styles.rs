//! `word/styles.xml` and `word/fontTable.xml`: the named styles the body uses, so that a
//! procurement officer editing in Word finds real Title, Heading 1–3 (with outline levels, so
//! the navigation pane and the contents field work), clause, list, caption, table and
//! table-of-contents styles, all in Liberation Sans — the font the PDF embeds.

use super::numbering::{BULLETS, OUTLINE};
use super::page::TEXT_WIDTH;
use super::xml::{Xml, NS_W};

/// The one typeface of the document (metric-compatible with Arial).
pub const FONT: &str = "Liberation Sans";
/// Body text colour (GOV.UK black).
pub const TEXT_COLOUR: &str = "0B0C0C";
/// Secondary text: stable ids, running header and footer.
pub const SECONDARY_COLOUR: &str = "505A5F";
/// Table rules and the notice bar.
pub const RULE_COLOUR: &str = "B1B4B6";
/// Table header fill.
pub const HEADER_FILL: &str = "F3F2F1";
/// Where heading and clause text starts; the number hangs to its left (twips, 1.8 cm).
pub const NUMBER_INDENT: u32 = 1021;
/// Extra indent of a bullet inside a clause (twips).
pub const BULLET_INDENT: u32 = 340;

/// Paragraph style ids the body refers to.
pub mod id {
    pub const NORMAL: &str = "Normal";
    pub const TITLE: &str = "Title";
    pub const SUBTITLE: &str = "Subtitle";
    pub const COVER_BUYER: &str = "CoverBuyer";
    pub const COVER_DETAILS: &str = "CoverDetails";
    pub const HEADING1: &str = "Heading1";
    pub const HEADING2: &str = "Heading2";
    pub const HEADING3: &str = "Heading3";
    /// A clause directly under a chapter (3.1): a level-2 heading that looks like Heading 3.
    pub const CLAUSE_HEADING2: &str = "ClauseHeading2";
    pub const CLAUSE_TEXT: &str = "ClauseText";
    pub const CLAUSE_LABEL: &str = "ClauseLabel";
    pub const CLAUSE_BULLET: &str = "ClauseBullet";
    pub const LIST_BULLET: &str = "ListBullet";
    pub const LIST_NUMBER: &str = "ListNumber";
    pub const NOTICE: &str = "Notice";
    pub const FACT_LABEL: &str = "FactLabel";
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
    pub const TABLE: &str = "TenderTable";
    pub const CLAUSE_TAG: &str = "ClauseTag";
}

/// One paragraph style. `ppr` and `rpr` are the property children in schema order.
struct ParaStyle {
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    ppr: String,
    rpr: String,
}

fn para(
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    ppr: String,
    rpr: &str,
) -> ParaStyle {
    ParaStyle {
        id,
        name,
        based_on,
        next: None,
        ppr,
        rpr: rpr.to_string(),
    }
}

fn write_para_style(x: &mut Xml, s: &ParaStyle, default: bool) {
    let mut attrs = vec![("w:type", "paragraph"), ("w:styleId", s.id)];
    if default {
        attrs.push(("w:default", "1"));
    }
    x.open("w:style", &attrs);
    x.val("w:name", s.name);
    if let Some(b) = s.based_on {
        x.val("w:basedOn", b);
    }
    if let Some(n) = s.next {
        x.val("w:next", n);
    }
    x.empty("w:qFormat", &[]);
    if !s.ppr.is_empty() {
        x.raw(&format!("<w:pPr>{}</w:pPr>", s.ppr));
    }
    if !s.rpr.is_empty() {
        x.raw(&format!("<w:rPr>{}</w:rPr>", s.rpr));
    }
    x.close("w:style");
}

/// `<w:spacing>` in twips.
fn spacing(before: u32, after: u32) -> String {
    format!("<w:spacing w:before=\"{before}\" w:after=\"{after}\"/>")
}

fn heading_num(level: u32) -> String {
    format!("<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{OUTLINE}\"/></w:numPr>")
}

fn size(half_points: u32) -> String {
    format!("<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>")
}

/// The styles part.
pub fn styles_xml() -> Vec<u8> {
    let mut x = Xml::with_capacity(12_000);
    x.open("w:styles", &[("xmlns:w", NS_W)]);
    x.raw(&format!(
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:eastAsia=\"{FONT}\" w:cs=\"{FONT}\"/>\
         <w:color w:val=\"{TEXT_COLOUR}\"/>{}<w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        size(21)
    ));

    let normal = para(
        id::NORMAL,
        "Normal",
        None,
        "<w:widowControl/>".to_string(),
        "",
    );
    write_para_style(&mut x, &normal, true);

    let bold = "<w:b/><w:bCs/>";
    let keep = "<w:keepNext/><w:keepLines/>";
    let tab_right_dots = format!(
        "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs>"
    );
    let styles = vec![
        para(id::COVER_BUYER, "Cover buyer", Some(id::NORMAL), spacing(2400, 240), &format!("{bold}<w:color w:val=\"{SECONDARY_COLOUR}\"/>{}", size(28))),
        ParaStyle {
            next: Some(id::SUBTITLE),
            ..para(id::TITLE, "Title", Some(id::NORMAL), format!("<w:keepNext/>{}<w:contextualSpacing/>", spacing(0, 240)), &format!("{bold}<w:kern w:val=\"28\"/>{}", size(56)))
        },
        para(
            id::SUBTITLE,
            "Subtitle",
            Some(id::NORMAL),
            format!("<w:keepNext/>{}", spacing(0, 480)),
            &format!("<w:color w:val=\"{SECONDARY_COLOUR}\"/>{}", size(36)),
        ),
        para(id::COVER_DETAILS, "Cover details", Some(id::NORMAL), spacing(0, 360), &size(24)),
        ParaStyle {
            next: Some(id::NORMAL),
            ..para(
                id::HEADING1,
                "heading 1",
                Some(id::NORMAL),
                format!("{keep}<w:pageBreakBefore/>{}{}<w:ind w:left=\"{NUMBER_INDENT}\" w:hanging=\"{NUMBER_INDENT}\"/><w:outlineLvl w:val=\"0\"/>", heading_num(0), spacing(0, 240)),
                &format!("{bold}<w:kern w:val=\"28\"/>{}", size(36)),
            )
        },
        ParaStyle {
            next: Some(id::NORMAL),
            ..para(
                id::HEADING2,
                "heading 2",
                Some(id::NORMAL),
                format!("{keep}{}{}<w:ind w:left=\"{NUMBER_INDENT}\" w:hanging=\"{NUMBER_INDENT}\"/><w:outlineLvl w:val=\"1\"/>", heading_num(1), spacing(360, 120)),
                &format!("{bold}{}", size(28)),
            )
        },
        ParaStyle {
            next: Some(id::CLAUSE_TEXT),
            ..para(
                id::HEADING3,
                "heading 3",
                Some(id::NORMAL),
                format!("{keep}{}{}<w:ind w:left=\"{NUMBER_INDENT}\" w:hanging=\"{NUMBER_INDENT}\"/><w:outlineLvl w:val=\"2\"/>", heading_num(2), spacing(300, 80)),
                &format!("{bold}{}", size(23)),
            )
        },
        // A clause in a chapter without subsections is the chapter's next level down: based on
        // Heading 2 (so readers that go by the style, pandoc among them, see level 2, not a
        // Heading 3 straight under a Heading 1), with Heading 3's look. Its outline level stays
        // Heading 3's, so that the contents field (`TOC \o "1-2" \u`) lists chapters and
        // subsections only, as the PDF's contents does.
        ParaStyle {
            next: Some(id::CLAUSE_TEXT),
            ..para(
                id::CLAUSE_HEADING2,
                "Clause heading 2",
                Some(id::HEADING2),
                format!("{keep}{}{}<w:ind w:left=\"{NUMBER_INDENT}\" w:hanging=\"{NUMBER_INDENT}\"/><w:outlineLvl w:val=\"2\"/>", heading_num(1), spacing(300, 80)),
                &format!("{bold}{}", size(23)),
            )
        },
        para(id::CLAUSE_TEXT, "Clause text", Some(id::NORMAL), format!("<w:ind w:left=\"{NUMBER_INDENT}\"/>"), ""),
        para(id::CLAUSE_LABEL, "Clause label", Some(id::CLAUSE_TEXT), format!("{keep}{}", spacing(120, 40)), bold),
        para(
            id::CLAUSE_BULLET,
            "Clause bullet",
            Some(id::CLAUSE_TEXT),
            format!(
                "<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"{BULLETS}\"/></w:numPr>{}<w:ind w:left=\"{}\" w:hanging=\"{BULLET_INDENT}\"/>",
                spacing(0, 40),
                NUMBER_INDENT + BULLET_INDENT
            ),
            "",
        ),
        para(
            id::LIST_BULLET,
            "List Bullet",
            Some(id::NORMAL),
            format!("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{BULLETS}\"/></w:numPr>{}<w:ind w:left=\"{BULLET_INDENT}\" w:hanging=\"{BULLET_INDENT}\"/>", spacing(0, 80)),
            "",
        ),
        para(id::LIST_NUMBER, "List Number", Some(id::NORMAL), format!("{}<w:ind w:left=\"{}\" w:hanging=\"{}\"/>", spacing(0, 80), BULLET_INDENT + 57, BULLET_INDENT + 57), ""),
        para(
            id::NOTICE,
            "Notice",
            Some(id::NORMAL),
            format!("<w:keepLines/><w:pBdr><w:left w:val=\"single\" w:sz=\"36\" w:space=\"11\" w:color=\"{RULE_COLOUR}\"/></w:pBdr>{}<w:ind w:left=\"284\"/>", spacing(120, 240)),
            "",
        ),
        para(id::FACT_LABEL, "Fact label", Some(id::NORMAL), format!("{keep}{}", spacing(160, 40)), bold),
        para(id::CAPTION, "caption", Some(id::NORMAL), format!("{keep}{}", spacing(240, 80)), &format!("{bold}{}", size(20))),
        para(id::TABLE_TEXT, "Table text", Some(id::NORMAL), "<w:spacing w:before=\"0\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>".to_string(), &size(18)),
        para(id::TABLE_HEADING, "Table heading", Some(id::TABLE_TEXT), "<w:keepNext/>".to_string(), bold),
        ParaStyle {
            next: Some(id::NORMAL),
            ..para(id::TOC_HEADING, "TOC Heading", Some(id::NORMAL), format!("{keep}<w:pageBreakBefore/>{}", spacing(0, 240)), &format!("{bold}{}", size(36)))
        },
        para(
            id::TOC1,
            "toc 1",
            Some(id::NORMAL),
            format!(
                "<w:tabs><w:tab w:val=\"left\" w:pos=\"567\"/><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs>{}<w:ind w:left=\"567\" w:hanging=\"567\"/>",
                spacing(120, 40)
            ),
            bold,
        ),
        para(id::TOC2, "toc 2", Some(id::NORMAL), format!("{tab_right_dots}{}<w:ind w:left=\"1134\" w:hanging=\"567\"/>", spacing(0, 40)), ""),
        para(id::TOC_NOTE, "Contents note", Some(id::NORMAL), spacing(240, 0), &format!("<w:i/><w:iCs/><w:color w:val=\"{SECONDARY_COLOUR}\"/>{}", size(18))),
        para(
            id::HEADER,
            "header",
            Some(id::NORMAL),
            // One right-aligned stop: a long title then still puts the reference on the right.
            format!(
                "<w:tabs><w:tab w:val=\"right\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
            ),
            &format!("<w:color w:val=\"{SECONDARY_COLOUR}\"/>{}", size(17)),
        ),
        para(
            id::FOOTER,
            "footer",
            Some(id::HEADER),
            String::new(),
            "",
        ),
        para(id::MARKING, "Protective marking", Some(id::NORMAL), "<w:spacing w:after=\"60\"/><w:jc w:val=\"center\"/>".to_string(), &format!("{bold}{}", size(20))),
    ];
    for s in &styles {
        write_para_style(&mut x, s, false);
    }

    // Character style for the stable id and version beside a clause number.
    x.raw(&format!(
        "<w:style w:type=\"character\" w:styleId=\"{}\"><w:name w:val=\"Clause tag\"/><w:qFormat/><w:rPr><w:b w:val=\"0\"/><w:bCs w:val=\"0\"/><w:color w:val=\"{SECONDARY_COLOUR}\"/></w:rPr></w:style>",
        id::CLAUSE_TAG
    ));

    // The table style (Word applies it; cells also carry direct formatting so other readers agree).
    x.raw(&format!(
        "<w:style w:type=\"table\" w:styleId=\"{t}\"><w:name w:val=\"Tender table\"/><w:qFormat/>\
         <w:pPr><w:spacing w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr>{sz}</w:rPr>\
         <w:tblPr><w:tblBorders>{rules}</w:tblBorders>\
         <w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/><w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{HEADER_FILL}\"/></w:tcPr></w:tblStylePr></w:style>",
        t = id::TABLE,
        sz = size(18),
        rules = table_rules(),
    ));
    x.close("w:styles");
    x.into_bytes()
}

/// Table borders: horizontal rules only, in the GOV.UK manner.
pub fn table_rules() -> String {
    format!(
        "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{RULE_COLOUR}\"/><w:left w:val=\"nil\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{RULE_COLOUR}\"/><w:right w:val=\"nil\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{RULE_COLOUR}\"/><w:insideV w:val=\"nil\"/>"
    )
}

/// The font table: Liberation Sans, declared metric-compatible with Arial so Word substitutes
/// Arial where Liberation Sans is not installed.
pub fn font_table_xml() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", NS_W)]);
    x.open("w:font", &[("w:name", FONT)]);
    x.val("w:altName", "Arial");
    x.val("w:charset", "00");
    x.val("w:family", "swiss");
    x.val("w:pitch", "variable");
    x.close("w:font");
    x.close("w:fonts");
    x.into_bytes()
}
