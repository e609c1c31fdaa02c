//! Two tables goldmark (Hugo) reads and pulldown-cmark does not, so the reader saw pipes:
//!
//! - rows written right after a list item's text, without the item's indentation: goldmark
//!   reads them as lazy continuation lines of the item's paragraph and then as a table in
//!   the item. They are indented to the item's content column.
//! - a header row with fewer cells than its delimiter row (GFM wants as many): goldmark
//!   pads the header with empty cells, and so does this.
//!
//! Only the markdown text changes (text inserted at line starts and ends); the caller moves
//! its offset map by the returned insertions. Nothing here parses markdown beyond lines:
//! code fences are skipped.

/// What goes where: (byte offset in the original text, the text inserted there), ascending.
pub(super) type Insertions = Vec<(usize, String)>;

/// The text with lazy table rows indented into their list items and short header rows
/// padded, and what was inserted where; `None` when nothing changes.
pub(super) fn fix(md: &str) -> Option<(String, Insertions)> {
    // Most pages have no pipe at all.
    memchr::memchr(b'|', md.as_bytes())?;
    let lines = lines_with_offsets(md);
    let mut insertions: Insertions = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // The content column of the list item whose text the current line continues.
    let mut item: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].1;
        if let Some((c, n)) = fence {
            if closes_fence(line, c, n) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(f) = opens_fence(line) {
            fence = Some(f);
            item = None;
            i += 1;
            continue;
        }
        if line.trim().is_empty() {
            item = None;
            i += 1;
            continue;
        }
        if let Some(col) = list_item_content(line) {
            item = Some(col);
            i += 1;
            continue;
        }
        let Some(&(_, delimiter)) = lines.get(i + 1).filter(|(_, l)| is_delimiter_row(l)) else {
            i += 1;
            continue;
        };
        // Not a row, or (indented four spaces outside a list) a line of an indented code
        // block, which must stay as written.
        if !line.contains('|') || (item.is_none() && leading_spaces(line) >= 4) {
            i += 1;
            continue;
        }
        // A table starts here: rows that a list item's text runs into move into the item.
        let lazy = item.filter(|&col| is_pipe_row(line) && leading_spaces(line) < col);
        let end = i
            + 1
            + lines[i + 1..]
                .iter()
                .take_while(|(_, l)| {
                    l.contains('|')
                        && lazy.is_none_or(|col| is_pipe_row(l) && leading_spaces(l) < col)
                })
                .count();
        for (k, &(start, row)) in lines[i..end].iter().enumerate() {
            if let Some(col) = lazy {
                insertions.push((start, " ".repeat(col - leading_spaces(row))));
            }
            let missing = cells(delimiter).saturating_sub(cells(row));
            if k == 0 && missing > 0 {
                let mut pad = String::new();
                if !row.trim_end().ends_with('|') || row.trim_end().ends_with("\\|") {
                    pad.push_str(" |");
                }
                pad.push_str(&" |".repeat(missing));
                insertions.push((start + row.trim_end().len(), pad));
            }
        }
        item = None;
        i = end;
    }
    if insertions.is_empty() {
        return None;
    }
    let extra: usize = insertions.iter().map(|(_, t)| t.len()).sum();
    let mut out = String::with_capacity(md.len() + extra);
    let mut copied = 0;
    for (at, text) in &insertions {
        out.push_str(&md[copied..*at]);
        out.push_str(text);
        copied = *at;
    }
    out.push_str(&md[copied..]);
    Some((out, insertions))
}

/// The cells of a row: its unescaped pipes, less the outer ones.
fn cells(row: &str) -> usize {
    let t = row.trim();
    let b = t.as_bytes();
    let unescaped = |i: usize| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\');
    let pipes = (0..b.len()).filter(|&i| unescaped(i)).count();
    let leading = usize::from(!b.is_empty() && unescaped(0));
    let trailing = usize::from(b.len() > 1 && unescaped(b.len() - 1));
    (pipes + 1).saturating_sub(leading + trailing)
}

/// Each line (without its line break) with the offset it starts at.
fn lines_with_offsets(md: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in md.split_inclusive('\n') {
        out.push((start, line.trim_end_matches(['\n', '\r'])));
        start += line.len();
    }
    out
}

