//! Article dates: parsing metadata values and finding dates in the text.
//!
//! Both directions work on the same small token stream (runs of ASCII digits, runs of letters,
//! single punctuation characters, each remembering whether whitespace came before it) and a
//! handful of patterns over it, instead of a long list of format strings.

use chrono::{DateTime, Datelike, NaiveDate, Weekday};

use super::DateProvenance;

/// Metadata values longer than this (in bytes, once trimmed) are not dates.
const MAX_VALUE_LEN: usize = 200;
/// How many paragraphs of an article's text are searched for a date.
const OPENING_PARAGRAPHS: usize = 3;
/// A date line or byline longer than this (in characters) is a block of text, not a date line.
pub const MAX_DATELINE_CHARS: usize = 160;
/// A line of an article's text this short (in characters) may be a date line; longer ones are
/// running text, where numeric dates are too often versions, scores or amounts.
const MAX_DATELINE_CHARS_IN_TEXT: usize = 60;
/// How many bytes of an article's text are searched for a date, at most.
const OPENING_BYTES: usize = 2000;
/// How far back a weekday inference may go, in years before today's.
const WEEKDAY_YEARS_BACK: i32 = 30;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month names and abbreviations in German, French, Spanish, Italian, Portuguese and Dutch,
/// lowercase: pages in those languages write their dates in words too ("16. Dezember 2012",
/// "9 de enero de 2014", "3 juin 2019"). A month only counts as part of a full date (with a
/// day and a four-digit year), so words like "mars" or "mai" in English text do no harm.
/// Short forms that are also common words elsewhere ("ago", "set", "gen") are left out.
const OTHER_MONTHS: &[(&str, u32)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("februar", 2),
    ("feber", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fév", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("mrt", 3),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("aprile", 4),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Parses a date as found in metadata (header, front matter, JSON field, HTML meta, manifest).
pub fn parse_date_value(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() || value.len() > MAX_VALUE_LEN {
        return None;
    }
    let value = value.strip_suffix('.').unwrap_or(value).trim_end();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return parse_digits(value);
    }
    let tokens = tokenize(value);
    let mut start = Cursor::new(&tokens, 0);
    if weekday(&mut start).is_some() {
        let _ = start.punct('.');
        let _ = start.punct(',');
    }
    let _ = start.word("the");
    // A weekday in a language not known here ("jueves, 09 enero 2014", "Montag, 16.12.2012")
    // is one word before the date.
    let mut after_word = start;
    let skipped = after_word
        .eat(|t| t.kind == Kind::Word && month_number(t.text).is_none())
        .is_some();
    if skipped {
        let _ = after_word.punct(',') || after_word.punct('.');
    }
    let patterns: [Pattern; 5] = [
        |c| iso(c, false),
        numeric,
        cjk,
        |c| month_first(c).and_then(Partial::full_date),
        |c| day_first(c).and_then(Partial::full_date),
    ];
    let starts = std::iter::once(start).chain(skipped.then_some(after_word));
    starts
        .flat_map(|start| patterns.iter().map(move |pattern| (start, pattern)))
        .find_map(|(start, pattern)| {
            let mut c = start;
            let date = pattern(&mut c)?;
            time_tail(c).then_some(date)
        })
}

/// Finds a date in the opening of an article's text: a full date (`Text`), or a month and day
/// whose stated weekday fixes the year (`Weekday`, the latest such date not after `today`).
///
/// A short line of its own in the opening is a date line ("Datum: 22.12.2012, Rubrik: USA"),
/// where the numeric forms of [`find_date_in_dateline`] count too.
pub fn find_date_in_text(text: &str, today: NaiveDate) -> Option<(NaiveDate, DateProvenance)> {
    let opening = opening(text);
    let tokens = tokenize(opening);
    if let Some(date) = (0..tokens.len()).find_map(|pos| full_date_at(&tokens, pos)) {
        return Some((date, DateProvenance::Text));
    }
    let dateline = opening
        .lines()
        .filter(|line| line.chars().count() <= MAX_DATELINE_CHARS_IN_TEXT)
        .find_map(find_date_in_dateline);
    if let Some(date) = dateline {
        return Some((date, DateProvenance::Text));
    }
    (0..tokens.len())
        .find_map(|pos| weekday_date_at(&tokens, pos, today))
        .map(|date| (date, DateProvenance::Weekday))
}

/// Finds the first full date in a short text from a page's date line or byline ("Posted on
/// 16.12.2012 by Ann", "Mis à jour le 3 juin 2019"): the dates of `find_date_in_text`, and the
/// numeric forms that are too ambiguous in running text but usual there (`16.12.2012`,
/// `12/16/2012`, `2012/12/16`).
pub fn find_date_in_dateline(text: &str) -> Option<NaiveDate> {
    let tokens = tokenize(opening(text));
    (0..tokens.len()).find_map(|pos| {
        full_date_at(&tokens, pos).or_else(|| {
            let start = Cursor::new(&tokens, pos);
            let date = iso(&mut { start }, false).or_else(|| numeric(&mut { start }))?;
            (!glued_to_number_before(&tokens, pos)).then_some(date)
        })
    })
}

/// The first paragraphs of a text, at most [`OPENING_BYTES`] long, cut at a char boundary.
fn opening(text: &str) -> &str {
    let mut end = text.len().min(OPENING_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    match text.match_indices("\n\n").nth(OPENING_PARAGRAPHS - 1) {
        Some((index, _)) => &text[..index],
        None => text,
    }
}

/// A full date starting at token `pos`: ISO `2024-10-18`, `October 18, 2024` or `18 Oct. 2024`.
fn full_date_at(tokens: &[Token], pos: usize) -> Option<NaiveDate> {
    if glued_to_number_before(tokens, pos) {
        return None;
    }
    let start = Cursor::new(tokens, pos);
    if let Some(date) = iso(&mut { start }, true) {
        return Some(date);
    }
    month_first(&mut { start })
        .and_then(Partial::full_date)
        .or_else(|| day_first(&mut { start }).and_then(Partial::full_date))
        .or_else(|| cjk(&mut { start }))
}

/// A weekday next to a month and day without a year, starting at token `pos`: "Friday,
/// October 18", "Friday (Oct. 18)", "Friday 18 October", "Friday, the 18th of October".
fn weekday_date_at(tokens: &[Token], pos: usize, today: NaiveDate) -> Option<NaiveDate> {
    let mut c = Cursor::new(tokens, pos);
    let (weekday, abbreviated) = weekday(&mut c)?;
    if abbreviated {
        // "Sun", "Sat", "Wed" are words too: in prose only "Fri." with a dot counts.
        let capitalised = tokens[pos].text.starts_with(|ch: char| ch.is_uppercase());
        if !capitalised || !c.punct('.') {
            return None;
        }
    }
    let _ = c.punct(',');
    let _ = c.punct('(');
    let _ = c.word("the");
    let partial = month_first(&mut { c }).or_else(|| day_first(&mut { c }))?;
    if partial.year.is_some() || partial.weak_month {
        return None;
    }
    (today.year() - WEEKDAY_YEARS_BACK..=today.year())
        .rev()
        .filter_map(|year| ymd(year, partial.month, partial.day))
        .find(|date| date.weekday() == weekday && *date <= today)
}

/// A metadata value made only of digits: `YYYYMMDD`, or a Unix time in seconds (10 digits)
/// or milliseconds (13 digits), in UTC.
fn parse_digits(value: &str) -> Option<NaiveDate> {
    let number = |range: std::ops::Range<usize>| value.get(range)?.parse::<i64>().ok();
    let date = match value.len() {
        8 => ymd(
            i32::try_from(number(0..4)?).ok()?,
            u32::try_from(number(4..6)?).ok()?,
            u32::try_from(number(6..8)?).ok()?,
        )?,
        10 => DateTime::from_timestamp(number(0..10)?, 0)?.date_naive(),
        13 => DateTime::from_timestamp_millis(number(0..13)?)?.date_naive(),
        _ => return None,
    };
    ymd(date.year(), date.month(), date.day())
}

/// A valid calendar date with a four-digit year.
fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1000..=9999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of ASCII digits.
    Num,
    /// A run of letters.
    Word,
    /// One other character.
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    /// Whitespace comes right before the token.
    spaced: bool,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut spaced = false;
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if ch.is_whitespace() {
            spaced = true;
            continue;
        }
        let kind = if ch.is_ascii_digit() {
            Kind::Num
        } else if ch.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct
        };
        let mut end = start + ch.len_utf8();
        let continues = |next: char| match kind {
            Kind::Num => next.is_ascii_digit(),
            Kind::Word => next.is_alphabetic(),
            Kind::Punct => false,
        };
        while let Some((index, next)) = chars.next_if(|&(_, next)| continues(next)) {
            end = index + next.len_utf8();
        }
        tokens.push(Token {
            kind,
            text: &text[start..end],
            spaced,
        });
        spaced = false;
    }
    tokens
}

