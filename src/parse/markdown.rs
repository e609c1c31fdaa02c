//! Markdown → HTML for one page, with shortcodes expanded, heading ids assigned (Hugo
//! compatible) and every internal link and image collected for the resolver.
//!
//! The HTML produced here is not final: each internal link's `href`/`src` is a marker
//! ([`crate::model::link_marker`]) and each shortcode that needs the whole site (`children`)
//! is a marker ([`crate::model::deferred_marker`]); `resolve` and `render` fill them in.
//! This module must not look at other pages or do IO: it sees one file's text.

use super::heading_id::{self, IdAllocator};
use super::shortcodes::{self, Segment, Shortcode};
use crate::diagnostics::{Diagnostics, LineIndex, Pos};
use crate::model::{
    Asset, Attachment, Content, Deferred, Heading, LinkKind, MARK_CLOSE, deferred_marker,
};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// What the markdown stage needs from the theme: shortcode templates.
pub trait ShortcodeHost: Sync {
    /// Whether a template for this shortcode exists.
    fn has(&self, name: &str) -> bool;
    /// Whether the shortcode must have a closing tag.
    fn needs_closing(&self, name: &str) -> bool;
    /// Renders a shortcode template. `inner_html` is the rendered inner markdown.
    fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, String>;
    /// The text of a file a page inserts (`{{% insert "path" %}}`, see [`super::include`]).
    fn include(&self, _path: &str) -> Option<&str> {
        None
    }
    /// The files whose output folder is `out_dir` (`a/_index.files/`), by name: a page's
    /// attachments, for the `attachments` shortcode.
    fn attachments(&self, _out_dir: &str) -> Vec<Attachment> {
        Vec::new()
    }
    /// The theme's UI string `key` in `lang` (e.g. the name of a page's footnote list).
    fn ui(&self, _lang: &str, _key: &str) -> Option<String> {
        None
    }
}

/// A shortcode host with the files pages insert: the theme's shortcodes, the texts the
/// load stage read for `insert`/`include`, and the site's other files (for `attachments`).
pub struct WithIncludes<'a> {
    pub theme: &'a dyn ShortcodeHost,
    pub includes: &'a super::include::Includes,
    pub assets: &'a [Asset],
}

impl ShortcodeHost for WithIncludes<'_> {
    fn has(&self, name: &str) -> bool {
        self.theme.has(name)
    }
    fn needs_closing(&self, name: &str) -> bool {
        self.theme.needs_closing(name)
    }
    fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, String> {
        self.theme.render(call)
    }
    fn include(&self, path: &str) -> Option<&str> {
        self.includes.get(path)
    }
    fn ui(&self, lang: &str, key: &str) -> Option<String> {
        self.theme.ui(lang, key)
    }
    fn attachments(&self, out_dir: &str) -> Vec<Attachment> {
        let mut files: Vec<Attachment> = self
            .assets
            .iter()
            .filter_map(|a| {
                let name = a.out.strip_prefix(out_dir)?;
                (!name.is_empty() && !name.contains('/')).then(|| Attachment {
                    name: name.to_string(),
                    path: crate::resolve::urls::encode_path(&a.out),
                    size: a.size.unwrap_or(0),
                    size_text: String::new(),
                })
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        files.dedup_by(|a, b| a.name == b.name);
        files
    }
}

/// One shortcode invocation handed to the theme.
pub struct ShortcodeCall<'a> {
    pub name: &'a str,
    pub positional: &'a [String],
    pub named: &'a BTreeMap<String, String>,
    pub inner_html: &'a str,
    pub inner_raw: &'a str,
    pub lang: &'a str,
    /// The page's attachments (for `attachments`; empty for other shortcodes).
    pub attachments: &'a [Attachment],
}

/// Shortcodes implemented in Rust because they need the site.
mod builtins;
use builtins::Footnotes;
/// Bare URLs, `www.` and e-mail addresses in text.
mod autolink;
/// Markdown footnotes listed at the end, as Hugo lists them.
mod footnotes;
/// Internal links recorded and replaced by markers (markdown, raw HTML, `ref`/`relref`).
mod links;
pub use links::is_external;
/// Block-level shortcode output put back in place of its marker.
mod blocks;
pub use blocks::place_block;
use blocks::substitute_blocks;
use links::encode_ref;
/// Tables Hugo reads and pulldown-cmark would not (lazy rows in a list item, short headers).
mod hugo_tables;
/// Hugo's typographer (quotes, dashes, ellipses).
mod typography;

