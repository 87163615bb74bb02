//! The run: find sites and files, lint every file in parallel, render, count.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::changed::{self, Changed};
use crate::config::{Config, ConfigError, Table};
use crate::diagnostic::{Diagnostic, Severity};
pub use crate::fix::Mode as FixMode;
use crate::post::{Kind, Post};
use crate::report::{Renderer, Source, Summary};
use crate::rules::{self, Ctx};
use crate::shard::Shard;
use crate::site::discover::{self, Target};
use crate::site::{self, Site};
use crate::suppress::Suppressions;

mod deferred;

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// The build time to assume (for future dates).
    pub now: jiff::Timestamp,
    /// A built site (`_site`) to check internal links against, instead of the sources.
    pub site_dir: Option<PathBuf>,
    /// `--fix` / `--fix --diff`.
    pub fix: FixMode,
    /// Lint only the files changed since the merge base of HEAD and this git revision.
    pub changed_since: Option<String>,
    /// Lint only this shard of the files.
    pub shard: Option<Shard>,
    /// `--online`: check external links over the network (None: as `links.online` says).
    pub online: Option<bool>,
    /// `--no-cache`: neither read nor write the online check cache.
    pub no_cache: bool,
    /// Show a progress bar on stderr while checking links online.
    pub progress: bool,
}

/// Why a run could not start (exit code 2).
#[derive(Debug)]
pub enum RunError {
    Path(PathBuf, String),
    Site(site::SiteError),
    Config(ConfigError),
    Selector(String),
    /// `--changed-since` could not ask git (no repository, unknown revision, …).
    Git(String),
    /// The report could not be written.
    Output(std::io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Path(p, m) => write!(f, "{}: {m}", p.display()),
            RunError::Site(e) => write!(f, "{}: {}", e.path.display(), e.message),
            RunError::Config(e) => write!(f, "{}: {}", e.path.display(), e.message),
            RunError::Selector(m) | RunError::Git(m) => f.write_str(m),
            RunError::Output(e) => write!(f, "cannot write the report: {e}"),
        }
    }
}

pub struct Outcome {
    pub summary: Summary,
    /// With `--fix --diff`: the unified diff of every file that would change, in file order.
    pub diff: Vec<u8>,
    /// With `--fix`: files whose fixes could not be written, and why.
    pub not_written: Vec<(PathBuf, String)>,
}

struct Group {
    site: Site,
    config: Config,
    base: Table,
    /// The static files, when the whole site was walked (for the deferred link check).
    statics: Option<Vec<String>>,
    /// Bytes of text kept by the deferred link check (see `deferred`).
    held_text: std::sync::atomic::AtomicUsize,
    /// Whether a renderer needs the text of a file whose findings are held (else only the
    /// findings' positions are kept).
    held_needs_text: bool,
    /// Whether a renderer reads the labels of a held file's findings (else they are dropped).
    held_needs_labels: bool,
}

/// Runs the lint and writes the report to `out`; returns the counts.
pub fn run(
    opts: &Options,
    renderer: &dyn Renderer,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    run_with(opts, &[renderer], &mut [out])
}

