//! TREC run format: `QID Q0 DOCID RANK SCORE newsdex`, one line per article, for `trec_eval`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use crate::search::ArticleHit;

/// Writes one query's article ranking. Ids are written as `trec_id` writes them, so that every
/// line keeps its six fields.
pub fn print(out: &mut dyn Write, query_id: &str, hits: &[ArticleHit]) -> std::io::Result<()> {
    let query_id = trec_id(query_id);
    for hit in hits {
        writeln!(
            out,
            "{query_id} Q0 {} {} {:.6} newsdex",
            trec_id(&hit.id),
            hit.rank,
            hit.score
        )?;
    }
    out.flush()
}

/// An id as a TREC field: white space (which separates the fields), control characters and
/// `%` itself percent-encoded, byte by byte (`my file.txt` → `my%20file.txt`), so that ids made
/// from file names stay one field, and the encoding can be undone. Other ids are unchanged.
fn trec_id(id: &str) -> Cow<'_, str> {
    let needs_escape = |c: char| c.is_whitespace() || c.is_control() || c == '%';
    if !id.contains(needs_escape) {
        return Cow::Borrowed(id);
    }
    let mut escaped = String::with_capacity(id.len() + 8);
    for c in id.chars() {
        if needs_escape(c) {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                // Writing to a String cannot fail.
                let _ = write!(escaped, "%{byte:02X}");
            }
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// An id as `trec_id` wrote it, decoded; `None` when it holds no valid escape or does not
/// decode to UTF-8.
pub fn decode_trec_id(field: &str) -> Option<String> {
    if !field.contains('%') {
        return None;
    }
    let bytes = field.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (b'%', None) => return None,
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::{decode_trec_id, trec_id};

    #[test]
    fn encoded_ids_decode_to_themselves() {
        for id in [
            "news/North Korea - BBC.html",
            "a\tb\nc",
            "100%",
            "a\u{a0}b",
            "Überfall 中国",
        ] {
            assert_eq!(decode_trec_id(&trec_id(id)).as_deref(), Some(id));
        }
        assert_eq!(decode_trec_id("MED-10"), None);
        assert_eq!(decode_trec_id("50%off"), None);
        assert_eq!(decode_trec_id("%FF"), None);
    }

    #[test]
    fn ids_without_spaces_controls_or_percent_signs_are_unchanged() {
        assert_eq!(trec_id("MED-10"), "MED-10");
        assert_eq!(trec_id("news/bbc.html:12"), "news/bbc.html:12");
        assert_eq!(trec_id("Überfall_中国"), "Überfall_中国");
    }

    #[test]
    fn white_space_controls_and_percent_signs_are_percent_encoded() {
        assert_eq!(
            trec_id("news/North Korea - BBC.html"),
            "news/North%20Korea%20-%20BBC.html"
        );
        assert_eq!(trec_id("a\tb\nc"), "a%09b%0Ac");
        assert_eq!(trec_id("esc\u{1b}[31m"), "esc%1B[31m");
        assert_eq!(trec_id("100%"), "100%25");
        // A no-break space is white space, written as its UTF-8 bytes.
        assert_eq!(trec_id("a\u{a0}b"), "a%C2%A0b");
    }
}
