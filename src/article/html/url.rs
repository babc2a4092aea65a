//! URL and host-name helpers.

use chrono::NaiveDate;

/// The host of an absolute URL, lowercased, without `www.`, port or credentials.
pub(super) fn domain(url: &str) -> Option<String> {
    let (_, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.starts_with('.')).then(|| host.to_string())
}

/// The distinctive labels of a host name (`edition.cnn.com` gives `edition`, `cnn`).
pub(super) fn host_labels(host: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "com", "co", "org", "net", "gov", "edu", "uk", "de", "fr", "www", "news", "amp", "m",
        "info", "io",
    ];
    host.split('.')
        .filter(|label| label.len() >= 3 && !COMMON.contains(label))
        .map(str::to_string)
        .collect()
}

pub(super) fn is_absolute(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && domain(url).is_some()
}

pub(super) fn looks_like_url(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// The publication date many sites write into their article URLs, as `YYYY-MM-DD`:
/// `/2012/05/11/slug`, `/2010/POLITICS/08/13/slug`, `/2019-06-20-slug`, `/news/20190620/slug`,
/// `/2019_06_20.html`. A year
/// and month alone (`/2016/12/slug`) is not a date.
pub(super) fn date_in_url(url: &str) -> Option<String> {
    let (_, rest) = url.trim().split_once("://")?;
    let path = rest.split(['?', '#']).next()?;
    let (_, path) = path.split_once('/')?;
    let segments: Vec<&[u8]> = path.split('/').map(str::as_bytes).collect();
    segments
        .windows(3)
        .find_map(|w| date_in_segments(w[0], w[1], w[2]))
        // A section between the year and the month: `/2010/POLITICS/08/13/slug`.
        .or_else(|| {
            segments.windows(4).find_map(|w| {
                let section = w[1].iter().all(u8::is_ascii_alphabetic) && !w[1].is_empty();
                section
                    .then(|| date_in_segments(w[0], w[2], w[3]))
                    .flatten()
            })
        })
        .or_else(|| segments.iter().find_map(|segment| date_in_segment(segment)))
        .map(|date| date.format("%Y-%m-%d").to_string())
}

/// A year, a month and a day as three path segments; the day may start a slug (`11-title`).
fn date_in_segments(year: &[u8], month: &[u8], day: &[u8]) -> Option<NaiveDate> {
    let day_len = day.iter().take_while(|b| b.is_ascii_digit()).count();
    let (day, slug) = day.split_at(day_len);
    if year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    if slug.first().is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    url_date(year, month, day)
}

/// A date within one path segment: eight digits, or `YYYY-MM-DD` / `YYYY_MM_DD`, not part of a
/// longer number.
fn date_in_segment(segment: &[u8]) -> Option<NaiveDate> {
    (0..segment.len()).find_map(|start| {
        if start > 0 && segment[start - 1].is_ascii_digit() {
            return None;
        }
        let rest = &segment[start..];
        let (year, month, day, end) = match rest.get(..10) {
            Some([y0, y1, y2, y3, sep, m0, m1, sep2, d0, d1])
                if (*sep == b'-' || *sep == b'_') && sep2 == sep =>
            {
                ([*y0, *y1, *y2, *y3], [*m0, *m1], [*d0, *d1], 10)
            }
            _ => match rest.get(..8) {
                Some([y0, y1, y2, y3, m0, m1, d0, d1]) => {
                    ([*y0, *y1, *y2, *y3], [*m0, *m1], [*d0, *d1], 8)
                }
                _ => return None,
            },
        };
        if rest.get(end).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        url_date(&year, &month, &day)
    })
}

/// A calendar date from ASCII digits, with a year from 1900 to 2100.
fn url_date(year: &[u8], month: &[u8], day: &[u8]) -> Option<NaiveDate> {
    let number = |digits: &[u8]| -> Option<u32> {
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let year = i32::try_from(number(year)?).ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::html::tests::some;

    #[test]
    fn domains_lose_www_ports_and_credentials() {
        assert_eq!(
            domain("https://www.Example.co.uk/a?b#c"),
            some("example.co.uk")
        );
        assert_eq!(
            domain("http://user:pw@news.example.com:8080/x"),
            some("news.example.com")
        );
        assert_eq!(domain("https://localhost/x"), None);
        assert_eq!(domain("/relative/path"), None);
    }

    #[test]
    fn dates_in_urls() {
        let cases = [
            (
                "http://www.jovelstefan.de/2012/05/11/parken-in-paris/",
                some("2012-05-11"),
            ),
            (
                "https://example.com/news/2019/6/9/title",
                some("2019-06-09"),
            ),
            (
                "https://example.com/2019/06/20-title.html",
                some("2019-06-20"),
            ),
            (
                "http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html",
                some("2010-08-13"),
            ),
            // A section of digits and letters between the year and the month is not one.
            ("https://example.com/2010/page2/08/13/x", None),
            (
                "https://example.com/2019-06-20-some-title",
                some("2019-06-20"),
            ),
            (
                "https://example.com/story/20190620/title",
                some("2019-06-20"),
            ),
            (
                "https://example.com/a/article_2019_06_20.html",
                some("2019-06-20"),
            ),
            (
                "https://www.cnn.com/2023/11/06/politics/x/index.html",
                some("2023-11-06"),
            ),
            // A year and month alone, impossible dates, longer numbers and the query string
            // are not dates.
            ("http://blog.python.org/2016/12/python-360.html", None),
            ("https://example.com/2019/02/30/title", None),
            ("https://example.com/id/120190620/", None),
            ("https://example.com/id/201906201/", None),
            ("https://example.com/a?date=2019-06-20", None),
            (
                "https://www.nytimes.com/1987/02/26/business/x.html",
                some("1987-02-26"),
            ),
            ("https://example.com/1850/02/26/", None),
            ("https://example.com/2019/06/20abc", None),
            ("not a url/2019/06/20/", None),
            // Paths that are not ASCII are read byte by byte.
            (
                "https://example.com/über/ü2019-06-20-titel",
                some("2019-06-20"),
            ),
            ("https://example.com/é/2019/06/é", None),
            ("https://example.com/é20190620é/", some("2019-06-20")),
        ];
        for (url, expected) in cases {
            assert_eq!(date_in_url(url), expected, "{url}");
        }
    }
}
