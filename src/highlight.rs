//! Which words of a passage matched the query: byte ranges for highlighting.

use std::collections::HashSet;

use crate::schema::with_folding_analyzer;
use crate::stem::with_stem;

/// The analysed query terms to look for in a passage.
#[derive(Clone)]
pub struct Highlighter {
    terms: HashSet<String>,
    /// The first letters of the terms: a word's stem starts with the word's first letter, so
    /// only words starting with one of these need stemming.
    initials: Vec<char>,
    fuzzy: bool,
}

impl Highlighter {
    /// A highlighter for analysed terms (as the English analyzer produces them). With `fuzzy`,
    /// words within one edit of a term match too.
    pub fn new(terms: impl IntoIterator<Item = String>, fuzzy: bool) -> Highlighter {
        let terms: HashSet<String> = terms.into_iter().collect();
        let mut initials: Vec<char> = terms
            .iter()
            .filter_map(|term| term.chars().next())
            .collect();
        initials.sort_unstable();
        initials.dedup();
        Highlighter {
            terms,
            initials,
            fuzzy,
        }
    }

    /// Byte ranges of the words of `text` that match a term, in order.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        with_folding_analyzer(|analyzer| {
            let mut stream = analyzer.token_stream(text);
            let mut ranges = Vec::new();
            while stream.advance() {
                let token = stream.token();
                // An edit may change the first letter; else most words are ruled out here.
                let candidate = self.fuzzy
                    || token
                        .text
                        .chars()
                        .next()
                        .is_some_and(|initial| self.initials.contains(&initial));
                if candidate && with_stem(&token.text, |stem| self.matches(stem)) {
                    ranges.push((token.offset_from, token.offset_to));
                }
            }
            ranges
        })
    }

    fn matches(&self, stem: &str) -> bool {
        self.terms.contains(stem)
            || (self.fuzzy && self.terms.iter().any(|term| within_one_edit(term, stem)))
    }
}

/// True if `a` and `b` differ by at most one insertion, deletion, substitution or
/// transposition of adjacent characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        let rest_equal = |from: usize| short[from..] == long[from..];
        // substitution
        rest_equal(prefix + 1)
            // transposition
            || (prefix + 1 < short.len()
                && short[prefix] == long[prefix + 1]
                && short[prefix + 1] == long[prefix]
                && rest_equal(prefix + 2))
    } else {
        // insertion into the shorter word
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_stemmed_and_folded_words() {
        let highlighter = Highlighter::new(["troop".to_string()], false);
        let text = "North Korean troops; a troop. Korea?";
        let words: Vec<&str> = highlighter
            .ranges(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect();
        assert_eq!(words, vec!["troops", "troop"]);
    }

    #[test]
    fn fuzzy_matches_within_one_edit() {
        let highlighter = Highlighter::new(["sergeyevka".to_string()], true);
        let text = "near Sergeevka and Sergeyevka, not Sergeevk";
        let words: Vec<&str> = highlighter
            .ranges(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect();
        assert_eq!(words, vec!["Sergeevka", "Sergeyevka"]);
    }

    #[test]
    fn edit_distance_one() {
        assert!(within_one_edit("kitten", "kitten"));
        assert!(within_one_edit("kitten", "sitten"));
        assert!(within_one_edit("kitten", "kiten"));
        assert!(within_one_edit("kitten", "kittens"));
        assert!(within_one_edit("kitten", "iktten"));
        assert!(!within_one_edit("kitten", "sittin"));
        assert!(!within_one_edit("kitten", "kit"));
        assert!(within_one_edit("", "a"));
    }
}
