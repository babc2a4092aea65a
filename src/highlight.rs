//! Which words of a passage matched the query: byte ranges for highlighting.

use std::collections::HashSet;

use memchr::memmem::Finder;

use crate::english::{fold_with, fold_word};
use crate::schema::with_folding_analyzer;
use crate::stem::with_stem;

/// The analysed query terms to look for in a passage.
#[derive(Clone)]
pub struct Highlighter {
    terms: HashSet<String>,
    /// The ASCII first letters of the terms, by byte: a word's stem starts with the word's
    /// first letter, so only words starting with one of these need stemming.
    initials: [bool; 128],
    /// Each term but its last two letters (at least its first): a word's stem differs from the
    /// word in at most its last two letters, so only words starting with one of these need
    /// stemming.
    stems_start: Vec<String>,
    /// Searchers for each of `stems_start`, in ASCII lowercase text: they find the words that
    /// need stemming without cutting every word.
    starts: Vec<Finder<'static>>,
    /// True if every one of `starts` is made of letters and digits (as terms are), so that no
    /// match of one hides the start of a word.
    searchable: bool,
    fuzzy: bool,
    /// The query's exact phrases, as analysed terms in order.
    phrases: Vec<Vec<String>>,
    /// Terms the query asks for only inside a phrase: such a word is highlighted only where
    /// the whole phrase is ("Storm Corps", not the "Corps" of "11th Army Corps").
    phrase_only: HashSet<String>,
}

impl Highlighter {
    /// A highlighter for analysed terms (as the English analyzer produces them). With `fuzzy`,
    /// words within one edit of a term match too.
    pub fn new(terms: impl IntoIterator<Item = String>, fuzzy: bool) -> Highlighter {
        let terms: HashSet<String> = terms.into_iter().collect();
        let mut initials = [false; 128];
        for term in &terms {
            if let Some(&first) = term.as_bytes().first()
                && let Some(initial) = initials.get_mut(usize::from(first))
            {
                *initial = true;
            }
        }
        // At least the first letter: a stem starts with its word's first letter.
        let stems_start: Vec<String> = terms
            .iter()
            .map(|term| {
                let keep = term.chars().count().saturating_sub(2).max(1);
                term.chars().take(keep).collect()
            })
            .collect();
        let searchable = stems_start
            .iter()
            .all(|start| !start.is_empty() && start.chars().all(char::is_alphanumeric));
        let starts = stems_start
            .iter()
            .map(|start| Finder::new(start.as_bytes()).into_owned())
            .collect();
        Highlighter {
            terms,
            initials,
            stems_start,
            starts,
            searchable,
            fuzzy,
            phrases: Vec::new(),
            phrase_only: HashSet::new(),
        }
    }

    /// The query's exact phrases (analysed terms in order), and the terms it also asks for
    /// on their own. Words of a phrase that the query does not ask for on their own are then
    /// highlighted only where the whole phrase stands.
    pub fn with_phrases(mut self, phrases: Vec<Vec<String>>, loose: &HashSet<String>) -> Self {
        self.phrase_only = phrases
            .iter()
            .flatten()
            .filter(|term| !loose.contains(*term))
            .cloned()
            .collect();
        self.phrases = phrases;
        self
    }

