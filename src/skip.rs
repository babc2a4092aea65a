//! Inputs that could not be indexed, and why: reported one line each, counted by reason.

use std::collections::BTreeMap;
use std::fmt;

/// Why a file or record was not indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipKind {
    /// The file could not be read.
    Unreadable,
    /// A symbolic link points nowhere.
    BrokenLink,
    /// A symbolic link leads back to a folder above it.
    LinkLoop,
    /// The file is larger than `--max-file-size`.
    TooLarge,
    /// The file holds nothing but white space.
    Empty,
    /// The file holds binary data, not text.
    Binary,
    /// A JSON record or manifest line cannot be parsed.
    Malformed,
    /// A file or record has no article text at all.
    NoText,
}

impl SkipKind {
    /// How the closing summary names the reason.
    pub fn label(self) -> &'static str {
        match self {
            SkipKind::Unreadable => "unreadable",
            SkipKind::BrokenLink => "broken symlink",
            SkipKind::LinkLoop => "symlink loop",
            SkipKind::TooLarge => "over --max-file-size",
            SkipKind::Empty => "empty",
            SkipKind::Binary => "binary",
            SkipKind::Malformed => "malformed",
            SkipKind::NoText => "no text",
        }
    }
}

/// One input that was not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The file, or `file:line` for a record.
    pub location: String,
    /// The reason, for counting.
    pub kind: SkipKind,
    /// The reason, for people.
    pub detail: String,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.detail)
    }
}

/// Counts skips by reason, in a stable order.
pub fn count_by_kind(skips: &[Skip]) -> BTreeMap<SkipKind, usize> {
    let mut counts = BTreeMap::new();
    for skip in skips {
        *counts.entry(skip.kind).or_insert(0) += 1;
    }
    counts
}
