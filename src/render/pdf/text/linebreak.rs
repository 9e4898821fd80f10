//! Greedy line breaking from real glyph advances (with kerning), ragged right, the way typst
//! sets unjustified text.
//!
//! Text is cut into atoms: words (no break inside), spaces (a break opportunity) and forced
//! line breaks. Inside words, a break is allowed after a hyphen between letters, after a slash
//! (long paths and URLs), after an en or em dash, at a soft hyphen (which then shows a hyphen)
//! and at a zero-width space. A word wider than the whole line is cut between characters, so
//! no line is ever wider than the box — the one exception is a single character wider than
//! the box, which callers prevent by never making boxes that narrow.

use super::super::fonts::FontSet;
use super::{Run, TextStyle};
use crate::render::references::{reference_at, Target};

/// A piece of a line in one style, with its measured width in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub style: TextStyle,
    pub text: String,
    pub width: f32,
    /// Where this text links to: a web address, or `#anchor` inside the document (see
    /// [`reference_at`]).
    pub link: Option<String>,
}

/// One line of set text. `width` is the sum of its segments' widths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextLine {
    pub segments: Vec<Segment>,
    pub width: f32,
    /// The line starts after a forced line break (a new paragraph inside a table cell).
    pub after_newline: bool,
}

impl TextLine {
    /// The line's characters without styling.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Space,
    Newline,
}

/// What may happen after an atom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// No break (the next atom continues the word, e.g. a style change mid-word).
    None,
    /// A break, with nothing added.
    Plain,
    /// A break that shows a hyphen (soft hyphen).
    Hyphen,
}

/// A word, space or line break; words borrow their text from the run, so cutting text into
/// atoms allocates nothing.
#[derive(Debug, Clone, Copy)]
struct Atom<'t> {
    kind: Kind,
    style: TextStyle,
    text: &'t str,
    brk: Break,
    /// The atom's own width in points (kerning inside it, none before it), set by [`measure`].
    width: f32,
    /// What this atom links to, when it is (part of) a reference.
    link: Option<Target<'t>>,
}

impl<'t> Atom<'t> {
    fn new(kind: Kind, style: TextStyle, text: &'t str, brk: Break) -> Atom<'t> {
        Atom {
            kind,
            style,
            text,
            brk,
            width: 0.0,
            link: None,
        }
    }
}

fn breaks_after(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let next_is_text = next.is_some_and(|n| !n.is_whitespace());
    match (c, prev, next) {
        // Between letters of ordinary words ("go-live", "non-updatable"), never inside an
        // identifier such as DES-004 or ISO-27001.
        ('-', Some(p), Some(n)) => {
            p.is_alphabetic() && n.is_alphabetic() && (p.is_lowercase() || n.is_lowercase())
        }
        // Inside paths and URLs, but not inside "//".
        ('/', Some(p), Some(n)) => !p.is_whitespace() && p != '/' && next_is_text && n != '/',
        _ => match c {
            '\u{2013}' | '\u{2014}' => next_is_text,
            _ => false,
        },
    }
}

fn is_space(c: char) -> bool {
    c == ' '
        || c == '\t'
        || (c.is_whitespace() && !matches!(c, '\n' | '\u{a0}' | '\u{202f}' | '\u{2007}'))
}

/// Ends the word being read (`start..end` of `text`) as an atom with break `brk` after it.
fn flush<'t>(
    atoms: &mut Vec<Atom<'t>>,
    text: &'t str,
    style: TextStyle,
    word: &mut (usize, usize),
    brk: Break,
) {
    let (start, end) = *word;
    if start < end {
        atoms.push(Atom::new(Kind::Word, style, &text[start..end], brk));
    } else if brk != Break::None {
        // A break opportunity right after a previous atom of this word.
        if let Some(last) = atoms.last_mut().filter(|a| a.kind == Kind::Word) {
            last.brk = brk;
        }
    }
    *word = (end, end);
}

