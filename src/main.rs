//! The `veiviser` command line. It parses arguments, calls the library and reports: it
//! never decides anything about content itself.
//!
//! Exit codes: 0 ok, 1 content errors (or another system failure), 2 usage errors and an
//! output folder that is refused or cannot be written (disk full, read-only).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use veiviser::diagnostics::Diagnostic;
use veiviser::{BuildOptions, Outcome};

/// mimalloc rather than the system allocator: the build makes many small, short-lived
/// allocations from several threads (strings per page, per section, per token run). On the
/// Altinn corpus (`bench/ab.py`, 30-60 alternating pairs) it took 4% off a build without
/// search and 7% off one with it, and most page faults (3,600 → 400). The gain is from
/// transparent huge pages, which mimalloc asks for (its `no_thp` feature: no gain left), and
/// costs memory: peak RSS 30 → 85 MB on Altinn, 193 → 240 MB on 10,000 synthetic pages.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "veiviser",
    version,
    about = "Static documentation sites for Norwegian public-sector guidance"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: <root>/public).
    Build {
        /// Site root (holds content/ and veiviser.toml or a Hugo config).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL (overrides the config), e.g. https://example.org/docs/ or /.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Include draft pages.
        #[arg(long)]
        drafts: bool,
        /// Treat broken links as errors even for Hugo sites.
        #[arg(long)]
        strict: bool,
        /// Leave out the search index and feed (e.g. when a portal indexes the site itself).
        #[arg(long)]
        no_search: bool,
    },
    /// Validate everything `build` validates, write nothing.
    Check {
        /// Site root (holds content/ and veiviser.toml or a Hugo config).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Diagnostics as text lines or as JSON (on stdout).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Include draft pages.
        #[arg(long)]
        drafts: bool,
        /// Treat broken links as errors even for Hugo sites.
        #[arg(long)]
        strict: bool,
    },
    /// List the content files and the pages they became (URL, kind, language, title), like
    /// `hugo list all`.
    List {
        /// Site root (holds content/ and veiviser.toml or a Hugo config).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// CSV (as `hugo list all`) or JSON.
        #[arg(long, value_enum, default_value = "csv")]
        format: ListFormat,
        /// Base URL (overrides the config), as for `build`.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Include draft pages.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site with live reload.
    Serve {
        /// Site root (holds content/ and veiviser.toml or a Hugo config).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on (IPv4 or IPv6, e.g. 127.0.0.1 or ::1).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port; 0 picks any free port.
        #[arg(long, default_value_t = 1313)]
        port: u16,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Include draft pages.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site in DIR.
    Init {
        /// The folder for the new site (created; it must be empty if it exists).
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            strict,
            no_search,
        } => {
            let opts = BuildOptions {
                root,
                out,
                base_url,
                drafts,
                strict,
                no_search,
            };
            report_text(veiviser::run(&opts, true), "built")
        }
        Command::Check {
            root,
            format,
            drafts,
            strict,
        } => {
            let opts = BuildOptions {
                root,
                drafts,
                strict,
                ..Default::default()
            };
            let result = veiviser::run(&opts, false);
            match format {
                Format::Text => report_text(result, "checked"),
                Format::Json => report_json(result),
            }
        }
        Command::List {
            root,
            format,
            base_url,
            drafts,
        } => {
            let opts = BuildOptions {
                root,
                base_url,
                drafts,
                ..Default::default()
            };
            match veiviser::list::list(&opts) {
                Ok((rows, diagnostics)) => {
                    print_diagnostics(&diagnostics.sorted());
                    print!(
                        "{}",
                        match format {
                            ListFormat::Csv => veiviser::list::csv(&rows),
                            ListFormat::Json => veiviser::list::json(&rows) + "\n",
                        }
                    );
                    ExitCode::from(if diagnostics.errors() > 0 { 1 } else { 0 })
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(system_exit_code(&e))
                }
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
        } => {
            let opts = veiviser::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
            };
            match veiviser::serve::serve(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(system_exit_code(&e))
                }
            }
        }
        Command::Init { dir } => match veiviser::init::init(&dir) {
            Ok(files) => {
                for f in &files {
                    println!("  created {}", dir.join(f).display());
                }
                println!(
                    "A new site is in {}; next: veiviser build --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(system_exit_code(&e))
            }
        },
    }
}

/// One line per diagnostic on stderr, through a buffer: stderr is unbuffered, and a
/// diagnostic printed straight away costs a write per piece (Altinn's 370 warnings were
/// ~3,700 writes).
fn print_diagnostics(diags: &[Diagnostic]) {
    use std::io::Write;
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for line in veiviser::diagnostics::text_lines(diags) {
        let _ = writeln!(err, "{line}");
    }
    let _ = err.flush();
}

fn report_text(result: veiviser::error::Result<Outcome>, verb: &str) -> ExitCode {
    match result {
        Ok(o) => {
            let diags = o.diagnostics.sorted();
            print_diagnostics(&diags);
            let errors = o.diagnostics.errors();
            let warnings = o.diagnostics.warnings();
            let status = if errors > 0 {
                if o.out.is_some() {
                    "failed, output not changed"
                } else {
                    "failed"
                }
            } else {
                verb
            };
            eprintln!(
                "{status}: {} pages, {} sections, {} warnings, {} errors in {} ms{}",
                o.pages,
                o.sections,
                warnings,
                errors,
                o.elapsed.as_millis(),
                match (&o.out, o.written) {
                    (Some(out), true) => format!(" → {}", out.display()),
                    _ => String::new(),
                }
            );
            if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(system_exit_code(&e))
        }
    }
}

/// 2 when the build could not start or its output could not be written, else 1.
/// `--base-url`: a path or an http(s) address ([`veiviser::config::base_url_problem`]).
fn parse_base_url(url: &str) -> Result<String, String> {
    match veiviser::config::base_url_problem(url) {
        None => Ok(url.to_string()),
        Some(problem) => Err(problem),
    }
}

fn system_exit_code(e: &veiviser::error::Error) -> u8 {
    use veiviser::error::Error;
    match e {
        Error::UnsafeOutput { .. }
        | Error::NoRoot { .. }
        | Error::NotASite { .. }
        | Error::NotEmpty { .. }
        | Error::Listen { .. }
        | Error::Output { .. }
        | Error::KeptAside { .. } => 2,
        _ => 1,
    }
}

fn report_json(result: veiviser::error::Result<Outcome>) -> ExitCode {
    match result {
        Ok(o) => {
            let json = serde_json::json!({
                "diagnostics": o.diagnostics.sorted(),
                "summary": {
                    "pages": o.pages,
                    "sections": o.sections,
                    "warnings": o.diagnostics.warnings(),
                    "errors": o.diagnostics.errors(),
                    "milliseconds": o.elapsed.as_millis() as u64,
                }
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
            if o.diagnostics.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(system_exit_code(&e))
        }
    }
}
