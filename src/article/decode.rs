//! File bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy encodings
//! (Windows-1252/Latin-1 and the other single-byte and CJK encodings of the web), detected
//! from the page's own declaration or from the bytes.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and the legacy encoding it was decoded from, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the legacy (non-Unicode) encoding the bytes were in, e.g. `windows-1252`.
    pub legacy: Option<&'static str>,
}

/// True if the bytes look like binary data rather than text: the first 8 KiB hold a NUL byte
/// and more than 1 byte in 20 is a control character other than white space and escape
/// (images, PDFs, archives and executables are far above that; a text file with a stray NUL
/// from a scraper is far below). Files that start with a UTF-16 byte-order mark are text.
pub fn is_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if !head.contains(&0) {
        return false;
    }
    let control = head
        .iter()
        .filter(|&&byte| (byte < 0x20 && !b"\t\n\r\x0c\x1b".contains(&byte)) || byte == 0x7f)
        .count();
    control * 20 > head.len()
}

/// Decodes file bytes. `html` allows a `<meta charset>` declaration to name the encoding.
pub fn decode(bytes: &[u8], html: bool) -> Decoded {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return Decoded {
            text: text.into_owned(),
            legacy: None,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            legacy: None,
        };
    }
    let declared = if html { declared_charset(bytes) } else { None };
    let encoding = declared
        .filter(|encoding| *encoding != UTF_16LE && *encoding != UTF_16BE)
        .unwrap_or_else(|| {
            let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, Utf8Detection::Allow)
        });
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        legacy: (encoding != UTF_8).then(|| encoding.name()),
    }
}

/// The encoding a page declares in its first 2 KiB (`<meta charset="…">` or
/// `content="text/html; charset=…"`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|window| window == b"charset=")? + 8;
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&byte| !(byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("café".as_bytes(), false).text, "café");
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9", false).text, "café");
        assert_eq!(decode(b"\xEF\xBB\xBFcafe", false).legacy, None);
    }

    #[test]
    fn utf16_with_bom() {
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("café".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("café".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(
            decode(&little, false),
            Decoded {
                text: "café".into(),
                legacy: None
            }
        );
        assert_eq!(decode(&big, false).text, "café");
        assert!(!is_binary(&little));
    }

    #[test]
    fn windows_1252_is_detected_and_reported() {
        let bytes = b"The caf\xE9 owner said \x93no comment\x94 about the na\xEFve plan.";
        assert_eq!(
            decode(bytes, false),
            Decoded {
                text: "The café owner said “no comment” about the naïve plan.".into(),
                legacy: Some("windows-1252"),
            }
        );
    }

    #[test]
    fn html_declarations_name_the_encoding() {
        let bytes = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Caf\xE9</body></html>";
        let decoded = decode(bytes, true);
        assert!(decoded.text.contains("Café"));
        assert_eq!(decoded.legacy, Some("windows-1252"));
    }

    #[test]
    fn nul_and_control_bytes_mean_binary() {
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0\0"));
        assert!(is_binary(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0"));
        assert!(!is_binary(b"plain text"));
        // A stray NUL in an article is not enough.
        assert!(!is_binary(
            b"Troops arrived on Saturday,\0 officials said, and more were expected next week."
        ));
        // Control characters without a NUL are text (a legacy file's form feeds).
        assert!(!is_binary(b"\x01\x02\x03\x04 page \x0c"));
    }
}