fn tokenize(runs: &[Run]) -> Vec<Atom<'_>> {
    let mut atoms: Vec<Atom> = Vec::with_capacity(runs.iter().map(|r| r.text.len() / 4).sum());
    for run in runs {
        let (text, style) = (run.text.as_str(), run.style);
        // The word being read, as a byte range of `text`.
        let mut word = (0, 0);
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let after = at + c.len_utf8();
            // A reference (web address, clause id, "chapter 3", "Annex A") is one atom that
            // never breaks. The line may break before a web address (it is long); one too
            // wide for any line is shortened (see [`measure`]), so a link is never cut in two.
            if c.is_ascii_alphabetic() {
                if let Some((len, target)) = reference_at(&text[at..], prev) {
                    let brk = if matches!(target, Target::Uri(_)) {
                        Break::Plain
                    } else {
                        Break::None
                    };
                    flush(&mut atoms, text, style, &mut word, brk);
                    let mut atom = Atom::new(Kind::Word, style, &text[at..at + len], Break::None);
                    atom.link = Some(target);
                    atoms.push(atom);
                    while chars.peek().is_some_and(|&(i, _)| i < at + len) {
                        chars.next();
                    }
                    word = (at + len, at + len);
                    prev = text[..at + len].chars().next_back();
                    continue;
                }
            }
            match c {
                // Dropped; the word goes on in the next atom (no break between them).
                '\r' => flush(&mut atoms, text, style, &mut word, Break::None),
                '\n' => {
                    flush(&mut atoms, text, style, &mut word, Break::None);
                    atoms.push(Atom::new(Kind::Newline, style, "", Break::Plain));
                }
                '\u{ad}' => flush(&mut atoms, text, style, &mut word, Break::Hyphen),
                '\u{200b}' => flush(&mut atoms, text, style, &mut word, Break::Plain),
                c if is_space(c) => {
                    flush(&mut atoms, text, style, &mut word, Break::None);
                    if !atoms.last().is_some_and(|a| a.kind == Kind::Space) {
                        atoms.push(Atom::new(Kind::Space, style, " ", Break::Plain));
                    }
                }
                c => {
                    word.1 = after;
                    if breaks_after(c, prev, chars.peek().map(|&(_, n)| n)) {
                        flush(&mut atoms, text, style, &mut word, Break::Plain);
                    }
                }
            }
            if word.0 == word.1 {
                word = (after, after);
            }
            prev = Some(c);
        }
        flush(&mut atoms, text, style, &mut word, Break::None);
    }
    atoms
}

/// Shown at the end of a shortened link.
const ELLIPSIS: &str = "\u{2026}";

/// Slack for float rounding when comparing widths: a box sized exactly to its text must not
/// cut that text because `(a + b) - b` came out one ulp short of `a`.
pub const WIDTH_EPSILON: f32 = 0.001;

/// Measures every atom, cutting each word wider than `max` into pieces that each fit.
fn measure<'t>(fonts: &FontSet, atoms: Vec<Atom<'t>>, max: f32) -> Vec<Atom<'t>> {
    let mut out = Vec::with_capacity(atoms.len());
    for mut a in atoms {
        a.width = fonts.width(a.style.face, a.style.size, a.text);
        if a.kind != Kind::Word || a.width <= max {
            out.push(a);
            continue;
        }
        let (face, size) = (a.style.face, a.style.size);
        if a.link.is_some() {
            // A link wider than the line: shown shortened with an ellipsis, linked in full.
            let ellipsis = fonts.width(face, size, ELLIPSIS);
            let end = fonts.cut_before(face, size, a.text, ELLIPSIS, max);
            let mut shown = Atom::new(Kind::Word, a.style, &a.text[..end], Break::None);
            shown.width = fonts.width(face, size, shown.text);
            shown.link = a.link;
            let mut dots = Atom::new(Kind::Word, a.style, ELLIPSIS, a.brk);
            dots.width = ellipsis;
            dots.link = a.link;
            out.push(shown);
            out.push(dots);
            continue;
        }
        let mut start = 0;
        let mut width = 0.0;
        let mut prev = None;
        for (at, c) in a.text.char_indices() {
            let added = fonts.width_after(face, size, prev, c.encode_utf8(&mut [0; 4]));
            if at > start && width + added > max {
                let mut cut = Atom::new(Kind::Word, a.style, &a.text[start..at], Break::Plain);
                cut.width = width;
                out.push(cut);
                start = at;
                width = fonts.width(face, size, c.encode_utf8(&mut [0; 4]));
            } else {
                width += added;
            }
            prev = Some(c);
        }
        let mut last = Atom::new(Kind::Word, a.style, &a.text[start..], a.brk);
        last.width = width;
        out.push(last);
    }
    out
}