/// True if token `pos` continues a number, as `18` does in `1.18` or `2,18`.
fn glued_to_number_before(tokens: &[Token], pos: usize) -> bool {
    let Some(token) = tokens.get(pos) else {
        return false;
    };
    if token.spaced || pos == 0 {
        return false;
    }
    let before = tokens[pos - 1];
    before.kind == Kind::Num
        || (pos >= 2
            && before.kind == Kind::Punct
            && !before.spaced
            && ".,:/-".contains(before.text)
            && tokens[pos - 2].kind == Kind::Num)
}

/// A position in a token stream; copied to try a pattern and kept if it matches.
#[derive(Clone, Copy)]
struct Cursor<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
}

impl<'t, 'a> Cursor<'t, 'a> {
    fn new(tokens: &'t [Token<'a>], pos: usize) -> Self {
        Cursor { tokens, pos }
    }

    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    fn is_done(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// Consumes the next token if `accept` says so.
    fn eat(&mut self, accept: impl Fn(&Token) -> bool) -> Option<Token<'a>> {
        let token = self.peek().filter(accept)?;
        self.pos += 1;
        Some(token)
    }

    fn punct(&mut self, ch: char) -> bool {
        self.eat(|t| t.kind == Kind::Punct && t.text.starts_with(ch))
            .is_some()
    }

    /// Consumes `word` (any case) if it comes next.
    fn word(&mut self, word: &str) -> bool {
        self.eat(|t| t.kind == Kind::Word && t.text.eq_ignore_ascii_case(word))
            .is_some()
    }

    /// Consumes a number written with `digits` digits.
    fn number(&mut self, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
        self.eat(|t| t.kind == Kind::Num && digits.contains(&t.text.len()))?
            .text
            .parse()
            .ok()
    }

    /// True if the next token follows the previous one without whitespace.
    fn glued(&self) -> bool {
        self.peek().is_some_and(|t| !t.spaced)
    }
}

