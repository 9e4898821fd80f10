//! The pack as one self-contained HTML page (`security-requirements.html`), for councils that
//! publish HTML first (GOV.UK: HTML first, accessible documents): inline CSS, no scripts and
//! no external fetches; `lang="en-GB"`, a skip link, landmarks, headings in order, a contents
//! list linking to every section, tables with captions and `<th scope>`, GOV.UK-like
//! typography (without GOV.UK branding), a phone layout and print styles.
//!
//! Every piece of text from the profile, a custom clause or the library is escaped; the only
//! transformation is that `http(s)://` addresses in table cells become links to themselves.

use std::fmt::Write as _;

use super::markup::{check_characters, escape_attr, escape_text};
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
        out: String::with_capacity(64_000 + pack.clauses.len() * 2_500),
        tables: 0,
    };
    w.document();
    Ok(w.out.into_bytes())
}

struct Writer<'a> {
    pack: &'a TenderPack,
    out: String,
    /// Tables written so far, for unique caption ids.
    tables: usize,
}

fn t(s: &str) -> std::borrow::Cow<'_, str> {
    escape_text(s)
}

fn a(s: &str) -> std::borrow::Cow<'_, str> {
    escape_attr(s)
}

/// Styled model text as inline HTML.
fn styled(text: &Text) -> String {
    let mut out = String::new();
    for span in &text.0 {
        let s = t(&span.text);
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

/// Cell text: line breaks kept and `http(s)://` addresses linked.
fn cell_html(s: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.replace("\r\n", "\n").split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        let mut rest = line;
        while let Some(start) = rest.find("https://").or_else(|| rest.find("http://")) {
            out.push_str(&t(&rest[..start]));
            let tail = &rest[start..];
            let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
            let url = tail[..end].trim_end_matches([',', '.', ';', ':', ')']);
            let _ = write!(out, "<a href=\"{}\">{}</a>", a(url), t(url));
            rest = &tail[url.len()..];
        }
        out.push_str(&t(rest));
    }
    out
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
        let _ = write!(self.out, "<style>\n{CSS}</style>\n</head>\n<body>\n<a href=\"#main-content\" class=\"skip-link\">Skip to main content</a>\n<header>\n");
        self.marking();
        let _ = write!(
            self.out,
            "<div class=\"masthead\"><div class=\"width-container\"><p>{}</p></div></div>\n</header>\n<div class=\"width-container\">\n<main id=\"main-content\">\n",
            t(&m.buyer)
        );
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

    fn cover(&mut self) {
        let m = &self.pack.meta;
        let _ = writeln!(
            self.out,
            "<h1>{}</h1>\n<p class=\"lead\">{}</p>",
            t(&m.title),
            t(&m.subtitle)
        );
        self.out.push_str("<dl class=\"summary-list\">\n");
        let mut details = vec![
            ("Reference", m.reference.as_str()),
            ("Version", m.version.as_str()),
        ];
        let issued = m.issue_date.as_deref().map(crate::typography::long_date);
        if let Some(d) = &issued {
            details.push(("Issue date", d));
        }
        details.push(("Contracting authority", &m.buyer));
        for (k, v) in details {
            let _ = writeln!(self.out, "<dt>{}</dt><dd>{}</dd>", t(k), t(v));
        }
        self.out.push_str("</dl>\n");
        for b in &self.pack.cover {
            self.block(b, 2);
        }
        self.tables += 1;
        let id = format!("table-{}", self.tables);
        let _ = write!(
            self.out,
            "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}\" tabindex=\"0\">\n<table class=\"control\">\n<caption id=\"{id}\">Document control</caption>\n<tbody>\n"
        );
        for (k, v) in &self.pack.document_control {
            let _ = writeln!(
                self.out,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                t(k),
                lines(v)
            );
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
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
                let _ = writeln!(self.out, "<p>{}</p>", styled(text));
            }
            Block::Notice(text) => {
                let _ = writeln!(
                    self.out,
                    "<div class=\"inset\"><p>{}</p></div>",
                    styled(text)
                );
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = writeln!(self.out, "<{tag}>");
                for item in items {
                    let _ = writeln!(self.out, "<li>{}</li>", styled(item));
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
            "<div class=\"table-wrap{wide}\" role=\"region\" aria-labelledby=\"{id}\" tabindex=\"0\">\n<table>\n<caption id=\"{id}\">{}</caption>\n<colgroup>",
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
        self.out.push_str("</colgroup>\n<thead><tr>");
        for c in &table.columns {
            let _ = write!(self.out, "<th scope=\"col\">{}</th>", t(&c.title));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for r in &table.rows {
            self.out.push_str(if r.emphasis {
                "<tr class=\"emphasis\">"
            } else {
                "<tr>"
            });
            for i in 0..table.columns.len() {
                let cell = r.cells.get(i).map_or("", String::as_str);
                if i == 0 {
                    let _ = write!(self.out, "<th scope=\"row\">{}</th>", cell_html(cell));
                } else {
                    let _ = write!(self.out, "<td>{}</td>", cell_html(cell));
                }
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn clause(&mut self, c: &PackClause, level: usize) {
        let level = level.min(6);
        let _ = writeln!(
            self.out,
            "<div class=\"clause\">\n<h{level} class=\"clause-heading\" id=\"clause-{}\"><span class=\"clause-ref\">{}</span> <span class=\"clause-tag\">{}</span> {}</h{level}>",
            a(&c.id),
            t(&c.pack_ref),
            t(&c.tag()),
            t(&c.title)
        );
        let tag_class = if c.category != Category::Scored {
            "tag-must"
        } else {
            "tag-should"
        };
        let _ = writeln!(
            self.out,
            "<p class=\"obligation\"><strong>Obligation:</strong> <strong class=\"tag {tag_class}\">{}</strong> ({})</p>",
            c.category.keyword(),
            c.category.label()
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
                let _ = writeln!(self.out, "<p><strong>Word limit:</strong> {limit}</p>");
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

    #[test]
    fn cell_links_addresses_and_escapes_the_rest() {
        assert_eq!(
            cell_html("Doc <1>, https://example.org/a?b=1&c=2, more"),
            "Doc &lt;1&gt;, <a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>, more"
        );
        assert_eq!(cell_html("a\nb & c"), "a<br>b &amp; c");
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
        assert_eq!(styled(&text), "<strong>MUST</strong> &lt;b&gt;");
    }
}
