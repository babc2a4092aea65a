//! Output of `newsdex timeline`: a bar chart of matching articles per bucket, readable
//! without colour, or one JSON object.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::print::human::printable;
use crate::timeline::{Bucket, Timeline};

/// Cells of the longest bar.
const BAR_CELLS: usize = 40;
/// Eighths of a cell, from one eighth to a full block.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

const BAR: Style = AnsiColor::Cyan.on_default();
const DIM: Style = Style::new().dimmed();
const HEADING: Style = Style::new().bold();

/// A bar of `count` against the longest, `max`, in eighths of a cell: never empty for a
/// count above zero.
pub fn bar(count: usize, max: usize) -> String {
    if count == 0 || max == 0 {
        return String::new();
    }
    let eighths = (count * BAR_CELLS * 8).div_ceil(max).max(1);
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(EIGHTHS[eighths % 8 - 1]);
    }
    bar
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// Writes the timeline for people; with `by_source`, one chart per source (most articles
/// first), all on the same scale.
pub fn human(
    out: &mut dyn Write,
    query: &str,
    timeline: &Timeline,
    by_source: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{HEADING}{}{HEADING:#} matching '{}', by {}",
        plural(timeline.articles, "article"),
        printable(query),
        timeline.by.name()
    )?;
    if by_source {
        let mut sources: Vec<(&String, &usize)> = timeline.sources.iter().collect();
        sources.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let max = timeline
            .buckets
            .iter()
            .flat_map(|bucket| bucket.sources.values())
            .copied()
            .max()
            .unwrap_or(0);
        for (source, total) in sources {
            writeln!(out)?;
            writeln!(
                out,
                "{HEADING}{}{HEADING:#} ({})",
                printable(source),
                plural(*total, "article")
            )?;
            let count = |bucket: &Bucket| bucket.sources.get(source).copied().unwrap_or(0);
            chart(out, timeline, max, count)?;
            if let Some(undated) = timeline.undated_sources.get(source) {
                writeln!(out, "{DIM}undated: {}{DIM:#}", plural(*undated, "article"))?;
            }
        }
    } else {
        let max = timeline.buckets.iter().map(|bucket| bucket.count).max();
        chart(out, timeline, max.unwrap_or(0), |bucket| bucket.count)?;
    }
    if timeline.undated > 0 {
        writeln!(
            out,
            "{}",
            format_args!(
                "undated: {} (no date known; not on the chart)",
                plural(timeline.undated, "matching article")
            )
        )?;
    }
    out.flush()
}

/// One line per bucket: label, bar, count, aligned.
fn chart(
    out: &mut dyn Write,
    timeline: &Timeline,
    max: usize,
    count: impl Fn(&Bucket) -> usize,
) -> std::io::Result<()> {
    let label_width = timeline
        .buckets
        .iter()
        .map(|bucket| bucket.label.len())
        .max()
        .unwrap_or(0);
    let count_width = max.to_string().len();
    for bucket in &timeline.buckets {
        let count = count(bucket);
        let bar = bar(count, max);
        let padding = BAR_CELLS + 1 - bar.chars().count();
        writeln!(
            out,
            "{:<label_width$}  {BAR}{bar}{BAR:#}{:padding$} {count:>count_width$}",
            bucket.label, ""
        )?;
    }
    Ok(())
}

/// Writes the timeline as one JSON object.
pub fn json(out: &mut dyn Write, query: &str, timeline: &Timeline) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Record<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        query: &'a str,
        #[serde(flatten)]
        timeline: &'a Timeline,
    }
    serde_json::to_writer(
        &mut *out,
        &Record {
            kind: "timeline",
            query,
            timeline,
        },
    )?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest_in_eighths() {
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(10, 10).chars().count(), BAR_CELLS);
        assert!(bar(10, 10).chars().all(|cell| cell == '█'));
        assert_eq!(bar(5, 10), "█".repeat(20));
        // 1/80 of the longest is a sliver, not nothing.
        assert_eq!(bar(1, 80), "▌");
        assert_eq!(bar(1, 1000), "▏");
    }
}
