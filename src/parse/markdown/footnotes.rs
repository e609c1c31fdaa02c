//! Markdown footnotes (`text[^label]` and `[^label]: note`) as Hugo (goldmark) writes them:
//! each reference a numbered superscript link, the notes listed at the end of the text in
//! the order they are first referenced, each with a link back to every reference.
//! pulldown-cmark puts a note where it is defined and has no back links.
//!
//! The markup is goldmark's (`fn:N`, `fnref:N`, `fnref1:N` for a second reference,
//! `footnote-ref`, `footnote-backref`, `footnotes`), so a Hugo theme's styles fit, with two
//! additions for screen readers: the list and the back links are named in the page's
//! language. A note nobody references is left out, as in Hugo. The numbering goes on from
//! one rendered text to the next on a page (a shortcode's inner markdown is rendered apart),
//! so ids never repeat on a page.
//!
//! This module only rearranges events and says what did not show as written (`Problem`:
//! a note nobody references, a second note of a label, a reference whose label differs from
//! a note's only in case); the caller turns that into warnings at their places. It reads no
//! files. (A reference to a label with no note at all is no reference for pulldown-cmark:
//! it stays text, as in Hugo, and is not told apart from text like a regex's `[^0-9]`.)

use crate::render::nav::escape;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The names the page's language gives the list and the back links (the theme's UI strings
/// `footnotes` and `footnote_back`), if the theme has them.
#[derive(Default)]
pub(super) struct Labels {
    pub list: Option<String>,
    pub back: Option<String>,
}

/// What the author should hear of: content that does not show as written.
#[derive(Debug, PartialEq)]
pub(super) enum Problem {
    /// A note nobody references (left out, as in Hugo).
    Unreferenced(String),
    /// A second note with a label already used (left out: the first one counts).
    Duplicate(String),
    /// A reference whose label matches a note's only without regard to case (shown as
    /// text, as in Hugo), with that note's label.
    NoNote(String, String),
}

/// `events` with every footnote reference numbered (from `*last + 1`, `*last` is left at the
/// last number given) and the referenced notes listed at the end; the events themselves
/// when there is no footnote in them. `labels` is called only when there are notes; what
/// does not show as written goes onto `problems`, in the order of the text.
pub(super) fn to_end<'e>(
    events: Vec<Event<'e>>,
    last: &mut usize,
    labels: impl FnOnce() -> Labels,
    problems: &mut Vec<Problem>,
) -> Vec<Event<'e>> {
    let has_notes = events.iter().any(|e| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    });
    if !has_notes {
        return events;
    }
    let (body, mut notes) = take_notes(events, problems);
    // (the note's index in `notes`, how often it has been referenced) in number order.
    let mut listed: Vec<(usize, usize)> = Vec::new();
    let first = *last + 1;
    let mut out = Vec::with_capacity(body.len() + 16);
    number_refs(body, &mut notes, &mut listed, first, &mut out, problems);
    if listed.is_empty() {
        unreferenced(&notes, &listed, problems);
        return out;
    }
    let labels = labels();
    let name = labels
        .list
        .as_ref()
        .map(|l| format!(" aria-label=\"{}\"", escape(l)))
        .unwrap_or_default();
    // Hugo's list starts at 1; one that goes on from an earlier text says where.
    let start = match first {
        1 => String::new(),
        n => format!(" start=\"{n}\""),
    };
    out.push(Event::Html(
        format!("<div class=\"footnotes\" role=\"doc-endnotes\"{name}>\n<hr>\n<ol{start}>\n")
            .into(),
    ));
    // A note may reference a note not listed yet: that one is listed after it.
    let mut k = 0;
    while k < listed.len() {
        let n = first + k;
        let note = std::mem::take(&mut notes[listed[k].0].1);
        out.push(Event::Html(format!("<li id=\"fn:{n}\">\n").into()));
        let mut inner = Vec::with_capacity(note.len() + 2);
        number_refs(note, &mut notes, &mut listed, first, &mut inner, problems);
        let back = back_links(n, listed[k].1, &labels);
        match inner.last() {
            Some(Event::End(TagEnd::Paragraph)) => {
                let at = inner.len() - 1;
                inner.insert(at, Event::InlineHtml(back.into()));
            }
            _ => inner.push(Event::Html(back.into())),
        }
        out.extend(inner);
        out.push(Event::Html("</li>\n".into()));
        k += 1;
    }
    out.push(Event::Html("</ol>\n</div>\n".into()));
    *last += listed.len();
    unreferenced(&notes, &listed, problems);
    out
}

