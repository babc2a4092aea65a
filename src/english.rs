//! The English analyzer in one pass: words, lowercased, folded to ASCII and stemmed.
//!
//! It yields exactly the tokens of tantivy's `SimpleTokenizer` → `RemoveLongFilter` →
//! `LowerCaser` → `AsciiFoldingFilter` → Snowball English chain (texts, byte offsets and
//! positions), but an ASCII word (nearly every word of English news) is cut, lowercased and
//! looked up in the stem memo without passing through four token streams: the chain was a fifth
//! of all the instructions of indexing. A word with other characters goes through the
//! chain's lowercasing and folding on its own.

use std::cell::RefCell;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::schema::MAX_WORD_BYTES;

/// The English analyzer's tokenizer (see the module documentation). Stems come from the
/// thread's memo (`stem::stem_into`).
#[derive(Clone)]
pub struct EnglishTokenizer {
    /// Lowercasing and folding for words that are not ASCII.
    folding: TextAnalyzer,
}

impl Default for EnglishTokenizer {
    fn default() -> EnglishTokenizer {
        EnglishTokenizer {
            folding: crate::schema::folding().build(),
        }
    }
}

impl Tokenizer for EnglishTokenizer {
    type TokenStream<'a> = EnglishTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> EnglishTokenStream<'a> {
        crate::stem::make_room();
        EnglishTokenStream {
            words: words(text),
            tokenizer: self,
            token: Token::default(),
            lowered: String::new(),
        }
    }
}

/// The token stream of `EnglishTokenizer`.
pub struct EnglishTokenStream<'a> {
    words: Words<'a>,
    tokenizer: &'a mut EnglishTokenizer,
    token: Token,
    lowered: String,
}

impl TokenStream for EnglishTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for (start, word) in self.words.by_ref() {
            // Every word takes a position, also one left out for its length.
            self.token.position = self.token.position.wrapping_add(1);
            let folding = &mut self.tokenizer.folding;
            if !fold_word(word, &mut self.lowered, |word, out| {
                fold_with(folding, word, out)
            }) {
                continue;
            }
            self.token.text.clear();
            crate::stem::stem_into(&self.lowered, &mut self.token.text);
            self.token.offset_from = start;
            self.token.offset_to = start + word.len();
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Puts in `out` what the English analyzer makes of one word (as `words` cuts them) before
/// stemming: lowercased and folded to ASCII. False if the analyzer leaves the word out (too
/// long). A word that is not ASCII goes to `fold_other` (see `fold_with`).
#[inline]
pub fn fold_word(
    word: &str,
    out: &mut String,
    fold_other: impl FnOnce(&str, &mut String) -> bool,
) -> bool {
    out.clear();
    if word.len() >= MAX_WORD_BYTES {
        return false;
    }
    if !word.is_ascii() {
        return fold_other(word, out);
    }
    out.push_str(word);
    out.make_ascii_lowercase();
    true
}

/// Appends what `folding` (the English analyzer's chain before stemming) makes of one word to
/// `out`; false if it leaves the word out.
pub fn fold_with(folding: &mut TextAnalyzer, word: &str, out: &mut String) -> bool {
    let mut stream = folding.token_stream(word);
    if !stream.advance() {
        return false;
    }
    out.push_str(&stream.token().text);
    true
}

/// The words of `text` with their byte offsets: maximal runs of alphanumeric characters, as
/// tantivy's `SimpleTokenizer` cuts them; ASCII text is scanned byte by byte.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// An iterator over the words of a text; see `words`.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl Words<'_> {
    /// Whether the character at `self.at` is part of a word, and its length in bytes; `None`
    /// at the end.
    #[inline(always)]
    fn class(&self) -> Option<(bool, usize)> {
        let byte = *self.text.as_bytes().get(self.at)?;
        if byte.is_ascii() {
            return Some((byte.is_ascii_alphanumeric(), 1));
        }
        Some(
            self.text
                .get(self.at..)
                .and_then(|rest| rest.chars().next())
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        )
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    /// Always inlined, as `class`: the highlighter runs it for every word of every hit, and
    /// calls where the compiler chose not to inline cost search 5–10% (callgrind).
    #[inline(always)]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = loop {
            let (in_word, len) = self.class()?;
            if in_word {
                break self.at;
            }
            self.at += len;
        };
        while let Some((true, len)) = self.class() {
            self.at += len;
        }
        self.text.get(start..self.at).map(|word| (start, word))
    }
}

/// Appends the words the English analyzer makes of `text` to `out`, for `Replay`: each
/// position the analyzer counts ends with a space, after its word if it has one (a word left
/// out for its length leaves a space alone; words never hold one, being runs of letters and
/// digits, folded to ASCII letters and digits). Documents are analysed this way on all cores
/// before they reach the index writer, whose threads then only post them (see `indexer`), and
/// an article's words, analysed once, serve its passages and the whole-article field.
///
/// It does what `EnglishTokenStream` does, word by word, but writes each stem straight into
/// `out` (a property test checks that the two agree on any text).
pub fn analyse_into(text: &str, out: &mut String) {
    crate::stem::make_room();
    FOLDING.with(|shared| match shared.try_borrow_mut() {
        Ok(mut folding) => analyse_with(&mut folding, text, out),
        // Only if called from within itself: fold with an analyzer of its own.
        Err(_) => analyse_with(&mut crate::schema::folding().build(), text, out),
    })
}