/// Runs the lint once and writes the report of each renderer to its output (the same
/// position in `outs`), e.g. GitHub annotations on stdout and SARIF to a file.
pub fn run_with(
    opts: &Options,
    renderers: &[&dyn Renderer],
    outs: &mut [&mut dyn Write],
) -> Result<Outcome, RunError> {
    assert!(!renderers.is_empty(), "run_with needs a renderer");
    assert_eq!(renderers.len(), outs.len(), "one output per renderer");
    let render = |source: &Source<'_>, diags: &[Diagnostic]| -> Vec<String> {
        renderers.iter().map(|r| r.file(source, diags)).collect()
    };
    let started = Instant::now();
    for s in opts.select.iter().chain(&opts.ignore) {
        crate::config::check_selector(s).map_err(RunError::Selector)?;
    }
    if let Some(d) = &opts.site_dir {
        if !d.is_dir() {
            let msg = "--site-dir: not a folder (build the site first, e.g. `jekyll build`)";
            return Err(RunError::Path(d.clone(), msg.into()));
        }
    }
    let explicit_config = match &opts.config {
        Some(p) => Some(Config::load(p).map_err(RunError::Config)?),
        None => None,
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut by_root: HashMap<PathBuf, usize> = HashMap::new();
    let mut work: Vec<Work> = Vec::new();
    let mut walk_errors: Vec<WalkError> = Vec::new();

    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    for given in &paths {
        let canon = given
            .canonicalize()
            .map_err(|e| RunError::Path(given.clone(), format!("cannot open: {e}")))?;
        let root = site::find_root(&canon).unwrap_or_else(|| bare_root(&canon));
        let gi = match by_root.get(&root) {
            Some(&i) => i,
            None => {
                let mut site = Site::load(&root, opts.now).map_err(RunError::Site)?;
                site.built = opts.site_dir.clone();
                let config = match &explicit_config {
                    Some(c) => c.clone(),
                    None => match Config::discover(&root) {
                        Some(p) => Config::load(&display_path(&p)).map_err(RunError::Config)?,
                        None => Config::default(),
                    },
                };
                let base = config.base_table(&opts.select, &opts.ignore);
                groups.push(Group {
                    site,
                    config,
                    base,
                    statics: None,
                    held_text: Default::default(),
                    held_needs_text: renderers.iter().any(|r| r.needs_text()),
                    held_needs_labels: renderers.iter().any(|r| r.needs_labels()),
                });
                by_root.insert(root.clone(), groups.len() - 1);
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        let site = &g.site;
        if canon.is_file() {
            let rel = discover::rel_path(site, &canon);
            let kind = discover::classify(site, &rel).unwrap_or(Kind::Page);
            work.push((
                gi,
                Target {
                    path: canon.clone(),
                    rel,
                    kind,
                    explicit: true,
                },
                given.clone(),
            ));
        } else {
            let discover::Walk {
                targets,
                errors,
                statics,
            } = discover::walk(site, &canon);
            // Show paths the way the user named the folder.
            let shown = |p: &Path| match discover::strip_prefix(p, &canon).ok_or(()) {
                Ok(r) if given == Path::new(".") => r.to_path_buf(),
                Ok(r) => {
                    // Sized once (`join` grows the copy of `given`): this runs per file.
                    let mut p =
                        PathBuf::with_capacity(given.as_os_str().len() + r.as_os_str().len() + 1);
                    p.push(given);
                    p.push(r);
                    p
                }
                Err(_) => display_path(p),
            };
            // The whole site: its facts come from this walk rather than another. They and the
            // shown paths are made side by side (a few ms each at 20,000 posts, before the pass).
            let whole_site = canon == site.root;
            let (facts, shown_paths) = rayon::join(
                || whole_site.then(|| crate::site::facts::Facts::from_targets(&targets)),
                || {
                    targets
                        .par_iter()
                        .map(|t| shown(&t.path))
                        .collect::<Vec<_>>()
                },
            );
            if let Some(facts) = facts {
                site.set_facts(facts);
                g.statics = Some(statics);
            }
            walk_errors.extend(errors.into_iter().map(|(p, message)| WalkError {
                site: gi,
                shown: shown(&p),
                walked: p,
                message,
            }));
            work.reserve(targets.len());
            work.extend(
                targets
                    .into_iter()
                    .zip(shown_paths)
                    .map(|(t, s)| (gi, t, s)),
            );
        }
    }
    // One folder's walk is already in this order (its shown paths share one prefix).
    if paths.len() > 1 {
        work.sort_by_cached_key(|w| discover::path_order_key(&w.2));
        work.dedup_by(|a, b| a.1.path == b.1.path);
    }
    debug_assert!(work
        .windows(2)
        .all(|w| discover::path_order_key(&w[0].2) < discover::path_order_key(&w[1].2)));

    if let Some(shard) = &opts.shard {
        work.retain(|(_, t, _)| shard.contains(&t.rel));
        walk_errors.retain(|e| shard.contains(&shard_rel(&groups, &e.shown)));
    }
    if let Some(reference) = &opts.changed_since {
        keep_changed(
            &mut work,
            &mut walk_errors,
            &groups,
            reference,
            opts.config.as_deref(),
        )?;
    }
    // The URL set: a pass over the whole site learns it as it goes, and `link/internal-missing`
    // is settled after it. Otherwise (a part of the site, `--fix`) it is read from the whole
    // site before the parallel pass, which then only reads it.
    let whole = opts.shard.is_none() && opts.changed_since.is_none() && opts.fix == FixMode::Off;
    {
        let i = rules::index_of(&rules::link::internal_missing::RULE);
        for (gi, g) in groups.iter_mut().enumerate() {
            let on = g.base.entries[i].is_some()
                || g.config.overrides.iter().any(|o| !o.settings.is_empty());
            let used = work.iter().any(|w| w.0 == gi);
            if on && used && g.site.built.is_none() {
                if whole && g.statics.is_some() {
                    g.site.defer_internal_links = true;
                } else {
                    g.site.served();
                }
            }
            // The static files are only needed by a deferred check: not kept through the run.
            if !g.site.defer_internal_links {
                g.statics = None;
            }
        }
    }

    // Online checks: every distinct external URL of the files, once, before the per-file pass.
    for (gi, g) in groups.iter().enumerate() {
        check_online(gi, g, &work, opts)?;
    }

    let mut results: Vec<FileResult> = work
        .par_iter()
        .map(|(gi, target, shown)| {
            let g = &groups[*gi];
            lint_file(g, target, shown, opts, &render)
        })
        .collect();
    deferred::complete(&mut groups, &work, &mut results);
    let owned_groups = groups;
    let groups = &owned_groups;

    // The report is written as a stream from here: the parts of CHUNK files at a time (held
    // findings settled first), so rendered findings are not all held at once.
    const CHUNK: usize = 1024;
    let mut summary = Summary {
        files: results.iter().filter(|r| r.linted).count(),
        fixed: (opts.fix != FixMode::Off).then(Default::default),
        ..Summary::default()
    };
    let mut stream = Stream::begin(renderers, outs, summary.files)?;
    let mut foreign: Vec<Diagnostic> = Vec::new();
    let mut diff = Vec::new();
    let mut not_written = Vec::new();
    for (rs, ws) in results.chunks_mut(CHUNK).zip(work.chunks(CHUNK)) {
        deferred::settle(
            groups,
            ws,
            rs,
            &|g, t, shown| lint_file(g, t, shown, opts, &render),
            &render,
        );
        for (r, (_, _, shown)) in rs.iter_mut().zip(ws) {
            if !r.linted {
                continue;
            }
            summary.errors += r.counts[0];
            summary.warnings += r.counts[1];
            summary.infos += r.counts[2];
            stream.parts(std::mem::take(&mut r.text))?;
            foreign.append(&mut r.foreign);
            if let Some(f) = &mut summary.fixed {
                if r.fixes > 0 {
                    f.fixes += r.fixes;
                    f.files += 1;
                }
            }
            diff.append(&mut r.diff);
            if let Some(why) = r.not_written.take() {
                not_written.push((shown.clone(), why));
            }
        }
    }
    drop(results);
    // Findings about other files (e.g. `_config.yml`) are reported once, not per post.
    foreign.sort_by(|a, b| {
        (&a.path, a.span.start, a.rule, &a.message).cmp(&(
            &b.path,
            b.span.start,
            b.rule,
            &b.message,
        ))
    });
    foreign.dedup_by(|a, b| {
        a.path == b.path && a.span == b.span && a.rule == b.rule && a.message == b.message
    });
    let mut by_path: Vec<(PathBuf, Vec<Diagnostic>)> = Vec::new();
    for d in foreign {
        match by_path.last_mut() {
            Some((p, v)) if **p == *d.path => v.push(d),
            _ => by_path.push((d.path.to_path_buf(), vec![d])),
        }
    }
    for (path, diags) in by_path {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for d in &diags {
            count(&mut summary, d.severity);
        }
        stream.parts(render(&Source::new(&path, &text), &diags))?;
    }
    for WalkError {
        shown: path,
        message,
        ..
    } in walk_errors
    {
        summary.errors += 1;
        let d = Diagnostic {
            rule: "meta/unreadable",
            severity: Severity::Error,
            path: path.as_path().into(),
            message,
            span: 0..0,
            label: None,
            labels: Vec::new(),
            help: Some(
                "fix the file system entry (a broken or looping symlink, or missing permission)"
                    .into(),
            ),
            fix: None,
        };
        stream.parts(render(&Source::new(&path, ""), &[d]))?;
    }
    summary.elapsed = started.elapsed();
    stream.end(&summary)?;
    drop_later((owned_groups, work));
    Ok(Outcome {
        summary,
        diff,
        not_written,
    })
}

/// Frees the site model and the work list on another thread: freeing them took about 10 ms
/// at 20,000 posts, after the report was written, and the run need not wait for it (the
/// process may exit before it is done).
fn drop_later<T: Send + 'static>(x: T) {
    // When no thread can be made, the failed spawn drops the closure, and `x` with it, here.
    let _ = std::thread::Builder::new().spawn(move || drop(x));
}

/// A file to lint: its site (index into the groups), what it is, and its path as shown.
type Work = (usize, Target, PathBuf);

/// An entry the walk could not read (a broken or looping symlink, no permission).
struct WalkError {
    site: usize,
    /// As the user named it.
    shown: PathBuf,
    /// As the walk found it (absolute).
    walked: PathBuf,
    message: String,
}

/// Each renderer's document, written to its output as the parts come.
struct Stream<'r, 'o, 'w> {
    renderers: &'r [&'r dyn Renderer],
    outs: &'o mut [&'w mut dyn Write],
    any: Vec<bool>,
}

