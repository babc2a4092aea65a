//! User query and filters → tantivy query.
//!
//! The user's text goes through tantivy's query parser (after a check that points at syntax
//! errors); filters are built in code, never pasted into the query text.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::DateTime;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, InvertedIndexRangeQuery, Occur,
    PhraseQuery, Query, QueryParser, QueryParserError, TermQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{IndexRecordOption, Term};

use crate::dates::DateSpan;
use crate::error::{Error, Result};
use crate::highlight::Highlighter;
use crate::schema::{Fields, normalize_source};
use crate::store::Store;

/// How the query text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// newsdex's query syntax: phrases, operators, fields.
    #[default]
    Query,
    /// Plain words: punctuation and operator-like words are just text (`--plain`), and a word
    /// given twice counts twice, as in Lucene's and SQLite's BM25.
    Plain,
}

/// English function words left out of plain queries (Lucene's English stop set, after
/// stemming): they match nearly every passage and only add noise to long natural-language
/// queries. A query made only of them keeps them ("to be or not to be").
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// The analysed words of plain text, each with how often it occurs, stop words left out.
fn plain_words(text: &str) -> Vec<(String, usize)> {
    let mut words: Vec<(String, usize)> = Vec::new();
    crate::schema::with_english_analyzer(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let word = &stream.token().text;
            match words.iter_mut().find(|(known, _)| known == word) {
                Some((_, count)) => *count += 1,
                None => words.push((word.clone(), 1)),
            }
        }
    });
    let is_stop = |word: &str| STOP_WORDS.contains(&word);
    if words.iter().any(|(word, _)| !is_stop(word)) {
        words.retain(|(word, _)| !is_stop(word));
    }
    words
}

/// Matches any of the words in a field, each weighted by how often the query says it.
fn any_of(field: tantivy::schema::Field, words: &[(String, usize)]) -> Box<dyn Query> {
    let clauses = words
        .iter()
        .map(|(word, count)| {
            let term: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ));
            let weighted: Box<dyn Query> = if *count > 1 {
                Box::new(BoostQuery::new(term, *count as f32))
            } else {
                term
            };
            (Occur::Should, weighted)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// Query text with control characters (terminal escapes, NULs, line breaks) turned into spaces:
/// they are never words, and echoing them in an error message could drive the terminal.
pub fn without_controls(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Characters tantivy's grammar gives a meaning newsdex's query syntax does not (single-quoted
/// phrases, ranges, boosts, escapes), and which a query taken from text holds as text:
/// `Putin's`, `[sic]`, `{`. Outside double-quoted phrases they are escaped, so that the
/// words around them are searched as written. A colon after a number (`9:30`, `3:1`) is text
/// too, never a field.
fn literal_characters(text: &str) -> String {
    const LITERAL: [char; 11] = ['\'', '^', '`', '{', '}', '[', ']', '\\', '<', '>', '='];
    let mut escaped = String::with_capacity(text.len() + 8);
    let mut in_phrase = false;
    // Whether the word read so far (since a space, a bracket or a quote) is all digits.
    let mut digits_only: Option<bool> = None;
    for ch in text.chars() {
        if ch == '"' {
            in_phrase = !in_phrase;
        } else if !in_phrase && (LITERAL.contains(&ch) || (ch == ':' && digits_only == Some(true)))
        {
            escaped.push('\\');
        }
        escaped.push(ch);
        digits_only = if ch.is_whitespace() || matches!(ch, '(' | ')' | '"') {
            None
        } else {
            Some(digits_only.unwrap_or(true) && ch.is_ascii_digit())
        };
    }
    escaped
}

/// Filters applied on top of the query text.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Keep articles dated on or after the start of this span.
    pub since: Option<DateSpan>,
    /// Keep articles dated on or before the end of this span.
    pub until: Option<DateSpan>,
    /// Keep articles from any of these sources (case-insensitive); empty keeps all.
    pub sources: Vec<String>,
    /// Keep undated articles even when a date filter is given.
    pub include_undated: bool,
}

impl Filters {
    /// True if a date filter is set.
    pub fn has_date(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }
}

/// A query ready to run.
pub struct Plan {
    /// Passages to return.
    pub query: Box<dyn Query>,
    /// Articles as a whole (their first passage, which carries the `article` field) matching
    /// the query and the filters; their scores are added to their passages' scores.
    pub article: Box<dyn Query>,
    /// Passages the date filter left out only because they are undated, if that is counted.
    pub undated_left_out: Option<Box<dyn Query>>,
    /// Marks the matched words in hit text.
    pub highlighter: Highlighter,
    /// The analysed words of a plain query with their counts, when the article query may be
    /// expanded with feedback from the best articles (see `feedback`).
    pub feedback_words: Option<Vec<(String, usize)>>,
    /// The filters, as queries every match must also match.
    restrictions: Vec<Box<dyn Query>>,
}

impl Plan {
    /// An article query for weighted words, under the same filters as the plan.
    pub fn weighted_article_query(
        &self,
        fields: &Fields,
        words: &[(String, f32)],
    ) -> Box<dyn Query> {
        let clauses = words
            .iter()
            .map(|(word, weight)| {
                let term: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(fields.article, word),
                    IndexRecordOption::WithFreqs,
                ));
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(term, *weight)) as Box<dyn Query>,
                )
            })
            .collect();
        all_of(
            &(Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>),
            &self.restrictions,
            None,
        )
    }
}