const DEFERRED: &[&str] = &["children"];
const REF_SCHEME: &str = "veiviser-ref:";
const RELREF_SCHEME: &str = "veiviser-relref:";
const BLOCK_OPEN: char = '\u{E003}';
const MAX_DEPTH: usize = 32;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Per-site markdown settings, and the parameters Hugo's `param` and Learn's `siteparam`
/// shortcodes read.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions<'p> {
    /// Replace `:emoji_codes:` with emoji (Hugo's `enableEmoji`).
    pub emoji: bool,
    /// The page's front matter parameters (keys veiviser does not read itself).
    pub page_params: Option<&'p serde_json::Map<String, serde_json::Value>>,
    /// The site's `[params]`.
    pub site_params: Option<&'p serde_json::Map<String, serde_json::Value>>,
}

/// The events of `text` (plain CommonMark, no extensions) with Hugo's typography: for
/// markdown in template arguments (`markdownify`).
pub fn typeset_events(text: &str) -> impl Iterator<Item = Event<'_>> {
    typography::typeset(text, Parser::new(text).into_offset_iter()).map(|(e, _)| e)
}

/// Rendered markdown of one paragraph without its `<p>…</p>` (for text shown inline);
/// anything else as it is, trimmed.
pub fn unwrap_paragraph(html: &str) -> &str {
    let html = html.trim();
    html.strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .filter(|t| !t.contains("<p>"))
        .unwrap_or(html)
}

/// Renders the body of `text` (starting at `body_start`) for the page at `display`.
pub fn render(
    (display, rel): (&str, &str),
    text: &str,
    body_start: usize,
    lang: &str,
    host: &dyn ShortcodeHost,
    opts: MarkdownOptions<'_>,
    diags: &mut Diagnostics,
) -> Content {
    let mut st = State {
        opts,
        display,
        rel,
        text,
        lines: LineIndex::new(text),
        host,
        lang,
        ids: IdAllocator::new(),
        content: Content::default(),
        blocks: Vec::new(),
        diags,
        fixed: None,
        footnotes: Footnotes::default(),
        notes: 0,
        inserting: Vec::new(),
    };
    let body = &text[body_start..];
    let needs = |n: &str| host.needs_closing(n);
    let (segments, errors) = shortcodes::scan(body, &needs);
    for e in errors {
        let pos = st.pos(body_start + e.offset);
        st.diags.error(display, pos, e.message);
    }
    let html = st.render_segments(&segments, body, body_start, 0);
    st.unlisted_footnotes();
    let html = substitute_blocks(&html, &st.blocks, st.blocks.len());
    st.content.html = html;
    st.content
}

struct State<'a, 'd> {
    opts: MarkdownOptions<'a>,
    display: &'a str,
    /// The file's path in the content folder (its site path in a multilingual site).
    rel: &'a str,
    text: &'a str,
    lines: LineIndex,
    host: &'a dyn ShortcodeHost,
    lang: &'a str,
    ids: IdAllocator,
    content: Content,
    blocks: Vec<String>,
    diags: &'d mut Diagnostics,
    /// While an inserted file is rendered: the file offset of the `insert` shortcode, where
    /// everything in the inserted text is reported (its offsets are not the page's).
    fixed: Option<usize>,
    footnotes: Footnotes,
    /// The last number given to a markdown footnote on the page (see [`footnotes`]).
    notes: usize,
    /// The files being inserted, outermost first: one that inserts itself, directly or
    /// through others, is told so (not "nested too deeply").
    inserting: Vec<String>,
}

/// A heading being collected: (index of its start event, level, explicit id, classes,
/// source offset).
type OpenHeading<'a> = (
    usize,
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    usize,
);

/// Maps offsets in a transformed markdown string back to the file.
#[derive(Default)]
struct OffsetMap {
    /// (offset in transformed text, offset in file, verbatim copy?)
    pieces: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    /// The transformed text got `n` bytes inserted at each `(offset, n)` (offsets before
    /// any insertion, ascending): later pieces move, and a verbatim piece is split there.
    fn insert(&mut self, insertions: &[(usize, usize)]) {
        let mut out = Vec::with_capacity(self.pieces.len() + insertions.len());
        let (mut k, mut added) = (0, 0);
        for (idx, &(ts, os, verbatim)) in self.pieces.iter().enumerate() {
            let end = self.pieces.get(idx + 1).map_or(usize::MAX, |p| p.0);
            while k < insertions.len() && insertions[k].0 <= ts {
                added += insertions[k].1;
                k += 1;
            }
            out.push((ts + added, os, verbatim));
            while k < insertions.len() && insertions[k].0 < end {
                let (at, n) = insertions[k];
                added += n;
                k += 1;
                if verbatim {
                    out.push((at + added, os + (at - ts), true));
                }
            }
        }
        self.pieces = out;
    }

    fn orig(&self, t: usize) -> usize {
        let i = match self.pieces.binary_search_by(|p| p.0.cmp(&t)) {
            Ok(i) => i,
            Err(0) => return self.pieces.first().map(|p| p.1).unwrap_or(0),
            Err(i) => i - 1,
        };
        let (ts, os, verbatim) = self.pieces[i];
        if verbatim { os + (t - ts) } else { os }
    }
}