    /// Byte ranges of the words of `text` that match a term, in order.
    ///
    /// Words are cut as the English analyzer's tokenizer cuts them (runs of alphanumeric
    /// characters); only a word that may match is analysed, on its own.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        let ranges = if self.fuzzy || !self.searchable {
            self.marked(crate::english::words(text))
        } else {
            self.marked(self.candidates(text).into_iter())
        };
        // A fuzzy match may be any term within one edit: phrases are not told apart then.
        if self.phrase_only.is_empty() || self.fuzzy {
            return ranges;
        }
        self.in_phrases(text, ranges)
    }

    /// `ranges` without the words that match only a phrase's term and do not stand in the
    /// whole phrase there (its terms in order, with nothing but spaces and punctuation
    /// between them).
    fn in_phrases(&self, text: &str, ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        let mut folded = String::new();
        let stems: Vec<Option<String>> = ranges
            .iter()
            .map(|&(start, end)| {
                let word = text.get(start..end)?;
                fold_word(word, &mut folded, |word, out| {
                    with_folding_analyzer(|folding| fold_with(folding, word, out))
                })
                .then(|| with_stem(&folded, str::to_string))
            })
            .collect();
        let mut keep: Vec<bool> = stems
            .iter()
            .map(|stem| {
                stem.as_ref()
                    .is_none_or(|stem| !self.phrase_only.contains(stem))
            })
            .collect();
        let adjacent = |before: (usize, usize), after: (usize, usize)| {
            text.get(before.1..after.0)
                .is_some_and(|between| !between.chars().any(char::is_alphanumeric))
        };
        for phrase in self.phrases.iter().filter(|phrase| !phrase.is_empty()) {
            for start in 0..ranges.len().saturating_sub(phrase.len() - 1) {
                let stands = phrase.iter().enumerate().all(|(k, term)| {
                    stems[start + k].as_deref() == Some(term.as_str())
                        && (k == 0 || adjacent(ranges[start + k - 1], ranges[start + k]))
                });
                if stands {
                    keep[start..start + phrase.len()].fill(true);
                }
            }
        }
        ranges
            .into_iter()
            .zip(keep)
            .filter_map(|(range, keep)| keep.then_some(range))
            .collect()
    }

    /// The words among `words` (with their offsets) that match a term.
    fn marked<'t>(&self, words: impl Iterator<Item = (usize, &'t str)>) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        let mut folded = String::new();
        for (start, word) in words {
            if !self.may_match(word) {
                continue;
            }
            let kept = fold_word(word, &mut folded, |word, out| {
                with_folding_analyzer(|folding| fold_with(folding, word, out))
            });
            let may_stem_to_a_term = self.fuzzy
                || self
                    .stems_start
                    .iter()
                    .any(|start| folded.starts_with(start.as_str()));
            if kept && may_stem_to_a_term && with_stem(&folded, |stem| self.matches(stem)) {
                ranges.push((start, start + word.len()));
            }
        }
        ranges
    }

    /// The words of `text` that may match a term, in order: those whose ASCII-lowercased
    /// text starts with one of `starts`, found by searching for them rather than by cutting
    /// every word (which was a fifth of a search), and every word with a non-ASCII letter, as
    /// folding may turn it into anything.
    fn candidates<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        let lowered = text.to_ascii_lowercase();
        let mut starts: Vec<usize> = Vec::new();
        for finder in &self.starts {
            starts.extend(
                finder
                    .find_iter(lowered.as_bytes())
                    .filter(|&at| starts_word(text, at)),
            );
        }
        if !text.is_ascii() {
            // One pass: the start of the word being read, pushed once for a word with a
            // non-ASCII letter (walking back from each such letter was quadratic in a long word).
            let mut word: Option<(usize, bool)> = None;
            for (at, ch) in text.char_indices() {
                if !ch.is_alphanumeric() {
                    word = None;
                    continue;
                }
                let (start, pushed) = word.get_or_insert((at, false));
                if !ch.is_ascii() && !*pushed {
                    starts.push(*start);
                    *pushed = true;
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        starts
            .into_iter()
            .filter_map(|start| {
                let rest = text.get(start..)?;
                crate::english::words(rest)
                    .next()
                    .map(|(_, word)| (start, word))
            })
            .collect()
    }

    /// False for a word that cannot match: its stem would start with a letter no term starts
    /// with. An edit may change the first letter, and folding may change a non-ASCII one.
    fn may_match(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&initial) if !self.fuzzy && initial.is_ascii() => self
                .initials
                .get(usize::from(initial.to_ascii_lowercase()))
                .is_some_and(|&wanted| wanted),
            Some(_) => true,
            None => false,
        }
    }

    fn matches(&self, stem: &str) -> bool {
        self.terms.contains(stem)
            || (self.fuzzy && self.terms.iter().any(|term| within_one_edit(term, stem)))
    }
}

