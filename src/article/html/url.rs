//! URL and host-name helpers.

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
}
