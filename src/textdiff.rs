//! Word-by-word comparison of two texts, shared by the library change report (tracked changes)
//! and the response assessment (what a supplier changed in a requirement).

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// A run of words that is unchanged, removed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Segment {
    Equal(String),
    Delete(String),
    Insert(String),
}

/// The word-level difference from `old` to `new`. A change that spans several words separated
/// only by spaces comes out as one deletion and one insertion, so that a reviewer sees
/// "~~within 14~~ within 30" rather than a change per word and space.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_words(old, new);
    let changes: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .map(|c| (c.tag(), c.value()))
        .collect();
    let mut out: Vec<Segment> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<Segment>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push(Segment::Delete(std::mem::take(del)));
        }
        if !ins.is_empty() {
            out.push(Segment::Insert(std::mem::take(ins)));
        }
    };
    for (i, (tag, text)) in changes.iter().enumerate() {
        match tag {
            ChangeTag::Delete => del.push_str(text),
            ChangeTag::Insert => ins.push_str(text),
            ChangeTag::Equal => {
                let pending = !del.is_empty() || !ins.is_empty();
                let change_follows = changes
                    .get(i + 1)
                    .is_some_and(|(t, _)| *t != ChangeTag::Equal);
                if pending && change_follows && text.trim().is_empty() {
                    del.push_str(text);
                    ins.push_str(text);
                    continue;
                }
                flush(&mut out, &mut del, &mut ins);
                match out.last_mut() {
                    Some(Segment::Equal(s)) => s.push_str(text),
                    _ => out.push(Segment::Equal(text.to_string())),
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// How alike two texts are, from 0 (nothing shared) to 1 (the same words): the share of words
/// the two have in common, in order. Spacing and line breaks do not count.
pub fn similarity(old: &str, new: &str) -> f32 {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_slices(&a, &b)
        .ratio()
}

/// A short account of what changed, for one-line messages: "`14` → `30`; added `and tested`".
pub fn summarise(old: &str, new: &str, max: usize) -> String {
    let segments = word_diff(old, new);
    let mut parts = Vec::new();
    let mut i = 0;
    let clip = |s: &str| {
        let s = s.trim();
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(39).collect::<String>())
        } else {
            s.to_string()
        }
    };
    while i < segments.len() {
        match (&segments[i], segments.get(i + 1)) {
            (Segment::Delete(d), Some(Segment::Insert(n))) => {
                parts.push(format!("`{}` → `{}`", clip(d), clip(n)));
                i += 2;
                continue;
            }
            (Segment::Delete(d), _) => parts.push(format!("removed `{}`", clip(d))),
            (Segment::Insert(n), _) => parts.push(format!("added `{}`", clip(n))),
            (Segment::Equal(_), _) => {}
        }
        i += 1;
    }
    let more = parts.len().saturating_sub(max);
    parts.truncate(max);
    let mut s = parts.join("; ");
    if more > 0 {
        s.push_str(&format!(
            "; and {more} more change{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s {
                Segment::Equal(t) => t.clone(),
                Segment::Delete(t) => format!("[-{t}-]"),
                Segment::Insert(t) => format!("{{+{t}+}}"),
            })
            .collect()
    }

    #[test]
    fn changed_words_are_marked() {
        let d = word_diff(
            "patch within 14 days of release",
            "patch within 30 days of release",
        );
        assert_eq!(render(&d), "patch within [-14-]{+30+} days of release");
    }

    #[test]
    fn adjacent_changes_merge_into_one_pair() {
        let d = word_diff(
            "The Supplier MUST do this now",
            "The Supplier SHOULD do that now",
        );
        assert_eq!(
            render(&d),
            "The Supplier [-MUST-]{+SHOULD+} do [-this-]{+that+} now"
        );
        let d = word_diff("keep a b c end", "keep x y z end");
        assert_eq!(render(&d), "keep [-a b c-]{+x y z+} end");
    }

    #[test]
    fn both_sides_rebuild_the_texts() {
        let (old, new) = ("a b c d e f", "a x c y e f z");
        let d = word_diff(old, new);
        let back_old: String = d
            .iter()
            .filter_map(|s| match s {
                Segment::Equal(t) | Segment::Delete(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let back_new: String = d
            .iter()
            .filter_map(|s| match s {
                Segment::Equal(t) | Segment::Insert(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(back_old, old);
        assert_eq!(back_new, new);
    }

    #[test]
    fn similarity_counts_words_not_spaces() {
        assert_eq!(similarity("a  b\nc", "a b c"), 1.0);
        assert!(
            similarity(
                "The Supplier MUST patch devices",
                "The Supplier MUST test the platform yearly"
            ) < 0.6
        );
    }

    #[test]
    fn summary_names_the_changes() {
        assert_eq!(
            summarise("within 14 days", "within 30 days", 3),
            "`14` → `30`"
        );
    }
}
