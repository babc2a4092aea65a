//! Plain text → paragraphs, shared by the formats whose body is plain text: line breaks,
//! hard wrapping, site furniture, and the headline at the top.

/// A headline has at most this many words.
const MAX_TITLE_WORDS: usize = 25;

/// Splits plain text into trimmed paragraphs with white space runs collapsed.
///
/// Blank lines always separate paragraphs. Within a block of lines:
/// - hard-wrapped text (most lines filled to a common width, as in wire copy) is joined back,
///   and a new paragraph starts at an indented line or after a short line that ends a sentence;
/// - otherwise every line is a paragraph, except that a line stopping mid-sentence and going on
///   in lowercase on the next line is joined to it.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let width = wrap_width(&lines);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut previous: Option<&str> = None;
    for raw in &lines {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut current, &mut paragraphs);
            previous = None;
            continue;
        }
        if let Some(previous) = previous {
            let joins = match width {
                Some(width) => !starts_wrapped_paragraph(previous, raw, width),
                None => continues_sentence(previous, line),
            };
            if joins {
                current.push(' ');
            } else {
                flush(&mut current, &mut paragraphs);
            }
        }
        current.push_str(line);
        previous = Some(line);
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    if !current.is_empty() {
        paragraphs.push(collapse_whitespace(current));
        current.clear();
    }
}

/// `text` with each run of white space made one space, and trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    if text.is_ascii() {
        return collapse_ascii_whitespace(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `collapse_whitespace` for ASCII text, byte by byte (the same white space as
/// `char::is_whitespace`: space, tab, line feed, vertical tab, form feed, carriage return).
fn collapse_ascii_whitespace(text: &str) -> String {
    let is_space = |byte: &u8| matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    for word in text
        .as_bytes()
        .split(is_space)
        .filter(|word| !word.is_empty())
    {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    }
    // Whole ASCII words joined by spaces: still ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// The line width of hard-wrapped text, or `None` when the text is not hard-wrapped: at least
/// five lines, the longest at most 100 characters, and most lines filled to 60% of it.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    let lengths: Vec<usize> = lines
        .iter()
        .map(|line| line.trim_end().chars().count())
        .filter(|&length| length > 0)
        .collect();
    let width = lengths.iter().copied().max()?;
    if lengths.len() < 5 || !(30..=100).contains(&width) {
        return None;
    }
    let filled = lengths
        .iter()
        .filter(|&&length| length * 10 >= width * 6)
        .count();
    (filled * 10 >= lengths.len() * 6).then_some(width)
}

fn starts_wrapped_paragraph(previous: &str, raw_next: &str, width: usize) -> bool {
    let indented = raw_next.len() - raw_next.trim_start().len() >= 2;
    let short = previous.chars().count() * 10 < width * 6;
    indented || (short && ends_sentence(previous))
}

fn continues_sentence(previous: &str, next: &str) -> bool {
    let starts_lowercase = next.chars().next().is_some_and(char::is_lowercase);
    !ends_sentence(previous) && (starts_lowercase || ends_mid_sentence(previous))
}

/// Words that do not end a headline or a paragraph: a line ending in one was cut mid-sentence.
const CONNECTIVES: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "that", "to", "with", "was", "were", "is", "are", "said",
];

/// True if a line ends with a comma or a lowercase connective word.
fn ends_mid_sentence(line: &str) -> bool {
    line.ends_with(',')
        || line
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|word| CONNECTIVES.contains(&word))
}

fn ends_sentence(line: &str) -> bool {
    line.chars()
        .next_back()
        .is_some_and(|c| ".!?:;\"”’)]…".contains(c))
}

/// Site furniture that is never article text, compared after folding case and white space.
const BOILERPLATE_LINES: &[&str] = &[
    "exit mobile version",
    "skip to content",
    "skip to main content",
    "advertisement",
    "this article has been automatically translated, read the original article here.",
    "this article has been automatically translated.",
];

/// Prefixes of short credit lines that are not article text.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "image source -",
    "image source:",
    "image credit:",
    "photo credit:",
    "site icon ",
];

/// True for a paragraph that is site furniture rather than article text.
pub(crate) fn is_boilerplate(paragraph: &str) -> bool {
    // Most paragraphs are long: lowercase only as much as the lists can match (lowercasing
    // goes character by character and never shortens the text).
    const LONGEST_CHARS: usize = 100;
    let cut = paragraph
        .char_indices()
        .nth(LONGEST_CHARS)
        .map_or(paragraph.len(), |(at, _)| at);
    let whole = cut == paragraph.len();
    let head = paragraph[..cut].to_lowercase();
    (whole && BOILERPLATE_LINES.contains(&head.as_str()))
        || (BOILERPLATE_PREFIXES
            .iter()
            .any(|prefix| head.starts_with(prefix))
            && word_count(paragraph) <= 12)
}

/// Takes the kicker and headline off the front of the paragraphs, if they are there, and drops
/// a repeated copy of the headline. A headline needs body text after it.
pub(crate) fn take_headline(paragraphs: &mut Vec<String>) -> (Option<String>, Option<String>) {
    let has_body_after = |index: usize, paragraphs: &[String]| paragraphs.len() > index + 1;
    if paragraphs.is_empty() || !is_headline(&paragraphs[0]) || !has_body_after(0, paragraphs) {
        return (None, None);
    }
    let mut kicker = None;
    if !same_words(&paragraphs[0], &paragraphs[1])
        && is_headline(&paragraphs[1])
        && has_body_after(1, paragraphs)
        && word_count(&paragraphs[0]) <= 8
        && word_count(&paragraphs[0]) < word_count(&paragraphs[1])
    {
        kicker = Some(paragraphs.remove(0));
    }
    let title = paragraphs.remove(0);
    drop_repeated_title(paragraphs, &title);
    (kicker, Some(title))
}

