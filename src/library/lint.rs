//! Drafting lint for legal review: the checks a careful reviewer would make of every clause,
//! each finding pointing at the file and line. Errors block a release; warnings ask a person to
//! look. Structural problems (dangling references, the id scheme) are `validate`'s job.

use std::collections::{BTreeMap, BTreeSet};

use super::validate::{contract_guidance_ids, CONTRACT_TECHNOLOGIES};
use super::{
    placeholders, render_verb, verb_disagreement, Clause, Library, Loc, Obligation, RiskLevel,
    Stage,
};
use crate::diagnostics::Diagnostic;
use crate::typography::{has_straight_quotes, smart_quotes};

/// Words that promise nothing testable unless the sentence pins them down.
const VAGUE: [&str; 16] = [
    "appropriate",
    "adequate",
    "adequately",
    "sufficient",
    "robust",
    "reasonable",
    "reasonably",
    "industry best practice",
    "best practice",
    "state of the art",
    "as required",
    "where necessary",
    "as necessary",
    "timely",
    "promptly",
    "where possible",
];

/// Phrases that make a vague word concrete in the same sentence.
const CONCRETE: [&str; 9] = [
    "as set out in",
    "defined in",
    "as specified",
    "agreed with the council",
    "agreed in writing",
    "listed in",
    "the council sets",
    "the council specifies",
    "approved by the council",
];

/// Named standards, schemes and products that need "or equivalent" (Procurement Act 2023 s.56).
const NAMED_STANDARDS: [&str; 22] = [
    "ISO/IEC ",
    "ISO ",
    "BS EN ",
    "BS ",
    "ETSI EN ",
    "EN 303",
    "IEC ",
    "NIST SP",
    "PCI DSS",
    "Cyber Essentials",
    "OCPP",
    "OWASP",
    "SOC 2",
    "DCB0",
    "OSDP",
    "LoRaWAN",
    "BPSS",
    "CSA STAR",
    "IEC 62443",
    "CAPS",
    "CHECK scheme",
    "CREST",
];

fn finding(
    severity_error: bool,
    loc: &Loc,
    message: String,
    label: &str,
    code: &'static str,
) -> Diagnostic {
    let d = if severity_error {
        Diagnostic::error(message)
    } else {
        Diagnostic::warning(message)
    };
    d.at(&loc.file, loc.span.clone(), label).code(code)
}

/// Narrows a location to the first occurrence of `needle` inside it (case-insensitive).
fn narrow(loc: &Loc, needle: &str) -> Loc {
    let slice = &loc.file.text[loc.span.clone()];
    match slice.to_lowercase().find(&needle.to_lowercase()) {
        Some(off) if slice.is_char_boundary(off) && slice.is_char_boundary(off + needle.len()) => {
            Loc {
                file: loc.file.clone(),
                span: loc.span.start + off..loc.span.start + off + needle.len(),
            }
        }
        _ => loc.clone(),
    }
}

