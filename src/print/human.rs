//! Output for people: one block per hit with the matched words highlighted.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::search::{FileChange, Hit, Neighbour, SearchResults};

/// Passages longer than this many characters are trimmed around their matches.
const MAX_EXCERPT_CHARS: usize = 360;
/// Characters of context kept before the first match of a trimmed passage.
const LEAD_CHARS: usize = 80;

const RANK: Style = AnsiColor::Yellow.on_default().bold();
const DATE: Style = AnsiColor::Green.on_default();
const SOURCE: Style = AnsiColor::Cyan.on_default().bold();
const TITLE: Style = Style::new().bold();
const DERIVED_TITLE: Style = Style::new().italic();
const DIM: Style = Style::new().dimmed();
const MATCH: Style = AnsiColor::Red.on_default().bold();

/// Writes the hits and a closing line. `out` decides whether styles become colour.
pub fn print(out: &mut dyn Write, results: &SearchResults) -> std::io::Result<()> {
    for hit in &results.hits {
        print_hit(out, hit)?;
    }
    let summary = &results.summary;
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    writeln!(
        out,
        "{DIM}{} of {} ({:.1} ms){DIM:#}",
        plural(summary.hits, "hit"),
        plural(summary.total_matches, "matching passage"),
        summary.elapsed_ms
    )?;
    if let Some(left_out) = summary.undated_left_out.filter(|count| *count > 0) {
        writeln!(
            out,
            "{DIM}{} from undated articles left out by the date filter; add --include-undated to keep them{DIM:#}",
            plural(left_out, "matching passage")
        )?;
    }
    out.flush()
}

fn print_hit(out: &mut dyn Write, hit: &Hit) -> std::io::Result<()> {
    let date = match &hit.date {
        Some(date) if hit.date_provenance.is_inferred() => format!("~{date}"),
        Some(date) => date.clone(),
        None => "undated".to_string(),
    };
    // A title made from the first sentence is marked, so that it is never quoted as a headline.
    let (title_style, marker) = if hit.title_derived {
        (DERIVED_TITLE, "[no headline] ")
    } else {
        (TITLE, "")
    };
    writeln!(
        out,
        "{RANK}{}.{RANK:#} {DATE}{date}{DATE:#}  {SOURCE}{}{SOURCE:#}  {DIM}{marker}{DIM:#}{title_style}{}{title_style:#}",
        hit.rank,
        printable(&hit.source),
        printable(&hit.title)
    )?;
    // An article that is not known by its file's path (one of many in a JSON Lines file, or
    // one with an id of its own) shows its id, which `newsdex show` takes.
    let id = if hit.rel == hit.id {
        String::new()
    } else {
        format!(" · id {}", printable_name(&hit.id))
    };
    writeln!(
        out,
        "   {DIM}{}{id} · passage {} · score {:.2}{DIM:#}",
        printable_name(&hit.path),
        hit.passage,
        hit.score
    )?;
    // A passage quoted from a file that changed since may no longer be what the file says.
    match hit.file_changed {
        Some(FileChange::Modified) => writeln!(
            out,
            "   {DIM}(the file was modified since it was indexed: run `newsdex index`){DIM:#}"
        )?,
        Some(FileChange::Deleted) => writeln!(
            out,
            "   {DIM}(the file was deleted since it was indexed: run `newsdex index`){DIM:#}"
        )?,
        None => {}
    }
    let before = hit.before.as_deref().unwrap_or_default();
    let after = hit.after.as_deref().unwrap_or_default();
    for neighbour in before {
        write_neighbour(out, neighbour)?;
    }
    let (start, end) = if before.is_empty() && after.is_empty() {
        excerpt(&hit.text, &hit.highlights)
    } else {
        // With context, the hit is shown whole, like its neighbours.
        (0, hit.text.len())
    };
    write!(out, "   ")?;
    if !before.is_empty() || !after.is_empty() {
        write!(out, "{RANK}[{}]{RANK:#} ", hit.passage)?;
    }
    if start > 0 {
        write!(out, "…")?;
    }
    let mut at = start;
    for &(from, to) in &hit.highlights {
        if from < at || to > end {
            continue;
        }
        write_text(out, &hit.text[at..from])?;
        write!(out, "{MATCH}{}{MATCH:#}", printable(&hit.text[from..to]))?;
        at = to;
    }
    write_text(out, &hit.text[at..end])?;
    if end < hit.text.len() {
        write!(out, "…")?;
    }
    writeln!(out)?;
    for neighbour in after {
        write_neighbour(out, neighbour)?;
    }
    for copy in &hit.copies {
        writeln!(
            out,
            "   {DIM}also in:{DIM:#} {SOURCE}{}{SOURCE:#} {DATE}{}{DATE:#} {DIM}{} · passage {}{DIM:#}",
            printable(&copy.source),
            copy.date.as_deref().unwrap_or("undated"),
            printable_name(&copy.path),
            copy.passage
        )?;
    }
    if hit.more_in_article > 0 {
        let plural = if hit.more_in_article == 1 { "" } else { "s" };
        writeln!(
            out,
            "   {DIM}+{} more matching passage{plural} in this article{DIM:#}",
            hit.more_in_article
        )?;
    }
    writeln!(out)
}