/// A month and day, and the year when one follows.
#[derive(Debug, Clone, Copy)]
struct Partial {
    month: u32,
    day: u32,
    year: Option<i32>,
    /// The month is a lowercase "may", which is more likely the verb.
    weak_month: bool,
}

impl Partial {
    /// The date, if the year is known and the day exists.
    fn full_date(self) -> Option<NaiveDate> {
        ymd(self.year?, self.month, self.day)
    }
}

/// A date pattern over tokens, for metadata values.
type Pattern = fn(&mut Cursor) -> Option<NaiveDate>;

/// A month name or abbreviation (any case), with an optional dot: `October`, `Oct.`, `Sept.`.
fn month(c: &mut Cursor) -> Option<(u32, bool)> {
    let token = c.eat(|t| t.kind == Kind::Word && month_number(t.text).is_some())?;
    let _ = c.punct('.');
    let weak = token.text.eq_ignore_ascii_case("may") && !token.text.starts_with('M');
    Some((month_number(token.text)?, weak))
}

fn month_number(word: &str) -> Option<u32> {
    if word.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    let english = MONTHS.iter().position(|name| {
        name.eq_ignore_ascii_case(word)
            || (word.len() == 3 && name.get(..3).is_some_and(|a| a.eq_ignore_ascii_case(word)))
    });
    if let Some(index) = english {
        return u32::try_from(index + 1).ok();
    }
    if word.len() > 12 {
        return None;
    }
    let lower = word.to_lowercase();
    OTHER_MONTHS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, month)| month)
}

/// A weekday name or abbreviation (any case); also says whether it was abbreviated.
fn weekday(c: &mut Cursor) -> Option<(Weekday, bool)> {
    let word = c.peek().filter(|t| t.kind == Kind::Word)?.text;
    let found = WEEKDAYS.iter().find_map(|&(name, weekday)| {
        if name.eq_ignore_ascii_case(word) {
            return Some((weekday, false));
        }
        let prefix = name
            .get(..word.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(word));
        let abbreviation = word.len() == 3
            || ["tues", "thur", "thurs"]
                .iter()
                .any(|a| a.eq_ignore_ascii_case(word));
        (prefix && abbreviation).then_some((weekday, true))
    })?;
    c.pos += 1;
    Some(found)
}

/// A day of the month, `1` to `31`, with an optional ordinal suffix (`18th`).
fn day(c: &mut Cursor) -> Option<u32> {
    let day = c.number(1..=2).filter(|day| (1..=31).contains(day))?;
    if c.glued() {
        let _ = ["st", "nd", "rd", "th", "er"]
            .iter()
            .any(|suffix| c.word(suffix));
    }
    Some(day)
}

/// A four-digit year that is not the start of a longer number (`2024.5`, `2024,000`).
fn year(c: &mut Cursor) -> Option<i32> {
    let year = i32::try_from(c.number(4..=4)?).ok()?;
    let next = Cursor::new(c.tokens, c.pos);
    let continued = next.glued()
        && match next.peek() {
            Some(t) if t.kind == Kind::Num => true,
            Some(t) if t.kind == Kind::Punct && ",.".contains(t.text) => {
                let after = Cursor::new(c.tokens, c.pos + 1);
                after.glued() && after.peek().is_some_and(|t| t.kind == Kind::Num)
            }
            _ => false,
        };
    (!continued).then_some(year)
}

/// An optional `[,] YYYY` after a month and day; the cursor only moves if a year is there.
fn optional_year(c: &mut Cursor) -> Option<i32> {
    let mut attempt = *c;
    let _ = attempt.punct(',')
        || attempt.eat(|t| !t.spaced && t.text == "-").is_some()
        || attempt.word("de")
        || attempt.word("del");
    let year = year(&mut attempt)?;
    *c = attempt;
    Some(year)
}

