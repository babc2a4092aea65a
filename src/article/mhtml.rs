//! Web pages saved as one file (MHTML, `.mhtml` and `.mht`: "Webpage, Single File" in Chrome
//! and Edge): a MIME message whose first HTML part is the page, with its images, styles and
//! frames as further parts.

use mail_parser::{MessageParser, MimeHeaders};

/// The page inside an MHTML file.
#[derive(Debug)]
pub(crate) struct SavedPage {
    /// The page's HTML, decoded from its transfer encoding and character set.
    pub html: String,
    /// Where it was saved from (the part's `Content-Location`, else the message's
    /// `Snapshot-Content-Location`).
    pub url: Option<String>,
}

/// How much of a file is looked at to tell an MHTML file.
const HEAD_BYTES: usize = 4096;

/// True when the bytes start as a MIME message of related parts (a saved web page), whatever
/// the file's name.
pub(crate) fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(HEAD_BYTES)]).to_ascii_lowercase();
    let first_line = head.trim_start().lines().next().unwrap_or_default();
    let header_first = first_line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
    });
    header_first && head.contains("multipart/related")
}

/// The page of an MHTML file: its first `text/html` part. `None` if the bytes are not a MIME
/// message or hold no HTML part.
pub(crate) fn saved_page(bytes: &[u8]) -> Option<SavedPage> {
    let message = MessageParser::default().parse(bytes)?;
    let part = message.parts.iter().find(|part| {
        part.content_type().is_some_and(|kind| {
            kind.ctype().eq_ignore_ascii_case("text")
                && kind
                    .subtype()
                    .is_some_and(|subtype| subtype.eq_ignore_ascii_case("html"))
        })
    })?;
    let html = part.text_contents()?.to_string();
    let url = part
        .content_location()
        .or_else(|| {
            message
                .header("Snapshot-Content-Location")
                .and_then(|value| value.as_text())
        })
        .map(|url| url.trim().to_string())
        .filter(|url| !url.is_empty());
    Some(SavedPage { html, url })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A page as Chrome saves it: quoted-printable HTML, then a stylesheet.
    pub(crate) const CHROME_PAGE: &str = "From: <Saved by Blink>\r\n\
        Snapshot-Content-Location: https://example.com/news/story\r\n\
        Subject: Story headline\r\n\
        Date: Mon, 7 Dec 2026 10:00:00 -0000\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/related;\r\n\
        \ttype=\"text/html\";\r\n\
        \tboundary=\"----MultipartBoundary--abc----\"\r\n\
        \r\n\
        \r\n\
        ------MultipartBoundary--abc----\r\n\
        Content-Type: text/html\r\n\
        Content-ID: <frame-1@mhtml.blink>\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\
        Content-Location: https://example.com/news/story\r\n\
        \r\n\
        <!DOCTYPE html><html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text=\r\n\
        /html; charset=3DUTF-8\"><title>Story headline</title></head><body><p>Caf=C3=A9 =\r\n\
        text here.</p></body></html>\r\n\
        ------MultipartBoundary--abc----\r\n\
        Content-Type: text/css\r\n\
        Content-Location: https://example.com/a.css\r\n\
        \r\n\
        body{}\r\n\
        ------MultipartBoundary--abc------\r\n";

    #[test]
    fn the_first_html_part_is_the_page() {
        assert!(looks_like_mhtml(CHROME_PAGE.as_bytes()));
        let page = saved_page(CHROME_PAGE.as_bytes());
        let page = page.as_ref();
        assert_eq!(
            page.map(|page| page.html.as_str()),
            Some(
                "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" \
                 content=\"text/html; charset=UTF-8\"><title>Story headline</title></head>\
                 <body><p>Café text here.</p></body></html>"
            )
        );
        assert_eq!(
            page.and_then(|page| page.url.as_deref()),
            Some("https://example.com/news/story")
        );
    }

    #[test]
    fn pages_and_other_messages_are_not_mhtml() {
        assert!(!looks_like_mhtml(
            b"<!DOCTYPE html><html><body>Text</body></html>"
        ));
        assert!(!looks_like_mhtml(b"Subject: a note\n\nJust text."));
        assert!(saved_page(b"Subject: a note\r\nContent-Type: text/plain\r\n\r\nText.").is_none());
    }
}
