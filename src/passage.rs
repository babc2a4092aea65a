//! Article text → passages: the unit that is indexed, ranked and shown.
//!
//! A passage is one or more whole paragraphs of roughly 40–150 words. Short paragraphs and
//! sub-headings are merged into their neighbours; long paragraphs are split at sentence
//! boundaries. Passages are contiguous byte ranges of the article text, in order.

use std::ops::Range;

/// Passages shorter than this many words are merged with a neighbour.
pub const MIN_WORDS: usize = 40;
/// Paragraphs longer than this many words are split at sentence boundaries.
pub const MAX_WORDS: usize = 150;
/// A sub-heading has at most this many words and no final punctuation.
const MAX_HEADING_WORDS: usize = 12;

/// One passage of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Position of the passage in its article, from 0.
    pub ordinal: usize,
    /// Byte offset of the passage's first byte in the article text.
    pub start: usize,
    /// Byte offset just past the passage's last byte.
    pub end: usize,
}

impl Passage {
    /// The passage's text, given the article text it was cut from.
    pub fn text<'a>(&self, article_text: &'a str) -> &'a str {
        &article_text[self.start..self.end]
    }
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character boundary.
pub fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A run of text that is never split further: a paragraph or a group of sentences.
#[derive(Debug, Clone)]
struct Unit {
    range: Range<usize>,
    words: usize,
    heading: bool,
}

/// Splits article text (paragraphs separated by blank lines) into passages.
pub fn split(text: &str) -> Vec<Passage> {
    let mut units = Vec::new();
    for paragraph in paragraphs(text) {
        let words = word_count(&text[paragraph.clone()]);
        if words > MAX_WORDS {
            units.extend(split_long_paragraph(text, paragraph));
        } else {
            let heading = is_heading(&text[paragraph.clone()], words);
            units.push(Unit {
                range: paragraph,
                words,
                heading,
            });
        }
    }
    let merged = merge_short(merge_forward(units));
    merged
        .into_iter()
        .enumerate()
        .map(|(ordinal, unit)| Passage {
            ordinal,
            start: unit.range.start,
            end: unit.range.end,
        })
        .collect()
}

/// Byte ranges of the non-empty paragraphs of `text`, trimmed of surrounding white space.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut offset = 0;
    for block in text.split("\n\n") {
        let leading = block.len() - block.trim_start().len();
        let trimmed = block.trim();
        if !trimmed.is_empty() {
            let start = offset + leading;
            ranges.push(start..start + trimmed.len());
        }
        offset += block.len() + 2;
    }
    ranges
}

/// Splits a paragraph of more than [`MAX_WORDS`] words into groups of whole sentences of
/// about equal size. A single sentence longer than that is cut between words.
fn split_long_paragraph(text: &str, paragraph: Range<usize>) -> Vec<Unit> {
    let body = &text[paragraph.clone()];
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for sentence in sentences(body) {
        if word_count(&body[sentence.clone()]) > MAX_WORDS {
            pieces.extend(cut_between_words(body, sentence));
        } else {
            pieces.push(sentence);
        }
    }
    let total: usize = pieces
        .iter()
        .map(|piece| word_count(&body[piece.clone()]))
        .sum();
    let groups = total.div_ceil(MAX_WORDS).max(1);
    let target = total.div_ceil(groups);

    let mut units: Vec<Unit> = Vec::new();
    let mut current: Option<Unit> = None;
    for piece in pieces {
        let words = word_count(&body[piece.clone()]);
        let range = paragraph.start + piece.start..paragraph.start + piece.end;
        current = Some(match current.take() {
            Some(mut unit) if unit.words < target && unit.words + words <= MAX_WORDS => {
                unit.range.end = range.end;
                unit.words += words;
                unit
            }
            Some(unit) => {
                units.push(unit);
                Unit {
                    range,
                    words,
                    heading: false,
                }
            }
            None => Unit {
                range,
                words,
                heading: false,
            },
        });
    }
    units.extend(current);
    units
}