/// Words shorter than this (after stemming) are not matched fuzzily: one edit from a short
/// word reaches too many others ("ni" → "is", "his").
pub const MIN_FUZZY_CHARS: usize = 4;

/// How much a headline match adds, relative to the same match in the passage. The headline is
/// repeated on every passage of its article and its field is short, so at full weight it
/// drowns the passage's own evidence (SciFact nDCG@10: 0.655 at 1.0, 0.679 at 0.3; see
/// bench/RESULTS.md).
const HEADLINE_WEIGHT: f32 = 0.3;

/// Builds the query for `text` with `filters`. With `fuzzy`, words also match within one edit.
///
/// Passages must match the query in their own text, so that every hit shows what it matched
/// and `-word` excludes passages, not articles. The same query run against the headline adds
/// to the score of the passages of articles whose headline matches, and run against whole
/// articles (`Plan::article`) it ranks a passage higher when its article as a whole is about
/// the query.
pub fn plan(
    store: &Store,
    text: &str,
    syntax: Syntax,
    filters: &Filters,
    fuzzy: bool,
    feedback: bool,
) -> Result<Plan> {
    let fields = &store.fields;
    let mut feedback_words = None;
    let (matching, headline, article) = match syntax {
        Syntax::Query => {
            check_syntax(text)?;
            let escaped = literal_characters(text);
            let words = words_only(&escaped);
            let parse_for = |field| {
                let parser = QueryParser::for_index(&store.index, vec![field]);
                match &words {
                    Some(ast) => parse_words(&parser, text, ast.clone()),
                    None => parse(&parser, &escaped, text),
                }
            };
            let matching = parse_for(fields.text)?;
            // The article is scored on the words the query asks for (phrases as words; the
            // whole-article field keeps no positions), not on words it excludes.
            let wanted: Vec<(String, usize)> = wanted_words(matching.as_ref(), fields)
                .into_iter()
                .map(|word| (word, 1))
                .collect();
            let article = any_of(fields.article, &wanted);
            (matching, parse_for(fields.title).ok(), article)
        }
        Syntax::Plain => {
            let words = plain_words(text);
            if words.is_empty() {
                return Err(Error::Query(
                    "the query has no words to search for".to_string(),
                ));
            }
            if feedback {
                feedback_words = Some(words.clone());
            }
            (
                any_of(fields.text, &words),
                Some(any_of(fields.title, &words)),
                any_of(fields.article, &words),
            )
        }
    };
    let (mut phrases, loose) = phrases_and_loose_terms(matching.as_ref(), fields);
    // A phrase with slop (`"a b"~2`) may match its words apart: they are marked wherever they
    // are. tantivy does not say which phrase has slop, so any slop turns this off.
    if text.contains("\"~") {
        phrases.clear();
    }
    let highlighter = Highlighter::new(analysed_terms(matching.as_ref(), fields), fuzzy)
        .with_phrases(phrases, &loose);
    let mut clauses = vec![(Occur::Must, matching)];
    if let Some(headline) = headline {
        let weighted: Box<dyn Query> = Box::new(BoostQuery::new(headline, HEADLINE_WEIGHT));
        clauses.push((Occur::Should, weighted));
    }
    if fuzzy {
        clauses = clauses
            .into_iter()
            .map(|(occur, query)| (occur, with_fuzzy_variants(query, fields)))
            .collect();
    }
    let user_query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));

    let mut restrictions: Vec<Box<dyn Query>> = Vec::new();
    if !filters.sources.is_empty() {
        restrictions.push(source_filter(fields, &filters.sources));
    }
    let undated_left_out = (filters.has_date() && !filters.include_undated)
        .then(|| all_of(user_query.as_ref(), &restrictions, Some(undated(fields))));
    if let Some(range) = date_range(fields, filters) {
        restrictions.push(if filters.include_undated {
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, range),
                (Occur::Should, undated(fields)),
            ]))
        } else {
            range
        });
    }
    Ok(Plan {
        query: all_of(user_query.as_ref(), &restrictions, None),
        article: all_of(article.as_ref(), &restrictions, None),
        undated_left_out,
        highlighter,
        feedback_words,
        restrictions,
    })
}