impl State<'_, '_> {
    fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(self.text, offset)
    }

    /// Expands shortcodes in `segs` (offsets relative to `src`, which starts at file offset
    /// `base`) into a markdown string, then renders it.
    fn render_segments(
        &mut self,
        segs: &[Segment],
        src: &str,
        base: usize,
        depth: usize,
    ) -> String {
        let mut md = String::with_capacity(src.len());
        let mut map = OffsetMap::default();
        for seg in segs {
            match seg {
                Segment::Text(r) => {
                    match self.fixed {
                        Some(at) => map.pieces.push((md.len(), at, false)),
                        None => map.pieces.push((md.len(), base + r.start, true)),
                    }
                    md.push_str(&src[r.clone()]);
                }
                Segment::Literal { span, text } => {
                    let at = self.fixed.unwrap_or(base + span.start);
                    map.pieces.push((md.len(), at, false));
                    md.push_str(text);
                }
                Segment::Shortcode(sc) => {
                    let at = self.fixed.unwrap_or(base + sc.open.start);
                    map.pieces.push((md.len(), at, false));
                    let out = self.expand(sc, src, base, depth);
                    md.push_str(&out);
                }
            }
        }
        if let Some((fixed, insertions)) = hugo_tables::fix(&md) {
            let lengths: Vec<(usize, usize)> =
                insertions.iter().map(|(at, t)| (*at, t.len())).collect();
            map.insert(&lengths);
            md = fixed;
        }
        self.markdown_to_html(&md, &map)
    }

    fn expand(&mut self, sc: &Shortcode, src: &str, base: usize, depth: usize) -> String {
        let at = self.fixed.unwrap_or(base + sc.open.start);
        let pos = self.pos(at);
        let positional = &sc.args.positional;
        let named: BTreeMap<String, String> = sc.args.named.iter().cloned().collect();
        let name = sc.name.as_str();
        if super::include::NAMES.contains(&name) && !self.host.has(name) {
            return self.insert(name, positional, at, depth);
        }
        if name == "ref" || name == "relref" {
            let target = positional
                .first()
                .cloned()
                .or_else(|| named.get("path").cloned())
                .unwrap_or_default();
            if target.is_empty() {
                self.diags.error(
                    self.display,
                    pos,
                    format!("`{name}` shortcode needs a target path"),
                );
                return String::new();
            }
            let scheme = if name == "ref" {
                REF_SCHEME
            } else {
                RELREF_SCHEME
            };
            return format!("{scheme}{}", encode_ref(&target));
        }
        if name == "link" && !self.host.has(name) {
            return self.page_link(positional, at);
        }
        if (name == "param" || name == "siteparam") && !self.host.has(name) {
            return self.param(name, positional, &named, pos);
        }
        if (name == "footnote" || name == "displayFootnotes") && !self.host.has(name) {
            return self.footnote(name, sc, src, at, depth);
        }
        if DEFERRED.contains(&name) {
            let i = self.content.deferred.len();
            self.content.deferred.push(Deferred {
                name: name.to_string(),
                named,
                positional: positional.clone(),
                pos,
            });
            return deferred_marker(i);
        }
        let inner_raw = sc.inner.clone().map(|r| &src[r]).unwrap_or("");
        let inner_html = if sc.inner.is_some() && depth < MAX_DEPTH {
            self.render_segments(&sc.children, src, base, depth + 1)
        } else {
            if depth >= MAX_DEPTH {
                self.diags.error(
                    self.display,
                    pos,
                    "shortcodes nested too deeply (more than 32 levels)",
                );
            }
            String::new()
        };
        let html = if !self.host.has(name) {
            self.diags.warning(
                self.display,
                pos,
                format!("unknown shortcode `{name}`: its inner content is kept"),
            );
            inner_html
        } else {
            let attachments = if name == "attachments" {
                self.attachments(&named, pos)
            } else {
                Vec::new()
            };
            let call = ShortcodeCall {
                name,
                positional,
                named: &named,
                inner_html: &inner_html,
                inner_raw,
                lang: self.lang,
                attachments: &attachments,
            };
            match self.host.render(&call) {
                // The template's own links (`figure`'s `src`, a `button`'s `href`) are checked
                // and rewritten like raw HTML's; the inner content's are markers already.
                Ok(h) => self.collect_html_links(&h, at),
                Err(msg) => {
                    self.diags.error(
                        self.display,
                        pos,
                        format!("shortcode `{name}` failed to render: {msg}"),
                    );
                    inner_html
                }
            }
        };
        self.block(html)
    }

    /// The page's attachments, as Hugo Learn's `attachments` finds them: the files of
    /// `files/` beside an `index.md`, of `<name>.files/` beside `<name>.md`, whose name the
    /// regular expression `pattern` (if given) matches somewhere.
    fn attachments(&mut self, named: &BTreeMap<String, String>, pos: Pos) -> Vec<Attachment> {
        let (dir, file) = crate::resolve::urls::split_rel(self.rel);
        let stem = crate::resolve::urls::stem(file);
        let folder = if stem == "index" {
            "files".to_string()
        } else {
            format!("{stem}.files")
        };
        let out_dir = crate::resolve::urls::dir_url(&format!("{dir}/{folder}"));
        let mut files = self.host.attachments(&out_dir[1..]);
        if files.is_empty() {
            self.diags.warning(
                self.display,
                pos,
                format!(
                    "attachments: no files in `{folder}/` beside this page, so none are listed"
                ),
            );
        }
        for f in &mut files {
            f.size_text = crate::model::size_text(f.size, self.lang);
        }
        if let Some(pattern) = named.get("pattern").filter(|p| !p.is_empty()) {
            match regex::Regex::new(pattern) {
                Ok(re) => files.retain(|f| re.is_match(&f.name)),
                Err(e) => self.diags.warning(
                    self.display,
                    pos,
                    format!("attachments: `pattern` is no regular expression ({e}); every file is listed"),
                ),
            }
        }
        files
    }

    /// `html` kept aside until pulldown-cmark has run, and the marker that stands for it.
    fn block(&mut self, html: String) -> String {
        let i = self.blocks.len();
        self.blocks.push(html);
        format!("{BLOCK_OPEN}{i}{MARK_CLOSE}")
    }

    /// `{{% insert "path" args… %}}`: the file's text (front matter left out, `{0}`… filled
    /// in) rendered in place, with its own shortcodes; everything in it is reported at the
    /// shortcode (file offset `at`).
    fn insert(&mut self, name: &str, args: &[String], at: usize, depth: usize) -> String {
        let pos = self.pos(at);
        let Some(path) = args.first().filter(|p| !p.trim().is_empty()) else {
            self.diags.warning(
                self.display,
                pos,
                format!("`{name}` needs the path of the file to insert"),
            );
            return String::new();
        };
        let Some(text) = self.host.include(path) else {
            self.diags.warning(
                self.display,
                pos,
                format!(
                    "`{name}`: no file `{path}` to insert (a path from the site's root folder, as Hugo's readFile)"
                ),
            );
            return String::new();
        };
        let key = path.trim().trim_start_matches('/').to_string();
        if self.inserting.contains(&key) {
            let chain: Vec<String> = self.inserting.iter().map(|p| format!("`{p}`")).collect();
            self.diags.error(
                self.display,
                pos,
                format!(
                    "`{name}`: `{path}` would insert itself (through {}): skipped",
                    chain.join(" → ")
                ),
            );
            return String::new();
        }
        if depth >= MAX_DEPTH {
            self.diags.error(
                self.display,
                pos,
                "inserted files nested too deeply (more than 32 levels)",
            );
            return String::new();
        }
        let md = super::include::fill(super::include::body(text), args);
        self.inserting.push(key);
        let html = self.render_at(&md, at, depth, &format!("in `{path}`"));
        self.inserting.pop();
        self.block(html)
    }

    /// Renders markdown that is not the page's own text (an inserted file, a footnote) with
    /// its shortcodes, everything in it reported at the shortcode at file offset `at`
    /// (shortcode syntax errors prefixed with `what`).
    fn render_at(&mut self, md: &str, at: usize, depth: usize, what: &str) -> String {
        let host = self.host;
        let (segments, errors) = shortcodes::scan(md, &|n| host.needs_closing(n));
        let pos = self.pos(at);
        for e in errors {
            self.diags
                .error(self.display, pos, format!("{what}: {}", e.message));
        }
        let outer = self.fixed.replace(at);
        let html = self.render_segments(&segments, md, 0, depth + 1);
        self.fixed = outer;
        html
    }

    fn markdown_to_html(&mut self, md: &str, map: &OffsetMap) -> String {
        let parser = Parser::new_ext(md, options()).into_offset_iter();
        let mut events: Vec<Event<'_>> = Vec::new();
        let mut heading: Option<OpenHeading<'_>> = None;
        let mut heading_text = String::new();
        let mut link_depth = 0usize;
        let mut code_depth = 0usize;
        // Per open strikethrough: whether it was written with one `~`, which goldmark (Hugo)
        // leaves as text; only `~~…~~` strikes through there.
        let mut single_tildes: Vec<bool> = Vec::new();
        // Footnote references and notes as written, with their file offsets (for warnings).
        let mut note_refs: Vec<(String, usize)> = Vec::new();
        let mut note_defs: Vec<(String, usize)> = Vec::new();
        for (event, range) in typography::typeset(md, parser) {
            match event {
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    heading = Some((events.len(), level, id, classes, range.start));
                    heading_text.clear();
                    events.push(Event::Text("".into())); // placeholder for the start tag
                    continue;
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((start, level, id, classes, src_start)) = heading.take() {
                        let mut raw = heading_source(&md[src_start..range.end.min(md.len())]);
                        if self.opts.emoji {
                            raw = emojify(&raw).into_owned();
                        }
                        let id = match id {
                            Some(id) => {
                                self.ids.put(&id);
                                id.to_string()
                            }
                            None => self.ids.generate(&raw),
                        };
                        let mut inner = String::new();
                        pulldown_cmark::html::push_html(
                            &mut inner,
                            events[start + 1..].iter().cloned(),
                        );
                        let level_n = level as u8;
                        self.content.headings.push(Heading {
                            level: level_n,
                            id: id.clone(),
                            html: inner,
                            text: heading_text.trim().to_string(),
                            pos: self.pos(map.orig(src_start)),
                        });
                        events[start] = Event::Start(Tag::Heading {
                            level,
                            id: Some(id.into()),
                            classes,
                            attrs: vec![],
                        });
                        events.push(Event::End(TagEnd::Heading(level)));
                    }
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    link_depth += 1;
                    let dest = self.collect_link(
                        &dest_url,
                        LinkKind::Link,
                        map.orig(range.start),
                        link_type,
                    );
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                    continue;
                }
                Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest = self.collect_link(
                        &dest_url,
                        LinkKind::Image,
                        map.orig(range.start),
                        link_type,
                    );
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                    continue;
                }
                Event::Start(Tag::Strikethrough) => {
                    let single = !md[range.start.min(md.len())..].starts_with("~~");
                    single_tildes.push(single);
                    if single {
                        events.push(Event::Text("~".into()));
                        continue;
                    }
                }
                // (The pop happens whichever way the guard goes.)
                Event::End(TagEnd::Strikethrough) if single_tildes.pop() == Some(true) => {
                    events.push(Event::Text("~".into()));
                    continue;
                }
                Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
                Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
                Event::Html(ref h) | Event::InlineHtml(ref h) => {
                    let rewritten = self.collect_html_links(h, map.orig(range.start));
                    let e = if matches!(event, Event::Html(_)) {
                        Event::Html(rewritten.into())
                    } else {
                        Event::InlineHtml(rewritten.into())
                    };
                    events.push(e);
                    continue;
                }
                Event::Text(ref t)
                    if link_depth == 0 && (t.contains(REF_SCHEME) || t.contains(RELREF_SCHEME)) =>
                {
                    // A `ref`/`relref` used outside a link target prints the URL.
                    self.bare_refs(t, map.orig(range.start), &mut events);
                    continue;
                }
                Event::Text(ref t) if self.opts.emoji && code_depth == 0 && t.contains(':') => {
                    let replaced = emojify(t);
                    if let std::borrow::Cow::Owned(r) = replaced {
                        if heading.is_some() {
                            heading_text.push_str(&r);
                        }
                        if link_depth == 0 && autolink::may_have(&r) {
                            linkify(&r, &mut events);
                        } else {
                            events.push(Event::Text(r.into()));
                        }
                        continue;
                    }
                    if heading.is_some() {
                        heading_text.push_str(t);
                    }
                    if link_depth == 0 && autolink::may_have(t) {
                        linkify(t, &mut events);
                        continue;
                    }
                }
                Event::Text(ref t) => {
                    if heading.is_some() {
                        heading_text.push_str(t);
                    }
                    // In headings too, as goldmark's linkify: the table of contents shows
                    // a heading's plain text, so no link ends up inside its link.
                    if link_depth == 0 && code_depth == 0 && autolink::may_have(t) {
                        linkify(t, &mut events);
                        continue;
                    }
                }
                Event::Code(ref t) if heading.is_some() => heading_text.push_str(t),
                Event::SoftBreak | Event::HardBreak if heading.is_some() => heading_text.push(' '),
                Event::FootnoteReference(ref l) => {
                    note_refs.push((l.to_string(), map.orig(range.start)));
                }
                Event::Start(Tag::FootnoteDefinition(ref l)) => {
                    note_defs.push((l.to_string(), map.orig(range.start)));
                }
                _ => {}
            }
            events.push(event);
        }
        let (host, lang) = (self.host, self.lang);
        let mut problems = Vec::new();
        let labels = || footnotes::Labels {
            list: host.ui(lang, "footnotes"),
            back: host.ui(lang, "footnote_back"),
        };
        let events = footnotes::to_end(events, &mut self.notes, labels, &mut problems);
        self.footnote_problems(problems, &mut note_refs, &mut note_defs);
        let mut html = String::with_capacity(md.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    /// Warns of footnotes that do not show as written, each at its place in the file
    /// (`refs` and `defs`: the references and notes as pulldown-cmark read them, in order;
    /// each place is reported once).
    fn footnote_problems(
        &mut self,
        problems: Vec<footnotes::Problem>,
        refs: &mut Vec<(String, usize)>,
        defs: &mut Vec<(String, usize)>,
    ) {
        use footnotes::Problem;
        // The first place of `label` not reported yet (a second note of a label: its second).
        let take = |list: &mut Vec<(String, usize)>, label: &str, nth: usize| {
            let at = list
                .iter()
                .enumerate()
                .filter(|(_, (l, _))| l == label)
                .nth(nth)
                .map(|(i, _)| i)?;
            Some(list.remove(at).1)
        };
        for p in problems {
            let (at, message) = match p {
                // Referenced where this text does not reach: in a shortcode's inner
                // markdown, which is rendered on its own.
                Problem::Unreferenced(l) if self.text.matches(&format!("[^{l}]")).count() > 1 => (
                    take(defs, &l, 0),
                    format!(
                        "footnote `[^{l}]` is referenced only inside a shortcode, whose markdown is rendered on its own: the note is left out and the reference shows as text (put the note inside the shortcode too)"
                    ),
                ),
                Problem::Unreferenced(l) => (
                    take(defs, &l, 0),
                    format!("footnote `[^{l}]` is never referenced: it is left out, as in Hugo"),
                ),
                Problem::Duplicate(l) => (
                    take(defs, &l, 1),
                    format!("a second footnote `[^{l}]`: it is left out (the first one counts)"),
                ),
                Problem::NoNote(l, like) => (
                    take(refs, &l, 0),
                    format!(
                        "footnote `[^{l}]` has no note (`[^{like}]` has one, but labels match as written, as in Hugo): shown as text"
                    ),
                ),
            };
            let pos = self.pos(at.unwrap_or(0));
            self.diags.warning(self.display, pos, message);
        }
    }
}

