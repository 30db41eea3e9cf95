//! Query and key normalisation, shared so that both sides of a comparison fold the same way.

/// Normalise a query: full-width ASCII to half-width, the ideographic space U+3000 to a space,
/// lowercase, whitespace trimmed and collapsed to single spaces. Control, bidi and zero-width
/// characters are dropped: nobody means to search for them, and keeping them would let a query
/// match fewer platforms than the same query with a letter more (which `refine` relies on).
pub fn normalize(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut space = false;
    let visible =
        |c: &char| c.is_whitespace() || !(c.is_control() || crate::text::is_invisible_control(*c));
    for c in query.chars().filter(visible).map(fold) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Fold one character exactly as [`normalize`] does, always to exactly one character, so a
/// normalised key has the same character indices as the text it came from.
pub(crate) fn fold(c: char) -> char {
    // The common cases first: ASCII, and Hanzi, which have no case.
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if HANZI.contains(&c) {
        return c;
    }
    fold_by_table(c)
}

/// [`fold`] without its shortcuts.
fn fold_by_table(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        // A few characters lowercase to two (İ); keep them as they are to stay one-to-one.
        _ => c,
    }
}

/// A key's text folded char by char (whitespace to plain spaces), index-aligned with the original.
pub(crate) fn fold_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_key_into(text, &mut out);
    out
}

/// [`fold_key`] onto the end of `out`.
pub(crate) fn fold_key_into(text: &str, out: &mut String) {
    out.extend(text.chars().map(|c| {
        let f = fold(c);
        if f.is_whitespace() { ' ' } else { f }
    }));
}

/// A 64-bit set of the letters and digits in a string: a cheap necessary condition for a match,
/// since every way of matching needs each of the query's letters and digits in the key.
pub(crate) fn mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | bit(c))
}

fn bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        c if is_alnum(c) => 1 << (36 + c as u32 % 28),
        _ => 0,
    }
}

/// Letters and digits of Latin script (not Hanzi): these run together into words.
pub(crate) fn is_latin_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_alnum(c) && !crate::search::pinyin::is_hanzi(c)
}

/// The CJK Unified Ideographs: nearly all of a Chinese key's characters.
const HANZI: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

/// `c.is_alphanumeric()`, answered without a table search for ASCII and Hanzi, which building a
/// large index asks about millions of times.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        HANZI.contains(&c) || c.is_alphanumeric()
    }
}

/// Whether `text` is empty or only whitespace; stops at the first other character.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_spaces() {
        assert_eq!(normalize("  ＥＣＯＭ\u{3000}\u{3000}电商  "), "ecom 电商");
        assert_eq!(normalize("ＬＥＤ"), "led");
        assert_eq!(normalize("金融　Internet"), "金融 internet");
        assert_eq!(normalize("\t"), "");
        assert_eq!(normalize("Ａ１＋"), "a1+");
    }

    #[test]
    fn the_quick_answers_are_the_full_ones() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}', '\u{20000}', '\u{2A6D6}']) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            let full = c.is_alphanumeric() && !crate::search::pinyin::is_hanzi(c);
            assert_eq!(is_latin_alnum(c), full, "{c:?}");
            assert_eq!(fold(c), fold_by_table(c), "{c:?}");
        }
    }

    #[test]
    fn keys_keep_their_character_count() {
        let s = "İstanbul ＬＥＤ\n北城·智汇园";
        assert_eq!(fold_key(s).chars().count(), s.chars().count());
        assert_eq!(fold_key("ＬＥＤ Lighting"), "led lighting");
    }

    #[test]
    fn mask_is_a_subset_test() {
        assert_eq!(mask("led") & !mask("led lighting"), 0);
        assert_ne!(mask("fintech") & !mask("internet finance"), 0);
        assert_eq!(mask("电商") & !mask("跨境电商"), 0);
    }
}