/// Cuts an over-long sentence into pieces of at most [`MAX_WORDS`] words.
fn cut_between_words(body: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = None;
    let mut end = sentence.start;
    let mut words = 0;
    for (offset, word) in word_ranges(&body[sentence.clone()]) {
        let word_start = sentence.start + offset;
        if words == MAX_WORDS {
            if let Some(piece_start) = start {
                pieces.push(piece_start..end);
            }
            start = None;
            words = 0;
        }
        start.get_or_insert(word_start);
        end = word_start + word.len();
        words += 1;
    }
    if let Some(piece_start) = start {
        pieces.push(piece_start..end);
    }
    pieces
}

fn word_ranges(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |word| {
        // `split_whitespace` yields subslices of `text`, so the pointer difference is the offset.
        (word.as_ptr() as usize - text.as_ptr() as usize, word)
    })
}

/// Joins units so that no passage is shorter than [`MIN_WORDS`] when a neighbour can take it,
/// and no sub-heading ends a passage.
fn merge_forward(units: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut current: Option<Unit> = None;
    for unit in units {
        current = Some(match current.take() {
            Some(mut open)
                if (open.heading && open.words + unit.words <= MAX_WORDS + MAX_WORDS / 4)
                    || (open.words < MIN_WORDS && open.words + unit.words <= MAX_WORDS) =>
            {
                open.range.end = unit.range.end;
                open.words += unit.words;
                open.heading = unit.heading;
                open
            }
            Some(done) => {
                out.push(done);
                unit
            }
            None => unit,
        });
    }
    out.extend(current);
    out
}

/// Folds passages still under [`MIN_WORDS`] into the previous passage (or, for the first, the
/// next), allowing a quarter over [`MAX_WORDS`].
fn merge_short(units: Vec<Unit>) -> Vec<Unit> {
    let limit = MAX_WORDS + MAX_WORDS / 4;
    let mut out: Vec<Unit> = Vec::new();
    for unit in units {
        match out.last_mut() {
            Some(previous)
                if (unit.words < MIN_WORDS || previous.words < MIN_WORDS)
                    && previous.words + unit.words <= limit =>
            {
                previous.range.end = unit.range.end;
                previous.words += unit.words;
            }
            _ => out.push(unit),
        }
    }
    out
}

fn is_heading(paragraph: &str, words: usize) -> bool {
    words <= MAX_HEADING_WORDS
        && !paragraph
            .chars()
            .next_back()
            .is_some_and(|c| ".!?:;,\"”'’)…".contains(c))
}

/// Number of white-space separated words.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "e.g",
    "i.e", "u.s", "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "approx", "est", "dept", "univ", "mt", "ft", "fig", "vol",
];

/// Byte ranges of the sentences of a paragraph, trimmed, in order.
///
/// A sentence ends at `.`, `!` or `?` (and any closing quotes or brackets) followed by white
/// space and a capital letter, digit or opening quote, unless the word before the period is a
/// known abbreviation or a single letter (an initial).
pub fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    // Byte positions throughout, with no per-character buffer: a paragraph can be huge.
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(ch) = paragraph[i..].chars().next() {
        let after = i + ch.len_utf8();
        if matches!(ch, '.' | '!' | '?') {
            let end = after + leading_len(&paragraph[after..], |c| "\"'”’)]".contains(c));
            let next = end + leading_len(&paragraph[end..], char::is_whitespace);
            let followed_by_space = next > end;
            let starts_sentence = paragraph[next..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c));
            if followed_by_space
                && starts_sentence
                && !(ch == '.' && is_abbreviation(&paragraph[start..i]))
            {
                push_trimmed(&mut ranges, paragraph, start..end);
                start = next;
                i = next;
                continue;
            }
        }
        i = after;
    }
    push_trimmed(&mut ranges, paragraph, start..paragraph.len());
    ranges
}