/// A line being filled; `width` counts trailing spaces, `content_width` does not.
struct LineBuilder<'f> {
    fonts: &'f FontSet,
    segments: Vec<Segment>,
    width: f32,
    content_width: f32,
    has_word: bool,
}

#[derive(Clone, Copy)]
struct Snapshot {
    segments: usize,
    last_len: usize,
    last_width: f32,
    width: f32,
    content_width: f32,
}

impl<'f> LineBuilder<'f> {
    fn new(fonts: &'f FontSet) -> LineBuilder<'f> {
        LineBuilder {
            fonts,
            segments: Vec::new(),
            width: 0.0,
            content_width: 0.0,
            has_word: false,
        }
    }

    /// The last character of the line, if it is in `style` (so the next one kerns against it).
    fn last_char_in(&self, style: TextStyle) -> Option<char> {
        self.segments
            .last()
            .filter(|s| s.style == style && s.link.is_none())
            .and_then(|s| s.text.chars().next_back())
    }

    /// The width `atom` adds when appended: its own width, plus the kerning against the
    /// previous character when it continues the same segment.
    fn delta(&self, atom: &Atom) -> f32 {
        let kern = match (self.last_char_in(atom.style), atom.text.chars().next()) {
            (Some(l), Some(r)) => {
                self.fonts.face(atom.style.face).kern_milli(l, r) * atom.style.size / 1000.0
            }
            _ => 0.0,
        };
        atom.width + kern
    }

    fn push(&mut self, atom: &Atom, delta: f32) {
        let link = atom.link.map(Target::address);
        match self.segments.last_mut() {
            Some(s) if s.style == atom.style && s.link == link => {
                s.text.push_str(atom.text);
                s.width += delta;
            }
            _ => self.segments.push(Segment {
                style: atom.style,
                text: atom.text.to_string(),
                width: delta,
                link,
            }),
        }
        self.width += delta;
        if atom.kind == Kind::Word {
            self.content_width = self.width;
            self.has_word = true;
        }
    }

    fn hyphen_delta(&self) -> f32 {
        self.segments.last().map_or(0.0, |s| {
            let prev = self.last_char_in(s.style);
            self.fonts
                .width_after(s.style.face, s.style.size, prev, "-")
        })
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            segments: self.segments.len(),
            last_len: self.segments.last().map_or(0, |s| s.text.len()),
            last_width: self.segments.last().map_or(0.0, |s| s.width),
            width: self.width,
            content_width: self.content_width,
        }
    }

    fn rollback(&mut self, s: Snapshot) {
        self.segments.truncate(s.segments);
        if let Some(last) = self.segments.last_mut() {
            last.text.truncate(s.last_len);
            last.width = s.last_width;
        }
        self.width = s.width;
        self.content_width = s.content_width;
    }

    /// The finished line: trailing spaces dropped, a hyphen added if the break asks for one,
    /// and every segment measured afresh so the width is exactly what will be drawn.
    fn finish(mut self, hyphen: bool, after_newline: bool) -> TextLine {
        while let Some(last) = self.segments.last_mut() {
            let trimmed = last.text.trim_end_matches(' ').len();
            last.text.truncate(trimmed);
            if last.text.is_empty() {
                self.segments.pop();
            } else {
                break;
            }
        }
        if hyphen {
            if let Some(last) = self.segments.last_mut() {
                last.text.push('-');
            }
        }
        let mut width = 0.0;
        for s in &mut self.segments {
            s.width = self.fonts.width(s.style.face, s.style.size, &s.text);
            width += s.width;
        }
        TextLine {
            segments: self.segments,
            width,
            after_newline,
        }
    }
}

