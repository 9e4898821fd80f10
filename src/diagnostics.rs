//! Problems found in a user's input, and how they are shown to a person.
//!
//! Every message names the file, line and column and says what is allowed. Diagnostics are values:
//! loaders collect them, commands decide the exit status, and only `render` turns them into text.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// One input file held in memory so that messages can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user would recognise it (relative where possible).
    pub path: String,
    pub text: String,
    /// Byte offset of each line's start, built on the first lookup.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset. A binary search, so that
    /// thousands of messages about a 20 MB file cost no more than one.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|s| *s <= offset);
        let col = self.text[starts[line - 1]..offset].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Where in which file a problem is.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: std::sync::Arc<SourceFile>,
    pub span: Range<usize>,
    pub label: String,
}

/// A problem with the user's input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where it is; `None` for problems with no position (a missing file).
    pub location: Option<Location>,
    /// Path named when there is no location to quote.
    pub path: Option<String>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// Short rule name for lint findings (`vague-word`), shown in brackets.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            path: None,
            notes: Vec::new(),
            help: None,
            code: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(
        mut self,
        file: &std::sync::Arc<SourceFile>,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        let len = file.text.len();
        let start = floor_char_boundary(&file.text, span.start.min(len));
        let end = floor_char_boundary(&file.text, span.end.min(len)).max(start);
        self.location = Some(Location {
            file: file.clone(),
            span: start..end,
            label: label.into(),
        });
        self
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().display().to_string());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" for a near miss among `allowed`, or else `otherwise`.
    pub fn suggest_or<'a>(
        self,
        given: &str,
        allowed: impl IntoIterator<Item = &'a str>,
        otherwise: impl Into<String>,
    ) -> Self {
        match did_you_mean(given, allowed) {
            Some(close) => self.help(format!("did you mean `{close}`?")),
            None => self.help(otherwise),
        }
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` of the problem, when it has one.
    pub fn position(&self) -> Option<String> {
        match (&self.location, &self.path) {
            (Some(loc), _) => {
                let (line, col) = loc.file.line_col(loc.span.start);
                Some(format!("{}:{}:{}", loc.file.path, line, col))
            }
            (None, Some(path)) => Some(path.clone()),
            _ => None,
        }
    }

    /// Renders in the style of rustc and cargo; `color` for a terminal.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = match self.code {
            Some(code) => format!("{} [{code}]", self.message),
            None => self.message.clone(),
        };
        let title = shorten_quoted(&title);
        let mut group = Group::with_title(level.primary_title(title));
        if let Some(loc) = &self.location {
            let (first_line, source, span) = excerpt(&loc.file, loc.span.clone());
            group = group.element(
                Snippet::source(source)
                    .line_start(first_line)
                    .path(loc.file.path.as_str())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(span).label(loc.label.as_str())),
            );
        } else if let Some(path) = &self.path {
            group = group.element(annotate_snippets::Origin::path(path.as_str()));
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(shorten_quoted(note)));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(shorten_quoted(help)));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

/// Longest quoted value (`…` or "…") a message repeats in full, in characters.
const QUOTED_MAX: usize = 60;
/// Longest source line a snippet shows in full, in bytes.
const LINE_MAX: usize = 2000;

/// Shortens each overlong `quoted` or "quoted" value in a message, so that a 20 MB value in the
/// input gives a one-line message rather than a 20 MB one.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * QUOTED_MAX));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('`');
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            rest = after;
            break;
        };
        let inner = &after[..close];
        match inner.char_indices().nth(QUOTED_MAX) {
            Some(_) => {
                let cut = inner
                    .char_indices()
                    .nth(QUOTED_MAX - 20)
                    .map_or(0, |(i, _)| i);
                out.push_str(&inner[..cut]);
                out.push('…');
            }
            None => out.push_str(inner),
        }
        out.push(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The lines a span touches, with the number of the first and the span within them: what the
/// snippet shows (it folds every other line away), so rendering costs the size of those lines
/// and not of the file. A very long line is cut a little after the start of the span.
fn excerpt(file: &SourceFile, span: Range<usize>) -> (usize, String, Range<usize>) {
    let text = file.text.as_str();
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    if end > span.end && text.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    let mut span_end = span.end;
    let mut cut = false;
    if end - start > LINE_MAX {
        span_end = floor_char_boundary(text, span_end.min(span.start + LINE_MAX / 10));
        let shown_end = floor_char_boundary(text, (span_end + LINE_MAX / 10).min(end));
        cut = shown_end < end;
        end = shown_end;
    }
    let (first_line, _) = file.line_col(start);
    let mut source = text[start..end].to_string();
    if cut {
        source.push_str(" …");
    }
    (first_line, source, span.start - start..span_end - start)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// A set of diagnostics: what loaders return when input is bad.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// `Err(self)` when any diagnostic is an error, so `?` stops the pipeline.
    pub fn into_result(self) -> Result<Vec<Diagnostic>, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self.0)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// A file that is not UTF-8, located to the line and column of the first bad byte.
pub fn not_utf8(path: impl AsRef<Path>, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let before = &bytes[..valid_up_to];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Diagnostic::error(format!(
        "the file is not valid UTF-8 (byte 0x{:02x})",
        bytes[valid_up_to]
    ))
    .in_file(format!("{}:{line}:{col}", path.as_ref().display()))
    .help("save the file as UTF-8")
}

/// The closest allowed value to a near miss, for "did you mean".
pub fn did_you_mean<'a>(
    given: &str,
    allowed: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    let given_len = given_lower.chars().count();
    allowed
        .into_iter()
        // No allowed value is within three edits of a value whose length differs by more, and
        // skipping them keeps a 20 MB value from costing a 20 MB edit-distance table.
        .filter(|a| a.chars().count().abs_diff(given_len) <= 3)
        .map(|a| (edit_distance(&given_lower, &a.to_lowercase()), a))
        .filter(|(d, a)| *d <= (a.chars().count() / 3).clamp(1, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Edit distance over characters, counting a swap of neighbours as one edit (optimal string
/// alignment), so `pfd` is one step from `pdf`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Parses a TOML file into `T`; on failure, the diagnostic of `from_toml_error`, and where a
/// value of the wrong type stands for one of a fixed set of words, the words it may be.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &std::sync::Arc<SourceFile>,
) -> Result<T, Diagnostic> {
    toml::from_str::<T>(&file.text).map_err(|err| {
        let mut d = from_toml_error(file, &err);
        let wrong_type_for_word = err.message().starts_with("wanted string or table");
        if let Some(words) = err
            .span()
            .filter(|_| wrong_type_for_word)
            .and_then(|s| allowed_words::<T>(&file.text, s))
        {
            d.message = format!("wrong type: expected {words}, written as a quoted string");
        }
        d
    })
}

/// For toml's "wanted string or table" (a number or boolean where a word like `must` belongs),
/// parses the file again with an empty string in that place: serde then names the words allowed.
fn allowed_words<T: serde::de::DeserializeOwned>(text: &str, span: Range<usize>) -> Option<String> {
    let probe = format!("{}\"\"{}", text.get(..span.start)?, text.get(span.end..)?);
    let err = toml::from_str::<T>(&probe).err()?;
    if err.span()?.start != span.start {
        return None;
    }
    let message = err.message();
    let expected = message.strip_prefix("unknown variant ``, expected ")?;
    Some(first_line(expected).to_string())
}

/// Builds a diagnostic from a toml/serde error, in TOML's words rather than serde's, enriching
/// "unknown field" and "unknown variant" messages with a "did you mean".
pub fn from_toml_error(file: &std::sync::Arc<SourceFile>, err: &toml::de::Error) -> Diagnostic {
    let message = toml_words(&shorten_quoted(err.message().trim()));
    if message == "recursion limit" {
        if let Some((span, parts)) = overlong_key(&file.text) {
            return Diagnostic::error(format!(
                "this key has {parts} dotted parts; TOML is read at most {TOML_DEPTH} levels deep"
            ))
            .at(file, span, "too many levels")
            .help("a profile's keys are one or two levels deep, e.g. tender.title");
        }
    }
    let mut d = Diagnostic::error(first_line(&message).to_string());
    let span = err.span().unwrap_or(0..0);
    let label = if message.contains("unknown field") {
        "not a known key here"
    } else if message.contains("unknown variant") {
        "not an allowed value"
    } else if message.contains("missing field") {
        "in this table"
    } else if message.contains("invalid type") || message.starts_with("wanted string or table") {
        "wrong type"
    } else {
        "here"
    };
    d = d.at(file, span.clone(), label);
    let near_miss = message.starts_with("unknown field") || message.starts_with("unknown variant");
    if let Some((given, allowed)) = parse_expected(&message).filter(|_| near_miss) {
        let options: Vec<&str> = allowed.iter().map(String::as_str).collect();
        if let Some(close) = did_you_mean(&given, options.iter().copied()) {
            d = d.help(format!("did you mean `{close}`?"));
        }
    }
    for extra in message.lines().skip(1) {
        if !extra.trim().is_empty() {
            d = d.note(extra.trim().to_string());
        }
    }
    let written = file.text.get(span).unwrap_or("").trim();
    let header = |brackets: &str| {
        let close = if brackets == "[[" { "]]" } else { "]" };
        written.strip_prefix(brackets)?.strip_suffix(close)
    };
    if message.starts_with("invalid type: table, expected an array") {
        if let Some(name) = header("[").filter(|n| !n.starts_with('[')) {
            d = d.help(format!(
                "each entry is its own [[{name}]] table, with double brackets"
            ));
        }
    } else if message.starts_with("invalid type: table") {
        if let Some(name) = header("[[") {
            d.message = format!("`{name}` is a single table, not an array of tables");
            d = d.help(format!("write [{name}] with single brackets"));
        }
    } else if message.contains("expected a TOML datetime") {
        d = d.help("write dates without quotes, e.g. 2026-12-01");
    } else if message == "duplicate key" && !written.is_empty() {
        d.message = format!("duplicate key `{written}`");
        d = d.help("a key or [table] may appear only once");
    }
    d
}

/// How deep the toml parser nests tables and dotted keys before it stops with "recursion limit".
const TOML_DEPTH: usize = 80;

/// The first key (a `key.with.parts =` line or a `[table.header]`) with `TOML_DEPTH` parts or
/// more, and how many: toml's "recursion limit" error has no position, so it is found here.
fn overlong_key(text: &str) -> Option<(Range<usize>, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let key = match body.strip_prefix('[') {
            Some(header) => header.split(']').next().unwrap_or(""),
            None => body.split('=').next().unwrap_or(""),
        };
        let mut quoted = None;
        let mut parts = 1;
        for c in key.chars() {
            match (quoted, c) {
                (None, '"' | '\'') => quoted = Some(c),
                (Some(q), c) if c == q => quoted = None,
                (None, '.') => parts += 1,
                _ => {}
            }
        }
        if parts >= TOML_DEPTH {
            let at = offset + start;
            return Some((at..at + key.len().min(40), parts));
        }
        offset += line.len();
    }
    None
}

/// serde's names for TOML types in TOML's words: "expected struct RawTender" is "expected a
/// table", "a sequence" an array, "u32" (always last: "…, expected u32") a whole number.
fn toml_words(message: &str) -> String {
    let mut out = message
        .replace("invalid type: map", "invalid type: table")
        .replace("expected a map", "expected a table")
        .replace("invalid type: sequence", "invalid type: array")
        .replace("expected a sequence", "expected an array");
    for int in [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ] {
        if let Some(head) = out.strip_suffix(&format!("expected {int}")) {
            let sign = if int.starts_with('u') {
                " (0 or more)"
            } else {
                ""
            };
            out = format!("{head}expected a whole number{sign}");
            break;
        }
    }
    while let Some(at) = out.find("expected struct ") {
        let name_start = at + "expected struct ".len();
        let name_end = out[name_start..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(out.len(), |i| name_start + i);
        out.replace_range(at..name_end, "expected a table");
    }
    out
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// From "unknown field `authr`, expected one of `title`, `author`" get ("authr", [title, author]).
fn parse_expected(message: &str) -> Option<(String, Vec<String>)> {
    let first = first_line(message);
    let given = first.split('`').nth(1)?.to_string();
    let expected = first.split_once("expected")?.1;
    let allowed: Vec<String> = expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect();
    (!allowed.is_empty()).then_some((given, allowed))
}

/// "no such file" rather than "No such file or directory (os error 2)".
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(
            did_you_mean("technolgies", ["technologies", "hosting"]),
            Some("technologies")
        );
        assert_eq!(did_you_mean("cctvv", ["cctv", "anpr"]), Some("cctv"));
        assert_eq!(did_you_mean("zzzzzz", ["cctv", "anpr"]), None);
        assert_eq!(did_you_mean("pfd", ["docx", "pdf"]), Some("pdf"));
    }

    #[test]
    fn overlong_quoted_values_are_shortened() {
        let long = "x".repeat(10_000);
        let shown = shorten_quoted(&format!(
            "unknown variant `{long}`, expected `a` or \"{long}\""
        ));
        assert_eq!(
            shown,
            format!(
                "unknown variant `{x}…`, expected `a` or \"{x}…\"",
                x = "x".repeat(40)
            )
        );
        assert_eq!(shorten_quoted("a \"short\" one"), "a \"short\" one");
        assert_eq!(shorten_quoted("12\" screen"), "12\" screen");
    }

    #[test]
    fn a_snippet_shows_only_the_lines_of_its_span() {
        let text = format!("{}bad = 1\n{}", "# c\n".repeat(1000), "# d\n".repeat(1000));
        let at = text.find("bad").unwrap();
        let (line, source, span) = excerpt(&SourceFile::new("p.toml", text.clone()), at..at + 3);
        assert_eq!((line, source.as_str(), span), (1001, "bad = 1", 0..3));
        let long = format!("id = \"{}\"\n", "A".repeat(100_000));
        let (_, source, span) =
            excerpt(&SourceFile::new("p.toml", long.clone()), 5..long.len() - 1);
        assert!(
            source.len() < 500 && source.ends_with(" …"),
            "{}",
            source.len()
        );
        assert!(span.end <= source.len());
    }

    #[test]
    fn serde_type_names_are_said_in_toml_words() {
        assert_eq!(
            toml_words("invalid type: string \"x\", expected struct RawTender"),
            "invalid type: string \"x\", expected a table"
        );
        assert_eq!(
            toml_words("invalid type: map, expected a sequence"),
            "invalid type: table, expected an array"
        );
        assert_eq!(
            toml_words("invalid type: string \"1\", expected u32"),
            "invalid type: string \"1\", expected a whole number (0 or more)"
        );
        assert_eq!(toml_words("expected u32x"), "expected u32x");
    }

    #[test]
    fn line_and_column_are_one_based() {
        let f = SourceFile::new("p.toml", "a = 1\nbc = 2\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(7), (2, 2));
        assert_eq!(f.line_col(6), (2, 1));
        assert_eq!(f.line_col(5), (1, 6));
        assert_eq!(f.line_col(99), (3, 1));
    }
}