/// `query`, restricted by every one of `restrictions` (and `extra`). Restrictions filter and
/// add nothing to the score: a passage scores the same with or without `--source` or a date.
fn all_of(
    query: &dyn Query,
    restrictions: &[Box<dyn Query>],
    extra: Option<Box<dyn Query>>,
) -> Box<dyn Query> {
    if restrictions.is_empty() && extra.is_none() {
        return query.box_clone();
    }
    let filter = |restriction: Box<dyn Query>| -> (Occur, Box<dyn Query>) {
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(restriction, 0.0)),
        )
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query.box_clone())];
    clauses.extend(
        restrictions
            .iter()
            .map(|restriction| filter(restriction.box_clone())),
    );
    clauses.extend(extra.map(filter));
    Box::new(BooleanQuery::new(clauses))
}

/// `text` parsed; errors quote `shown`, the query as the user wrote it.
fn parse(parser: &QueryParser, text: &str, shown: &str) -> Result<Box<dyn Query>> {
    let query = parser
        .parse_query(text)
        .map_err(|err| parser_error(shown, err))?;
    Ok(hoist_exclusions(query))
}

/// The grammar's reading of a query of words alone (ASCII letters and digits between spaces,
/// none of them an operator), built directly: the most common query, for which tantivy's
/// parser costs more than a tenth of a search. `None` for any other query.
fn words_only(text: &str) -> Option<UserInputAst> {
    // The separators the grammar skips (nom's `multispace`).
    const SEPARATORS: [char; 4] = [' ', '\t', '\r', '\n'];
    if !text
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || SEPARATORS.contains(&ch))
    {
        return None;
    }
    let mut leaves = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for word in text.split(SEPARATORS) {
        if matches!(word, "AND" | "OR" | "NOT" | "IN") {
            return None;
        }
        if word.is_empty() {
            continue;
        }
        // The grammar keeps one of identical clauses, and a clause for a single word.
        let repeated = words.contains(&word);
        words.push(word);
        if repeated {
            continue;
        }
        let literal = UserInputLiteral {
            field_name: None,
            phrase: word.to_string(),
            delimiter: Delimiter::None,
            slop: 0,
            prefix: false,
        };
        leaves.push(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(
            literal,
        ))));
    }
    match words.len() {
        0 => None,
        1 => leaves.pop(),
        _ => Some(UserInputAst::Clause(
            leaves.into_iter().map(|leaf| (None, leaf)).collect(),
        )),
    }
}

/// `parse` for a query of words alone, read by `words_only` (the same query as `parse`'s).
fn parse_words(parser: &QueryParser, text: &str, words: UserInputAst) -> Result<Box<dyn Query>> {
    let query = parser
        .build_query_from_user_input_ast(words)
        .map_err(|err| parser_error(text, err))?;
    Ok(hoist_exclusions(query))
}

