//! English stemming with a memo of the words already stemmed.
//!
//! Stemming was the largest single cost of indexing (a third of the indexing threads' time in
//! perf on Reuters-21578): news text repeats a small vocabulary, so each analyzer remembers
//! the stems it computed. Same Snowball English algorithm as tantivy's `Stemmer`.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use frostem::Algorithm;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per analyzer before the memo starts afresh (bounds its memory to a few
/// MiB per indexing thread).
const MEMO_WORDS: usize = 200_000;

/// Stems by word. Hashed with foldhash: the memo is looked up for every word indexed, and
/// xxh3's streaming hasher cost ~260 instructions per short word (9% of indexing).
type Memo = HashMap<String, String, RandomState>;

/// A token filter replacing each word by its English stem.
#[derive(Clone, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            memo: HashMap::with_hasher(RandomState::default()),
        }
    }
}

/// The tokenizer `CachedStemmer` builds around another; owns the memo.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    memo: Memo,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() >= MEMO_WORDS {
            self.memo.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
            stemmer: frostem::Stemmer::new(Algorithm::English),
        }
    }
}

/// The token stream of `CachedStemmerFilter`.
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut Memo,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.memo.get(&token.text) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => {
                let stem = self.stemmer.stem(&token.text).into_owned();
                self.memo
                    .insert(std::mem::take(&mut token.text), stem.clone());
                token.text = stem;
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

thread_local! {
    static MEMO: std::cell::RefCell<(Memo, frostem::Stemmer)> =
        std::cell::RefCell::new((
            HashMap::with_hasher(RandomState::default()),
            frostem::Stemmer::new(Algorithm::English),
        ));
}

/// Runs `f` on the English stem of one word (lowercased and folded already), remembered per
/// thread.
pub fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    MEMO.with(|shared| {
        let Ok(mut shared) = shared.try_borrow_mut() else {
            return f(&frostem::Stemmer::new(Algorithm::English).stem(word));
        };
        let (memo, stemmer) = &mut *shared;
        if let Some(stem) = memo.get(word) {
            return f(stem);
        }
        if memo.len() >= MEMO_WORDS {
            memo.clear();
        }
        let stem = stemmer.stem(word).into_owned();
        let result = f(&stem);
        memo.insert(word.to_string(), stem);
        result
    })
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_as_tantivy_does_also_when_remembered() {
        let text = "troops running ran generously troops generous running nationalities";
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedStemmer)
            .build();
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = tokens(plain, text);
        assert_eq!(expected[0], "troop");
        assert_eq!(tokens(cached, text), expected);
        let one_by_one: Vec<String> = text
            .split(' ')
            .map(|word| with_stem(word, str::to_string))
            .collect();
        assert_eq!(one_by_one, expected);
    }

    #[test]
    fn stems_keep_the_word_but_for_their_last_two_letters() {
        // The highlighter relies on it: Snowball English only rewrites endings, and a
        // rewritten ending differs from the word in at most its last two letters (checked on
        // the 68,670 distinct words of Reuters-21578 and SciFact; the exceptions and every
        // kind of rewrite are pinned here).
        for word in [
            "dying",
            "lying",
            "tying",
            "vying",
            "skies",
            "skis",
            "ugly",
            "idly",
            "early",
            "yelled",
            "ties",
            "cries",
            "gently",
            "news",
            "ran",
            "hoping",
            "possibly",
            "ability",
            "relational",
            "conditional",
            "valenci",
            "digitizer",
            "organization",
            "operator",
            "hopefulness",
            "callousness",
            "decisiveness",
            "sensitiviti",
            "analogi",
            "complicating",
            "electrical",
            "happiness",
            "generously",
            "agreed",
            "feed",
        ] {
            with_stem(word, |stem| {
                let kept: String = stem
                    .chars()
                    .take(stem.chars().count().saturating_sub(2))
                    .collect();
                assert!(word.starts_with(&kept), "{word} -> {stem}");
                assert_eq!(stem.chars().next(), word.chars().next(), "{word} -> {stem}");
            });
        }
    }
}
