//! Block-level shortcode output inside markdown: it stands in the text as a marker while
//! pulldown-cmark runs, then is put back, closing a paragraph around it (and opening it again
//! after) rather than standing inside `<p>`, which is no HTML.

use super::BLOCK_OPEN;
use crate::model::MARK_CLOSE;

/// Whether `s` is two or more block markers (below `limit`) with only whitespace between.
fn only_markers(s: &str, limit: usize) -> bool {
    let mut count = 0;
    let mut rest = s.trim();
    while let Some(after) = rest.strip_prefix(BLOCK_OPEN) {
        let Some(close) = after.find(MARK_CLOSE) else {
            return false;
        };
        if !after[..close].parse::<usize>().is_ok_and(|n| n < limit) {
            return false;
        }
        count += 1;
        rest = after[close + MARK_CLOSE.len_utf8()..].trim_start();
    }
    rest.is_empty() && count > 1
}

/// Whether `html` ends inside a paragraph: its last `<p>` is not closed.
fn in_paragraph(html: &str) -> bool {
    let open = html.rfind("<p>").max(html.rfind("<p "));
    open > html.rfind("</p>")
}

/// Whether `html` starts with a block-level element (which may not stand inside `<p>`).
fn is_block_html(html: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "<div",
        "<section",
        "<figure",
        "<details",
        "<ul",
        "<ol",
        "<dl",
        "<table",
        "<p",
        "<pre",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<blockquote",
        "<hr",
        "<nav",
        "<aside",
        "<form",
        "<fieldset",
        "<header",
        "<footer",
    ];
    let h = html.trim_start();
    BLOCKS.iter().any(|b| {
        h.strip_prefix(b)
            .is_some_and(|r| r.starts_with(['>', ' ', '\n', '/']))
    })
}

/// Writes `block`, which stands in the HTML after `before` (all of it so far; `head` is its
/// part not yet in `out`) and before `after`, and returns the rest of `after`. A block-level
/// element inside an open paragraph is not HTML (browsers break the paragraph apart around
/// it, leaving an empty one), so the paragraph is closed before the block — dropped when
/// nothing but whitespace came first — and opened again after it, unless it ends there. A
/// block alone in its paragraph replaces it.
pub fn place_block<'a>(
    out: &mut String,
    (before, head): (&str, &str),
    block: &str,
    after: &'a str,
) -> &'a str {
    // Alone in its paragraph: the block replaces it.
    if let Some(head) = head.strip_suffix("<p>")
        && let Some(after) = after.strip_prefix("</p>")
    {
        out.push_str(head);
        out.push_str(block);
        return after;
    }
    if !is_block_html(block) || !in_paragraph(before) {
        out.push_str(head);
        out.push_str(block);
        return after;
    }
    out.push_str(head);
    let kept = out.trim_end().len();
    if out[..kept].ends_with("<p>") {
        out.truncate(kept - 3);
    } else {
        out.truncate(kept);
        out.push_str("</p>\n");
    }
    out.push_str(block);
    let rest = after.trim_start();
    match rest.strip_prefix("</p>") {
        Some(rest) => rest,
        None => {
            out.push_str("\n<p>");
            rest
        }
    }
}

/// Replaces block markers with the rendered shortcode HTML. A marker alone in a paragraph
/// replaces the whole paragraph, so block output is not wrapped in `<p>`, and a block-level
/// one inside a paragraph splits it ([`place_block`]). Only markers below `limit` are
/// replaced: a shortcode's inner blocks are made before it, so block `n` may only contain
/// blocks below `n`, and a block can never contain itself.
pub(super) fn substitute_blocks(html: &str, blocks: &[String], limit: usize) -> String {
    if blocks.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + blocks.iter().map(|b| b.len()).sum::<usize>());
    let mut rest = html;
    while let Some(i) = rest.find(BLOCK_OPEN) {
        let after = &rest[i + BLOCK_OPEN.len_utf8()..];
        let Some(close) = after.find(MARK_CLOSE) else {
            break;
        };
        let Some(n) = after[..close].parse::<usize>().ok().filter(|&n| n < limit) else {
            out.push_str(&rest[..i + BLOCK_OPEN.len_utf8()]);
            rest = after;
            continue;
        };
        let tail = &after[close + MARK_CLOSE.len_utf8()..];
        let block = blocks.get(n).map(String::as_str).unwrap_or("");
        let head = &rest[..i];
        // A paragraph of markers only (shortcodes on adjacent lines): the blocks without it.
        if head.ends_with("<p>")
            && let Some(end) = rest[i..].find("</p>")
            && only_markers(&rest[i..i + end], limit)
        {
            out.push_str(&head[..head.len() - 3]);
            out.push_str(&substitute_blocks(&rest[i..i + end], blocks, limit));
            rest = &rest[i + end + 4..];
            continue;
        }
        let before = &html[..html.len() - rest.len() + i];
        // Nested blocks may contain markers too.
        let block = substitute_blocks(block, blocks, n);
        rest = place_block(&mut out, (before, head), &block, tail);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_html_is_told_from_inline_html() {
        for b in [
            "<div>",
            "<p class=\"x\">",
            "<pre>",
            "\n<ul class=\"a\">",
            "<hr/>",
            "<h2 id=\"x\">",
            "<details open>",
        ] {
            assert!(is_block_html(b), "{b}");
        }
        for i in [
            "<a href=\"/\">",
            "<sup>1</sup>",
            "<span>",
            "<picture>",
            "<param>",
            "tekst",
            "",
        ] {
            assert!(!is_block_html(i), "{i}");
        }
        assert!(in_paragraph("<p>a</p><p>b"));
        assert!(in_paragraph("<p class=\"x\">b"));
        assert!(!in_paragraph("<p>a</p>"));
        assert!(!in_paragraph("<pre>x"));
    }
}
