//! The built-in theme (`themes/default`) is embedded by `include_dir!`, which cannot tell
//! cargo about files added later: this makes any change under it rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