/// The raw source text of a heading, as Hugo hands it to its id generator.
fn heading_source(src: &str) -> String {
    let trimmed = src.trim_start();
    if trimmed.starts_with('#') {
        let first_line = trimmed.lines().next().unwrap_or("");
        heading_id::atx_raw(first_line).to_string()
    } else {
        // Setext: the last line before the underline.
        let lines: Vec<&str> = src.lines().filter(|l| !l.trim().is_empty()).collect();
        let n = lines.len();
        let last = if n >= 2 {
            lines[n - 2]
        } else {
            lines.first().copied().unwrap_or("")
        };
        heading_id::strip_attributes(last.trim()).to_string()
    }
}

/// Replaces GitHub emoji codes (`:bug:`) with the emoji; unknown codes stay as written.
pub fn emojify(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(':') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut changed = false;
    while let Some(i) = rest.find(':') {
        let after = &rest[i + 1..];
        let end =
            after.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')));
        match end {
            Some(e) if e > 0 && after[e..].starts_with(':') => {
                if let Some(em) = emojis::get_by_shortcode(&after[..e]) {
                    out.push_str(&rest[..i]);
                    out.push_str(em.as_str());
                    rest = &after[e + 1..];
                    changed = true;
                    continue;
                }
                out.push_str(&rest[..i + 1]);
                rest = after;
            }
            _ => {
                out.push_str(&rest[..i + 1]);
                rest = after;
            }
        }
    }
    if !changed {
        return std::borrow::Cow::Borrowed(s);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Turns bare URLs, `www.` addresses and e-mail addresses in text into links (goldmark's
/// linkify, on in Hugo).
fn linkify<'e>(t: &str, events: &mut Vec<Event<'e>>) {
    let mut rest = t;
    while let Some((start, end, kind)) = autolink::find(rest) {
        if start > 0 {
            events.push(Event::Text(rest[..start].to_string().into()));
        }
        let text = &rest[start..end];
        let (link_type, dest) = match kind {
            autolink::Kind::Url => (LinkType::Autolink, text.to_string()),
            autolink::Kind::Www => (LinkType::Autolink, format!("https://{text}")),
            // pulldown-cmark writes `mailto:` before an e-mail link's address.
            autolink::Kind::Email => (LinkType::Email, text.to_string()),
        };
        events.push(Event::Start(Tag::Link {
            link_type,
            dest_url: dest.into(),
            title: "".into(),
            id: "".into(),
        }));
        events.push(Event::Text(text.to_string().into()));
        events.push(Event::End(TagEnd::Link));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(rest.to_string().into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Host;
    impl ShortcodeHost for Host {
        fn has(&self, name: &str) -> bool {
            name == "notice"
        }
        fn needs_closing(&self, name: &str) -> bool {
            name == "notice"
        }
        fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, String> {
            Ok(format!(
                "<div class=\"notice {}\">{}</div>",
                call.positional.first().map(String::as_str).unwrap_or(""),
                call.inner_html
            ))
        }
    }

    fn md(text: &str) -> (Content, Vec<crate::diagnostics::Diagnostic>) {
        let mut d = Diagnostics::new();
        let c = render(
            ("a.md", "a.md"),
            text,
            0,
            "nb",
            &Host,
            MarkdownOptions {
                emoji: true,
                ..Default::default()
            },
            &mut d,
        );
        (c, d.sorted())
    }

    #[test]
    fn a_table_right_under_a_list_items_text_is_a_table_in_the_item() {
        let text = "Intro [a](x.md).\n\n* Sett opp:\n| KEY | VALUE |\n| --- | --- |\n| Se [b](y.md) | `v` |\n\nEtter [c](z.md).\n";
        let (c, d) = md(text);
        assert!(d.is_empty(), "{d:?}");
        assert!(
            c.html.contains("<li>Sett opp:<table><thead><tr><th>KEY</th><th>VALUE</th></tr></thead><tbody>\n<tr><td>Se <a href="),
            "{}",
            c.html
        );
        // Links keep their place in the file, inside the moved rows and after them.
        let at: Vec<(usize, usize)> = c.links.iter().map(|l| (l.pos.line, l.pos.col)).collect();
        assert_eq!(at, vec![(1, 7), (6, 6), (8, 7)]);
    }

    /// Random text from the characters the typographer, linkify and the lazy-table fixer
    /// look at: whatever the mix, rendering does not panic.
    #[test]
    fn punctuation_soup_never_panics() {
        const ALPHABET: &[&str] = &[
            "\"", "'", "-", ".", "<", ">", "|", "* ", "1. ", "\n", "\n\n", " ", "a", "ø", "`",
            "```\n", "\\", "&quot;", "http://", "www.", "@", "x.no", "«", "”", "    ", ":smile:",
        ];
        let mut rng = crate::search::TestRng::new(13);
        for _ in 0..3000 {
            let text: String = (0..40)
                .map(|_| ALPHABET[rng.below(ALPHABET.len())])
                .collect();
            let _ = md(&text);
        }
    }

    #[test]
    fn a_header_row_shorter_than_its_delimiter_row_is_padded_into_a_table() {
        let (c, d) = md("| A | B |\n| --- | --- | --- |\n| 1 | 2 | [x](y.md) |\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(
            c.html
                .starts_with("<table><thead><tr><th>A</th><th>B</th><th></th></tr></thead>"),
            "{}",
            c.html
        );
        assert_eq!((c.links[0].pos.line, c.links[0].pos.col), (3, 11));
    }

    #[test]
    fn offsets_move_past_inserted_text() {
        let mut map = OffsetMap {
            pieces: vec![(0, 100, true), (10, 500, false), (12, 600, true)],
        };
        map.insert(&[(3, 2), (12, 4)]);
        assert_eq!(map.orig(1), 101);
        assert_eq!(map.orig(5), 103); // after the 2 spaces at 3
        assert_eq!(map.orig(13), 500); // the non-verbatim piece, moved by 2
        assert_eq!(map.orig(18), 600); // the piece at 12 starts after 2 + 4 spaces
        assert_eq!(map.orig(20), 602);
    }

    #[test]
    fn shortcodes_on_adjacent_lines_are_blocks_not_a_paragraph() {
        let (c, d) =
            md("{{% notice info %}}\nA\n{{% /notice %}}\n{{% notice tip %}}\nB\n{{% /notice %}}\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(
            !c.html.contains("<p><div") && !c.html.contains("</div>\n</p>"),
            "{}",
            c.html
        );
        assert!(
            c.html.contains("<p>A</p>") && c.html.contains("<p>B</p>"),
            "{}",
            c.html
        );
        // A block-level one beside text splits the paragraph around it (`<p><div>` is not
        // HTML); at the start or end of a paragraph, or after only whitespace, it closes or
        // opens no empty paragraph.
        let (c, _) = md("Se {{% notice info %}}A{{% /notice %}} her.\n");
        assert_eq!(
            c.html,
            "<p>Se</p>\n<div class=\"notice info\"><p>A</p>\n</div>\n<p>her.</p>\n"
        );
        let (c, _) = md(
            "Først tekst.\n{{% notice info %}}A{{% /notice %}}\n\n\u{a0}\n{{% notice tip %}}B{{% /notice %}}\nSå tekst.\n",
        );
        assert_eq!(
            c.html,
            "<p>Først tekst.</p>\n<div class=\"notice info\"><p>A</p>\n</div>\n<div class=\"notice tip\"><p>B</p>\n</div>\n<p>Så tekst.</p>\n"
        );
    }

    #[test]
    fn headings_get_hugo_ids_and_duplicates() {
        let (c, _) =
            md("## Åpning i brannmur\n\n## Eksempel\n\n## Eksempel\n\n## Egen {#min-id}\n");
        let ids: Vec<_> = c.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["åpning-i-brannmur", "eksempel", "eksempel-1", "min-id"]
        );
        assert!(
            c.html
                .contains("<h2 id=\"åpning-i-brannmur\">Åpning i brannmur</h2>"),
            "{}",
            c.html
        );
        assert_eq!(c.headings[0].pos, Pos::new(1, 1));
        assert_eq!(c.headings[1].pos, Pos::new(3, 1));
    }

    #[test]
    fn setext_and_markup_headings() {
        let (c, _) = md("Tittel *her*\n------\n\n## **Fet** `kode`\n");
        assert_eq!(c.headings[0].id, "tittel-her");
        assert_eq!(c.headings[1].id, "fet-kode");
        assert_eq!(c.headings[1].text, "Fet kode");
    }

    #[test]
    fn internal_links_become_markers_with_positions() {
        let (c, _) = md("Tekst\n\nSe [a](../a/) og [b](https://x.no) og ![bilde](bilde.png).\n");
        assert_eq!(c.links.len(), 2);
        assert_eq!(c.links[0].dest, "../a/");
        assert_eq!(c.links[0].pos, Pos::new(3, 4));
        assert_eq!(c.links[1].kind, LinkKind::Image);
        assert!(
            c.html.contains("href=\"%EE%80%800%EE%80%81\""),
            "{}",
            c.html
        );
        assert!(c.html.contains("href=\"https://x.no\""));
    }

    #[test]
    fn raw_html_links_are_collected() {
        let (c, _) = md("<a href=\"/docs/a/\">x</a>\n\n<img src='b.png'>\n");
        assert_eq!(c.links.len(), 2);
        assert_eq!(c.links[0].dest, "/docs/a/");
        assert_eq!(c.links[1].dest, "b.png");
    }

    #[test]
    fn shortcodes_expand_with_markdown_inside() {
        let (c, d) = md(
            "Før\n\n{{% notice info %}}\nMed [lenke](b.md) og **fet**\n{{% /notice %}}\n\nEtter\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(
            c.html
                .contains("<div class=\"notice info\"><p>Med <a href="),
            "{}",
            c.html
        );
        assert!(!c.html.contains("<p><div"), "{}", c.html);
        assert_eq!(c.links[0].dest, "b.md");
        assert_eq!(c.links[0].pos.line, 4);
    }

    #[test]
    fn ref_shortcodes_become_ref_links() {
        let (c, d) = md("[x]({{< ref \"/seres/kom i gang.md#a\" >}})\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.links[0].kind, LinkKind::Ref);
        assert_eq!(c.links[0].dest, "/seres/kom i gang.md#a");
    }

    #[test]
    fn unknown_shortcode_warns_and_keeps_inner() {
        let (c, d) = md("{{% ukjent %}}\nInnhold\n{{% /ukjent %}}\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("unknown shortcode `ukjent`"));
        assert_eq!(d[0].line, 1);
        assert!(c.html.contains("Innhold"));
    }

    #[test]
    fn a_block_never_contains_itself() {
        // Without the limit, block 0 would be substituted into itself forever.
        let (c, _) = md("{{% notice %}}\nx \u{E003}0\u{E001} y\n{{% /notice %}}\n");
        assert!(
            c.html
                .contains("<div class=\"notice \"><p>x \u{E003}0\u{E001} y</p>"),
            "{}",
            c.html
        );
    }

    #[test]
    fn children_is_deferred() {
        let (c, _) = md("{{<children description=\"true\" />}}\n");
        assert_eq!(c.deferred.len(), 1);
        assert_eq!(
            c.deferred[0].named.get("description").map(String::as_str),
            Some("true")
        );
        assert!(c.html.contains(&deferred_marker(0)));
    }

    #[test]
    fn bare_urls_are_linked() {
        let (c, _) = md("Gå til https://www.example.no/oversikt/ (krever innlogging).\n");
        assert!(
            c.html.contains(
                "<a href=\"https://www.example.no/oversikt/\">https://www.example.no/oversikt/</a>"
            ),
            "{}",
            c.html
        );
    }

    #[test]
    fn gfm_extensions() {
        let (c, _) = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] gjort\n\nFotnote[^1]\n\n[^1]: Her.\n",
        );
        assert!(c.html.contains("<table>"));
        assert!(c.html.contains("<del>x</del>"));
        assert!(c.html.contains("checkbox"));
        assert!(c.html.contains("footnote"));
    }

    #[test]
    fn emoji_codes_like_hugo() {
        let (c, _) = md(
            "## :heavy_check_mark: Ferdig\n\n## Bugfix :bug:\n\nTekst :smile: og :ukjent: kode\n",
        );
        assert_eq!(c.headings[0].id, "-ferdig");
        assert_eq!(c.headings[1].id, "bugfix-");
        assert!(c.html.contains("Tekst 😄 og :ukjent: kode"), "{}", c.html);
    }
}