/// `analyse_into`, with `folding` for words that are not ASCII.
fn analyse_with(folding: &mut TextAnalyzer, text: &str, out: &mut String) {
    let mut lowered = String::new();
    // Positions of words left out since the last word written: each still ends with a space,
    // written before the next word (none after the last word, as the stream gives no token).
    let mut left_out = 0;
    for (_, word) in words(text) {
        if !fold_word(word, &mut lowered, |word, out| {
            fold_with(folding, word, out)
        }) {
            left_out += 1;
            continue;
        }
        for _ in 0..std::mem::take(&mut left_out) {
            out.push(' ');
        }
        crate::stem::stem_into(&lowered, out);
        out.push(' ');
    }
}

thread_local! {
    /// This thread's lowercasing and folding for words that are not ASCII (`analyse_into`).
    static FOLDING: RefCell<TextAnalyzer> = RefCell::new(crate::schema::folding().build());
}

/// The tokenizer of text analysed already (`analyse_into`): the same tokens, at the same
/// positions, as the English analyzer gives for the original text. Byte offsets are into the
/// analysed text; the index keeps none.
#[derive(Clone, Default)]
pub struct Replay;

/// The token stream of `Replay`.
pub struct ReplayStream<'a> {
    rest: &'a str,
    at: usize,
    token: Token,
}

impl Tokenizer for Replay {
    type TokenStream<'a> = ReplayStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReplayStream<'a> {
        ReplayStream {
            rest: text,
            at: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for ReplayStream<'_> {
    fn advance(&mut self) -> bool {
        while !self.rest.is_empty() {
            let end = memchr::memchr(b' ', self.rest.as_bytes()).unwrap_or(self.rest.len());
            let word = self.rest.get(..end).unwrap_or_default();
            let start = self.at;
            self.rest = self.rest.get(end + 1..).unwrap_or_default();
            self.at += end + 1;
            self.token.position = self.token.position.wrapping_add(1);
            if word.is_empty() {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(word);
            self.token.offset_from = start;
            self.token.offset_to = start + word.len();
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    use super::*;

    /// The chain the English tokenizer stands for.
    fn chain() -> TextAnalyzer {
        crate::schema::folding()
            .filter(crate::stem::CachedStemmer)
            .build()
    }

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            out.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        out
    }

    #[test]
    fn yields_the_tokens_of_the_chain() {
        let long = "x".repeat(MAX_WORD_BYTES);
        let texts = [
            "North Korean troops were RUNNING; the troops' generals ran.".to_string(),
            format!("before {long} after, 1,500 Ünïcödé Straße naïve café ﬁne 東京 x\u{301}y"),
            "L'Élysée: «Über» — Kyiv's 2024-10-19 e-mail, ÆSIR œuvre İstanbul".to_string(),
            String::new(),
            "  ,, ".to_string(),
        ];
        let mut english = TextAnalyzer::from(EnglishTokenizer::default());
        let mut reference = chain();
        for text in &texts {
            // Twice: the second time the stems come from the memo.
            for _ in 0..2 {
                assert_eq!(
                    tokens(&mut english, text),
                    tokens(&mut reference, text),
                    "{text}"
                );
            }
        }
        let first = tokens(&mut english, &texts[1]);
        // The long word takes a position of its own.
        assert_eq!((first[0].3, first[1].3), (0, 2));
    }

    /// Texts and positions of the tokens of `text`, analysed by `analyzer`.
    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        tokens(analyzer, text)
            .into_iter()
            .map(|(text, _, _, position)| (text, position))
            .collect()
    }

    /// What the index writer reads from `text` analysed with `analyse_into`.
    fn replayed(text: &str) -> Vec<(String, usize)> {
        let mut analysed = String::new();
        analyse_into(text, &mut analysed);
        terms(&mut TextAnalyzer::from(Replay), &analysed)
    }

    #[test]
    fn replay_gives_back_the_words_and_positions_of_the_analysed_text() {
        let long = "x".repeat(MAX_WORD_BYTES);
        let text = format!("{long} Troops RUNNING, {long} {long} naïve café ﬁne");
        let mut analysed = String::new();
        analyse_into(&text, &mut analysed);
        assert_eq!(analysed, " troop run   naiv cafe fine ");
        assert_eq!(
            replayed(&text),
            [
                ("troop", 1),
                ("run", 2),
                ("naiv", 5),
                ("cafe", 6),
                ("fine", 7)
            ]
            .map(|(word, position)| (word.to_string(), position))
        );
        assert_eq!(replayed(""), []);
        assert_eq!(replayed(&long), []);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn yields_the_tokens_of_the_chain_for_any_text(
            text in "(\\PC|[a-zA-Z ]{1,12}|[A-Za-z]{38,42}|[ÀÉÎõüßæœﬁİ])*"
        ) {
            let mut english = TextAnalyzer::from(EnglishTokenizer::default());
            proptest::prop_assert_eq!(tokens(&mut english, &text), tokens(&mut chain(), &text));
        }

        #[test]
        fn replay_gives_back_what_the_analyzer_gives_for_any_text(
            text in "(\\PC|[a-zA-Z ]{1,12}|[A-Za-z]{38,42}|[ÀÉÎõüßæœﬁİ])*"
        ) {
            let mut english = TextAnalyzer::from(EnglishTokenizer::default());
            proptest::prop_assert_eq!(replayed(&text), terms(&mut english, &text));
        }
    }

    #[test]
    fn words_are_cut_as_the_simple_tokenizer_cuts_them() {
        let text = "L'Élysée, 1,500 troops—Kyiv's «Über» naïve x\u{301}y 東京 ok_2 ";
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut expected = Vec::new();
        while stream.advance() {
            let token = stream.token();
            expected.push((token.offset_from, token.text.clone()));
        }
        let found: Vec<(usize, String)> = words(text)
            .map(|(start, word)| (start, word.to_string()))
            .collect();
        assert_eq!(found, expected);
    }
}
