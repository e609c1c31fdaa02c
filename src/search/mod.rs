//! Search: the Norwegian search index built at build time (see issue "Norwegian search").
//!
//! Entry point: [`build`], called by the pipeline after rendering, returns the index files
//! to write. It reads the resolved site only; it never changes pages.

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::render::OutputFile;

/// The search index files for `site` (none yet).
pub fn build(_site: &Site, _diags: &mut Diagnostics) -> Vec<OutputFile> {
    Vec::new()
}