/// tantivy parses `a AND NOT b` as `+a +(-b)`, and a group that only excludes matches nothing.
/// Such groups are folded into their parent as exclusions (`+a -b`), which is what was meant.
fn hoist_exclusions(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (occur, sub) in boolean.clauses() {
        let sub = hoist_exclusions(sub.box_clone());
        let exclusions = sub
            .downcast_ref::<BooleanQuery>()
            .filter(|group| {
                !group.clauses().is_empty()
                    && group
                        .clauses()
                        .iter()
                        .all(|(occur, _)| *occur == Occur::MustNot)
            })
            .map(|group| {
                group
                    .clauses()
                    .iter()
                    .map(|(occur, query)| (*occur, query.box_clone()))
                    .collect::<Vec<_>>()
            });
        match exclusions {
            Some(excluded) if *occur == Occur::Must => clauses.extend(excluded),
            _ => clauses.push((*occur, sub)),
        }
    }
    let mut rebuilt = BooleanQuery::new(clauses);
    rebuilt.set_minimum_number_should_match(boolean.get_minimum_number_should_match());
    Box::new(rebuilt)
}

/// Lets every word of the query (not phrases) also match words one edit away. Exact matches
/// keep their BM25 score; a near match scores a constant half point, so it ranks below them.
fn with_fuzzy_variants(query: Box<dyn Query>, fields: &Fields) -> Box<dyn Query> {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean
            .clauses()
            .iter()
            .map(|(occur, sub)| (*occur, with_fuzzy_variants(sub.box_clone(), fields)))
            .collect();
        let mut rebuilt = BooleanQuery::new(clauses);
        rebuilt.set_minimum_number_should_match(boolean.get_minimum_number_should_match());
        return Box::new(rebuilt);
    }
    let Some(term_query) = query.downcast_ref::<TermQuery>() else {
        return query;
    };
    let term = term_query.term();
    let long_enough = term
        .value()
        .as_str()
        .is_some_and(|word| word.chars().count() >= MIN_FUZZY_CHARS);
    if !(term.field() == fields.text || term.field() == fields.title) || !long_enough {
        return query;
    }
    let near: Box<dyn Query> = Box::new(BoostQuery::new(
        Box::new(FuzzyTermQuery::new(term.clone(), 1, true)),
        0.5,
    ));
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, query),
        (Occur::Should, near),
    ]))
}

/// The analysed text terms of a parsed query (title and passage text), for highlighting.
/// The distinct words of the text and title clauses of `query`, except excluded ones.
fn wanted_words(query: &dyn Query, fields: &Fields) -> Vec<String> {
    fn collect(query: &dyn Query, fields: &Fields, words: &mut Vec<String>) {
        match query.downcast_ref::<BooleanQuery>() {
            Some(boolean) => {
                for (occur, clause) in boolean.clauses() {
                    if *occur != Occur::MustNot {
                        collect(clause.as_ref(), fields, words);
                    }
                }
            }
            None => {
                for word in analysed_terms(query, fields) {
                    if !words.contains(&word) {
                        words.push(word);
                    }
                }
            }
        }
    }
    let mut words = Vec::new();
    collect(query, fields, &mut words);
    words
}

/// The phrases of a parsed query (its text and title terms, in order) and the terms it asks
/// for outside any phrase; excluded clauses are left out.
fn phrases_and_loose_terms(
    query: &dyn Query,
    fields: &Fields,
) -> (Vec<Vec<String>>, HashSet<String>) {
    fn collect(
        query: &dyn Query,
        fields: &Fields,
        phrases: &mut Vec<Vec<String>>,
        loose: &mut HashSet<String>,
    ) {
        if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
            for (occur, clause) in boolean.clauses() {
                if *occur != Occur::MustNot {
                    collect(clause.as_ref(), fields, phrases, loose);
                }
            }
        } else if let Some(phrase) = query.downcast_ref::<PhraseQuery>() {
            let terms: Vec<String> = phrase
                .phrase_terms()
                .iter()
                .filter(|term| term.field() == fields.text || term.field() == fields.title)
                .filter_map(|term| term.value().as_str().map(str::to_string))
                .collect();
            phrases.push(terms);
        } else {
            loose.extend(analysed_terms(query, fields));
        }
    }
    let (mut phrases, mut loose) = (Vec::new(), HashSet::new());
    collect(query, fields, &mut phrases, &mut loose);
    (phrases, loose)
}