/// Sentences of a text, split on ". " and line breaks.
fn sentences(text: &str) -> Vec<&str> {
    text.split(['\n'])
        .flat_map(|p| p.split(". "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn has_word(haystack_lower: &str, word: &str) -> bool {
    haystack_lower.match_indices(word).any(|(i, _)| {
        let before = haystack_lower[..i].chars().next_back();
        let after = haystack_lower[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// Every lint finding for the library, in file order.
pub fn lint_library(lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &lib.clauses {
        if let Some(locs) = &c.loc {
            lint_clause(c, &locs.text, &mut out);
        }
    }
    near_duplicates(lib, &mut out);
    unused_parameters(lib, &mut out);
    coverage(lib, &mut out);
    out
}

fn lint_clause(c: &Clause, text_loc: &Loc, out: &mut Vec<Diagnostic>) {
    let text = &c.text;
    let l = c.loc.as_ref().unwrap();
    let strongest = c.obligation.strongest();
    // The verb a bidder reads is derived from the category at each level the clause is used
    // at; the text must render as each of them.
    let mut seen = Vec::new();
    for level in RiskLevel::ALL {
        let Some(category) = c.category_at(level) else {
            continue;
        };
        if seen.contains(&category) {
            continue;
        }
        seen.push(category);
        let rendered = render_verb(text, category);
        if let Some(why) = verb_disagreement(&rendered, c.stage, category) {
            out.push(finding(
                true,
                text_loc,
                format!(
                    "clause `{}` cannot be rendered at {level} risk: {why}",
                    c.id
                ),
                "the verb is derived from the category",
                "verb-agreement",
            ));
        }
    }
    match c.stage {
        Stage::Award if strongest == Some(Obligation::Must) => {
            out.push(finding(true, &l.obligation, format!("award criterion `{}` is `must` at some level; award criteria are `should` (scored)", c.id), "here", "obligation-keyword"));
        }
        Stage::Participation if c.obligation.weakest() == Some(Obligation::Should) => {
            out.push(finding(true, &l.obligation, format!("condition of participation `{}` is `should` at some level; conditions are tender gates", c.id), "leave the level out instead", "obligation-keyword"));
        }
        _ => {}
    }
    for word in ["must", "should", "shall"] {
        // Case-sensitive on purpose: MUST and SHOULD in capitals are the normative forms.
        if has_word(text, word) {
            let msg = if word == "shall" {
                format!(
                    "clause `{}` says \"shall\"; write MUST or SHOULD in capitals",
                    c.id
                )
            } else {
                format!("clause `{}` has a lower-case \"{word}\"; normative words are capitals, other uses are ambiguous", c.id)
            };
            out.push(finding(
                false,
                &narrow(text_loc, word),
                msg,
                "rephrase",
                "keyword-case",
            ));
        }
    }
    // Vague words, unless the sentence makes them concrete.
    for sentence in sentences(text) {
        let s = sentence.to_lowercase();
        if CONCRETE.iter().any(|p| s.contains(p)) {
            continue;
        }
        for word in VAGUE {
            if has_word(&s, word) {
                out.push(finding(
                    false,
                    &narrow(text_loc, word),
                    format!("clause `{}` uses the vague \"{word}\"", c.id),
                    "say what, how much or by when",
                    "vague-word",
                ));
            }
        }
    }
    // Named standards need "or equivalent" in the same sentence.
    for sentence in sentences(text) {
        for name in NAMED_STANDARDS {
            let hit = sentence.find(name).is_some_and(|i| {
                let before = sentence[..i].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric())
            });
            let lower = sentence.to_lowercase();
            if hit && !lower.contains("or equivalent") && !lower.contains("or an equivalent") {
                out.push(finding(
                    true,
                    &narrow(text_loc, name.trim()),
                    format!(
                        "clause `{}` names `{}` without \"or equivalent\" in the same sentence",
                        c.id,
                        name.trim()
                    ),
                    "add \"or equivalent\"",
                    "or-equivalent",
                ));
                break;
            }
        }
    }
    // Anything that looks like a template but is not a declared parameter.
    let declared: Vec<(String, std::ops::Range<usize>)> = placeholders(text);
    let mut rest = text.as_str();
    let mut offset = 0;
    while let Some(i) = rest.find("{{") {
        let at = offset + i;
        if !declared.iter().any(|(_, r)| r.start == at) {
            out.push(finding(
                true,
                &narrow(text_loc, "{{"),
                format!(
                    "clause `{}` has `{{{{` that is not a parameter placeholder",
                    c.id
                ),
                "printed literally",
                "template-syntax",
            ));
            break;
        }
        offset = at + 2;
        rest = &text[offset..];
    }
    // The id prefix matches the stage.
    let expected_stage = match c.prefix() {
        "PAR" => Some(Stage::Participation),
        "AWD" => Some(Stage::Award),
        "CON" => Some(Stage::Contract),
        _ => None,
    };
    if let Some(stage) = expected_stage {
        if c.stage != stage {
            out.push(finding(
                true,
                &l.id,
                format!(
                    "`{}` has the {} prefix but stage `{}`",
                    c.id,
                    c.prefix(),
                    c.stage.as_str()
                ),
                "prefix and stage disagree",
                "id-scheme",
            ));
        }
    }
    // A verified source whose note says it is not.
    for (s, sloc) in c.sources.iter().zip(&l.sources) {
        if s.verified
            && s.note
                .as_deref()
                .is_some_and(|n| n.to_lowercase().contains("unverified"))
        {
            out.push(finding(
                false,
                sloc,
                format!(
                    "`{}` marks a source verified but its note says unverified",
                    c.id
                ),
                "contradiction",
                "source-verified",
            ));
        }
    }
    // The same source cited twice (a leftover of merging clauses).
    // Two citations are the same when they name the same part of the same document: the
    // section up to its first colon, bracket or quote (what follows is a description), compared
    // without case, spaces or punctuation. A fixed-length prefix here once made "principle 7"
    // and "principle 9" of the same chapter look alike.
    let key = |doc: &str, section: &str| -> String {
        let head = section
            .split([':', '(', '\'', '\u{2018}', '"', '\u{201c}'])
            .next()
            .unwrap_or("");
        let alnum: String = head
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        format!("{doc}/{alnum}")
    };
    for (i, (s, sloc)) in c.sources.iter().zip(&l.sources).enumerate() {
        if c.sources[..i]
            .iter()
            .any(|p| key(&p.document, &p.section) == key(&s.document, &s.section))
        {
            out.push(finding(
                false,
                sloc,
                format!(
                    "`{}` cites `{}` {} twice",
                    c.id,
                    s.document,
                    s.section
                        .split([':', '(', '\'', '\u{2018}', '"', '\u{201c}'])
                        .next()
                        .unwrap_or("")
                        .trim()
                ),
                "repeated source",
                "duplicate-source",
            ));
        }
    }
    // Printed prose uses typographic apostrophes and quotes (`Council’s`, `“…”`).
    let prose = [
        (&l.title, c.title.as_str()),
        (&l.text, c.text.as_str()),
        (&l.rationale, c.rationale.as_str()),
    ]
    .into_iter()
    .chain(c.evidence.iter().map(|e| (&l.evidence, e.item.as_str())))
    .chain(c.strong_answer.iter().map(|s| (&l.id, s.as_str())))
    .chain(
        c.buyer_prerequisites
            .iter()
            .map(|p| (&l.buyer_prerequisites, p.as_str())),
    );
    for (loc, text) in prose {
        if has_straight_quotes(text) {
            let quote = if text.contains('\'') { "'" } else { "\"" };
            out.push(
                finding(
                    false,
                    &narrow(loc, quote),
                    format!(
                        "`{}` has a straight {} in printed text",
                        c.id,
                        if quote == "'" { "apostrophe" } else { "quote" }
                    ),
                    "straight",
                    "typography",
                )
                .help(format!("write it as: {}", smart_quotes(text))),
            );
        }
    }
    if c.title.chars().count() > 90 {
        out.push(finding(
            false,
            &l.title,
            format!(
                "`{}` has a title of {} characters; keep titles under 90",
                c.id,
                c.title.chars().count()
            ),
            "long title",
            "length",
        ));
    }
}

/// Hashed word trigrams, sorted and deduplicated, for near-duplicate detection.
fn shingles(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<u64> = words
        .windows(3)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Size of the intersection of two sorted sets.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity at which two clause texts are reported as near-duplicates.
const NEAR_DUPLICATE: f64 = 0.6;

fn near_duplicates(lib: &Library, out: &mut Vec<Diagnostic>) {
    let sets: Vec<Vec<u64>> = lib.clauses.iter().map(|c| shingles(&c.text)).collect();
    for i in 0..lib.clauses.len() {
        for j in i + 1..lib.clauses.len() {
            let (a, b) = (&sets[i], &sets[j]);
            let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
            // Jaccard can reach the threshold only if the sizes are close enough.
            if small == 0 || (small as f64) < NEAR_DUPLICATE * large as f64 {
                continue;
            }
            let inter = common(a, b);
            let similarity = inter as f64 / (a.len() + b.len() - inter) as f64;
            let (ci, cj) = (&lib.clauses[i], &lib.clauses[j]);
            let Some(loc) = cj.loc.as_ref() else { continue };
            let first = ci.loc.as_ref().map(|l| {
                let (line, _) = l.id.file.line_col(l.id.span.start);
                format!("{}:{line}", l.id.file.path)
            });
            if ci.text == cj.text {
                out.push(
                    finding(
                        true,
                        &loc.text,
                        format!("`{}` has the same text as `{}`", cj.id, ci.id),
                        "duplicate text",
                        "duplicate",
                    )
                    .note(format!(
                        "`{}` is at {}",
                        ci.id,
                        first.unwrap_or_default()
                    )),
                );
            } else if similarity >= NEAR_DUPLICATE {
                out.push(
                    finding(
                        false,
                        &loc.text,
                        format!(
                            "`{}` is {:.0}% the same as `{}`",
                            cj.id,
                            similarity * 100.0,
                            ci.id
                        ),
                        "near-duplicate text",
                        "near-duplicate",
                    )
                    .note(format!("`{}` is at {}", ci.id, first.unwrap_or_default()))
                    .help("merge them, or make the difference clear in both"),
                );
            }
        }
    }
}

fn unused_parameters(lib: &Library, out: &mut Vec<Diagnostic>) {
    let used: BTreeSet<String> = lib
        .clauses
        .iter()
        .flat_map(|c| placeholders(&c.text).into_iter().map(|(n, _)| n))
        .collect();
    for p in &lib.parameters {
        if !used.contains(&p.name) {
            let mut d = Diagnostic::warning(format!(
                "parameter `{}` is declared but no clause uses it",
                p.name
            ))
            .code("unused-parameter");
            if let Some(loc) = &p.loc {
                d = d.at(&loc.file, loc.span.clone(), "unused");
            }
            out.push(d.help("use it as {{name}} in a clause, or remove it"));
        }
    }
}

/// Coverage the product promises (issue: the clause library): checked so it cannot regress.
fn coverage(lib: &Library, out: &mut Vec<Diagnostic>) {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &lib.clauses {
        for g in &c.guidance {
            *count.entry(g.as_str()).or_default() += 1;
        }
    }
    let minimum = |id: &str| -> usize {
        if id.starts_with("ncsc-cp-") {
            3
        } else {
            1
        }
    };
    // The contract's guidance ids, plus the playbook resources the library promises to draw on.
    let promised = contract_guidance_ids().into_iter().chain(
        [
            "pb-procurement",
            "pb-stride",
            "pb-governance",
            "pb-incident",
        ]
        .map(String::from),
    );
    for id in promised {
        let n = count.get(id.as_str()).copied().unwrap_or(0);
        let need = minimum(&id);
        let recorded = lib
            .guidance_item(&id)
            .and_then(|g| g.not_covered.as_ref())
            .is_some();
        if n < need && !(n == 0 && recorded) {
            out.push(Diagnostic::error(format!("guidance item `{id}` is cited by {n} clause(s); the library promises at least {need}")).code("coverage"));
        }
    }
    for g in &lib.guidance {
        if count.get(g.id.as_str()).copied().unwrap_or(0) == 0 && g.not_covered.is_none() {
            out.push(
                Diagnostic::warning(format!(
                    "guidance item `{}` has no clause and no `not_covered` reason",
                    g.id
                ))
                .code("coverage"),
            );
        }
    }
    for tech in CONTRACT_TECHNOLOGIES {
        let Some(t) = lib.technology(tech) else {
            continue;
        };
        let specific = lib
            .clauses
            .iter()
            .filter(|c| {
                let a = &c.applies_to;
                a.technologies.iter().any(|x| x == tech)
                    || (!a.traits.is_empty()
                        && a.traits.iter().all(|tr| t.traits.contains(tr))
                        && a.traits.iter().any(|tr| t.traits.contains(tr)))
            })
            .count();
        if specific < 3 {
            out.push(Diagnostic::error(format!("technology `{tech}` has {specific} clause(s) specific to it or its traits; the library promises at least 3")).code("coverage"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_matched_whole() {
        assert!(has_word("the supplier must act", "must"));
        assert!(!has_word("mustard", "must"));
        assert!(has_word("use best practice.", "best practice"));
    }

    #[test]
    fn sentences_split_on_full_stops_and_lines() {
        assert_eq!(sentences("A b. C d.\nE"), vec!["A b", "C d.", "E"]);
    }
}
