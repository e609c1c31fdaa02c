//! Links in a page's markdown and in raw HTML: each internal link is recorded (with its
//! position) and its URL replaced by a marker that the resolve stage fills in; `ref` and
//! `relref` targets travel as `veiviser-ref:` URLs until then. External links are left as
//! they are. Nothing here decides whether a link is broken (resolve does).

use super::{REF_SCHEME, RELREF_SCHEME, State};
use crate::model::{LinkKind, LinkRef, link_marker};
use pulldown_cmark::{CowStr, Event, LinkType};

impl State<'_, '_> {
    /// Records an internal link and returns the marker that stands in for its URL.
    pub(super) fn collect_link<'e>(
        &mut self,
        dest: &CowStr<'e>,
        kind: LinkKind,
        offset: usize,
        link_type: LinkType,
    ) -> CowStr<'e> {
        if matches!(link_type, LinkType::Email) {
            return dest.clone();
        }
        let (kind, target) = if let Some(t) = dest.strip_prefix(REF_SCHEME) {
            (LinkKind::Ref, decode_ref(t))
        } else if let Some(t) = dest.strip_prefix(RELREF_SCHEME) {
            (LinkKind::RelRef, decode_ref(t))
        } else if is_external(dest) {
            return dest.clone();
        } else {
            (kind, dest.to_string())
        };
        let i = self.content.links.len();
        self.content.links.push(LinkRef {
            dest: target,
            kind,
            pos: self.pos(offset),
        });
        link_marker(i).into()
    }

    /// Splits text around `veiviser-ref:`/`veiviser-relref:` tokens; each token becomes a
    /// link marker (filled with the URL as text by `render`).
    pub(super) fn bare_refs(&mut self, t: &str, offset: usize, events: &mut Vec<Event<'_>>) {
        let mut rest = t;
        while let Some(i) = [REF_SCHEME, RELREF_SCHEME]
            .iter()
            .filter_map(|s| rest.find(s))
            .min()
        {
            if i > 0 {
                events.push(Event::Text(rest[..i].to_string().into()));
            }
            let tail = &rest[i..];
            let end = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '%' | ':' | '-')))
                .unwrap_or(tail.len());
            let token = &tail[..end];
            let marker = self.collect_link(
                &CowStr::from(token.to_string()),
                LinkKind::Ref,
                offset,
                LinkType::Inline,
            );
            events.push(Event::InlineHtml(marker.to_string().into()));
            rest = &tail[end..];
        }
        if !rest.is_empty() {
            events.push(Event::Text(rest.to_string().into()));
        }
    }

    /// Finds `href="…"` and `src="…"` in raw HTML; internal ones become markers.
    pub(super) fn collect_html_links(&mut self, html: &str, offset: usize) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        loop {
            let found = ["href=", "src="]
                .iter()
                .filter_map(|a| find_attr(rest, a).map(|i| (i, *a)))
                .min_by_key(|(i, _)| *i);
            let Some((i, attr)) = found else {
                out.push_str(rest);
                break;
            };
            let after = i + attr.len();
            let quote = rest[after..].chars().next();
            let (vstart, vend) = match quote {
                Some(q @ ('"' | '\'')) => {
                    let s = after + 1;
                    match rest[s..].find(q) {
                        Some(e) => (s, s + e),
                        None => {
                            out.push_str(rest);
                            break;
                        }
                    }
                }
                _ => {
                    let s = after;
                    let e = rest[s..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map(|e| s + e)
                        .unwrap_or(rest.len());
                    (s, e)
                }
            };
            out.push_str(&rest[..vstart]);
            let value = decode_entities(&rest[vstart..vend]);
            let kind = if attr == "src=" {
                LinkKind::Image
            } else {
                LinkKind::Link
            };
            if value.is_empty() || is_external(&value) || crate::model::is_link_marker(&value) {
                out.push_str(&rest[vstart..vend]);
            } else {
                let m = self.collect_link(&CowStr::from(value), kind, offset, LinkType::Inline);
                out.push_str(&m);
            }
            rest = &rest[vend..];
        }
        out
    }
}

fn find_attr(s: &str, attr: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(attr) {
        let at = from + i;
        let before = lower[..at].chars().next_back();
        if matches!(before, Some(c) if c.is_whitespace()) {
            return Some(at);
        }
        from = at + attr.len();
    }
    None
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// URLs with a scheme or protocol-relative ones are external.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

pub(super) fn encode_ref(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

pub(super) fn decode_ref(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_detection() {
        assert!(is_external("https://a.no"));
        assert!(is_external("mailto:a@b.no"));
        assert!(is_external("//cdn.no/x"));
        assert!(!is_external("../a/"));
        assert!(!is_external("/docs/a:b/"));
        assert!(!is_external("#anker"));
    }
}
