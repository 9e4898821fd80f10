//! References in running text that a writer turns into links: web addresses, clause ids
//! (`DES-004`), "chapter N" and "Annex X". Shared by the PDF writer (link annotations) and the
//! HTML writer (anchors), so both find the same references and point them at the same anchors.

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
            Target::Clause(id) => format!("#clause-{id}"),
            Target::Chapter(n) => format!("#sec-{n}"),
            Target::Annex(x) => format!("#annex-{}", x.to_lowercase()),
        }
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
