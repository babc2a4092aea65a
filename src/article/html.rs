//! Saved web pages: the article's main text and its metadata.

use super::Draft;

/// Extracts the article from a saved HTML page.
pub(crate) fn parse(_html: &str) -> Draft {
    Draft::default()
}