/// `October 18`, `Oct. 18th`, `Sept. 5, 2024`.
fn month_first(c: &mut Cursor) -> Option<Partial> {
    let (month, weak_month) = month(c)?;
    let day = day(c)?;
    let year = optional_year(c);
    Some(Partial {
        month,
        day,
        year,
        weak_month,
    })
}

/// `18 October`, `18th of Oct.`, `18 October, 2024`, `26-FEB-1987`, `16. Dezember 2012`,
/// `9 de enero de 2014`.
fn day_first(c: &mut Cursor) -> Option<Partial> {
    let day = day(c)?;
    let _ = c
        .eat(|t| !t.spaced && (t.text == "-" || t.text == "."))
        .is_some()
        || c.word("of")
        || c.word("de");
    let (month, weak_month) = month(c)?;
    let year = optional_year(c);
    Some(Partial {
        month,
        day,
        year,
        weak_month,
    })
}

/// `YYYY-MM-DD`; in metadata also `YYYY/MM/DD`, `YYYY.MM.DD` and one-digit months and days.
fn iso(c: &mut Cursor, in_text: bool) -> Option<NaiveDate> {
    let digits = if in_text { 2..=2 } else { 1..=2 };
    let year = i32::try_from(c.number(4..=4)?).ok()?;
    let separator = c
        .eat(|t| !t.spaced && (t.text == "-" || (!in_text && (t.text == "/" || t.text == "."))))?
        .text;
    let month = c.glued().then(|| c.number(digits.clone())).flatten()?;
    let same = |t: &Token| !t.spaced && t.text == separator;
    c.eat(same)?;
    let day = c.glued().then(|| c.number(digits)).flatten()?;
    ymd(year, month, day)
}

/// `2018年6月19日` (Chinese, Japanese) and `2019년 8월 20일` (Korean).
fn cjk(c: &mut Cursor) -> Option<NaiveDate> {
    let unit = |units: [&'static str; 2]| {
        move |t: &Token| t.kind == Kind::Word && units.iter().any(|unit| t.text.starts_with(unit))
    };
    let year = i32::try_from(c.number(4..=4)?).ok()?;
    c.eat(unit(["年", "년"]))?;
    let month = c.number(1..=2)?;
    c.eat(unit(["月", "월"]))?;
    let day = c.number(1..=2)?;
    c.eat(unit(["日", "일"]))?;
    ymd(year, month, day)
}

/// `D.M.YYYY` (day first) or `M/D/YYYY` (month first), swapped when only that makes sense.
fn numeric(c: &mut Cursor) -> Option<NaiveDate> {
    let first = c.number(1..=2)?;
    let separator = c
        .eat(|t| !t.spaced && (t.text == "." || t.text == "/"))?
        .text;
    let second = c.glued().then(|| c.number(1..=2)).flatten()?;
    c.eat(|t| !t.spaced && t.text == separator)?;
    let year = c.glued().then(|| c.number(4..=4)).flatten()?;
    let (mut day, mut month) = if separator == "." {
        (first, second)
    } else {
        (second, first)
    };
    if month > 12 && day <= 12 {
        std::mem::swap(&mut day, &mut month);
    }
    ymd(i32::try_from(year).ok()?, month, day)
}

/// What may follow a date in metadata: nothing, or a time with an optional zone, as in
/// `T08:00:00.123+02:00`, ` 08:00:00 +0000`, ` at 3:04 pm EDT`, `, 08:00 AM`, ` 15:01:01.79`.
fn time_tail(mut c: Cursor) -> bool {
    if c.is_done() {
        return true;
    }
    let _ = c.punct(',') || c.word("t") || c.word("at") || c.punct('@') || c.punct('-');
    let Some(hour) = c.number(1..=2) else {
        return false;
    };
    if !c.punct(':') {
        return false;
    }
    let Some(minute) = c.number(2..=2) else {
        return false;
    };
    let mut second = 0;
    if c.punct(':') {
        let Some(value) = c.number(2..=2) else {
            return false;
        };
        second = value;
        if (c.punct('.') || c.punct(',')) && c.eat(|t| t.kind == Kind::Num && !t.spaced).is_none() {
            return false;
        }
    }
    let meridiem = c.word("am") || c.word("pm") || dotted_meridiem(&mut c);
    let hours = if meridiem { 1..=12 } else { 0..=23 };
    if !hours.contains(&hour) || minute > 59 || second > 60 {
        return false;
    }
    let named = zone_name(&mut c);
    let offset = zone_offset(&mut c);
    if (named || offset) && c.punct('(') && !(zone_name(&mut c) && c.punct(')')) {
        return false;
    }
    c.is_done()
}

/// `a.m.` or `p.m.` (the final dot is optional).
fn dotted_meridiem(c: &mut Cursor) -> bool {
    let mut attempt = *c;
    if (attempt.word("a") || attempt.word("p")) && attempt.punct('.') && attempt.word("m") {
        let _ = attempt.punct('.');
        *c = attempt;
        return true;
    }
    false
}

