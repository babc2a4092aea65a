//! Property tests of the parsers' invariants, on generated input: parsing never panics;
//! passages lie within the article text, in order, on UTF-8 boundaries, and cover all of it
//! but white space; dates and signatures take anything.

use chrono::NaiveDate;
use newsdex::article::{self, ParseContext};
use newsdex::passage::{self, Passage};
use newsdex::signature::Signature;
use proptest::prelude::*;

/// Text shaped like articles: words, sentence ends, blank lines, quotes, dates, multi-byte
/// characters and stray control characters.
fn article_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z]{1,12}".prop_map(|word| format!("{word} ")),
        1 => Just(". ".to_string()),
        1 => Just("\n\n".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("Mr. ".to_string()),
        1 => Just("\"Quoted,\" she said. ".to_string()),
        1 => Just("Saturday, October 19, 2024 ".to_string()),
        1 => Just("Date: 2024-10-19\n".to_string()),
        1 => Just("— «Ünïcödé» 北朝鮮 🙂 ".to_string()),
        1 => Just("\u{a0}\u{2028}\t\r ".to_string()),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..400).prop_map(|pieces| pieces.concat())
}

/// Checks the passage invariants of one article text.
fn check_passages(text: &str, passages: &[Passage]) -> Result<(), TestCaseError> {
    let mut covered = 0;
    for (ordinal, passage) in passages.iter().enumerate() {
        prop_assert_eq!(passage.ordinal, ordinal);
        prop_assert!(passage.start < passage.end, "empty passage {:?}", passage);
        prop_assert!(passage.start >= covered, "passages overlap or go back");
        prop_assert!(passage.end <= text.len());
        prop_assert!(text.is_char_boundary(passage.start));
        prop_assert!(text.is_char_boundary(passage.end));
        let gap = &text[covered..passage.start];
        prop_assert!(
            gap.trim().is_empty(),
            "text left out between passages: {:?}",
            gap
        );
        covered = passage.end;
    }
    prop_assert!(
        text[covered..].trim().is_empty(),
        "text left out at the end"
    );
    prop_assert_eq!(passages.is_empty(), text.trim().is_empty());
    Ok(())
}

fn context() -> ParseContext<'static> {
    ParseContext {
        today: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        overrides: None,
        folder_source: None,
    }
}

/// Parses `bytes` as the file `name` and checks every article and its passages.
fn check_file(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) || article::is_binary(bytes) {
        return Ok(());
    }
    let parsed = article::parse_file(name, name, bytes, &context());
    for article in &parsed.articles {
        prop_assert!(!article.id.is_empty());
        prop_assert!(!article.body.trim().is_empty());
        prop_assert!(!article.title.is_empty());
        check_passages(&article.body, &passage::split(&article.body))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn passages_cover_the_text_in_order(text in article_like()) {
        check_passages(&text, &passage::split(&text))?;
    }

    #[test]
    fn passages_of_any_string(text in any::<String>()) {
        check_passages(&text, &passage::split(&text))?;
    }

    #[test]
    fn sentences_lie_within_the_paragraph_in_order(text in article_like()) {
        let mut end = 0;
        for sentence in passage::sentences(&text) {
            prop_assert!(sentence.start >= end && sentence.start <= sentence.end);
            prop_assert!(sentence.end <= text.len());
            prop_assert!(text.is_char_boundary(sentence.start) && text.is_char_boundary(sentence.end));
            end = sentence.end;
        }
    }

    #[test]
    fn text_and_markdown_files_parse(text in article_like()) {
        check_file("a.txt", text.as_bytes())?;
        check_file("a.md", format!("---\ntitle: T\n---\n{text}").as_bytes())?;
        check_file("b.md", text.as_bytes())?;
    }

    #[test]
    fn html_pages_parse(text in article_like(), depth in 0usize..50) {
        let page = format!(
            "<html><head><title>{}</title></head><body>{}<article><p>{}</p></article>{}</body></html>",
            text.lines().next().unwrap_or(""),
            "<div>".repeat(depth),
            text.replace("\n\n", "</p><p>"),
            "</div>".repeat(depth / 2),
        );
        check_file("a.html", page.as_bytes())?;
    }

    #[test]
    fn mhtml_files_parse(
        text in article_like(),
        tail in proptest::collection::vec(any::<u8>(), 0..500),
        encoding in prop_oneof![Just("quoted-printable"), Just("base64"), Just("8bit"), Just("x-bogus")],
    ) {
        let page = format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.com/a\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; \
             boundary=\"--b--\"\r\n\r\n----b--\r\nContent-Type: text/html; charset=utf-8\r\n\
             Content-Transfer-Encoding: {encoding}\r\n\r\n<html><body><p>{}</p></body></html>\r\n\
             ----b--\r\nContent-Type: image/png\r\n\r\n",
            text.replace("\n\n", "</p><p>"),
        );
        let mut bytes = page.into_bytes();
        bytes.extend_from_slice(&tail);
        check_file("a.mhtml", &bytes)?;
        // Cut anywhere, the file still parses or is skipped.
        let cut = bytes.len() / 2;
        check_file("b.mht", &bytes[..cut])?;
    }

    #[test]
    fn json_records_parse(title in article_like(), body in article_like(), date in ".{0,30}") {
        let record = serde_json::json!({"title": title, "text": body, "date": date});
        let line = record.to_string();
        check_file("a.json", line.as_bytes())?;
        check_file("a.jsonl", format!("{line}\n{{\"text\": 1}}\n{line}\n").as_bytes())?;
    }

    #[test]
    fn any_bytes_parse_in_every_format(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for name in ["a.txt", "a.md", "a.json", "a.jsonl", "a.html", "a.mhtml"] {
            check_file(name, &bytes)?;
        }
    }

    #[test]
    fn dates_and_signatures_take_anything(text in ".{0,200}") {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let _ = article::parse_date_value(&text);
        let _ = article::find_date_in_text(&text, today);
        let signature = Signature::of(&text);
        prop_assert_eq!(Signature::from_words(signature.to_words().into_iter()), Some(signature));
    }
}
