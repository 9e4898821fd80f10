//! The pack as one self-contained HTML page (`security-requirements.html`), for councils that
//! publish HTML first (GOV.UK: HTML first, accessible documents): inline CSS, no scripts and
//! no external fetches; `lang="en-GB"`, a skip link, landmarks, headings in order, a contents
//! list linking to every section, tables with captions and `<th scope>`, GOV.UK-like
//! typography (without GOV.UK branding), a phone layout and print styles.
//!
//! Every piece of text from the profile, a custom clause or the library is escaped; the only
//! transformation is that `http(s)://` addresses in table cells become links to themselves.

use std::fmt::Write as _;

use super::design;
use super::markup::{check_characters, escape_attr, escape_text};
use super::references::{PackAnchors, Piece};
use super::RenderError;
use crate::library::Category;
use crate::pack::{Block, PackClause, PackSection, Table, TenderPack, Text};

/// The stylesheet, inlined into every page.
const CSS: &str = include_str!("html.css");

/// Writes the HTML page.
pub fn write_html(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    check_characters(pack, "html")?;
    let mut w = Writer {
        pack,
        anchors: Anchors::of(pack),
        out: String::with_capacity(64_000 + pack.clauses.len() * 2_500),
        tables: 0,
    };
    w.document();
    Ok(w.out.into_bytes())
}

struct Writer<'a> {
    pack: &'a TenderPack,
    out: String,
    /// Every anchor the page has (`clause-DES-004`, `sec-3`, `annex-a`): a reference in the
    /// text is linked only when its target is here.
    anchors: Anchors,
    /// Tables written so far, for unique caption ids.
    tables: usize,
}

fn t(s: &str) -> std::borrow::Cow<'_, str> {
    escape_text(s)
}

fn a(s: &str) -> std::borrow::Cow<'_, str> {
    escape_attr(s)
}

/// The anchors of a pack's page, for linking references in its text.
struct Anchors(PackAnchors);

impl Anchors {
    fn of(pack: &TenderPack) -> Anchors {
        Anchors(PackAnchors::of(pack))
    }

    /// `text` escaped, with each web address, clause id, "chapter N" and "Annex X" whose target
    /// is on this page made a link to it (the same references the PDF links).
    fn linked(&self, text: &str) -> String {
        let mut out = String::new();
        for piece in self.0.pieces(text) {
            match piece {
                Piece::Plain(p) => out.push_str(&t(p)),
                Piece::Reference { shown, target } => {
                    let _ = write!(out, "<a href=\"{}\">{}</a>", a(&target.address()), t(shown));
                }
            }
        }
        out
    }
}

/// Styled model text as inline HTML, references linked.
fn styled(text: &Text, anchors: &Anchors) -> String {
    let mut out = String::new();
    for span in &text.0 {
        let s = anchors.linked(&span.text);
        match (span.bold, span.italic) {
            (true, true) => {
                let _ = write!(out, "<strong><em>{s}</em></strong>");
            }
            (true, false) => {
                let _ = write!(out, "<strong>{s}</strong>");
            }
            (false, true) => {
                let _ = write!(out, "<em>{s}</em>");
            }
            (false, false) => out.push_str(&s),
        }
    }
    out
}

/// Plain text with line breaks kept.
fn lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(|l| t(l).into_owned())
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Cell text: line breaks kept and references linked.
fn cell_html(s: &str, anchors: &Anchors) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(|line| anchors.linked(line))
        .collect::<Vec<_>>()
        .join("<br>")
}