/// Writes a passage shown for context, dimmed, with its number.
fn write_neighbour(out: &mut dyn Write, neighbour: &Neighbour) -> std::io::Result<()> {
    writeln!(
        out,
        "   {DIM}[{}] {}{DIM:#}",
        neighbour.passage,
        printable(&neighbour.text).replace("\n\n", "\n   ")
    )
}

/// Writes passage text with its paragraph breaks indented under the hit.
fn write_text(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    write!(out, "{}", printable(text).replace("\n\n", "\n   "))
}

/// Text from articles with control characters removed (a saved page can hold terminal escape
/// sequences); line breaks are kept.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}

/// A file name or id with control characters (a newline in a file name, say) written as
/// escapes, so that it stays on one line and can be told apart.
pub fn printable_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The byte range of `text` to show: all of it when short, else a window of about
/// [`MAX_EXCERPT_CHARS`] characters holding as many matches as possible, cut at spaces.
pub fn excerpt(text: &str, highlights: &[(usize, usize)]) -> (usize, usize) {
    if text.chars().count() <= MAX_EXCERPT_CHARS {
        return (0, text.len());
    }
    let window_bytes = |from: usize| advance_chars(text, from, MAX_EXCERPT_CHARS);
    let mut best = (0, 0usize);
    for &(anchor, _) in highlights {
        let from = back_chars(text, anchor, LEAD_CHARS);
        let to = window_bytes(from);
        // Highlights are in order and do not overlap, so those inside are a run of them,
        // found by bisection (counting them for each anchor was quadratic).
        let first = highlights.partition_point(|(start, _)| *start < from);
        let past = highlights.partition_point(|(_, end)| *end <= to);
        let inside = past.saturating_sub(first);
        if inside > best.1 {
            best = (from, inside);
        }
    }
    let from = snap_forward(text, best.0);
    let to = snap_back(text, window_bytes(from)).max(from);
    (from, to)
}

fn advance_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(offset, _)| from + offset)
}

fn back_chars(text: &str, from: usize, chars: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(offset, _)| offset)
}

/// Moves a start offset to the beginning of the next word, unless it is already at one.
fn snap_forward(text: &str, from: usize) -> usize {
    if from == 0 || text[..from].ends_with(char::is_whitespace) {
        return from;
    }
    text[from..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(from, |(space, c)| from + space + c.len_utf8())
}

/// Moves an end offset back to the end of the previous word, unless it is at the end.
fn snap_back(text: &str, to: usize) -> usize {
    if to >= text.len() || text[to..].starts_with(char::is_whitespace) {
        return to;
    }
    text[..to].rfind(char::is_whitespace).unwrap_or(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_excerpt_holds_the_most_matches() {
        let text = format!(
            "{} troops troops troops {}",
            "word ".repeat(200),
            "calm ".repeat(200)
        );
        let at = |nth: usize| {
            text.match_indices("troops")
                .nth(nth)
                .map_or(0, |(at, _)| at)
        };
        let highlights = [
            (3, 7),
            (at(0), at(0) + 6),
            (at(1), at(1) + 6),
            (at(2), at(2) + 6),
        ];
        let (start, end) = excerpt(&text, &highlights);
        assert!(start <= at(0) && at(2) + 6 <= end, "{start}..{end}");
        assert!(start > 7, "{start}");
    }

    #[test]
    fn windows_snap_to_words_across_multibyte_spaces() {
        let text = format!("{}\u{a0}{}", "a".repeat(200), "needle b ".repeat(40));
        let at = text.find("needle").unwrap_or(0);
        let (start, end) = excerpt(&text, &[(at, at + 6)]);
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert!(text[start..end].contains("needle"));
    }

    #[test]
    fn control_characters_are_not_printed() {
        assert_eq!(printable("a\u{1b}[2Jb\u{7}\nc"), "a[2Jb\nc");
        assert_eq!(
            printable_name("corpus/two\nlines\u{1b}.txt"),
            "corpus/two\\nlines\\u{1b}.txt"
        );
    }

    #[test]
    fn short_passages_are_shown_whole() {
        assert_eq!(excerpt("short text", &[(0, 5)]), (0, 10));
    }

    #[test]
    fn long_passages_are_trimmed_around_the_matches_at_word_boundaries() {
        let text = format!("{} needle {}", "early ".repeat(100), "late ".repeat(100));
        let at = text.find("needle").unwrap_or(0);
        let (start, end) = excerpt(&text, &[(at, at + 6)]);
        assert!(start > 0 && end < text.len());
        assert!(text[start..end].contains("needle"));
        assert!(text[start..end].starts_with("early"));
        assert!(text[start..end].ends_with("late"));
        assert!(text[start..end].chars().count() <= MAX_EXCERPT_CHARS);
    }
}