fn analysed_terms(query: &dyn Query, fields: &Fields) -> Vec<String> {
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| {
        if (term.field() == fields.text || term.field() == fields.title)
            && let Some(text) = term.value().as_str()
        {
            terms.push(text.to_string());
        }
    });
    terms
}

fn source_filter(fields: &Fields, sources: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        sources
            .iter()
            .map(|name| {
                let term = Term::from_field_text(fields.source, &normalize_source(name));
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect(),
    ))
}

fn undated(fields: &Fields) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(fields.date_provenance, "none"),
        IndexRecordOption::Basic,
    ))
}

/// The date filter, on the inverted index of days: a range query on the fast column scans
/// every passage's date, through the column's index of which passages have one (some are
/// undated), and cost a dated search 2–3× an undated one (Reuters x1 p50 0.49 ms, 0.17 ms
/// this way; bench/RESULTS.md).
fn date_range(fields: &Fields, filters: &Filters) -> Option<Box<dyn Query>> {
    if !filters.has_date() {
        return None;
    }
    let term = |instant: chrono::DateTime<chrono::Utc>| {
        let nanos = instant
            .timestamp_nanos_opt()
            .unwrap_or(if instant.timestamp() < 0 {
                i64::MIN
            } else {
                i64::MAX
            });
        Term::from_field_date(fields.date, DateTime::from_timestamp_nanos(nanos))
    };
    let lower = filters
        .since
        .map_or(Bound::Unbounded, |span| Bound::Included(term(span.start)));
    let upper = filters
        .until
        .map_or(Bound::Unbounded, |span| Bound::Excluded(term(span.end)));
    Some(Box::new(InvertedIndexRangeQuery::new(lower, upper)))
}

/// Turns a tantivy parser error into a message for people.
fn parser_error(text: &str, err: QueryParserError) -> Error {
    match err {
        QueryParserError::AllButQueryForbidden => Error::Query(
            "the query only excludes words: add a word to search for, e.g. `troops -russia`"
                .to_string(),
        ),
        QueryParserError::FieldDoesNotExist(field) => syntax_error(
            text,
            text.find(&format!("{field}:")).unwrap_or(0),
            format!("unknown field '{field}'"),
            known_fields_hint(),
        ),
        other => Error::Query(format!("cannot parse `{text}`: {other}")),
    }
}

fn known_fields_hint() -> String {
    format!(
        "hint: the fields are {}; to search for a colon, put the words in quotes",
        Fields::QUERYABLE.join(", ")
    )
}

fn syntax_error(text: &str, at: usize, message: String, hint: String) -> Error {
    let column = text[..at.min(text.len())].chars().count();
    Error::QuerySyntax {
        message,
        query: text.to_string(),
        caret: format!("{}^", " ".repeat(column)),
        hint,
    }
}

