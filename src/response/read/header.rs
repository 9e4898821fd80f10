//! The header row of a response matrix: where each matrix column is, whatever the file type.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::pack::matrix::MatrixColumn;

use super::{at, column_letters, ABSENT_COLUMN};

/// What a response matrix starts with, for messages about a missing or wrong header.
pub(super) fn header_help() -> String {
    format!(
        "a response matrix starts with the header row: {}",
        all_titles()
    )
}

/// The matrix column titles, in order, for messages.
fn all_titles() -> String {
    MatrixColumn::ALL.map(MatrixColumn::title).join(", ")
}

/// Finds each matrix column in a header row, by its title or a former title. Extra columns are
/// allowed (with a warning); an optional column that is missing maps to `ABSENT_COLUMN`.
pub(super) fn map_header(
    path: &str,
    row: usize,
    header: &[(usize, String)],
    warnings: &mut Vec<Diagnostic>,
    xlsx: bool,
) -> Result<Vec<usize>, Diagnostics> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let names =
        |c: MatrixColumn| std::iter::once(c.title()).chain(c.former_titles().iter().copied());
    let is_column = |c: MatrixColumn, h: &str| names(c).any(|t| norm(t) == norm(h));
    let is_title = |h: &str| MatrixColumn::ALL.into_iter().any(|c| is_column(c, h));
    if !header.iter().any(|(_, h)| is_title(h)) {
        let first: Vec<&str> = header
            .iter()
            .map(|(_, h)| h.trim())
            .filter(|h| !h.is_empty())
            .take(3)
            .collect();
        return Err(at(
            path,
            row,
            None,
            "this row should be the matrix header, but none of its cells is a column title",
        )
        .note(format!("it reads: `{}`", first.join("`, `")))
        .help(header_help())
        .into());
    }
    // Near misses are looked for only among the cells that are not already a column title.
    let strays: Vec<&str> = header
        .iter()
        .map(|(_, h)| h.as_str())
        .filter(|h| !is_title(h))
        .collect();
    let mut columns = Vec::new();
    let mut diags = Diagnostics::default();
    let mut missing: Vec<(&str, Option<&str>)> = Vec::new();
    for column in MatrixColumn::ALL {
        let title = column.title();
        let found: Vec<usize> = header
            .iter()
            .filter(|(_, h)| is_column(column, h))
            .map(|(i, _)| *i)
            .collect();
        match found.as_slice() {
            [one] => columns.push(*one),
            [] if !column.is_required() => columns.push(ABSENT_COLUMN),
            [] => missing.push((title, did_you_mean(title, strays.iter().copied()))),
            [first, second, ..] => {
                let place = |i: usize| {
                    if xlsx {
                        column_letters(i)
                    } else {
                        (i + 1).to_string()
                    }
                };
                diags.push(
                    at(
                        path,
                        row,
                        Some(title),
                        format!(
                            "appears twice in the header (columns {} and {})",
                            place(*first),
                            place(*second)
                        ),
                    )
                    .help("keep one column of each title, as issued"),
                );
            }
        }
    }
    if !missing.is_empty() {
        let titles: Vec<String> = missing.iter().map(|(t, _)| format!("`{t}`")).collect();
        let mut d = at(
            path,
            row,
            None,
            format!(
                "the header has no {} column{}",
                titles.join(", "),
                if titles.len() == 1 { "" } else { "s" }
            ),
        );
        for (title, near) in &missing {
            if let Some(n) = near {
                d = d.note(format!("`{n}` looks like `{title}`"));
            }
        }
        diags.push(d.help(format!(
            "the header must use the column titles as issued: {}",
            all_titles()
        )));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let extra: Vec<&str> = header
        .iter()
        .filter(|(i, h)| !h.trim().is_empty() && !columns.contains(i))
        .map(|(_, h)| h.as_str())
        .collect();
    if !extra.is_empty() {
        warnings.push(
            Diagnostic::warning(format!(
                "extra column{} ignored: {}",
                if extra.len() == 1 { "" } else { "s" },
                extra.join(", ")
            ))
            .in_file(format!("{path}:{row}")),
        );
    }
    Ok(columns)
}