/// Breaks `runs` into lines no wider than `max_width` points (see the module documentation for
/// where breaks may fall). Empty or all-space input gives no lines; two consecutive newlines
/// give an empty line between.
pub fn break_lines(fonts: &FontSet, runs: &[Run], max_width: f32) -> Vec<TextLine> {
    let max_width = max_width + WIDTH_EPSILON;
    let atoms = measure(fonts, tokenize(runs), max_width);
    let n = atoms.len();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < n {
        while i < n && atoms[i].kind == Kind::Space {
            i += 1;
        }
        if i >= n {
            break;
        }
        if atoms[i].kind == Kind::Newline {
            if i > 0
                && atoms[..i]
                    .iter()
                    .rev()
                    .find(|a| a.kind != Kind::Space)
                    .is_some_and(|a| a.kind == Kind::Newline)
            {
                lines.push(TextLine {
                    after_newline: true,
                    ..TextLine::default()
                });
            }
            i += 1;
            continue;
        }
        let after_newline = atoms[..i]
            .iter()
            .rev()
            .find(|a| a.kind != Kind::Space)
            .is_some_and(|a| a.kind == Kind::Newline);
        let mut b = LineBuilder::new(fonts);
        // The last place this line may end: (index the next line starts at, state, break kind).
        let mut best: Option<(usize, Snapshot, Break)> = None;
        let mut end: Option<(usize, Option<Snapshot>, Break)> = None;
        let mut j = i;
        while j < n {
            let a = &atoms[j];
            match a.kind {
                Kind::Newline => {
                    end = Some((j, None, Break::Plain));
                    break;
                }
                Kind::Space => {
                    if b.has_word {
                        best = Some((j, b.snapshot(), Break::Plain));
                    }
                    let d = b.delta(a);
                    b.push(a, d);
                }
                Kind::Word => {
                    let d = b.delta(a);
                    if b.has_word && b.width + d > max_width {
                        end = Some(match best {
                            Some((next, snap, brk)) => (next, Some(snap), brk),
                            // No break opportunity on this line: break before this atom.
                            None => (j, None, Break::Plain),
                        });
                        break;
                    }
                    b.push(a, d);
                    if a.brk != Break::None {
                        let extra = if a.brk == Break::Hyphen {
                            b.hyphen_delta()
                        } else {
                            0.0
                        };
                        if b.content_width + extra <= max_width {
                            best = Some((j + 1, b.snapshot(), a.brk));
                        }
                    }
                }
            }
            j += 1;
        }
        match end {
            None => {
                lines.push(b.finish(false, after_newline));
                i = n;
            }
            Some((next, snap, brk)) => {
                if let Some(s) = snap {
                    b.rollback(s);
                }
                lines.push(b.finish(brk == Break::Hyphen, after_newline));
                i = next;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::super::fonts::Face;
    use super::super::super::style::INK;
    use super::*;
    use crate::render::references::url_end;

    fn style() -> TextStyle {
        TextStyle {
            face: Face::Regular,
            size: 10.0,
            color: INK,
        }
    }

    fn texts(runs: &[Run], width: f32) -> Vec<String> {
        break_lines(FontSet::shipped(), runs, width)
            .iter()
            .map(TextLine::text)
            .collect()
    }

    #[test]
    fn words_wrap_at_spaces() {
        let lines = texts(&[Run::new("alpha beta gamma delta", style())], 60.0);
        assert_eq!(lines, ["alpha beta", "gamma delta"]);
    }

    #[test]
    fn a_url_too_long_for_the_line_is_shortened_but_linked_in_full() {
        let url = "https://www.ncsc.gov.uk/collection/connected-places-security-principles";
        let lines = break_lines(FontSet::shipped(), &[Run::new(url, style())], 150.0);
        assert_eq!(lines.len(), 1, "{lines:?}");
        let shown = lines[0].text();
        assert!(lines[0].width <= 150.0 + WIDTH_EPSILON, "{lines:?}");
        let cut = shown
            .strip_suffix('\u{2026}')
            .expect("ends with an ellipsis");
        assert!(url.starts_with(cut) && cut.len() > 10, "{shown}");
        assert!(lines[0]
            .segments
            .iter()
            .all(|s| s.link.as_deref() == Some(url)));
    }

    #[test]
    fn the_line_breaks_before_a_url_rather_than_inside_it() {
        let url = "https://www.gov.uk/government/publications/ppn-014";
        let text = format!("Procurement Policy Note 014, ({url}), not verified");
        let lines = break_lines(FontSet::shipped(), &[Run::new(text, style())], 300.0);
        let linked: Vec<&Segment> = lines
            .iter()
            .flat_map(|l| &l.segments)
            .filter(|s| s.link.is_some())
            .collect();
        assert_eq!(linked.len(), 1, "{lines:?}");
        assert_eq!(linked[0].text, url);
        assert_eq!(linked[0].link.as_deref(), Some(url));
    }

    #[test]
    fn references_are_found_only_at_the_start_of_a_word() {
        assert_eq!(
            reference_at("DES-004 v1]", Some('[')),
            Some((7, Target::Clause("DES-004")))
        );
        assert_eq!(reference_at("DES-004", Some('X')), None);
        assert_eq!(reference_at("DES-0045", None), None);
        assert_eq!(reference_at("DESIGNS-004", None), None);
        assert_eq!(
            reference_at("chapter 3)", Some('(')),
            Some((9, Target::Chapter("3")))
        );
        assert_eq!(
            reference_at("Annex A: x", None),
            Some((7, Target::Annex("A")))
        );
        assert_eq!(reference_at("Annex Alpha", None), None);
        assert_eq!(Target::Annex("B").address(), "#annex-b");
        assert_eq!(Target::Clause("DES-004").address(), "#clause-DES-004");
    }

    #[test]
    fn url_end_leaves_out_trailing_punctuation() {
        assert_eq!(url_end("https://a.example/x."), Some(19));
        assert_eq!(url_end("https://a.example/x), and"), Some(19));
        assert_eq!(url_end("https://a.example/(x) y"), Some(21));
        assert_eq!(url_end("https://"), None);
        assert_eq!(url_end("see https://a.example"), None);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let word = "x".repeat(200);
        let lines = break_lines(
            FontSet::shipped(),
            &[Run::new(word.clone(), style())],
            100.0,
        );
        assert!(lines.iter().all(|l| l.width <= 100.0));
        assert_eq!(lines.iter().map(TextLine::text).collect::<String>(), word);
    }

    #[test]
    fn soft_hyphen_shows_a_hyphen_only_when_broken() {
        let run = Run::new("Procure\u{ad}ment", style());
        assert_eq!(texts(std::slice::from_ref(&run), 500.0), ["Procurement"]);
        assert_eq!(texts(&[run], 45.0), ["Procure-", "ment"]);
    }

    #[test]
    fn newlines_force_breaks() {
        assert_eq!(
            texts(&[Run::new("one\ntwo\n\nthree", style())], 500.0),
            ["one", "two", "", "three"]
        );
    }

    #[test]
    fn style_changes_inside_a_word_do_not_break_it() {
        let bold = TextStyle {
            face: Face::Bold,
            ..style()
        };
        let lines = texts(
            &[
                Run::new("aaa MUST", style()),
                Run::new("NOT", bold),
                Run::new(" b", style()),
            ],
            60.0,
        );
        assert_eq!(lines, ["aaa", "MUSTNOT b"]);
    }
}