/// The length in bytes of the run of characters at the start of `text` that satisfy `pred`.
fn leading_len(text: &str, pred: impl Fn(char) -> bool) -> usize {
    text.find(|c: char| !pred(c)).unwrap_or(text.len())
}

fn push_trimmed(ranges: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let piece = &text[range.clone()];
    let leading = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let start = range.start + leading;
        ranges.push(start..start + trimmed.len());
    }
}

/// True if the text before a period ends with an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    is_initial || ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_end_on_character_boundaries() {
        assert_eq!(prefix("café au lait", 4), "caf");
        assert_eq!(prefix("café au lait", 5), "café");
        assert_eq!(prefix("short", 100), "short");
    }

    fn texts<'a>(text: &'a str, passages: &[Passage]) -> Vec<&'a str> {
        passages.iter().map(|passage| passage.text(text)).collect()
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn sentences_end_at_terminal_punctuation() {
        assert_eq!(
            sentence_texts("He left. “We stay,” she said! Did he? Yes."),
            vec!["He left.", "“We stay,” she said!", "Did he?", "Yes."]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentence_texts(
                "U.S. Defense Secretary Lloyd Austin spoke. Rep. Mike Turner and J. Smith agreed."
            ),
            vec![
                "U.S. Defense Secretary Lloyd Austin spoke.",
                "Rep. Mike Turner and J. Smith agreed."
            ]
        );
    }

    #[test]
    fn decimals_and_lowercase_continuations_do_not_end_sentences() {
        assert_eq!(
            sentence_texts("About 1.2 million troops. it goes on."),
            vec!["About 1.2 million troops. it goes on."]
        );
    }

    #[test]
    fn short_paragraphs_merge_and_headings_join_the_next_paragraph() {
        let long = "word ".repeat(60).trim_end().to_string() + ".";
        let text = format!("{long}\n\nA heading\n\n{long}\n\nShort tail.");
        let passages = split(&text);
        assert_eq!(
            texts(&text, &passages),
            vec![
                long.as_str(),
                &format!("A heading\n\n{long}\n\nShort tail.")
            ]
        );
        assert_eq!(passages[1].ordinal, 1);
    }

    #[test]
    fn long_paragraphs_split_at_sentences_into_even_groups() {
        let sentence = format!("Word {}.", "word ".repeat(19).trim_end());
        let paragraph = [sentence.as_str(); 10].join(" ");
        let passages = split(&paragraph);
        let counts: Vec<usize> = texts(&paragraph, &passages)
            .iter()
            .map(|t| word_count(t))
            .collect();
        assert_eq!(counts, vec![100, 100]);
        assert_eq!(passages[0].start, 0);
        assert_eq!(passages[1].end, paragraph.len());
    }

    #[test]
    fn one_endless_sentence_is_cut_between_words() {
        let text = "word ".repeat(400);
        let passages = split(&text);
        let counts: Vec<usize> = texts(&text, &passages)
            .iter()
            .map(|t| word_count(t))
            .collect();
        assert_eq!(counts, vec![150, 150, 100]);
    }

    #[test]
    fn passages_are_in_order_and_within_the_text() {
        let text = "Élan über alles.\n\nZweiter Absatz hier.\n\n".repeat(30);
        let passages = split(&text);
        let mut previous_end = 0;
        for passage in &passages {
            assert!(passage.start >= previous_end);
            assert!(passage.end <= text.len());
            assert!(text.is_char_boundary(passage.start) && text.is_char_boundary(passage.end));
            previous_end = passage.end;
        }
    }

    #[test]
    fn runs_of_short_unpunctuated_lines_stay_within_the_limit() {
        let text = vec!["Victim number one was a resident of the district"; 300].join("\n\n");
        for passage in split(&text) {
            assert!(word_count(passage.text(&text)) <= MAX_WORDS + MAX_WORDS / 4);
        }
    }

    #[test]
    fn empty_text_has_no_passages() {
        assert!(split("").is_empty());
        assert!(split("\n\n  \n\n").is_empty());
    }
}