impl Writer<'_> {
    fn document(&mut self) {
        let m = &self.pack.meta;
        let title = format!("{} \u{2014} {} ({})", m.title, m.subtitle, m.reference);
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<meta name=\"author\" content=\"{}\">\n<meta name=\"description\" content=\"{}\">\n\
             <meta name=\"keywords\" content=\"{}\">\n<meta name=\"generator\" content=\"{} {}\">\n",
            t(&title),
            a(&m.buyer),
            a(&format!("{} for {} ({}), issued by {}.", m.subtitle, m.title, m.reference, m.buyer)),
            a(&m.keywords.join(", ")),
            a(&m.tool_name),
            a(&m.tool_version),
        );
        if let Some(date) = &m.issue_date {
            let _ = writeln!(
                self.out,
                "<meta name=\"dcterms.issued\" content=\"{}\">",
                a(date)
            );
        }
        let _ = write!(
            self.out,
            "<style>\n{}{CSS}{}</style>\n</head>\n<body>\n<a href=\"#main-content\" class=\"skip-link\">Skip to main content</a>\n",
            design::css_custom_properties(),
            page_margin_css(self.pack)
        );
        if self.pack.meta.marking.is_some() {
            self.out.push_str("<header>\n");
            self.marking();
            self.out.push_str("</header>\n");
        }
        self.out
            .push_str("<div class=\"width-container\">\n<main id=\"main-content\">\n");
        self.cover();
        self.contents();
        for s in &self.pack.sections {
            self.section(s);
        }
        self.out.push_str("</main>\n</div>\n<footer class=\"document-footer\">\n<div class=\"width-container\">\n");
        let _ = writeln!(
            self.out,
            "<p>{} for {} ({}), version {}, issued by {}.</p>",
            t(&m.subtitle),
            t(&m.title),
            t(&m.reference),
            t(&m.version),
            t(&m.buyer),
        );
        self.out.push_str("</div>\n");
        self.marking();
        self.out.push_str("</footer>\n</body>\n</html>\n");
    }

    fn marking(&mut self) {
        if let Some(marking) = &self.pack.meta.marking {
            let _ = writeln!(self.out, "<p class=\"marking\">{}</p>", t(marking));
        }
    }

    /// The first screen: title, the cover notice, then the document control facts once (the
    /// title is the heading and the marking is on the banner, so neither is listed again).
    fn cover(&mut self) {
        let m = &self.pack.meta;
        let _ = writeln!(
            self.out,
            "<h1>{}</h1>\n<p class=\"lead\">{}</p>",
            t(&m.title),
            t(&m.subtitle)
        );
        for b in &self.pack.cover {
            self.block(b, 2);
        }
        self.out.push_str("<dl class=\"summary-list\">\n");
        for (k, v) in &self.pack.document_control {
            let shown_elsewhere = (k == "Title" && *v == m.title)
                || (k == "Protective marking" && m.marking.as_ref() == Some(v));
            if !shown_elsewhere {
                let _ = writeln!(
                    self.out,
                    "<div><dt>{}</dt><dd>{}</dd></div>",
                    t(k),
                    lines(v)
                );
            }
        }
        self.out.push_str("</dl>\n");
    }

    fn contents(&mut self) {
        self.out.push_str("<nav class=\"contents\" aria-labelledby=\"contents-heading\">\n<h2 id=\"contents-heading\">Contents</h2>\n<ol>\n");
        for s in &self.pack.sections {
            self.contents_entry(s);
        }
        self.out.push_str("</ol>\n</nav>\n");
    }

    fn contents_entry(&mut self, s: &PackSection) {
        let _ = write!(
            self.out,
            "<li><a href=\"#{}\">{}</a>",
            a(&s.anchor),
            heading_text(s)
        );
        if !s.children.is_empty() {
            self.out.push_str("\n<ol>\n");
            for c in &s.children {
                self.contents_entry(c);
            }
            self.out.push_str("</ol>\n");
        }
        self.out.push_str("</li>\n");
    }

    fn section(&mut self, s: &PackSection) {
        let level = usize::from(s.level.clamp(1, 4)) + 1;
        let class = if s.level <= 1 {
            " class=\"chapter\""
        } else {
            ""
        };
        let _ = writeln!(
            self.out,
            "<section{class}>\n<h{level} id=\"{}\">{}</h{level}>",
            a(&s.anchor),
            heading_text(s)
        );
        for b in &s.blocks {
            self.block(b, level + 1);
        }
        for c in &s.children {
            self.section(c);
        }
        self.out.push_str("</section>\n");
    }

    /// A block inside a section whose own heading is `h(level - 1)`.
    fn block(&mut self, b: &Block, level: usize) {
        match b {
            Block::Paragraph(text) => {
                let _ = writeln!(self.out, "<p>{}</p>", styled(text, &self.anchors));
            }
            Block::Notice(text) => {
                let _ = writeln!(
                    self.out,
                    "<div class=\"inset\"><p>{}</p></div>",
                    styled(text, &self.anchors)
                );
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = writeln!(self.out, "<{tag}>");
                for item in items {
                    let _ = writeln!(self.out, "<li>{}</li>", styled(item, &self.anchors));
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::Facts(facts) => {
                self.out.push_str("<dl class=\"facts\">\n");
                for (k, v) in facts {
                    let _ = writeln!(self.out, "<dt>{}</dt>\n<dd>{}</dd>", t(k), lines(v));
                }
                self.out.push_str("</dl>\n");
            }
            Block::Table(table) => self.table(table),
            Block::Clause(i) => {
                if let Some(c) = self.pack.clauses.get(*i) {
                    self.clause(c, level);
                }
            }
        }
    }

    /// A data table. On a wide screen it is a table inside a labelled, focusable region that
    /// scrolls sideways (with a shadow as the cue) if it is wider than the page; on a phone each
    /// row becomes a card whose cells carry their column title (`data-label`, shown by the
    /// stylesheet). The ARIA roles keep the table semantics when CSS changes the display.
    fn table(&mut self, table: &Table) {
        self.tables += 1;
        let id = format!("table-{}", self.tables);
        let wide = if table.columns.len() > 3 {
            " table-wide"
        } else {
            ""
        };
        let _ = write!(
            self.out,
            "<div class=\"table-wrap{wide}\" role=\"region\" aria-labelledby=\"{id}\" tabindex=\"0\">\n<table class=\"cards\" role=\"table\">\n<caption id=\"{id}\">{}</caption>\n<colgroup>",
            t(&table.caption)
        );
        let total: u32 = table
            .columns
            .iter()
            .map(|c| u32::from(c.weight.max(1)))
            .sum();
        for c in &table.columns {
            let pct = f64::from(c.weight.max(1)) * 100.0 / f64::from(total.max(1));
            let _ = write!(self.out, "<col style=\"width:{pct:.1}%\">");
        }
        self.out
            .push_str("</colgroup>\n<thead role=\"rowgroup\"><tr role=\"row\">");
        for c in &table.columns {
            let _ = write!(
                self.out,
                "<th scope=\"col\" role=\"columnheader\">{}</th>",
                t(&c.title)
            );
        }
        self.out
            .push_str("</tr></thead>\n<tbody role=\"rowgroup\">\n");
        for r in &table.rows {
            self.out.push_str(if r.emphasis {
                "<tr role=\"row\" class=\"emphasis\">"
            } else {
                "<tr role=\"row\">"
            });
            for (i, c) in table.columns.iter().enumerate() {
                let cell = r.cells.get(i).map_or("", String::as_str);
                let (tag, attrs) = if i == 0 {
                    ("th", "scope=\"row\" role=\"rowheader\"")
                } else {
                    ("td", "role=\"cell\"")
                };
                let _ = write!(
                    self.out,
                    "<{tag} {attrs} data-label=\"{}\">{}</{tag}>",
                    a(&c.title),
                    cell_html(cell, &self.anchors)
                );
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn clause(&mut self, c: &PackClause, level: usize) {
        let level = level.min(6);
        // The design's clause block (`render::design`): number and title, the category badge
        // at the right (hidden from screen readers: the line under the title says it in
        // words), then the identifier and category in small grey type.
        let badge_class = if c.category != Category::Scored {
            "tag-must"
        } else {
            "tag-should"
        };
        let _ = writeln!(
            self.out,
            "<div class=\"clause\">\n<h{level} class=\"clause-heading\" id=\"clause-{}\"><span class=\"clause-ref\">{}</span> <span class=\"clause-title\">{}</span> <span class=\"tag {badge_class}\" aria-hidden=\"true\">{}</span></h{level}>",
            a(&c.id),
            t(&c.pack_ref),
            t(&c.title),
            c.category.keyword()
        );
        let _ = writeln!(
            self.out,
            "<p class=\"clause-meta\"><span class=\"clause-tag\">{}</span> {} ({})</p>",
            t(&c.tag()),
            c.category.label(),
            c.category.keyword()
        );
        for para in c.text.split("\n\n") {
            let _ = writeln!(self.out, "<p>{}</p>", lines(para));
        }
        if !c.strong_answer.is_empty() {
            self.out
                .push_str("<p class=\"label\">A strong answer covers:</p>\n<ul>\n");
            for s in &c.strong_answer {
                let _ = writeln!(self.out, "<li>{}</li>", lines(s));
            }
            self.out.push_str("</ul>\n");
            if let Some(limit) = c.word_limit {
                let _ = writeln!(
                    self.out,
                    "<p><span class=\"label\">Word limit:</span> {limit}</p>"
                );
            }
        }
        if !c.evidence.is_empty() {
            self.out
                .push_str("<p class=\"label\">Evidence required:</p>\n<ul>\n");
            for e in c.evidence_lines() {
                let _ = writeln!(self.out, "<li>{}</li>", lines(&e));
            }
            self.out.push_str("</ul>\n");
        }
        self.out.push_str("</div>\n");
    }
}

/// The printed page's margin boxes: the protective marking at the top and bottom of every page
/// (as the Government Security Classifications ask), the reference and "Page N of M" at the
/// foot. They are generated here because the marking and reference come from the profile.
fn page_margin_css(pack: &TenderPack) -> String {
    const FONT: &str =
        "font-family:\"Liberation Sans\",Arial,sans-serif;font-size:9pt;color:#0b0c0c";
    let m = &pack.meta;
    let mut boxes = String::new();
    if let Some(marking) = &m.marking {
        let marking = css_string(marking);
        for place in ["top-center", "bottom-center"] {
            let _ = write!(
                boxes,
                "@{place}{{content:{marking};{FONT};font-weight:700}}"
            );
        }
    }
    let _ = write!(
        boxes,
        "@bottom-left{{content:{};{FONT}}}@bottom-right{{content:\"Page \" counter(page) \" of \" counter(pages);{FONT}}}",
        css_string(&format!("{} \u{2014} {}", m.reference, m.subtitle))
    );
    format!("@media print {{ @page {{ {boxes} }} }}\n")
}

/// A CSS string literal holding `s` as written: quotes and backslashes escaped, line breaks
/// as `\A`, and `<` escaped so that no text can close the `<style>` element.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\A "),
            '<' => out.push_str("\\3C "),
            c if c.is_control() => {
                let _ = write!(out, "\\{:X} ", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `4.2 Design` (the number in its own span, for styling), or `Annex A: …` as one piece.
fn heading_text(s: &PackSection) -> String {
    if s.annex {
        t(&s.heading()).into_owned()
    } else {
        format!(
            "<span class=\"section-number\">{}</span> {}",
            t(&s.number),
            t(&s.title)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(names: &[&str]) -> Anchors {
        Anchors(PackAnchors::named(names))
    }

    #[test]
    fn cell_links_addresses_and_escapes_the_rest() {
        let none = anchors(&[]);
        assert_eq!(
            cell_html("Doc <1>, https://example.org/a?b=1&c=2, more", &none),
            "Doc &lt;1&gt;, <a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>, more"
        );
        assert_eq!(cell_html("a\nb & c", &none), "a<br>b &amp; c");
    }

    #[test]
    fn references_link_only_to_anchors_on_the_page() {
        let page = anchors(&["clause-DES-004", "sec-3", "annex-a"]);
        assert_eq!(
            page.linked("4.2.3 [DES-004 v2], see chapter 3 and Annex A; not DES-999 or Annex Z"),
            "4.2.3 [<a href=\"#clause-DES-004\">DES-004</a> v2], see <a href=\"#sec-3\">chapter 3</a> \
             and <a href=\"#annex-a\">Annex A</a>; not DES-999 or Annex Z"
        );
        assert_eq!(
            page.linked("XDES-004 and ISO-27001"),
            "XDES-004 and ISO-27001"
        );
    }

    #[test]
    fn css_strings_hold_any_text_and_cannot_close_the_style_element() {
        assert_eq!(css_string("OFFICIAL"), "\"OFFICIAL\"");
        assert_eq!(
            css_string("a \"b\" \\ </style>\nc"),
            "\"a \\\"b\\\" \\\\ \\3C /style>\\A c\""
        );
    }

    #[test]
    fn styled_text_uses_semantic_emphasis() {
        let text = Text(vec![
            crate::pack::Span {
                text: "MUST".into(),
                bold: true,
                italic: false,
            },
            crate::pack::Span {
                text: " <b>".into(),
                bold: false,
                italic: false,
            },
        ]);
        assert_eq!(
            styled(&text, &anchors(&[])),
            "<strong>MUST</strong> &lt;b&gt;"
        );
    }
}
