//! English stemming with a memo of the words already stemmed.
//!
//! Stemming was the largest single cost of indexing (a third of the indexing threads' time in
//! perf on Reuters-21578): news text repeats a small vocabulary, so each thread remembers the
//! stems it computed, for every analyzer running on it. Same Snowball English algorithm as
//! tantivy's `Stemmer`.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use frostem::Algorithm;
#[cfg(test)]
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Words a memo remembers before it starts afresh (bounds its memory to a few MiB per
/// thread).
const MEMO_WORDS: usize = 200_000;

/// English stems by word, remembered (up to `MEMO_WORDS` words, then afresh). Hashed with
/// foldhash: the memo is looked up for every word indexed, and xxh3's streaming hasher cost
/// ~260 instructions per short word (9% of indexing).
#[derive(Clone)]
pub struct Memo {
    /// Stems of words of up to `ShortWord::BYTES` bytes (nearly all), by their bytes.
    short: HashMap<ShortWord, String, RandomState>,
    /// Stems of longer words.
    long: HashMap<String, String, RandomState>,
    stemmer: frostem::Stemmer,
}

/// A word of up to `BYTES` bytes as a memo key: its bytes and length in four machine words,
/// compared and hashed as such. Keyed by `String`, the memo spent a third of its time in
/// `memcmp` calls for words of a few bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ShortWord([u64; 4]);

impl std::hash::Hash for ShortWord {
    /// The four words folded into one for the hasher, which mixes it: hashing them as 32
    /// bytes cost more than the `memcmp` calls saved.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let [a, b, c, d] = self.0;
        state.write_u64(a ^ b.rotate_left(16) ^ c.rotate_left(32) ^ d.rotate_left(48));
    }
}

impl ShortWord {
    const BYTES: usize = 31;

    fn of(word: &str) -> Option<ShortWord> {
        let bytes = word.as_bytes();
        if bytes.len() > Self::BYTES {
            return None;
        }
        let mut key = [0u8; 32];
        key.get_mut(..bytes.len())?.copy_from_slice(bytes);
        key[Self::BYTES] = u8::try_from(bytes.len()).ok()?;
        let mut words = [0u64; 4];
        for (word, chunk) in words.iter_mut().zip(key.chunks_exact(8)) {
            let mut lane = [0u8; 8];
            lane.copy_from_slice(chunk);
            *word = u64::from_ne_bytes(lane);
        }
        Some(ShortWord(words))
    }
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            short: HashMap::with_hasher(RandomState::default()),
            long: HashMap::with_hasher(RandomState::default()),
            stemmer: frostem::Stemmer::new(Algorithm::English),
        }
    }
}

impl Memo {
    /// Starts afresh if the memo is full.
    pub fn make_room(&mut self) {
        if self.short.len() + self.long.len() >= MEMO_WORDS {
            self.short.clear();
            self.long.clear();
        }
    }

    /// The stem of `word` (lowercased and folded already), remembered.
    pub fn stem(&mut self, word: &str) -> &str {
        let stemmer = &self.stemmer;
        let stem = || stemmer.stem(word).into_owned();
        match ShortWord::of(word) {
            Some(key) => self.short.entry(key).or_insert_with(stem),
            None => {
                // Looked up before inserting, so that a remembered word is not copied.
                if !self.long.contains_key(word) {
                    self.long.insert(word.to_string(), stem());
                }
                self.long.get(word).map_or("", String::as_str)
            }
        }
    }

    /// Appends the stem of `word` (lowercased and folded already) to `out`.
    pub fn stem_into(&mut self, word: &str, out: &mut String) {
        out.push_str(self.stem(word));
    }
}

/// A token filter replacing each word by its English stem: the last step of the English
/// analyzer as a chain of filters, which `english::EnglishTokenizer` runs in one pass (the
/// tests check the two agree).
#[cfg(test)]
#[derive(Clone, Default)]
pub struct CachedStemmer;

#[cfg(test)]
impl tantivy::tokenizer::TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            memo: Memo::default(),
        }
    }
}

/// The tokenizer `CachedStemmer` builds around another; owns the memo.
#[cfg(test)]
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    memo: Memo,
}

#[cfg(test)]
impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.memo.make_room();
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

/// The token stream of `CachedStemmerFilter`.
#[cfg(test)]
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut Memo,
}

#[cfg(test)]
impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let word = std::mem::take(&mut token.text);
        self.memo.stem_into(&word, &mut token.text);
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
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Runs `f` on the English stem of one word (lowercased and folded already), remembered per
/// thread.
pub fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    MEMO.with(|shared| match shared.try_borrow_mut() {
        Ok(mut memo) => {
            memo.make_room();
            f(memo.stem(word))
        }
        // Only if called from within `f`.
        Err(_) => f(&frostem::Stemmer::new(Algorithm::English).stem(word)),
    })
}

/// Appends the English stem of one word (lowercased and folded already) to `out`, from this
/// thread's memo: the analyzers of every field on a thread share it (tantivy gives each field
/// of each segment writer an analyzer of its own, which would each stem the vocabulary anew).
pub fn stem_into(word: &str, out: &mut String) {
    MEMO.with(|shared| match shared.try_borrow_mut() {
        Ok(mut memo) => memo.stem_into(word, out),
        Err(_) => out.push_str(&frostem::Stemmer::new(Algorithm::English).stem(word)),
    })
}

/// Starts this thread's memo afresh if it is full.
pub fn make_room() {
    MEMO.with(|shared| {
        if let Ok(mut memo) = shared.try_borrow_mut() {
            memo.make_room();
        }
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
    fn short_and_long_words_are_remembered_apart() {
        let stemmer = frostem::Stemmer::new(Algorithm::English);
        let short = "internationalizationsxxxxxxxxxx"; // 31 bytes: kept inline
        let long = "internationalizationsxxxxxxxxxxx"; // 32 bytes
        assert!(ShortWord::of(short).is_some() && ShortWord::of(long).is_none());
        assert!(ShortWord::of("a") != ShortWord::of("a\0"));
        let mut memo = Memo::default();
        for _ in 0..2 {
            for word in [short, long, "a", "a\0", "troops", "generously"] {
                let mut out = String::from(">");
                memo.stem_into(word, &mut out);
                assert_eq!(out, format!(">{}", stemmer.stem(word)), "{word}");
                assert_eq!(memo.stem(word), stemmer.stem(word), "{word}");
            }
        }
        assert_eq!((memo.short.len(), memo.long.len()), (5, 1));
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