fn leading_spaces(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// The column where a list item's text starts (`- text`, `* text`, `+ text`, `1. text`,
/// `1) text`), when `line` opens one.
fn list_item_content(line: &str) -> Option<usize> {
    let indent = leading_spaces(line);
    let rest = &line[indent..];
    let marker = match rest.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            match rest.as_bytes().get(digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    let after = &rest[marker..];
    let gap = after.bytes().take_while(|&b| b == b' ').count();
    // A marker needs a space after it and text on its line (an empty item or a thematic
    // break like `- - -` is not the case here).
    if gap == 0 || gap > 4 || after[gap..].is_empty() || is_thematic_break(rest) {
        return None;
    }
    Some(indent + marker + gap)
}

fn is_thematic_break(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'*'))
}

/// A table row: starts with `|` (after spaces) and has another `|`.
fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t[1..].contains('|')
}

/// A GFM delimiter row: cells of `-` with optional `:` at either end, between pipes.
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('-') || !t.contains('|') {
        return false;
    }
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').all(|cell| {
        let c = cell.trim();
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    })
}

/// A code fence opening (``` or ~~~, three or more): its character and length.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start();
    if leading_spaces(line) > 3 {
        return None;
    }
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

fn closes_fence(line: &str, c: u8, n: usize) -> bool {
    let t = line.trim();
    t.len() >= n && t.bytes().all(|b| b == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_under_an_items_text_are_indented_into_the_item() {
        let md =
            "* Sett opp *Headers*:\n| KEY | VALUE |\n| --- | --- |\n| Accept | json |\n\nEtter.\n";
        let (out, ins) = fix(md).expect("a lazy table");
        assert_eq!(
            out,
            "* Sett opp *Headers*:\n  | KEY | VALUE |\n  | --- | --- |\n  | Accept | json |\n\nEtter.\n"
        );
        let at: Vec<(usize, &str)> = ins.iter().map(|(a, t)| (*a, t.as_str())).collect();
        assert_eq!(at, vec![(22, "  "), (38, "  "), (52, "  ")]);
    }

    #[test]
    fn ordered_and_nested_items_use_their_own_column() {
        let md = "1. Tekst\n   - Under\n| a | b |\n|:-|-:|\n";
        let (out, _) = fix(md).expect("a lazy table");
        assert_eq!(out, "1. Tekst\n   - Under\n     | a | b |\n     |:-|-:|\n");
    }

    #[test]
    fn other_tables_and_pipes_are_left_alone() {
        for md in [
            // After a blank line: a table of its own.
            "* Punkt\n\n| a | b |\n| --- | --- |\n",
            // Already indented.
            "* Punkt\n  | a | b |\n  | --- | --- |\n",
            // Not under a list item.
            "Tekst\n| a | b |\n| --- | --- |\n",
            // No delimiter row.
            "* Punkt\n| a | b |\n| c | d |\n",
            // In a code fence.
            "```\n* Punkt\n| a | b |\n| --- | --- |\n```\n",
            // An indented code block with a short header.
            "Tekst:\n\n    | a |\n    |---|---|\n",
        ] {
            assert_eq!(fix(md), None, "{md:?}");
        }
    }

    #[test]
    fn a_short_header_row_gets_empty_cells_as_in_goldmark() {
        let md = "| A | B| C |\n| --- | --- | --- | --- |\n| 1 | 2 | 3 |\n";
        let (out, _) = fix(md).expect("a short header");
        assert_eq!(
            out,
            "| A | B| C | |\n| --- | --- | --- | --- |\n| 1 | 2 | 3 |\n"
        );
        let (out, _) = fix("A | B\n--|--|--\n").expect("a short header without outer pipes");
        assert_eq!(out, "A | B | |\n--|--|--\n");
        // An escaped pipe is text in its cell: two cells, two delimiters.
        assert_eq!(fix("| a \\| b | c |\n|---|---|\n"), None);
    }

    #[test]
    fn cells_are_counted_without_outer_or_escaped_pipes() {
        assert_eq!(cells("| a | b |"), 2);
        assert_eq!(cells("a | b"), 2);
        assert_eq!(cells("| a | b"), 2);
        assert_eq!(cells("|a\\|b|"), 1);
        assert_eq!(cells("|---|---|---|"), 3);
    }

    #[test]
    fn delimiter_rows_are_told_from_other_rows() {
        assert!(is_delimiter_row("| --- | :---: |"));
        assert!(is_delimiter_row("---|---"));
        assert!(!is_delimiter_row("| a | --- |"));
        assert!(!is_delimiter_row("| | |"));
    }
}
