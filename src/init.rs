//! `veiviser init DIR`: writes a small working site (config, home page, a first page) from
//! files embedded in the binary. Refuses to write into a non-empty folder.

use crate::error::{Error, Result};
use include_dir::{Dir, include_dir};
use std::path::Path;

static STARTER: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/init/site");

/// Writes the starter site into `dir` and returns the paths written (relative).
pub fn init(dir: &Path) -> Result<Vec<String>> {
    if dir.exists() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| Error::read(dir, e))?
            .next()
            .is_some();
        if non_empty {
            return Err(Error::NotEmpty {
                path: dir.to_path_buf(),
            });
        }
    }
    let mut written = Vec::new();
    write_dir(&STARTER, dir, &mut written)?;
    written.sort();
    Ok(written)
}

fn write_dir(d: &Dir<'_>, target: &Path, written: &mut Vec<String>) -> Result<()> {
    for f in d.files() {
        let p = target.join(f.path());
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&p, f.contents()).map_err(|e| Error::write(&p, e))?;
        written.push(f.path().to_string_lossy().replace('\\', "/"));
    }
    for sub in d.dirs() {
        write_dir(sub, target, written)?;
    }
    Ok(())
}