/// Drops a first paragraph that repeats the title (in any case).
pub(crate) fn drop_repeated_title(paragraphs: &mut Vec<String>, title: &str) {
    if paragraphs
        .first()
        .is_some_and(|first| same_words(first, title))
    {
        paragraphs.remove(0);
    }
}

/// A headline is a short line that starts with a capital, digit or quote and does not end
/// like a sentence or mid-sentence.
fn is_headline(line: &str) -> bool {
    let ends_like_sentence = line
        .chars()
        .next_back()
        .is_some_and(|c| ".!:;,\"”'’)…".contains(c));
    let starts_like_headline = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c));
    (1..=MAX_TITLE_WORDS).contains(&word_count(line))
        && starts_like_headline
        && !ends_like_sentence
        && !ends_mid_sentence(line)
        && byline(line).is_none()
}

/// The author named by a byline paragraph such as `By Jane Doe` or `By Jane Doe and John Roe,
/// Reuters`.
pub(crate) fn byline(paragraph: &str) -> Option<&str> {
    let rest = paragraph
        .strip_prefix("By ")
        .or_else(|| paragraph.strip_prefix("BY "))?
        .trim();
    let starts_with_name = rest.chars().next().is_some_and(char::is_uppercase);
    (starts_with_name && word_count(rest) <= 10 && !ends_sentence(rest)).then_some(rest)
}

/// Takes a byline out of the first three paragraphs and returns its author.
pub(crate) fn take_byline(paragraphs: &mut Vec<String>) -> Option<String> {
    let at = paragraphs
        .iter()
        .take(3)
        .position(|paragraph| byline(paragraph).is_some())?;
    let paragraph = paragraphs.remove(at);
    byline(&paragraph).map(str::to_string)
}

/// True if two lines have the same words, ignoring case and spacing.
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_white_space_collapses_as_unicode_white_space_does(
            text in "[ \\t\\n\\x0b\\x0c\\r\\x1c\\x1fa-z.]{0,40}"
        ) {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_ascii_whitespace(&text), expected);
        }
    }

    #[test]
    fn each_line_is_a_paragraph_unless_a_sentence_continues_in_lowercase() {
        assert_eq!(
            paragraphs(
                "The minister said that\nthe troops would stay.\nNext  paragraph.\n\n\nLast."
            ),
            vec![
                "The minister said that the troops would stay.",
                "Next paragraph.",
                "Last."
            ]
        );
    }

    #[test]
    fn hard_wrapped_wire_copy_is_joined_into_its_paragraphs() {
        let wire = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects for the coming temporao,\nalthough normal humidity levels have not been restored,\nComissaria Smith said in its weekly review.\n    The dry period means the temporao will be late this year.\n    Arrivals for the week ended February 22 were 155,221 bags\nof 60 kilos making a cumulative total for the season of 5.93\nmln against 5.81 at the same stage last year.";
        assert_eq!(
            paragraphs(wire),
            vec![
                "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao, although normal humidity levels have not been restored, Comissaria Smith said in its weekly review.",
                "The dry period means the temporao will be late this year.",
                "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos making a cumulative total for the season of 5.93 mln against 5.81 at the same stage last year."
            ]
        );
    }

    #[test]
    fn lines_cut_after_a_connective_or_comma_are_joined() {
        assert_eq!(
            paragraphs(
                "The defence minister said in\nBrussels on Tuesday that the new brigade\nwould be ready by summer, and\nNATO would share the cost."
            ),
            vec![
                "The defence minister said in Brussels on Tuesday that the new brigade would be ready by summer, and NATO would share the cost."
            ]
        );
    }

    #[test]
    fn bylines_are_not_headlines() {
        let mut paragraphs: Vec<String> =
            ["Zeppelin returns", "By Jane Doe", "The airship came back."]
                .map(String::from)
                .to_vec();
        assert_eq!(take_byline(&mut paragraphs), Some("Jane Doe".to_string()));
        assert_eq!(
            take_headline(&mut paragraphs),
            (None, Some("Zeppelin returns".to_string()))
        );
        assert_eq!(byline("By the way, it rained."), None);
    }

    #[test]
    fn boilerplate_is_recognised_in_any_case() {
        assert!(is_boilerplate("Exit Mobile Version"));
        assert!(is_boilerplate("Image Source - washingtonpost.com"));
        assert!(!is_boilerplate(
            "Image Source - a long sentence that goes on and on about the image and what it shows in detail"
        ));
        assert!(!is_boilerplate("Troops advanced."));
    }

    #[test]
    fn a_shorter_line_above_the_headline_is_a_kicker() {
        let mut paragraphs: Vec<String> = [
            "Deployment in Ukraine",
            "Videos show soldiers in Russia",
            "Videos Show Soldiers In Russia",
            "Body.",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            take_headline(&mut paragraphs),
            (
                Some("Deployment in Ukraine".to_string()),
                Some("Videos show soldiers in Russia".to_string())
            )
        );
        assert_eq!(paragraphs, vec!["Body."]);
    }
}