/// `Z`, `UTC`, `GMT`, `EDT`, `CEST`: a known name in any case or 1 to 5 capitals.
fn zone_name(c: &mut Cursor) -> bool {
    c.eat(|t| {
        t.kind == Kind::Word
            && (["z", "utc", "gmt", "ut"]
                .iter()
                .any(|name| name.eq_ignore_ascii_case(t.text))
                || (t.text.len() <= 5 && t.text.bytes().all(|b| b.is_ascii_uppercase())))
    })
    .is_some()
}

/// `+0000`, `-05:00`, `+02`, `+5:30`.
fn zone_offset(c: &mut Cursor) -> bool {
    let mut attempt = *c;
    if !(attempt.punct('+') || attempt.punct('-') || attempt.punct('\u{2212}')) {
        return false;
    }
    let Some(hours) = attempt.eat(|t| t.kind == Kind::Num && (1..=4).contains(&t.text.len()))
    else {
        return false;
    };
    if hours.text.len() <= 2 && attempt.punct(':') && attempt.number(2..=2).is_none() {
        return false;
    }
    *c = attempt;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn today() -> NaiveDate {
        date(2026, 11, 21)
    }

    fn text_date(text: &str) -> Option<(NaiveDate, DateProvenance)> {
        find_date_in_text(text, today())
    }

    fn assert_values(values: &[&str], expected: Option<NaiveDate>) {
        for value in values {
            assert_eq!(parse_date_value(value), expected, "{value:?}");
        }
    }

    #[test]
    fn rfc3339_and_iso_values() {
        assert_values(
            &[
                "2024-10-18T08:00:00Z",
                "2024-10-18T23:30:00-05:00",
                "2024-10-18T00:30:00+09:00",
                "2024-10-18T08:00:00.123+02:00",
                "2024-10-18T08:00:00.123456789Z",
                "2024-10-18T08:00:00+0200",
                "2024-10-18t08:00:00z",
                "2024-10-18T08:00",
                "2024-10-18",
                "2024/10/18",
                "2024.10.18",
                "2024-10-18 08:00:00",
                "2024-10-18 08:00:00.5",
                "2024-10-18 08:00:00+00:00",
                "2024-10-18 08:00:00 UTC",
                "20241018",
            ],
            Some(date(2024, 10, 18)),
        );
        assert_eq!(parse_date_value("2024-1-5"), Some(date(2024, 1, 5)));
    }

    #[test]
    fn rfc2822_values() {
        assert_values(
            &[
                "Fri, 18 Oct 2024 08:00:00 +0000",
                "Fri, 18 Oct 2024 08:00:00 GMT",
                "Fri, 18 Oct 2024 23:00:00 EST",
                "Fri, 18 Oct 2024 08:00:00 -0500",
                "Fri, 18 Oct 2024 08:00:00 +0000 (UTC)",
                "Fri, 18 Oct 2024 08:00 GMT",
                "18 Oct 2024 08:00:00 +0000",
                "FRI, 18 OCT 2024 08:00:00 +0000",
            ],
            Some(date(2024, 10, 18)),
        );
    }

    #[test]
    fn reuters_sgml_values() {
        assert_values(
            &[
                "26-FEB-1987 15:01:01.79",
                "26-FEB-1987",
                "26-feb-1987 15:01",
            ],
            Some(date(1987, 2, 26)),
        );
        assert_eq!(parse_date_value("5-Mar-1987"), Some(date(1987, 3, 5)));
    }

    #[test]
    fn month_first_values() {
        assert_values(
            &[
                "October 18, 2024",
                "Oct 18, 2024",
                "Oct. 18, 2024",
                "oct 18 2024",
                "October 18th, 2024",
                "Friday, October 18, 2024",
                "Fri, Oct 18, 2024",
                "Fri., Oct. 18, 2024",
                "October 18, 2024 at 3:04 pm EDT",
                "October 18, 2024 at 3:04 p.m. EDT",
                "October 18, 2024 3:04 PM",
                "Oct 18, 2024 08:00 AM",
                "Oct 18, 2024, 08:00 AM",
                "October 18, 2024 08:00 GMT+2",
                "  October 18, 2024.  ",
            ],
            Some(date(2024, 10, 18)),
        );
        assert_eq!(parse_date_value("Sept. 5, 2024"), Some(date(2024, 9, 5)));
        assert_eq!(parse_date_value("Sep 5, 2024"), Some(date(2024, 9, 5)));
        assert_eq!(parse_date_value("May 1st, 2024"), Some(date(2024, 5, 1)));
    }

    #[test]
    fn day_first_values() {
        assert_values(
            &[
                "18 October 2024",
                "18 Oct 2024",
                "18 Oct. 2024",
                "18th October 2024",
                "18 October, 2024",
                "the 18th of October 2024",
                "Friday 18 October 2024",
                "Friday, 18 October 2024 08:00",
                "18 October 2024, 08:00 CEST",
                "18 OCTOBER 2024",
            ],
            Some(date(2024, 10, 18)),
        );
        assert_eq!(parse_date_value("2nd March 2024"), Some(date(2024, 3, 2)));
    }

    #[test]
    fn numeric_values() {
        assert_eq!(parse_date_value("18.10.2024"), Some(date(2024, 10, 18)));
        assert_eq!(parse_date_value("5.10.2024"), Some(date(2024, 10, 5)));
        assert_eq!(
            parse_date_value("05.10.2024 14:30"),
            Some(date(2024, 10, 5))
        );
        assert_eq!(parse_date_value("10/5/2024"), Some(date(2024, 10, 5)));
        assert_eq!(parse_date_value("10/18/2024"), Some(date(2024, 10, 18)));
        // One number over 12 can only be the day.
        assert_eq!(parse_date_value("18/10/2024"), Some(date(2024, 10, 18)));
        assert_eq!(parse_date_value("10.18.2024"), Some(date(2024, 10, 18)));
        assert_eq!(parse_date_value("18/13/2024"), None);
        assert_eq!(parse_date_value("31.02.2024"), None);
    }

    #[test]
    fn dates_in_other_languages() {
        let cases = [
            ("16. Dezember 2012", date(2012, 12, 16)),
            ("Sonntag, 16. Dezember 2012, 10:21", date(2012, 12, 16)),
            ("3. März 2019", date(2019, 3, 3)),
            ("jueves, 09 enero 2014 10:21", date(2014, 1, 9)),
            ("9 de enero de 2014", date(2014, 1, 9)),
            ("1er juin 2019", date(2019, 6, 1)),
            ("lundi 3 février 2020", date(2020, 2, 3)),
            ("12 agosto 2019", date(2019, 8, 12)),
            ("5 outubro 2018", date(2018, 10, 5)),
            ("20 mei 2021", date(2021, 5, 20)),
            ("2018年6月19日 5:50", date(2018, 6, 19)),
            ("2019년 8월 20일", date(2019, 8, 20)),
            ("Montag, 16.12.2012", date(2012, 12, 16)),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_date_value(value), Some(expected), "{value:?}");
        }
        assert_eq!(
            text_date("Berlin, 16. Dezember 2012. Die Regierung hat"),
            Some((date(2012, 12, 16), DateProvenance::Text))
        );
        assert_eq!(
            text_date("東京 2018年6月19日 政府は"),
            Some((date(2018, 6, 19), DateProvenance::Text))
        );
        // A foreign month counts only in a full date.
        assert_eq!(text_date("Mars 2020 landed."), None);
        assert_eq!(parse_date_value("Mars 2020"), None);
    }

    #[test]
    fn date_lines_allow_numeric_dates() {
        let line = |text| find_date_in_dateline(text);
        assert_eq!(
            line("Posted on 16.12.2012 by Ann"),
            Some(date(2012, 12, 16))
        );
        assert_eq!(
            line("Donnerstag, 15.2.2018, 19:51"),
            Some(date(2018, 2, 15))
        );
        assert_eq!(line("08/08/2017"), Some(date(2017, 8, 8)));
        assert_eq!(line("2019/06/20 09:00"), Some(date(2019, 6, 20)));
        assert_eq!(line("By Ann Lee, June 3, 2019"), Some(date(2019, 6, 3)));
        // Numbers within longer numbers are not dates, nor are versions without a year.
        assert_eq!(line("Build 116.12.2012"), None);
        assert_eq!(line("version 1.2.3"), None);
        assert_eq!(line("No date here"), None);
        // Running text does not read numeric dates: too often versions, scores or amounts.
        // A short line of its own in the opening is a date line, where they count.
        assert_eq!(
            text_date("The installer for version 16.12.2012 is out, with fixes for the printer."),
            None
        );
        assert_eq!(
            text_date("Datum: 22.12.2012, Rubrik: USA\n\nDer DOW Jones befindet sich"),
            Some((date(2012, 12, 22), DateProvenance::Text))
        );
        assert_eq!(
            text_date("Headline\n\nPosted 12/16/2012 by Ann\n\nText"),
            Some((date(2012, 12, 16), DateProvenance::Text))
        );
    }

    #[test]
    fn unix_timestamps_are_utc() {
        assert_eq!(parse_date_value("1729238400"), Some(date(2024, 10, 18)));
        assert_eq!(parse_date_value("1729238400000"), Some(date(2024, 10, 18)));
        assert_eq!(parse_date_value("1729295999"), Some(date(2024, 10, 18)));
        assert_eq!(parse_date_value("1729296000"), Some(date(2024, 10, 19)));
        assert_eq!(
            parse_date_value(" 1729238400123 "),
            Some(date(2024, 10, 18))
        );
        assert_eq!(parse_date_value("172923840"), None);
        assert_eq!(parse_date_value("17292384000"), None);
        assert_eq!(parse_date_value("-1729238400"), None);
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_values(
            &[
                "2024-02-30",
                "2023-02-29",
                "2024-13-01",
                "2024-00-10",
                "2024-10-00",
                "20241301",
                "February 30, 2024",
                "31 Apr 2024",
                "30-FEB-1987",
                "0999-10-18",
                "10000-10-18",
                "October 18, 999",
                "October 18, 24",
                "2024-10-18T25:00:00Z",
                "2024-10-18T08:60:00Z",
                "October 18, 2024 at 13:04 pm",
            ],
            None,
        );
        assert_eq!(parse_date_value("2024-02-29"), Some(date(2024, 2, 29)));
    }

    #[test]
    fn garbage_values_are_rejected() {
        let long = format!("October 18, 2024{}", " ".repeat(300) + "x");
        let huge = "9".repeat(100_000);
        assert_values(
            &[
                "",
                "   ",
                ".",
                "yesterday",
                "2024",
                "2024-10",
                "October 2024",
                "October 18",
                "Friday",
                "2024-10-18 and then some",
                "2024-10-18T",
                "2024-10-18T08",
                "2024-10-18T08:00:00+",
                "October 18, 2024 at noon",
                "18 Octobar 2024",
                "2024-10/18",
                "٢٠٢٤-١٠-١٨",
                "🗓 2024-10-18",
                "2024-10-18\u{0}",
                &long,
                &huge,
            ],
            None,
        );
        // Trimmed values of 200 bytes or fewer are still read.
        let padded = format!("{}2024-10-18{}", " ".repeat(500), "\n".repeat(500));
        assert_eq!(parse_date_value(&padded), Some(date(2024, 10, 18)));
    }

    #[test]
    fn values_never_panic() {
        let samples = [
            "é",
            "😀2024",
            "2024-10-18T08:00:00.",
            "Fri,",
            "18th",
            "(",
            "+",
            ":",
            "Oct.",
            "a.m.",
        ];
        for first in samples {
            for second in samples {
                let _ = parse_date_value(&format!("{first}{second}"));
                let _ = parse_date_value(&format!("{first} {second}"));
                let _ = find_date_in_text(&format!("{first}{second}"), today());
            }
        }
    }

    #[test]
    fn mixed_input_never_panics() {
        let pieces = [
            "October",
            "Oct",
            ".",
            ",",
            " ",
            "\n\n",
            "18",
            "2024",
            "-",
            ":",
            "Friday",
            "é",
            "😀",
            "th",
            "May",
            "may",
            "+",
            "0200",
            "T",
            "(",
            ")",
            "the",
            "of",
            "1729238400",
            "/",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let _ = parse_date_value(&text);
            let _ = find_date_in_text(&text, today());
        }
    }

    #[test]
    fn full_dates_in_text() {
        let cases = [
            "Published October 18, 2024. Troops moved.",
            "WASHINGTON, Oct. 18, 2024 — Troops moved.",
            "Troops moved on 18 Oct. 2024 near the border.",
            "Troops moved on 18 October 2024 near the border.",
            "Updated 2024-10-18 08:00.",
            "On Friday, October 18, 2024, troops moved.",
            "Troops moved on the 18th of October, 2024.",
            "SALVADOR, Oct 18 2024 - Showers continued.",
        ];
        for text in cases {
            assert_eq!(
                text_date(text),
                Some((date(2024, 10, 18), DateProvenance::Text)),
                "{text}"
            );
        }
    }

    #[test]
    fn the_first_full_date_wins() {
        let text = "On Friday, October 18, the ministry said the talks of 3 March 2023 had \
                    failed, after the meeting of October 1, 2022.";
        assert_eq!(
            text_date(text),
            Some((date(2023, 3, 3), DateProvenance::Text))
        );
    }

    #[test]
    fn impossible_full_dates_are_skipped() {
        let text = "A memo dated February 30, 2024 and another dated March 1, 2024.";
        assert_eq!(
            text_date(text),
            Some((date(2024, 3, 1), DateProvenance::Text))
        );
    }

    #[test]
    fn month_and_day_alone_are_not_dates() {
        assert_eq!(text_date("On October 18, the ministry said so."), None);
        assert_eq!(
            text_date("SALVADOR, Feb 26 - Showers continued throughout the week."),
            None
        );
        let sample = "On October 18, the South Korean National Intelligence Service \
                      confirmed ... U.S. Defense Secretary Lloyd Austin ... addressed the \
                      situation on October 19.";
        assert_eq!(text_date(sample), None);
    }

    #[test]
    fn numbers_are_not_years_or_days() {
        assert_eq!(text_date("On October 18, 1,500 soldiers arrived."), None);
        assert_eq!(
            text_date("By October 18, 2024,000 tonnes had shipped."),
            None
        );
        assert_eq!(text_date("It grew 1.18 October 2024 units"), None);
        assert_eq!(text_date("Version 12024-10-18 was released."), None);
    }

    #[test]
    fn lowercase_may_is_the_verb() {
        assert_eq!(
            text_date("Prices may 5 percent rise, he said on Friday."),
            None
        );
        assert_eq!(text_date("He said on Friday, may 5 percent rise."), None);
        assert_eq!(
            text_date("He said on Friday, May 5, that prices would rise."),
            Some((date(2023, 5, 5), DateProvenance::Weekday))
        );
        assert_eq!(
            text_date("Filed may 5, 2024 by the clerk."),
            Some((date(2024, 5, 5), DateProvenance::Text))
        );
        assert_eq!(
            text_date("Prices may 5 percent rise. Filed 6 May 2024."),
            Some((date(2024, 5, 6), DateProvenance::Text))
        );
    }

    #[test]
    fn sample_corpus_sentence_gets_a_weekday_date() {
        let text = "North Korea has deployed a first contingent of 1,500 soldiers of its special \
                    forces in Vladivostok, in the Russian Far East, and will send others soon, \
                    the South Korean intelligence service said this Friday, October 18.";
        assert_eq!(
            text_date(text),
            Some((date(2024, 10, 18), DateProvenance::Weekday))
        );
    }

    #[test]
    fn weekday_forms() {
        let cases = [
            "The service said this Friday, October 18.",
            "The service said on Friday (October 18) that troops moved.",
            "The service said Friday, Oct. 18, that troops moved.",
            "The service said Friday 18 October that troops moved.",
            "The service said on Friday, the 18th of October, that troops moved.",
            "The service said on Fri., Oct. 18 that troops moved.",
            "THE SERVICE SAID FRIDAY, OCTOBER 18, THAT TROOPS MOVED.",
        ];
        for text in cases {
            assert_eq!(
                text_date(text),
                Some((date(2024, 10, 18), DateProvenance::Weekday)),
                "{text}"
            );
        }
    }

    #[test]
    fn weekday_year_is_the_latest_not_after_today() {
        let text = "said this Friday, October 18.";
        // 2026-10-18 is a Sunday and 2025-10-18 a Saturday: the latest Friday is in 2024.
        assert_eq!(
            find_date_in_text(text, date(2026, 11, 21)),
            Some((date(2024, 10, 18), DateProvenance::Weekday))
        );
        // On 2024-10-17 that Friday is still to come: the one before is 2019-10-18.
        assert_eq!(
            find_date_in_text(text, date(2024, 10, 17)),
            Some((date(2019, 10, 18), DateProvenance::Weekday))
        );
        // Today itself is allowed.
        assert_eq!(
            find_date_in_text(text, date(2024, 10, 18)),
            Some((date(2024, 10, 18), DateProvenance::Weekday))
        );
        assert_eq!(
            find_date_in_text("on Thursday, February 29", date(2026, 1, 1)),
            Some((date(2024, 2, 29), DateProvenance::Weekday))
        );
    }

    #[test]
    fn weekday_inference_has_limits() {
        assert_eq!(text_date("said this Friday, February 30."), None);
        assert_eq!(text_date("said this Friday, October 32."), None);
        assert_eq!(
            text_date("said this Friday that on October 18 troops moved."),
            None
        );
        // Abbreviations without a dot are words too ("The Sun, October 18").
        assert_eq!(text_date("The Sun, October 18, reported it."), None);
        // A full date anywhere in the opening beats a weekday inference.
        assert_eq!(
            text_date("said this Friday, October 18. The report of 3 March 2023 said so."),
            Some((date(2023, 3, 3), DateProvenance::Text))
        );
    }

    #[test]
    fn only_the_opening_is_searched() {
        let later = "First.\n\nSecond.\n\nThird.\n\nPublished October 18, 2024.";
        assert_eq!(text_date(later), None);
        let third = "First.\n\nSecond.\n\nPublished October 18, 2024.";
        assert_eq!(
            text_date(third),
            Some((date(2024, 10, 18), DateProvenance::Text))
        );
        let far = format!("{} Published October 18, 2024.", "word ".repeat(500));
        assert_eq!(text_date(&far), None);
        // The byte limit falls inside a multi-byte character without panicking.
        let accents = format!("{}October 18, 2024", "é".repeat(999) + "x");
        assert_eq!(text_date(&accents), None);
        let accents = format!("{} October 18, 2024", "é".repeat(900));
        assert_eq!(
            text_date(&accents),
            Some((date(2024, 10, 18), DateProvenance::Text))
        );
    }

    #[test]
    fn text_without_dates() {
        assert_eq!(text_date(""), None);
        assert_eq!(text_date("Nothing to see here."), None);
        assert_eq!(text_date("In 2024, troops moved 18 km in March."), None);
        assert_eq!(text_date("Troops march 5 miles on Friday."), None);
    }
}
