//! A whole-site pass holds findings until the site's URLs are known and, beyond the kept-text
//! bound, reads the file again to render them. If the file changed in between, it must be linted
//! again rather than rendered against bytes that were not linted. The change is made by the
//! report's own output stream: its first write comes after the pass, before any file is
//! settled.
//!
//! Its own test binary: the kept-text bound is read once per process.

use std::io::{self, Write};
use std::path::PathBuf;

use postlint::diagnostic::Diagnostic;
use postlint::lint::{self, FixMode, Options};
use postlint::report::json::Json;
use postlint::report::{Renderer, Source, Summary};

/// JSON from a renderer that asks for the text, as the human format does: held files are then
/// rendered from their text, here read again.
struct JsonFromText;

impl Renderer for JsonFromText {
    fn file(&self, source: &Source<'_>, diagnostics: &[Diagnostic]) -> String {
        assert!(!source.text.is_empty(), "rendered without the text");
        Json.file(source, diagnostics)
    }
    fn begin(&self, out: &mut dyn Write, files: usize) -> io::Result<()> {
        Json.begin(out, files)
    }
    fn part(&self, out: &mut dyn Write, part: &str, first: bool) -> io::Result<()> {
        Json.part(out, part, first)
    }
    fn end(&self, out: &mut dyn Write, any: bool, summary: &Summary) -> io::Result<()> {
        Json.end(out, any, summary)
    }
}

/// Collects the report; rewrites `post` with `new` on the first write.
struct ChangeOnFirstWrite {
    post: PathBuf,
    new: &'static str,
    changed: bool,
    out: Vec<u8>,
}

impl ChangeOnFirstWrite {
    fn new(post: &std::path::Path, new: &'static str) -> Self {
        ChangeOnFirstWrite {
            post: post.to_path_buf(),
            new,
            changed: false,
            out: Vec::new(),
        }
    }
}

impl Write for ChangeOnFirstWrite {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.changed {
            std::fs::write(&self.post, self.new)?;
            self.changed = true;
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn options(root: PathBuf) -> Options {
    Options {
        paths: vec![root],
        config: None,
        select: vec!["link/internal-missing".into()],
        ignore: Vec::new(),
        now: jiff::Timestamp::from_second(1_795_000_000).expect("time"),
        site_dir: None,
        fix: FixMode::Off,
        changed_since: None,
        shard: None,
        online: None,
        no_cache: true,
        progress: false,
    }
}

#[test]
fn a_file_changed_before_its_findings_render_is_linted_again() {
    // Nothing is kept: every held file is read again to render.
    std::env::set_var("POSTLINT_KEEP_TEXT_BYTES", "0");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    std::fs::write(root.join("_config.yml"), "url: https://example.com\n").unwrap();
    std::fs::create_dir(root.join("_posts")).unwrap();
    let post = root.join("_posts/2022-01-01-a.md");
    std::fs::write(&post, "---\ntitle: a\n---\n[gone](/first-missing/)\n").unwrap();

    // Unchanged: the finding is about the link that was linted.
    let mut same = ChangeOnFirstWrite::new(&post, "---\ntitle: a\n---\n[gone](/first-missing/)\n");
    let renderers: [&dyn Renderer; 1] = [&JsonFromText];
    lint::run_with(&options(root.clone()), &renderers, &mut [&mut same]).expect("runs");
    let text = String::from_utf8(same.out).unwrap();
    assert!(text.contains("/first-missing/"), "{text}");

    // Changed after the pass (another link, on another line): what is reported is the file as
    // it is now, at its real place, not the old finding over the new bytes.
    let mut changed = ChangeOnFirstWrite::new(
        &post,
        "---\ntitle: a\n---\n\nnow\n[gone](/second-missing/)\n",
    );
    std::fs::write(&post, "---\ntitle: a\n---\n[gone](/first-missing/)\n").unwrap();
    lint::run_with(&options(root.clone()), &renderers, &mut [&mut changed]).expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&changed.out).expect("one JSON document");
    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 1, "{doc}");
    let d = &diags[0];
    assert_eq!(d["rule"], "link/internal-missing");
    assert!(
        d["message"].as_str().unwrap().contains("/second-missing/"),
        "{d}"
    );
    assert_eq!(d["line"], 6, "{d}");
    assert!(d["help"].is_string(), "{d}");

    // A renderer that needs no text renders from the positions kept during the pass: the
    // finding is the one linted, at its place then, whatever the file holds now.
    let mut kept = ChangeOnFirstWrite::new(
        &post,
        "---\ntitle: a\n---\n\nnow\n[gone](/second-missing/)\n",
    );
    std::fs::write(&post, "---\ntitle: a\n---\n[gone](/first-missing/)\n").unwrap();
    let renderers: [&dyn Renderer; 1] = [&Json];
    lint::run_with(&options(root.clone()), &renderers, &mut [&mut kept]).expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&kept.out).expect("one JSON document");
    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 1, "{doc}");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("/first-missing/"),
        "{doc}"
    );
    assert_eq!(diags[0]["line"], 4, "{doc}");
}
