//! House typography for text people read: typographic apostrophes and quotes, one date style
//! ("1 December 2026", "12:00 UK time"), and technology names set in running text without a
//! capital mid-sentence. A leaf module: the library's lint and the pack both use it.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-12-01` → `1 December 2026`; anything that is not an ISO date is returned as written.
pub fn long_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.trim().split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<usize>(), d.parse::<u32>()) {
            if (1..=12).contains(&m) && (1..=31).contains(&d) && y > 0 {
                return format!("{d} {} {y}", MONTHS[m - 1]);
            }
        }
    }
    iso.to_string()
}

/// `2027-01-15 12:00` → `15 January 2027, 12:00 UK time`; a date alone → `15 January 2027`.
pub fn long_date_time(value: &str) -> String {
    match value.trim().split_once(' ') {
        Some((date, time)) => format!("{}, {time} UK time", long_date(date)),
        None => long_date(value),
    }
}

/// A name as it reads inside a sentence: "Public-space CCTV and video analytics" →
/// "public-space CCTV and video analytics". A first word that is an acronym ("EV charging",
/// "ANPR cameras") or a proper name written in capitals keeps its capital.
pub fn in_sentence(name: &str) -> String {
    let first_word = name.split([' ', '-', ',']).next().unwrap_or("");
    let letters: Vec<char> = first_word.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() > 1 && letters.iter().skip(1).any(|c| c.is_uppercase());
    if acronym {
        return name.to_string();
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Typographic apostrophes and quotes for prose: `Council's` → `Council’s`, `"or equivalent"`
/// → `“or equivalent”`, `suppliers'` → `suppliers’`. Quotes that look like code are left as
/// written: a double quote is only turned when it opens after a space (or the start) and a
/// matching one closes before a space, punctuation or the end, so `=HYPERLINK("x","y")` or
/// `key = "value"` inside parentheses stay straight.
pub fn smart_quotes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let is_word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    // Apostrophes and single quotes.
    for i in 0..chars.len() {
        if chars[i] != '\'' {
            continue;
        }
        let before = if i > 0 { chars.get(i - 1) } else { None };
        let after = chars.get(i + 1);
        let inside_word = is_word(before) && is_word(after);
        let plural_possessive = before == Some(&'s') && !is_word(after);
        if inside_word || plural_possessive {
            out[i] = '\u{2019}';
        }
    }
    // Double quotes, in pairs.
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '"' {
            let opens = (i == 0 || chars[i - 1].is_whitespace())
                && chars
                    .get(i + 1)
                    .is_some_and(|c| !c.is_whitespace() && *c != '"');
            if opens {
                if let Some(len) = chars[i + 1..].iter().position(|c| *c == '"') {
                    let close = i + 1 + len;
                    let closes = chars
                        .get(close + 1)
                        .is_none_or(|c| c.is_whitespace() || ".,;:!?)".contains(*c));
                    if closes && !chars[close - 1].is_whitespace() {
                        out[i] = '\u{201c}';
                        out[close] = '\u{201d}';
                        i = close + 1;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether prose still has a straight apostrophe or quote that `smart_quotes` would turn.
pub fn has_straight_quotes(text: &str) -> bool {
    smart_quotes(text) != text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out() {
        assert_eq!(long_date("2026-12-01"), "1 December 2026");
        assert_eq!(
            long_date_time("2027-01-15 12:00"),
            "15 January 2027, 12:00 UK time"
        );
        assert_eq!(long_date_time("2027-01-15"), "15 January 2027");
        assert_eq!(long_date("soon"), "soon");
    }

    #[test]
    fn names_lose_their_capital_in_a_sentence_unless_an_acronym() {
        assert_eq!(
            in_sentence("Public-space CCTV and video analytics"),
            "public-space CCTV and video analytics"
        );
        assert_eq!(
            in_sentence("Automatic number plate recognition"),
            "automatic number plate recognition"
        );
        assert_eq!(in_sentence("EV charging points"), "EV charging points");
        assert_eq!(in_sentence("IoT network"), "IoT network");
    }

    #[test]
    fn prose_quotes_turn_and_code_quotes_stay() {
        assert_eq!(
            smart_quotes("the Council's and suppliers' \"or equivalent\" rule."),
            "the Council\u{2019}s and suppliers\u{2019} \u{201c}or equivalent\u{201d} rule."
        );
        assert_eq!(
            smart_quotes("=HYPERLINK(\"http://x\",\"y\")"),
            "=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(smart_quotes("'quoted"), "'quoted");
        assert!(!has_straight_quotes("already \u{2019} fine"));
    }
}
