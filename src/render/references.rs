//! References in running text that a writer turns into links: web addresses, clause ids
//! (`DES-004`), "chapter N" and "Annex X". Shared by the PDF writer (link annotations), the
//! DOCX lowering (bookmark links) and the HTML writer (anchors), so all find the same
//! references and point them at the same anchors; [`PackAnchors`] keeps a reference to a place
//! the pack does not have plain text in the DOCX and HTML.

use std::collections::HashSet;

use crate::pack::TenderPack;

/// What a reference in running text points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'t> {
    /// A web address.
    Uri(&'t str),
    /// A clause by its id (`DES-004`).
    Clause(&'t str),
    /// A chapter by its number ("chapter 3").
    Chapter(&'t str),
    /// An annex by its letter ("Annex A").
    Annex(&'t str),
}

impl Target<'_> {
    /// The link address: the web address, or `#` and the anchor the writers give clauses
    /// (`clause-ID`), chapters (`sec-N`) and annexes (`annex-x`).
    pub fn address(self) -> String {
        match self {
            Target::Uri(u) => u.to_string(),
            Target::Clause(id) => format!("#{}", clause_anchor(id)),
            Target::Chapter(n) => format!("#sec-{n}"),
            Target::Annex(x) => format!("#annex-{}", x.to_lowercase()),
        }
    }
}

/// The anchor of a clause's heading, as every writer names it (clause ids are unique within a
/// pack).
pub fn clause_anchor(id: &str) -> String {
    format!("clause-{id}")
}

/// A piece of running text: plain, or a reference to link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'t> {
    Plain(&'t str),
    Reference { shown: &'t str, target: Target<'t> },
}

/// The anchors a pack has: every clause and every chapter, subsection and annex.
pub struct PackAnchors(HashSet<String>);

impl PackAnchors {
    pub fn of(pack: &TenderPack) -> PackAnchors {
        let mut all: HashSet<String> = pack.clauses.iter().map(|c| clause_anchor(&c.id)).collect();
        all.extend(pack.all_sections().iter().map(|s| s.anchor.clone()));
        PackAnchors(all)
    }

    /// A set of anchors by name (tests).
    #[cfg(test)]
    pub fn named(names: &[&str]) -> PackAnchors {
        PackAnchors(names.iter().map(|n| n.to_string()).collect())
    }

    /// `text` split into plain pieces and references: every web address, and every clause id,
    /// "chapter N" and "Annex X" whose target is in the pack. Empty plain pieces are left out.
    pub fn pieces<'t>(&self, text: &'t str) -> Vec<Piece<'t>> {
        let mut out = Vec::new();
        let (mut plain, mut at) = (0, 0);
        let mut prev = None;
        while at < text.len() {
            if let Some((len, target)) = reference_at(&text[at..], prev) {
                let here = match target {
                    Target::Uri(_) => true,
                    other => other
                        .address()
                        .strip_prefix('#')
                        .is_some_and(|a| self.0.contains(a)),
                };
                if here {
                    if plain < at {
                        out.push(Piece::Plain(&text[plain..at]));
                    }
                    let shown = &text[at..at + len];
                    out.push(Piece::Reference { shown, target });
                    at += len;
                    plain = at;
                    prev = shown.chars().next_back();
                    continue;
                }
            }
            let c = text[at..].chars().next().unwrap_or_default();
            prev = Some(c);
            at += c.len_utf8().max(1);
        }
        if plain < text.len() {
            out.push(Piece::Plain(&text[plain..]));
        }
        out
    }
}

/// The reference starting at the beginning of `text`, if any, with its length in bytes: a web
/// address, a clause id (two to five capitals, a hyphen, three digits), "chapter N" or
/// "Annex X". `prev` is the character before; a reference never starts inside a word.
pub fn reference_at(text: &str, prev: Option<char>) -> Option<(usize, Target<'_>)> {
    if prev.is_some_and(|p| p.is_alphanumeric() || p == '-') {
        return None;
    }
    if let Some(len) = url_end(text) {
        return Some((len, Target::Uri(&text[..len])));
    }
    let ends_word = |at: usize| {
        !text[at..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '-')
    };
    let b = text.as_bytes();
    let caps = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if (2..=5).contains(&caps)
        && b.get(caps) == Some(&b'-')
        && b.len() >= caps + 4
        && b[caps + 1..caps + 4].iter().all(u8::is_ascii_digit)
        && ends_word(caps + 4)
    {
        let len = caps + 4;
        return Some((len, Target::Clause(&text[..len])));
    }
    for (word, annex) in [("chapter ", false), ("Chapter ", false), ("Annex ", true)] {
        let Some(rest) = text.strip_prefix(word) else {
            continue;
        };
        let n = if annex {
            rest.chars()
                .next()
                .filter(char::is_ascii_uppercase)
                .map_or(0, |_| 1)
        } else {
            rest.bytes().take_while(u8::is_ascii_digit).count().min(2)
        };
        let len = word.len() + n;
        if n > 0 && ends_word(len) {
            let what = &text[word.len()..len];
            return Some((
                len,
                if annex {
                    Target::Annex(what)
                } else {
                    Target::Chapter(what)
                },
            ));
        }
    }
    None
}

/// Where a web address starting at the beginning of `text` ends (in bytes), or `None` if
/// `text` does not start with one. Trailing punctuation (a full stop, comma, closing bracket
/// without an opening one) is not part of the address.
pub fn url_end(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let mut end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(text.len());
    loop {
        let url = &text[..end];
        let last = url.chars().next_back()?;
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '\u{2019}') || unbalanced {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (end > text.find("://")? + 3).then_some(end)
}