impl<'r, 'o, 'w> Stream<'r, 'o, 'w> {
    fn begin(
        renderers: &'r [&'r dyn Renderer],
        outs: &'o mut [&'w mut dyn Write],
        files: usize,
    ) -> Result<Self, RunError> {
        for (r, out) in renderers.iter().zip(outs.iter_mut()) {
            r.begin(*out, files).map_err(RunError::Output)?;
        }
        Ok(Stream {
            renderers,
            outs,
            any: vec![false; renderers.len()],
        })
    }

    /// One file's parts, one per renderer (empty when it has no findings).
    fn parts(&mut self, texts: Vec<String>) -> Result<(), RunError> {
        for (i, t) in texts.iter().enumerate() {
            if !t.is_empty() {
                self.renderers[i]
                    .part(self.outs[i], t, !self.any[i])
                    .map_err(RunError::Output)?;
                self.any[i] = true;
            }
        }
        Ok(())
    }

    fn end(self, summary: &Summary) -> Result<(), RunError> {
        for ((r, out), any) in self
            .renderers
            .iter()
            .zip(self.outs.iter_mut())
            .zip(self.any)
        {
            r.end(*out, any, summary).map_err(RunError::Output)?;
        }
        Ok(())
    }
}

/// A page without front matter is a static file to Jekyll: nothing to lint.
fn static_file(post: &Post, target: &Target) -> bool {
    if post.kind == Kind::Page && !target.explicit {
        if let crate::front_matter::Split::Missing(m) = &post.split {
            return !matches!(
                m,
                crate::front_matter::Missing::LeadingWhitespace { .. }
                    | crate::front_matter::Missing::TooManyDashes { .. }
            );
        }
    }
    false
}

