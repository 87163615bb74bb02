//! The deferred internal-link check of a whole-site pass. Every file tells what it serves as it
//! is linted, so the site need not be read twice; `link/internal-missing` reports each internal
//! link provisionally and the findings of those files wait, unrendered, until the pass is over.
//! Then the served set is complete: the links that do resolve are dropped, and the findings
//! are rendered: for renderers that print only positions (JSON, GitHub, SARIF), from the
//! positions of the findings, worked out during the pass; for those that show source lines,
//! with the file's text, kept from the pass up to a bound on memory (`keep_text_bytes` per
//! site), else read again (and checked to be the bytes that were linted).

use foldhash::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::{severity_counts, FileResult, Group, Work};
use crate::diagnostic::Diagnostic;
use crate::post::Post;
use crate::report::Source;
use crate::rules::link::internal_missing::{self, Pending, Provisional};
use crate::site::discover::Target;
use crate::site::served::Served;
use crate::source::Positions;

/// Text of held files kept in memory per site; beyond it files are read again to render.
/// Reading again from the page cache cost about 7% of the CPU time at 20,000 posts (24 MB,
/// which 32 MiB holds), and keeping it all cost 5 MiB of peak memory there.
/// `POSTLINT_KEEP_TEXT_BYTES` overrides it (the tests use 0 to take the other way).
fn keep_text_bytes() -> usize {
    static N: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *N.get_or_init(|| {
        std::env::var("POSTLINT_KEEP_TEXT_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(32 << 20)
    })
}

/// A file's findings waiting for the site's URLs.
pub(super) struct Held {
    own: Vec<Diagnostic>,
    pending: Vec<(std::ops::Range<usize>, Pending)>,
    source: HeldSource,
}

enum HeldSource {
    /// The renderers need no text: the positions of the findings' offsets.
    Positions(Positions),
    Text(String),
    /// Read again to render: the bytes must be these.
    Reread(Fingerprint),
}

/// Which bytes were linted: the file is re-read to render and must not have changed.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Fingerprint(usize, u64);

fn fingerprint(bytes: &[u8]) -> Fingerprint {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    Fingerprint(bytes.len(), h.finish())
}

/// Takes a file's findings out to wait when it has provisional ones (and its text, while the
/// site's bound allows).
pub(super) fn hold(g: &Group, post: &mut Post, own: &mut Vec<Diagnostic>) -> Option<Held> {
    let provisional = post.memo(Provisional::default);
    let pending = std::mem::take(&mut *provisional.0.borrow_mut());
    if pending.is_empty() {
        return None;
    }
    let mut own = std::mem::take(own);
    if !g.held_needs_text {
        // Labels no renderer reads are not held, nor the positions of their spans (one per
        // internal link: 20,000 posts peaked at 80.8 MiB against 83.0).
        if !g.held_needs_labels {
            for d in &mut own {
                d.label = None;
                d.labels = Vec::new();
            }
        }
        let mut offsets = Vec::with_capacity(own.len() * 2);
        for d in &own {
            offsets_of(d, &mut offsets);
        }
        return Some(Held {
            source: HeldSource::Positions(Positions::new(post.text.as_bytes(), offsets)),
            own,
            pending,
        });
    }
    let len = post.text.len();
    let kept = g
        .held_text
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
            (n + len <= keep_text_bytes()).then_some(n + len)
        })
        .is_ok();
    let source = if kept {
        HeldSource::Text(std::mem::take(&mut post.text))
    } else {
        HeldSource::Reread(fingerprint(post.bytes()))
    };
    Some(Held {
        own,
        pending,
        source,
    })
}

/// Every offset a renderer may ask the position of, for one finding.
fn offsets_of(d: &Diagnostic, out: &mut Vec<usize>) {
    let spans = std::iter::once(&d.span)
        .chain(d.labels.iter().map(|l| &l.span))
        .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| &e.span)));
    for s in spans {
        out.extend([s.start, s.end.max(s.start)]);
    }
}

type Relint<'a> = dyn Fn(&Group, &Target, &Path) -> FileResult + Sync + 'a;
type Render<'a> = dyn Fn(&Source<'_>, &[Diagnostic]) -> Vec<String> + Sync + 'a;

/// After the pass: completes each deferred site's served set from what its files reported.
pub(super) fn complete(groups: &mut [Group], work: &[Work], results: &mut [FileResult]) {
    for (gi, g) in groups.iter_mut().enumerate() {
        if !g.site.defer_internal_links {
            continue;
        }
        let dests = work
            .iter()
            .zip(results.iter_mut())
            .filter(|(w, _)| w.0 == gi)
            .map(|(_, r)| std::mem::take(&mut r.dest));
        let served = Served::from_parts(&g.site, g.statics.take().unwrap_or_default(), dests);
        g.site.facts().set_served(served);
        g.site.defer_internal_links = false;
    }
}

/// Settles the held findings of these files (after `complete`), in parallel.
pub(super) fn settle(
    groups: &[Group],
    work: &[Work],
    results: &mut [FileResult],
    relint: &Relint<'_>,
    render: &Render<'_>,
) {
    if results.iter().all(|r| r.held.is_none()) {
        return;
    }
    // Many links go to the same few places (`../` from every post of a month): each task
    // keeps the verdicts it has reached, per site.
    results.par_iter_mut().zip(work).for_each_init(
        || vec![Verdicts::default(); groups.len()],
        |verdicts, (r, (gi, target, shown))| {
            if let Some(held) = r.held.take() {
                let g = &groups[*gi];
                settle_file(
                    g,
                    target,
                    shown,
                    r,
                    held,
                    &mut verdicts[*gi],
                    relint,
                    render,
                );
            }
        },
    );
}

/// The verdicts of `internal_missing::verdict` reached so far, by what decides them.
type Verdicts = HashMap<Pending, Option<String>>;

#[allow(clippy::too_many_arguments)]
fn settle_file(
    g: &Group,
    target: &Target,
    shown: &Path,
    r: &mut FileResult,
    held: Held,
    verdicts: &mut Verdicts,
    relint: &Relint<'_>,
    render: &Render<'_>,
) {
    let served = g.site.served();
    let id = crate::rules::meta_of(&internal_missing::RULE).id;
    let mut own = held.own;
    own.retain_mut(|d| {
        if d.rule != id {
            return true;
        }
        let Some((_, p)) = held.pending.iter().find(|(span, _)| *span == d.span) else {
            return true;
        };
        let help = match verdicts.get(p) {
            Some(v) => v.clone(),
            None => {
                let v = internal_missing::verdict(p, &g.site, served);
                verdicts.insert(p.clone(), v.clone());
                v
            }
        };
        let kept = help.is_some();
        d.help = help;
        kept
    });
    r.counts = severity_counts(&own);
    if own.is_empty() {
        return;
    }
    let text = match held.source {
        HeldSource::Positions(p) => {
            r.text = render(&Source::known(shown, &p), &own);
            return;
        }
        HeldSource::Text(t) => Some(t),
        HeldSource::Reread(fp) => std::fs::read(&target.path)
            .ok()
            .filter(|b| fingerprint(b) == fp)
            .map(|b| Post::new(shown, target.rel.clone(), target.kind.clone(), b).text),
    };
    match text {
        Some(text) => r.text = render(&Source::new(shown, &text), &own),
        // Changed since it was linted: lint what is there now, against the complete site.
        None => *r = relint(g, target, shown),
    }
}