/// Finds the syntax errors tantivy's parser would report without saying where: unbalanced
/// quotes and parentheses, unknown fields, and operators missing an operand.
pub fn check_syntax(text: &str) -> Result<()> {
    const MAX_GROUP_DEPTH: usize = 32;
    if text.trim().is_empty() {
        return Err(Error::Query(
            "the query is empty: give words to search for".to_string(),
        ));
    }
    let mut open_quote: Option<usize> = None;
    let mut open_parens: Vec<usize> = Vec::new();
    // (byte offset, token) of the words outside quotes, to check operators and fields.
    let mut tokens: Vec<(usize, &str)> = Vec::new();
    let mut word_start: Option<usize> = None;
    for (at, ch) in text.char_indices() {
        if let Some(quote) = open_quote {
            if ch == '"' {
                open_quote = None;
                // A phrase with its prefix (`title:"…"`, `-"…"`) is one token.
                match word_start.take() {
                    Some(start) => tokens.push((start, &text[start..at + 1])),
                    None => tokens.push((quote, "\"…\"")),
                }
            }
            continue;
        }
        if ch == '"'
            && let Some(start) = word_start
        {
            if !text[start..at].ends_with([':', '-', '+']) {
                return Err(syntax_error(
                    text,
                    at,
                    "a quote inside a word".to_string(),
                    "hint: put a space before the quote to start a phrase, or remove it"
                        .to_string(),
                ));
            }
            // The quote opens a phrase after a field or sign prefix.
            open_quote = Some(at);
            continue;
        }
        let ends_word = ch.is_whitespace() || ch == '"' || ch == '(' || ch == ')';
        if ends_word && let Some(start) = word_start.take() {
            tokens.push((start, &text[start..at]));
        }
        match ch {
            '"' => open_quote = Some(at),
            '(' => {
                if open_parens.len() >= MAX_GROUP_DEPTH {
                    return Err(syntax_error(
                        text,
                        at,
                        format!("groups are nested more than {MAX_GROUP_DEPTH} deep"),
                        "hint: remove some parentheses".to_string(),
                    ));
                }
                if text[at + 1..].trim_start().starts_with(')') {
                    return Err(syntax_error(
                        text,
                        at,
                        "this group is empty".to_string(),
                        "hint: put words between the parentheses, or remove them".to_string(),
                    ));
                }
                open_parens.push(at);
                tokens.push((at, "("));
            }
            ')' => {
                if open_parens.pop().is_none() {
                    return Err(syntax_error(
                        text,
                        at,
                        "this ')' closes nothing".to_string(),
                        "hint: remove it, or open the group with '('".to_string(),
                    ));
                }
                tokens.push((at, ")"));
            }
            _ if !ends_word && word_start.is_none() => word_start = Some(at),
            _ => {}
        }
    }
    if let Some(start) = word_start {
        tokens.push((start, &text[start..]));
    }
    if let Some(quote) = open_quote {
        return Err(syntax_error(
            text,
            quote,
            "this quote is never closed".to_string(),
            "hint: close the phrase with a second '\"'".to_string(),
        ));
    }
    if let Some(&paren) = open_parens.last() {
        return Err(syntax_error(
            text,
            paren,
            "this '(' is never closed".to_string(),
            "hint: close the group with ')'".to_string(),
        ));
    }
    check_tokens(text, &tokens)
}