/// The rules that read the online results.
pub const ONLINE_RULES: &[&str] = &["link/unreachable", "link/redirect-loop", "link/redirected"];

/// `--online` / `links.online`: gathers the external URLs of the site's files (the extraction
/// of the offline link rules), answers what it can from the cache, checks the rest
/// concurrently, and leaves the outcomes on the `Site` for the online rules.
fn check_online(gi: usize, g: &Group, work: &[Work], opts: &Options) -> Result<(), RunError> {
    use crate::online::{self, cache::Cache, Settings};
    use crate::rules::link::{self, Class};
    let settings = Settings::from_links(g.config.section("links"))
        .map_err(|m| RunError::Path(g.config.path.clone().unwrap_or_default(), m))?;
    if !opts.online.unwrap_or(settings.online) {
        return Ok(());
    }
    let enabled = ONLINE_RULES.iter().any(|id| {
        rules::metas()
            .iter()
            .position(|m| m.id == *id)
            .is_some_and(|i| g.base.entries[i].is_some())
    }) || g.config.overrides.iter().any(|o| !o.settings.is_empty());
    let files: Vec<&Work> = work.iter().filter(|w| w.0 == gi).collect();
    if !enabled || files.is_empty() {
        return Ok(());
    }
    let own_host = link::site_base(&g.site).host.as_deref();
    let per_file: Vec<Vec<url::Url>> = files
        .par_iter()
        .map(|(_, t, shown)| {
            let Ok(bytes) = std::fs::read(&t.path) else {
                return Vec::new();
            };
            let post = Post::new(shown.clone(), t.rel.clone(), t.kind.clone(), bytes);
            if static_file(&post, t) || too_large(&post, &g.base, &mut Vec::new()) {
                return Vec::new();
            }
            link::links(&post, &g.site)
                .0
                .iter()
                .filter_map(|l| match &l.class {
                    Some(Class::Absolute(u) | Class::ProtocolRelative(u))
                        if online::checkable(u.url(), own_host) =>
                    {
                        Some(u.url().clone())
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut distinct: std::collections::BTreeMap<String, url::Url> = Default::default();
    for u in per_file.into_iter().flatten() {
        let k = online::key(&u);
        if !settings.excluded(&k) {
            distinct.entry(k).or_insert(u);
        }
    }
    // `cache_max_age: 0` turns the cache off, like `--no-cache`.
    let mut cache = (!opts.no_cache && !settings.cache_max_age.is_zero())
        .then(|| Cache::open(&g.site.root, &settings));
    let mut results = online::Results::default();
    let mut todo = Vec::new();
    for (k, u) in distinct {
        match cache.as_ref().and_then(|c| c.get(&k, &settings)) {
            Some(o) => {
                results.by_url.insert(k, o.clone());
                results.from_cache += 1;
            }
            None => todo.push(u),
        }
    }
    let bar = (opts.progress && !todo.is_empty()).then(|| {
        let b = indicatif::ProgressBar::with_draw_target(
            Some(todo.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("checking links {bar:30} {pos}/{len} {msg}")
        {
            b.set_style(style);
        }
        b
    });
    let (checked, requests) = online::net::check_all(todo, &settings, bar.clone())
        .map_err(|m| RunError::Path(g.site.root.clone(), m))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    results.requests = requests;
    // `--fix --diff` promises to write nothing.
    if let Some(c) = cache.as_mut().filter(|_| opts.fix != FixMode::Diff) {
        if !checked.is_empty() {
            c.record(&checked);
            if let Err(e) = c.save() {
                eprintln!(
                    "warning: cannot write the link cache {}: {e}",
                    c.path().display()
                );
            }
        }
    }
    results.by_url.extend(checked);
    let _ = g.site.online.set(results);
    Ok(())
}

fn count(summary: &mut Summary, s: Severity) {
    match s {
        Severity::Error => summary.errors += 1,
        Severity::Warning => summary.warnings += 1,
        Severity::Info => summary.infos += 1,
    }
}

/// The site-relative path of a file, for sharding (the path itself when in no site).
fn shard_rel(groups: &[Group], path: &Path) -> String {
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    groups
        .iter()
        .find(|g| abs.starts_with(&g.site.root))
        .map(|g| discover::rel_path(&g.site, &abs))
        .unwrap_or_else(|| path.to_string_lossy().replace('\\', "/"))
}

/// `--changed-since`: keeps the targets git reports as changed since the merge base, and those
/// whose site-wide facts changed (see `crate::changed`).
fn keep_changed(
    work: &mut Vec<Work>,
    walk_errors: &mut Vec<WalkError>,
    groups: &[Group],
    reference: &str,
    config: Option<&Path>,
) -> Result<(), RunError> {
    let config = config.and_then(|c| c.canonicalize().ok());
    // Per site: what changed, whether everything is affected, and the links to look for.
    let mut per_group: Vec<(Changed, bool, Vec<String>)> = Vec::with_capacity(groups.len());
    for g in groups {
        let c = Changed::since(&g.site.root, reference).map_err(RunError::Git)?;
        let all = changed::site_wide(&g.site.root, &c, config.as_deref());
        let needles = changed::post_needles(&g.site.root, &c.gone);
        per_group.push((c, all, needles));
    }
    let keep: Vec<bool> = work
        .par_iter()
        .map(|(gi, t, _)| {
            let (c, all, needles) = &per_group[*gi];
            *all || c.files.contains(&t.path)
                || (!needles.is_empty()
                    && std::fs::read(&t.path).is_ok_and(|b| changed::mentions(&b, needles)))
        })
        .collect();
    let mut it = keep.into_iter();
    work.retain(|_| it.next().unwrap_or(false));
    // An entry that could not be read (a broken symlink, no permission) is kept when it changed.
    walk_errors.retain(|e| {
        let (c, all, _) = &per_group[e.site];
        *all || c.files.contains(&e.walked)
    });
    Ok(())
}

/// A path as the user would write it: relative to the current folder when inside it.
pub fn display_path(p: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => p
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf()),
        Err(_) => p.to_path_buf(),
    }
}

/// Without `_config.yml`: the folder given, or the parent of a `_posts` folder.
fn bare_root(path: &Path) -> PathBuf {
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    dir.ancestors()
        .find(|d| {
            d.file_name()
                .is_some_and(|n| n == "_posts" || n == "_drafts")
        })
        .and_then(Path::parent)
        .unwrap_or(dir)
        .to_path_buf()
}

/// Applies the size limit of `meta/too-large`: reports it and says whether to skip body rules.
fn too_large(post: &Post, table: &Table, diags: &mut Vec<Diagnostic>) -> bool {
    // Found once: this runs for every file, and a search by id was a visible cost.
    static INDEX: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let i = *INDEX.get_or_init(|| rules::index_of(&rules::meta::too_large::RULE));
    let Some((severity, options)) = &table.entries[i] else {
        return false;
    };
    let max = options
        .get("max_bytes")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(u64::MAX);
    let len = post.bytes().len() as u64;
    if len <= max {
        return false;
    }
    diags.push(Diagnostic {
        rule: rules::meta_of(&rules::meta::too_large::RULE).id,
        severity: *severity,
        path: post.display.clone(),
        message: format!("the file is {len} bytes, over the limit of {max}: only its front matter, name and encoding are checked"),
        span: 0..0,
        label: None,
        labels: Vec::new(),
        help: Some("shrink or split the file, or raise `max_bytes` of meta/too-large in .postlint.yml".into()),
        fix: None,
    });
    true
}

struct FileResult {
    /// False for a file there is nothing to lint in (a page without front matter).
    linted: bool,
    /// The rendered findings, one text per renderer (empty when there are none).
    text: Vec<String>,
    counts: [usize; 3],
    /// Findings about other files, reported once for the run.
    foreign: Vec<Diagnostic>,
    /// Fixes applied (or, with `--diff`, that would be).
    fixes: usize,
    /// With `--diff`: the unified diff of this file.
    diff: Vec<u8>,
    /// With `--fix`: why the fixed file could not be written.
    not_written: Option<String>,
    /// In a deferred whole-site pass: the file Jekyll writes for it (empty for none).
    dest: String,
    /// In a deferred whole-site pass: findings not rendered yet, waiting for the site's URLs.
    held: Option<deferred::Held>,
}

impl FileResult {
    fn new(text: Vec<String>, counts: [usize; 3], foreign: Vec<Diagnostic>) -> Self {
        FileResult {
            linted: true,
            text,
            counts,
            foreign,
            fixes: 0,
            diff: Vec::new(),
            not_written: None,
            dest: String::new(),
            held: None,
        }
    }
}

fn lint_file(
    g: &Group,
    target: &Target,
    shown: &Path,
    opts: &Options,
    render: &(dyn Fn(&Source<'_>, &[Diagnostic]) -> Vec<String> + Sync),
) -> FileResult {
    // The stamp (a `statx` per file) is only needed to write fixes safely.
    let read = if opts.fix == FixMode::Write {
        crate::fix::read(&target.path).map(|(b, s)| (b, Some(s)))
    } else {
        crate::fix::read_bytes(&target.path).map(|b| (b, None))
    };
    let (bytes, stamp) = match read {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic {
                rule: "meta/unreadable",
                severity: Severity::Error,
                path: shown.into(),
                message: format!("cannot read the file: {e}"),
                span: 0..0,
                label: None,
                labels: Vec::new(),
                help: Some("check that the file exists and is readable".into()),
                fix: None,
            };
            return FileResult::new(render(&Source::new(shown, ""), &[d]), [1, 0, 0], Vec::new());
        }
    };
    let new_post =
        |bytes: Vec<u8>| Post::new(shown, target.rel.clone(), target.kind.clone(), bytes);
    let mut post = new_post(bytes);
    if static_file(&post, target) {
        let mut r = FileResult::new(Vec::new(), [0; 3], Vec::new());
        r.linted = false;
        if g.site.defer_internal_links {
            r.dest = format!("/{}", post.rel);
        }
        return r;
    }
    let owned;
    let table = match g
        .config
        .table_for(&g.base, &post.rel, &opts.select, &opts.ignore)
    {
        Some(t) => {
            owned = t;
            &owned
        }
        None => &g.base,
    };
    let (mut own, mut foreign) = check(g, &post, table, shown);

    // --fix: lint → fix → re-lint until no fix applies; all in memory, written once.
    let mut fixes = 0;
    let mut diff = Vec::new();
    let mut not_written = None;
    let fixable_text = matches!(
        post.encoding,
        crate::post::Encoding::Utf8 | crate::post::Encoding::InvalidUtf8 { .. }
    );
    if opts.fix != FixMode::Off && fixable_text && own.iter().any(|d| d.fix.is_some()) {
        let mut original: Option<(Post, Vec<Diagnostic>, Vec<Diagnostic>)> = None;
        for _ in 0..crate::fix::MAX_ROUNDS {
            let (edits, n) = crate::fix::pick(&post.text, &own);
            if n == 0 {
                break;
            }
            let fixed = crate::fix::apply(post.bytes(), &edits);
            if fixed == post.bytes() {
                break;
            }
            fixes += n;
            let mut next = new_post(fixed);
            next.fixed = true;
            let before = std::mem::replace(&mut post, next);
            let (o, f) = check(g, &post, table, shown);
            let (o0, f0) = (
                std::mem::replace(&mut own, o),
                std::mem::replace(&mut foreign, f),
            );
            if original.is_none() {
                original = Some((before, o0, f0));
            }
        }
        if let Some((before, o0, f0)) = original {
            match opts.fix {
                FixMode::Diff => diff = crate::fix::diff(shown, before.bytes(), post.bytes()),
                FixMode::Write => {
                    let written = match &stamp {
                        Some(stamp) => {
                            crate::fix::write(&target.path, before.bytes(), stamp, post.bytes())
                        }
                        None => unreachable!("a run that writes fixes reads each file's stamp"),
                    };
                    if let Err(e) = written {
                        // Nothing changed on disk: report what is there.
                        not_written = Some(e.to_string());
                        fixes = 0;
                        post = before;
                        own = o0;
                        foreign = f0;
                    }
                }
                FixMode::Off => unreachable!(),
            }
        }
    }

    let (dest, held) = if g.site.defer_internal_links {
        let dest = crate::site::served::document_file(&post, &g.site);
        (dest, deferred::hold(g, &mut post, &mut own))
    } else {
        (String::new(), None)
    };
    let counts = severity_counts(&own);
    let text = if own.is_empty() || opts.fix == FixMode::Diff {
        Vec::new()
    } else {
        let index = crate::source::LineIndex::new(post.text.as_bytes());
        render(
            &Source {
                path: shown,
                text: &post.text,
                index: crate::report::Index::Lines(index),
            },
            &own,
        )
    };
    FileResult {
        linted: true,
        text,
        counts,
        foreign,
        fixes,
        diff,
        not_written,
        dest,
        held,
    }
}

fn severity_counts(diags: &[Diagnostic]) -> [usize; 3] {
    let mut counts = [0; 3];
    for d in diags {
        counts[match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    counts
}

/// Runs the rules on one post; returns its own findings (sorted, suppressions applied) and
/// those about other files.
fn check(
    g: &Group,
    post: &Post,
    table: &Table,
    shown: &Path,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut own = check_post(post, &g.site, &g.config, table);
    // Almost every finding is about the post itself: compare bytes (not path components)
    // and move nothing unless one is not.
    let mine = |d: &Diagnostic| d.path.as_os_str() == shown.as_os_str() || *d.path == *shown;
    let foreign = if own.iter().all(mine) {
        Vec::new()
    } else {
        let (mine_, foreign): (Vec<Diagnostic>, Vec<Diagnostic>) = own.into_iter().partition(mine);
        own = mine_;
        foreign
    };
    own.sort_by(|a, b| (a.span.start, a.rule, &a.message).cmp(&(b.span.start, b.rule, &b.message)));
    own.dedup();
    (own, foreign)
}

/// Runs every enabled rule on one post, then applies the inline suppressions. Findings may
/// point into other files (e.g. `_config.yml`); the caller sorts them out.
pub fn check_post(post: &Post, site: &Site, config: &Config, table: &Table) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let too_large = too_large(post, table, &mut diags);
    for ((rule, meta), entry) in rules::ALL.iter().zip(rules::metas()).zip(&table.entries) {
        let Some((severity, options)) = entry else {
            continue;
        };
        if too_large && rules::meta::too_large::EXPENSIVE_FAMILIES.contains(&meta.family) {
            continue;
        }
        let mut cx = Ctx {
            post,
            site,
            config,
            meta,
            options,
            severity: *severity,
            out: &mut diags,
        };
        // A bug in one rule must not lose the other findings or the other files.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (rule.check)(&mut cx)));
        if run.is_err() {
            diags.push(Diagnostic {
                rule: meta.id,
                severity: Severity::Error,
                path: post.display.clone(),
                message: format!("internal error: the rule {} crashed on this file; please report it with the file", meta.id),
                span: 0..0,
                label: None,
                labels: Vec::new(),
                help: Some(format!("`--ignore {}` skips the rule until it is fixed", meta.id)),
                fix: None,
            });
        }
    }
    // The line index only when there may be a directive (most posts have none).
    // One searcher for the run: setting one up per post was a visible cost.
    static DIRECTIVE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"postlint-"));
    let supp = if DIRECTIVE.find(post.text.as_bytes()).is_some() {
        let index = crate::source::LineIndex::new(post.text.as_bytes());
        let supp = Suppressions::scan(&post.text, &index);
        supp.retain(&mut diags, &index);
        supp
    } else {
        Suppressions::default()
    };
    if !supp.unknown.is_empty() {
        let i = rules::index_of(&rules::meta::unknown_rule::RULE);
        if let Some((sev, _)) = &table.entries[i] {
            for (id, span) in &supp.unknown {
                diags.push(Diagnostic {
                    rule: rules::metas()[i].id,
                    severity: *sev,
                    path: post.display.clone(),
                    message: format!("'{id}' in a suppression comment names no rule or family"),
                    span: span.clone(),
                    label: Some("unknown id".into()),
                    labels: Vec::new(),
                    help: crate::config::check_selector(id).err(),
                    fix: None,
                });
            }
        }
    }
    diags
}

/// For the fuzzer: the whole per-post pipeline on `data` as a post of a small site with the
/// news-cn preset (so every family runs). Panics only if postlint has a bug.
#[doc(hidden)]
pub fn fuzz_one(data: &[u8]) {
    use std::sync::OnceLock;
    static SITE: OnceLock<(Site, Config, Table)> = OnceLock::new();
    let (site, config, table) = SITE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("postlint-fuzz-site-{}", std::process::id()));
        let _ = std::fs::create_dir_all(root.join("_layouts"));
        let _ = std::fs::write(
            root.join("_config.yml"),
            "timezone: Asia/Shanghai\nurl: https://example.com\n",
        );
        let _ = std::fs::write(root.join("_layouts/post.html"), "{{ content }}\n");
        let now =
            jiff::Timestamp::from_second(1_795_000_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let site = Site::load(&root, now).expect("fuzz site loads");
        let config =
            Config::parse("presets: [news-cn]\n", Path::new("fuzz")).expect("preset parses");
        let table = config.base_table(&[], &[]);
        (site, config, table)
    });
    let rel = "_posts/2022-02-23-fuzz.md".to_string();
    let post = Post::new(PathBuf::from(&rel), rel, Kind::Post, data.to_vec());
    let diags = check_post(&post, site, config, table);
    for d in diags.iter().filter(|d| d.path == post.display) {
        assert!(
            d.span.start <= d.span.end && d.span.end <= post.text.len(),
            "{d:?}"
        );
    }
    // --fix never loses data: bytes outside the edits are kept, and the result lints again.
    let own: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.path == post.display)
        .collect();
    let (edits, n) = crate::fix::pick(&post.text, &own);
    if n > 0 {
        let fixed = crate::fix::apply(post.bytes(), &edits);
        let (mut at, mut out_at) = (0, 0);
        for e in &edits {
            let keep = e.span.start - at;
            assert_eq!(post.bytes()[at..e.span.start], fixed[out_at..out_at + keep]);
            out_at += keep + e.replacement.len();
            at = e.span.end;
        }
        assert_eq!(post.bytes()[at..], fixed[out_at..]);
        if post.encoding == crate::post::Encoding::Utf8 {
            assert!(std::str::from_utf8(&fixed).is_ok(), "a fix broke UTF-8");
        }
        let again = Post::new(post.display.clone(), post.rel.clone(), Kind::Post, fixed);
        let _ = check_post(&again, site, config, table);
    }
}