/// True if a word of `text` starts at byte `at` (a character boundary, in a word).
fn starts_word(text: &str, at: usize) -> bool {
    text.get(..at).is_some_and(|before| {
        !before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    })
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

    /// The words of `text` the highlighter marks.
    fn marked<'t>(highlighter: &Highlighter, text: &'t str) -> Vec<&'t str> {
        highlighter
            .ranges(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect()
    }

    #[test]
    fn words_of_a_phrase_are_marked_where_the_phrase_stands() {
        let terms = ["storm", "corp", "armi"].map(str::to_string);
        let phrases = vec![vec!["storm".to_string(), "corp".to_string()]];
        let text = "The Storm Corps, not the 11th Army Corps, nor a storm; storm-Corps units.";
        // The phrase alone: only its whole occurrences.
        let phrase_only = Highlighter::new(terms[..2].to_vec(), false)
            .with_phrases(phrases.clone(), &HashSet::new());
        assert_eq!(
            marked(&phrase_only, text),
            vec!["Storm", "Corps", "storm", "Corps"]
        );
        // A word also asked for on its own is marked everywhere.
        let loose: HashSet<String> = ["armi".to_string()].into();
        let with_word = Highlighter::new(terms.to_vec(), false).with_phrases(phrases, &loose);
        assert_eq!(
            marked(&with_word, text),
            vec!["Storm", "Corps", "Army", "storm", "Corps"]
        );
    }

    #[test]
    fn matches_stemmed_and_folded_words() {
        let highlighter = Highlighter::new(["troop".to_string()], false);
        let text = "North Korean troops; a troop. Korea?";
        let words = marked(&highlighter, text);
        assert_eq!(words, vec!["troops", "troop"]);
    }

    #[test]
    fn fuzzy_matches_within_one_edit() {
        let highlighter = Highlighter::new(["sergeyevka".to_string()], true);
        let text = "near Sergeevka and Sergeyevka, not Sergeevk";
        let words = marked(&highlighter, text);
        assert_eq!(words, vec!["Sergeevka", "Sergeyevka"]);
    }

    #[test]
    fn words_with_a_non_ascii_initial_are_folded_before_matching() {
        let highlighter = Highlighter::new(["elyse".to_string()], false);
        let text = "at the Élysée palace, the elysee";
        let words = marked(&highlighter, text);
        assert_eq!(words, vec!["Élysée", "elysee"]);
    }

    #[test]
    fn words_too_long_to_index_are_not_highlighted() {
        let long = "7".repeat(crate::schema::MAX_WORD_BYTES);
        let short = "7".repeat(crate::schema::MAX_WORD_BYTES - 1);
        let highlighter = Highlighter::new([long.clone(), short.clone()], false);
        let text = format!("{long} {short}");
        assert_eq!(
            highlighter.ranges(&text),
            vec![(long.len() + 1, text.len())]
        );
    }

    #[test]
    fn words_whose_stem_rewrites_their_ending_match() {
        let terms = ["die", "possibl", "relat", "hope"].map(String::from);
        let highlighter = Highlighter::new(terms, false);
        let text = "Dying, possibly relational; hoping. Diet, posse, relay, hop.";
        let words = marked(&highlighter, text);
        assert_eq!(words, vec!["Dying", "possibly", "relational", "hoping"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn searching_for_candidates_marks_what_cutting_every_word_marks(
            text in "([a-zA-Z]{1,9}|[ ,.'’—-]|[éÉïßİ]|[0-9]{1,3}|東京){0,40}",
            picks in proptest::collection::vec(0usize..40, 0..4),
            extra in "[a-z]{1,6}",
        ) {
            // Terms: the stems of some words of the text, and one other word.
            let words: Vec<&str> = crate::english::words(&text).map(|(_, word)| word).collect();
            let mut terms = vec![extra];
            for pick in picks {
                if let Some(word) = words.get(pick % words.len().max(1)) {
                    let mut folded = String::new();
                    fold_word(word, &mut folded, |word, out| {
                        with_folding_analyzer(|folding| fold_with(folding, word, out))
                    });
                    with_stem(&folded, |stem| terms.push(stem.to_string()));
                }
            }
            let highlighter = Highlighter::new(terms, false);
            let every_word = highlighter.marked(crate::english::words(&text));
            proptest::prop_assert_eq!(highlighter.ranges(&text), every_word);
        }
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