/// The notes of `notes` that `listed` does not hold, as problems.
fn unreferenced(notes: &[Note<'_>], listed: &[(usize, usize)], problems: &mut Vec<Problem>) {
    for (i, (label, _)) in notes.iter().enumerate() {
        if !listed.iter().any(|&(j, _)| j == i) {
            problems.push(Problem::Unreferenced(label.clone()));
        }
    }
}

/// A note: its label and the events of its text.
type Note<'e> = (String, Vec<Event<'e>>);

/// The events without the note definitions, and the notes (the first definition of a label
/// only).
fn take_notes<'e>(
    events: Vec<Event<'e>>,
    problems: &mut Vec<Problem>,
) -> (Vec<Event<'e>>, Vec<Note<'e>>) {
    let mut body = Vec::with_capacity(events.len());
    let mut notes: Vec<Note<'e>> = Vec::new();
    // The note being read: its label, events and nesting depth of definitions.
    let mut open: Option<(String, Vec<Event<'_>>, usize)> = None;
    for e in events {
        match (&e, &mut open) {
            (Event::Start(Tag::FootnoteDefinition(label)), None) => {
                open = Some((label.to_string(), Vec::new(), 1));
            }
            (Event::Start(Tag::FootnoteDefinition(_)), Some((_, inner, depth))) => {
                *depth += 1;
                inner.push(e);
            }
            (Event::End(TagEnd::FootnoteDefinition), Some((_, inner, depth))) => {
                *depth -= 1;
                if *depth == 0 {
                    let (label, inner, _) = open.take().expect("open note");
                    if notes.iter().any(|(l, _)| *l == label) {
                        problems.push(Problem::Duplicate(label));
                    } else {
                        notes.push((label, inner));
                    }
                } else {
                    inner.push(e);
                }
            }
            (_, Some((_, inner, _))) => inner.push(e),
            (_, None) => body.push(e),
        }
    }
    if let Some((label, inner, _)) = open {
        if notes.iter().any(|(l, _)| *l == label) {
            problems.push(Problem::Duplicate(label));
        } else {
            notes.push((label, inner));
        }
    }
    (body, notes)
}

/// `events` onto `out` with each reference to a note of `notes` as its numbered link (a
/// note's first reference gives it the next number, `listed` records it).
fn number_refs<'e>(
    events: Vec<Event<'e>>,
    notes: &mut [Note<'e>],
    listed: &mut Vec<(usize, usize)>,
    first: usize,
    out: &mut Vec<Event<'e>>,
    problems: &mut Vec<Problem>,
) {
    for e in events {
        let Event::FootnoteReference(label) = &e else {
            out.push(e);
            continue;
        };
        // Labels match as written: in goldmark `[^B]` is no reference to `[^b]`
        // (pulldown-cmark matches them as link labels, without regard to case).
        let Some(i) = notes.iter().position(|(l, _)| l == label.as_ref()) else {
            let like = notes
                .iter()
                .find(|(l, _)| l.to_lowercase() == label.to_lowercase())
                .map(|(l, _)| l.clone())
                .unwrap_or_default();
            problems.push(Problem::NoNote(label.to_string(), like));
            out.push(Event::Text(CowStr::from(format!("[^{label}]"))));
            continue;
        };
        let k = match listed.iter().position(|&(j, _)| j == i) {
            Some(k) => k,
            None => {
                listed.push((i, 0));
                listed.len() - 1
            }
        };
        let n = first + k;
        let seen = listed[k].1;
        listed[k].1 += 1;
        out.push(Event::InlineHtml(
            format!(
                "<sup id=\"{}\"><a href=\"#fn:{n}\" class=\"footnote-ref\" role=\"doc-noteref\">{n}</a></sup>",
                ref_id(n, seen)
            )
            .into(),
        ));
    }
}

/// The id of the `seen`-th earlier reference to note `n` (goldmark's: `fnref:1`, then
/// `fnref1:1`, `fnref2:1`, …).
fn ref_id(n: usize, seen: usize) -> String {
    match seen {
        0 => format!("fnref:{n}"),
        k => format!("fnref{k}:{n}"),
    }
}

/// The links from note `n` back to each of its `refs` references.
fn back_links(n: usize, refs: usize, labels: &Labels) -> String {
    let label = labels
        .back
        .as_ref()
        .map(|b| format!(" aria-label=\"{}\"", escape(b)))
        .unwrap_or_default();
    (0..refs)
        .map(|k| {
            format!(
                "&#160;<a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\"{label}>&#x21a9;&#xfe0e;</a>",
                ref_id(n, k)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn html(md: &str, last: &mut usize) -> String {
        html_with(md, last, &mut Vec::new())
    }

    fn html_with(md: &str, last: &mut usize, problems: &mut Vec<Problem>) -> String {
        let events: Vec<Event> = Parser::new_ext(md, crate::parse::markdown::options()).collect();
        let labels = Labels {
            list: Some("Fotnoter".into()),
            back: Some("Tilbake til teksten".into()),
        };
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            to_end(events, last, || labels, problems).into_iter(),
        );
        out
    }

    #[test]
    fn notes_are_numbered_by_first_reference_and_listed_at_the_end() {
        let mut last = 0;
        let out = html(
            "Først[^b] så[^a], igjen[^b], ikke[^B].\n\n[^a]: A-noten.\n\n[^b]: B-noten.\n\n[^u]: Ubrukt.\n\nSlutt.\n",
            &mut last,
        );
        assert_eq!(last, 2);
        assert!(out.starts_with(
            "<p>Først<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> så<sup id=\"fnref:2\"><a href=\"#fn:2\" class=\"footnote-ref\" role=\"doc-noteref\">2</a></sup>, igjen<sup id=\"fnref1:1\"><a href=\"#fn:1\""
        ), "{out}");
        let list = out.find("<div class=\"footnotes\"").expect("a list");
        assert!(out.find("<p>Slutt.</p>").unwrap() < list, "{out}");
        let b = out.find("<li id=\"fn:1\">\n<p>B-noten.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Tilbake til teksten\">&#x21a9;&#xfe0e;</a>&#160;<a href=\"#fnref1:1\"").expect(&out);
        let a = out.find("<li id=\"fn:2\">\n<p>A-noten.").expect(&out);
        assert!(b < a);
        assert!(
            !out.contains("Ubrukt"),
            "a note nobody references is left out"
        );
        assert!(out.ends_with("</ol>\n</div>\n"), "{out}");
    }

    #[test]
    fn numbering_goes_on_across_texts_of_a_page() {
        let mut last = 0;
        html("En[^x].\n\n[^x]: X.\n", &mut last);
        let out = html("To[^y].\n\n[^y]: Y.\n", &mut last);
        assert_eq!(last, 2);
        assert!(
            out.contains("<sup id=\"fnref:2\"><a href=\"#fn:2\""),
            "{out}"
        );
        assert!(out.contains("<ol start=\"2\">"), "{out}");
        assert!(out.contains("<li id=\"fn:2\">"), "{out}");
    }

    #[test]
    fn a_note_that_ends_in_a_block_gets_its_back_link_after_it() {
        let mut last = 0;
        let out = html("Kode[^c].\n\n[^c]: ```\n    kode\n    ```\n", &mut last);
        assert!(
            out.contains("</code></pre>\n&#160;<a href=\"#fnref:1\" class=\"footnote-backref\""),
            "{out}"
        );
    }

    #[test]
    fn text_without_notes_is_untouched_and_unknown_labels_stay_text() {
        let mut last = 0;
        let out = html("Ingen noter, bare [^x] og [lenke](/a/).\n", &mut last);
        assert_eq!(last, 0);
        assert_eq!(
            out,
            "<p>Ingen noter, bare [^x] og <a href=\"/a/\">lenke</a>.</p>\n"
        );
    }

    #[test]
    fn a_note_may_reference_another_note() {
        let mut last = 0;
        let out = html("Se[^a].\n\n[^a]: A, se også[^b].\n\n[^b]: B.\n", &mut last);
        assert_eq!(last, 2);
        let a = out.find("<li id=\"fn:1\">").unwrap();
        let b = out.find("<li id=\"fn:2\">").unwrap();
        assert!(a < b && out[a..b].contains("href=\"#fn:2\""), "{out}");
    }

    #[test]
    fn what_does_not_show_as_written_is_told() {
        let mut problems = Vec::new();
        let out = html_with(
            "En[^a], to[^B].\n\n[^a]: A.\n\n[^b]: B.\n\n[^a]: Igjen.\n\n[^u]: Ubrukt.\n",
            &mut 0,
            &mut problems,
        );
        assert!(!out.contains("Igjen"), "{out}");
        assert_eq!(
            problems,
            [
                Problem::Duplicate("a".into()),
                Problem::NoNote("B".into(), "b".into()),
                Problem::Unreferenced("b".into()),
                Problem::Unreferenced("u".into()),
            ]
        );
        let mut none = Vec::new();
        html_with("Ingen noter.\n", &mut 0, &mut none);
        html_with("En[^a].\n\n[^a]: A.\n", &mut 0, &mut none);
        assert!(none.is_empty(), "{none:?}");
    }
}
