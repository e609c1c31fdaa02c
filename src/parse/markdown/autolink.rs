//! Bare links in text, as goldmark's linkify (on in Hugo) finds them: `http://` and
//! `https://` URLs, `www.` addresses (linked with `https://`, as Hugo does) and e-mail
//! addresses (linked with `mailto:`). Only finding them is here; the caller turns them into
//! link events. A `www.` or e-mail link starts at the start of the text or after a space,
//! `(` or an emphasis mark, so `abc@def.no` inside a word or a path is not one.

/// What kind of bare link was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `http(s)://…`: the text is the URL.
    Url,
    /// `www.…`: the URL is `https://` and the text.
    Www,
    /// `name@domain`: the URL is `mailto:` and the text.
    Email,
}

/// Whether `t` may hold a bare link (a quick test before [`find`]).
pub(super) fn may_have(t: &str) -> bool {
    t.contains("http://")
        || t.contains("https://")
        || t.contains("www.")
        || memchr::memchr(b'@', t.as_bytes()).is_some()
}

/// The first bare link in `t`: its byte range and kind.
pub(super) fn find(t: &str) -> Option<(usize, usize, Kind)> {
    let mut best: Option<(usize, usize, Kind)> = None;
    let mut consider = |found: Option<(usize, usize, Kind)>| {
        if let Some(f) = found
            && best.is_none_or(|b| f.0 < b.0)
        {
            best = Some(f);
        }
    };
    consider(find_url(t));
    consider(find_www(t));
    consider(find_email(t));
    best
}

fn find_url(t: &str) -> Option<(usize, usize, Kind)> {
    let mut from = 0;
    while let Some(i) = ["http://", "https://"]
        .iter()
        .filter_map(|p| t[from..].find(p).map(|i| from + i))
        .min()
    {
        let end = i + url_end(&t[i..]);
        if end > i + "https://".len() {
            return Some((i, end, Kind::Url));
        }
        from = i + 1;
    }
    None
}

fn find_www(t: &str) -> Option<(usize, usize, Kind)> {
    let mut from = 0;
    while let Some(rel) = t[from..].find("www.") {
        let i = from + rel;
        let end = i + url_end(&t[i..]);
        // `www.` and a domain with a dot after it: `www.altinn.no`.
        let domain = t.get(i + 4..end).unwrap_or("");
        let host = domain.split(['/', '?', '#', ':']).next().unwrap_or("");
        if starts_link(t, i) && host.contains('.') && is_domain(host) {
            return Some((i, end, Kind::Www));
        }
        from = i + 4;
    }
    None
}

fn find_email(t: &str) -> Option<(usize, usize, Kind)> {
    let b = t.as_bytes();
    for at in memchr::memchr_iter(b'@', b) {
        let start = b[..at]
            .iter()
            .rposition(|&c| !is_local(c))
            .map_or(0, |p| p + 1);
        if start == at || b[start] == b'.' || !starts_link(t, start) {
            continue;
        }
        // Labels of letters, digits and `-`, joined by dots; a final dot is the sentence's.
        let mut end = at + 1;
        let mut last_label_end = None;
        let mut dots = 0;
        loop {
            let label = b[end..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                .count();
            if label == 0 || b[end] == b'-' || b[end + label - 1] == b'-' {
                break;
            }
            end += label;
            last_label_end = Some(end);
            if b.get(end) == Some(&b'.')
                && b.get(end + 1).is_some_and(|c| c.is_ascii_alphanumeric())
            {
                dots += 1;
                end += 1;
            } else {
                break;
            }
        }
        if let Some(end) = last_label_end
            && dots > 0
        {
            return Some((start, end, Kind::Email));
        }
    }
    None
}

/// Where the bare URL at the start of `tail` ends: at a space, `<` or a quotation mark
/// (straight or typographic), without trailing punctuation (a closing parenthesis only when
/// unbalanced).
pub(super) fn url_end(tail: &str) -> usize {
    let mut end = tail
        .find(|c: char| {
            c.is_whitespace()
                || matches!(c, '<' | '"' | '\u{201C}' | '\u{201D}' | '\u{AB}' | '\u{BB}')
        })
        .unwrap_or(tail.len());
    while let Some(last) = tail[..end].chars().next_back() {
        let unbalanced =
            last == ')' && tail[..end].matches('(').count() < tail[..end].matches(')').count();
        if matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_') || unbalanced {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// A character of an e-mail address's local part (not `/`, allowed but far likelier a path).
fn is_local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b".!#$%&'*+=?^_`{|}~-".contains(&c)
}

/// A host name: labels of letters, digits and `-`, joined by dots.
fn is_domain(host: &str) -> bool {
    !host.is_empty()
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
}

/// Whether a `www.` or e-mail link may start at `i`: at the start of the text, or after a
/// space, `(` or an emphasis mark, where goldmark looks for one (`«a@b.no»` is no link in
/// Hugo either).
fn starts_link(t: &str, i: usize) -> bool {
    match t[..i].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '*' | '_' | '~'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Option<(&str, Kind)> {
        find(t).map(|(s, e, k)| (&t[s..e], k))
    }

    #[test]
    fn urls_www_addresses_and_emails_are_found() {
        assert_eq!(
            found("Se https://altinn.no/x."),
            Some(("https://altinn.no/x", Kind::Url))
        );
        assert_eq!(
            found("Gå til www.altinn.no."),
            Some(("www.altinn.no", Kind::Www))
        );
        assert_eq!(
            found("(www.altinn.no/hjelp)"),
            Some(("www.altinn.no/hjelp", Kind::Www))
        );
        assert_eq!(
            found("Send til servicedesk@digdir.no."),
            Some(("servicedesk@digdir.no", Kind::Email))
        );
        assert_eq!(
            found("e-post: ola.nordmann+test@sub.example.no, takk"),
            Some(("ola.nordmann+test@sub.example.no", Kind::Email))
        );
        // The first one in the text.
        assert_eq!(
            found("a@b.no eller https://c.no"),
            Some(("a@b.no", Kind::Email))
        );
    }

    #[test]
    fn lookalikes_are_not_links() {
        for t in [
            "brukernavn@localhost",
            "@altinn",
            "x@.no",
            "a@b-.no",
            "awww.altinn.no",
            "www.",
            "www.no",
            "http://",
            "sti/til/fil@v2.json",
            "fil.no@x",
            "«xabcd@brreg.no»",
        ] {
            assert_eq!(found(t), None, "{t:?}");
        }
    }
}