fn check_tokens(text: &str, tokens: &[(usize, &str)]) -> Result<()> {
    let is_binary = |token: &str| token == "AND" || token == "OR";
    for (index, &(at, token)) in tokens.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| tokens[i].1);
        let next = tokens.get(index + 1).map(|&(_, token)| token);
        let operand_missing_after = next.is_none_or(|next| is_binary(next) || next == ")");
        if is_binary(token) && (previous.is_none_or(|p| is_binary(p) || p == "(" || p == "NOT")) {
            return Err(syntax_error(
                text,
                at,
                format!("{token} needs a word before it"),
                format!(
                    "hint: write `word {token} word`; to search for the word itself, write it in lowercase"
                ),
            ));
        }
        if (is_binary(token) || token == "NOT") && operand_missing_after {
            return Err(syntax_error(
                text,
                at,
                format!("{token} needs a word after it"),
                format!(
                    "hint: write `word {token} word`; to search for the word itself, write it in lowercase"
                ),
            ));
        }
        if token == "IN" {
            return Err(syntax_error(
                text,
                at,
                "IN is an operator".to_string(),
                "hint: to search for the word, write it in lowercase".to_string(),
            ));
        }
        if let Some(sign) = token.chars().next().filter(|c| *c == '-' || *c == '+')
            && token.len() == 1
        {
            return Err(syntax_error(
                text,
                at,
                format!("'{sign}' needs a word right after it"),
                format!("hint: write `{sign}word` with no space"),
            ));
        }
        let bare = token.trim_start_matches(['-', '+']);
        // A colon after a number is text (`9:30`), as `literal_characters` escapes it.
        if let Some((field, _)) = bare.split_once(':')
            && (field.is_empty() || !field.chars().all(|c| c.is_ascii_digit()))
        {
            let field_at = at + (token.len() - bare.len());
            if next.is_none() && bare.ends_with(':') {
                return Err(syntax_error(
                    text,
                    field_at,
                    format!("{field}: needs a word after it"),
                    format!("hint: write `{field}:word` with no space"),
                ));
            }
            if !Fields::QUERYABLE.contains(&field) {
                return Err(syntax_error(
                    text,
                    field_at,
                    format!("unknown field '{field}'"),
                    known_fields_hint(),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English title and text fields' parsers, on an empty index with newsdex's schema.
    fn parsers() -> Vec<QueryParser> {
        let (schema, fields) = Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        crate::schema::register_analyzers(&index);
        [fields.text, fields.title]
            .into_iter()
            .map(|field| QueryParser::for_index(&index, vec![field]))
            .collect()
    }

    /// Asserts that the query built from `words_only` is the parser's, if there is one; returns
    /// whether there is.
    fn read_as_parsed(parsers: &[QueryParser], text: &str) -> bool {
        let Some(words) = words_only(text) else {
            return false;
        };
        for parser in parsers {
            let parsed = format!(
                "{:?}",
                parse(parser, text, text).map_err(|err| err.to_string())
            );
            let built = parse_words(parser, text, words.clone()).map_err(|err| err.to_string());
            assert_eq!(format!("{built:?}"), parsed, "{text:?}");
        }
        true
    }

    #[test]
    fn queries_of_words_alone_are_read_as_the_parser_reads_them() {
        let parsers = parsers();
        for text in [
            "troops",
            "north korean troops",
            "  Kursk\t1987\r\nOIL  oil ",
            "and or not in to",
            "TO TO kursk TO",
            "oil oil",
            "x5 2024 aVeryLongWordOfFortyBytesOrMoreThatIsNotIndexed0 kursk",
            "aVeryLongWordOfFortyBytesOrMoreThatIsNotIndexed0",
        ] {
            assert!(read_as_parsed(&parsers, text), "{text:?}");
        }
        // Anything else goes through the parser.
        for text in [
            "",
            " ",
            "troops AND kursk",
            "NOT kursk",
            "IN",
            "title:kursk",
            "\"kursk\"",
            "kursk*",
            "-kursk",
            "café",
            "kursk\u{c}troops",
            "kursk,",
        ] {
            assert_eq!(words_only(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        #[test]
        fn any_query_of_words_alone_is_read_as_the_parser_reads_it(
            text in "([ \t\r\n]|[a-zA-Z0-9]{1,8}|AND|OR|NOT|IN|TO|[a-z]{40,42})*"
        ) {
            read_as_parsed(&parsers(), &text);
        }
    }

    fn words(text: &str) -> Vec<(String, usize)> {
        plain_words(text)
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(
            without_controls("\u{1b}[31mtroops\u{0}\tkursk\n"),
            " [31mtroops  kursk "
        );
        assert_eq!(
            without_controls("Sergeyevka \"Storm Corps\""),
            "Sergeyevka \"Storm Corps\""
        );
    }

    #[test]
    fn plain_words_drop_stop_words_and_count_repeats() {
        assert_eq!(
            words("The troops of the North are in Kursk; troops moved."),
            vec![
                ("troop".to_string(), 2),
                ("north".to_string(), 1),
                ("kursk".to_string(), 1),
                ("move".to_string(), 1),
            ]
        );
        // A query of stop words alone keeps them.
        assert_eq!(
            words("to be or not"),
            vec![
                ("to".to_string(), 1),
                ("be".to_string(), 1),
                ("or".to_string(), 1),
                ("not".to_string(), 1),
            ]
        );
    }

    fn error_of(text: &str) -> String {
        match check_syntax(text) {
            Ok(()) => String::from("ok"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn well_formed_queries_pass() {
        for query in [
            "troops",
            "\"Storm Corps\" AND russia",
            "(north OR south) AND korea",
            "-russia troops +korea",
            "title:soldiers source:Then13",
            "source:\"Korea Times\" NOT war",
            "a-b c+d",
        ] {
            assert_eq!(error_of(query), "ok", "{query}");
        }
    }

    #[test]
    fn unclosed_quotes_point_at_the_quote() {
        assert_eq!(
            error_of("troops \"Storm Corps"),
            "invalid query: this quote is never closed\n  troops \"Storm Corps\n         ^\nhint: close the phrase with a second '\"'"
        );
    }

    #[test]
    fn unbalanced_parentheses_point_at_the_problem() {
        assert!(
            error_of("(north OR south")
                .starts_with("invalid query: this '(' is never closed\n  (north OR south\n  ^\n")
        );
        assert!(
            error_of("north) south")
                .starts_with("invalid query: this ')' closes nothing\n  north) south\n       ^\n")
        );
    }

    #[test]
    fn dangling_operators_are_reported() {
        assert!(
            error_of("troops AND").starts_with(
                "invalid query: AND needs a word after it\n  troops AND\n         ^\n"
            )
        );
        assert!(
            error_of("OR troops")
                .starts_with("invalid query: OR needs a word before it\n  OR troops\n  ^\n")
        );
        assert!(error_of("troops NOT").starts_with("invalid query: NOT needs a word after it"));
        assert!(error_of("troops -").starts_with("invalid query: '-' needs a word right after it"));
    }

    #[test]
    fn unknown_fields_are_reported_with_the_known_ones() {
        assert_eq!(
            error_of("troops author:smith"),
            "invalid query: unknown field 'author'\n  troops author:smith\n         ^\nhint: the fields are title, text, source; to search for a colon, put the words in quotes"
        );
    }

    #[test]
    fn stray_signs_quotes_groups_and_in_are_reported() {
        assert!(error_of("troops - russia").starts_with(
            "invalid query: '-' needs a word right after it\n  troops - russia\n         ^\n"
        ));
        assert!(
            error_of("foo\"bar\"")
                .starts_with("invalid query: a quote inside a word\n  foo\"bar\"\n     ^\n")
        );
        assert!(
            error_of("troops ()")
                .starts_with("invalid query: this group is empty\n  troops ()\n         ^\n")
        );
        assert!(error_of("troops IN russia").starts_with("invalid query: IN is an operator\n"));
        assert_eq!(error_of("meeting at 9:30"), "ok");
        assert!(error_of("covid19:vaccine").starts_with("invalid query: unknown field 'covid19'"));
        assert!(
            error_of(&"(".repeat(10_000))
                .starts_with("invalid query: groups are nested more than 32 deep")
        );
        assert_eq!(error_of("title:\"north korea\" -\"storm corps\""), "ok");
    }

    #[test]
    fn characters_outside_the_syntax_are_searched_as_text() {
        assert_eq!(literal_characters("Putin's birthday"), "Putin\\'s birthday");
        assert_eq!(
            literal_characters("[sic] {x} a^2 `b` c\\d"),
            "\\[sic\\] \\{x\\} a\\^2 \\`b\\` c\\\\d"
        );
        assert_eq!(literal_characters("9:30 title:war"), "9\\:30 title:war");
        // Inside a phrase they are already text.
        assert_eq!(literal_characters("\"Kim's [sic]\" x"), "\"Kim's [sic]\" x");
        let (schema, fields) = crate::schema::Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        crate::schema::register_analyzers(&index);
        let parser = QueryParser::for_index(&index, vec![fields.text]);
        assert_eq!(literal_characters("x >= 3 < y"), "x \\>\\= 3 \\< y");
        // Only a number before a colon makes it text: `covid19:` is still a (wrong) field.
        assert_eq!(
            literal_characters("covid19:vaccine 12:05"),
            "covid19:vaccine 12\\:05"
        );
        for text in [
            "Putin's birthday",
            "troops {",
            "\\",
            "^",
            "[a TO b]",
            "O'Brien 9:30",
            "profits > costs",
            "x >= 3",
        ] {
            assert!(
                parser.parse_query(&literal_characters(text)).is_ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn carets_count_characters_not_bytes() {
        assert!(
            error_of("café \"x")
                .starts_with("invalid query: this quote is never closed\n  café \"x\n       ^\n")
        );
    }

    #[test]
    fn empty_queries_are_refused() {
        assert_eq!(
            error_of("  "),
            "invalid query: the query is empty: give words to search for"
        );
    }
}
