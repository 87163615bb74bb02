//! Command-line interface: `postlint lint`, `postlint rules`, `postlint explain`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lint;
use crate::report::{self, Format};
use crate::rules;

#[derive(Parser, Debug)]
#[command(
    name = "postlint",
    version,
    about = "A linter and CI gate for Jekyll posts"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint posts and pages (default: the current folder).
    Lint(Box<LintArgs>),
    /// List every rule: id, default severity, what it finds.
    Rules,
    /// Print the documentation of a rule.
    Explain {
        /// A rule id such as `date/unparseable`.
        rule: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// Files or folders to lint; the site root is found upward from each.
    pub paths: Vec<PathBuf>,
    /// human, json (one document), github (workflow commands: annotations in Actions) or
    /// sarif (SARIF 2.1.0, for code scanning).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to this file instead of standard output (atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a Markdown job summary to this file. It is appended to $GITHUB_STEP_SUMMARY
    /// whenever that is set, whatever the format.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Use this config file instead of looking for `.postlint.yml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Only run these rules or families (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules or families (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Assume this build time (RFC 3339, e.g. 2026-01-01T00:00:00Z) instead of now.
    #[arg(long)]
    pub now: Option<jiff::Timestamp>,
    /// Check internal links against this built site (e.g. `_site`) instead of the sources.
    #[arg(long, value_name = "DIR")]
    pub site_dir: Option<PathBuf>,
    /// Apply the safe fixes of the findings reported (rules marked "fixable"), then report
    /// what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print a unified diff of what would change instead of writing, and exit 1
    /// when something would change.
    #[arg(long, requires = "fix")]
    pub diff: bool,
    /// Lint only files changed since the merge base of HEAD and this git revision (plus files
    /// linking to posts renamed or deleted since).
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Lint only shard K of N (a stable partition by path), e.g. `2/4`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::shard::Shard>,
    /// Also write the findings as SARIF 2.1.0 to FILE, in the same run.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Also write the JSON document (see `--format json`) to FILE, in the same run.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Check that external links are reachable, over the network (also `links.online: true`).
    #[arg(long)]
    pub online: bool,
    /// With --online: neither read nor write the cache of successful checks.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Lint(args) => run_lint(*args),
        Command::Rules => {
            let mut out = std::io::stdout().lock();
            let width = rules::metas().iter().map(|m| m.id.len()).max().unwrap_or(0);
            for m in rules::metas() {
                let fix = if m.fixable { " (fixable)" } else { "" };
                let _ = writeln!(
                    out,
                    "{:width$}  {:7}  {}{fix}",
                    m.id,
                    m.severity.as_str(),
                    m.summary
                );
            }
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some((_, m)) => {
                println!("# {}\n\nDefault severity: {}\n", m.id, m.severity.as_str());
                if !m.options.is_empty() {
                    println!(
                        "Options (defaults): {}\n",
                        serde_json::Value::Object(m.options.clone())
                    );
                }
                print!("{}", m.body);
                ExitCode::SUCCESS
            }
            None => {
                let msg = match crate::config::check_selector(&rule) {
                    Ok(()) => format!("'{rule}' is a family; `postlint rules` lists its rules"),
                    Err(m) => m,
                };
                eprintln!("error: {msg}");
                ExitCode::from(2)
            }
        },
    }
}

/// Standard output without std's line buffering, for the report (which has its own buffer).
/// std's `LineWriter` looks for the last line break in every buffer written to it, a backwards
/// scan of the whole report on the main thread (1% of the instructions of a whole-site JSON
/// run, whose report has no line break until its end).
fn unbuffered_stdout() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        // The same open file, through a second descriptor: writes go out in order.
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

fn run_lint(args: LintArgs) -> ExitCode {
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let main_renderer = report::renderer(args.format, color);
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let job_summary = (args.summary.is_some() || step_summary.is_some())
        .then(|| report::summary::JobSummary::new(args.format == Format::Github));
    let with_summary;
    let renderer: &dyn report::Renderer = match &job_summary {
        Some(s) => {
            with_summary = report::WithSummary {
                main: main_renderer.as_ref(),
                summary: s,
            };
            &with_summary
        }
        None => main_renderer.as_ref(),
    };
    // Extra outputs of the same run, each written to its file.
    let mut extra: Vec<(PathBuf, Box<dyn report::Renderer>)> = Vec::new();
    if let Some(p) = &args.json {
        extra.push((p.clone(), report::renderer(Format::Json, false)));
    }
    if let Some(p) = &args.sarif {
        extra.push((p.clone(), Box::new(report::sarif::Sarif)));
    }
    let opts = lint::Options {
        paths: args.paths,
        config: args.config,
        select: args.select,
        ignore: args.ignore,
        now: args.now.unwrap_or_else(jiff::Timestamp::now),
        site_dir: args.site_dir,
        fix: match (args.fix, args.diff) {
            (false, _) => lint::FixMode::Off,
            (true, false) => lint::FixMode::Write,
            (true, true) => lint::FixMode::Diff,
        },
        changed_since: args.changed_since,
        shard: args.shard,
        online: args.online.then_some(true),
        no_cache: args.no_cache,
        progress: std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none_or(|v| v.is_empty())
            && args.format != Format::Json,
    };
    let renderers: Vec<&dyn report::Renderer> = std::iter::once(renderer)
        .chain(extra.iter().map(|(_, r)| r.as_ref()))
        .collect();
    // Report files appear, whole, only when the run succeeds; stdout is written as it goes.
    // With `--fix --diff`, stdout is the patch alone and the main report is dropped.
    let create = |path: &PathBuf| {
        report::AtomicFile::create(path)
            .map_err(|e| eprintln!("error: cannot write {}: {e}", path.display()))
    };
    let mut main_file = match &args.output {
        Some(path) if opts.fix != lint::FixMode::Diff => match create(path) {
            Ok(f) => Some(f),
            Err(()) => return ExitCode::from(2),
        },
        _ => None,
    };
    let mut extra_files = Vec::new();
    for (path, _) in &extra {
        match create(path) {
            Ok(f) => extra_files.push(f),
            Err(()) => return ExitCode::from(2),
        }
    }
    // Large writes: stdout's own line buffer would make a system call per part.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 20, unbuffered_stdout());
    let mut nowhere = std::io::sink();
    let result = {
        let main: &mut dyn Write = match &mut main_file {
            _ if opts.fix == lint::FixMode::Diff => &mut nowhere,
            Some(f) => f,
            None => &mut stdout,
        };
        let mut outs: Vec<&mut dyn Write> = std::iter::once(main)
            .chain(extra_files.iter_mut().map(|f| f as &mut dyn Write))
            .collect();
        lint::run_with(&opts, &renderers, &mut outs)
    };
    if result.is_ok() {
        let files = extra_files
            .into_iter()
            .zip(extra.iter().map(|(p, _)| p))
            .chain(main_file.into_iter().zip(args.output.iter()));
        for (f, path) in files {
            if let Err(e) = f.commit() {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
        if let Err(e) = stdout.flush() {
            eprintln!("error: cannot write the report: {e}");
            return ExitCode::from(2);
        }
    }
    drop(stdout);
    match result {
        Ok(outcome) if opts.fix == lint::FixMode::Diff => {
            // stdout is the patch alone; the count goes to stderr.
            let mut out = std::io::stdout().lock();
            if out
                .write_all(&outcome.diff)
                .and_then(|_| out.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
            let f = outcome.summary.fixed.unwrap_or_default();
            eprintln!(
                "{} (--diff: nothing written)",
                f.describe("would be applied")
            );
            if f.fixes > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Ok(outcome) => {
            for (path, why) in &outcome.not_written {
                eprintln!("error: {}: {why}", path.display());
            }
            if let Some(js) = &job_summary {
                let md = js.markdown(&outcome.summary);
                if let Some(path) = &args.summary {
                    if let Err(e) = report::write_atomically(path, md.as_bytes()) {
                        eprintln!("error: cannot write the summary {}: {e}", path.display());
                        return ExitCode::from(2);
                    }
                }
                if let Some(path) = &step_summary {
                    // GitHub collects the step's summary from this file: append, never replace.
                    let appended = std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(path)
                        .and_then(|mut f| f.write_all(md.as_bytes()));
                    if let Err(e) = appended {
                        eprintln!(
                            "warning: cannot append the job summary to $GITHUB_STEP_SUMMARY ({}): {e}",
                            path.display()
                        );
                    }
                }
            }
            let s = outcome.summary;
            if !outcome.not_written.is_empty() {
                // The fixes asked for were not made: the run failed.
                ExitCode::from(2)
            } else if s.errors > 0 || (args.deny_warnings && s.warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            report_run_error(&e);
            ExitCode::from(2)
        }
    }
}

fn report_run_error(e: &lint::RunError) {
    // Config mistakes point at the key, with the same rendering as findings.
    if let lint::RunError::Config(c) = e {
        if !c.text.is_empty() {
            let d = crate::diagnostic::Diagnostic {
                rule: "config",
                severity: crate::diagnostic::Severity::Error,
                path: c.path.clone().into(),
                message: c.message.clone(),
                span: c.span.clone(),
                label: None,
                labels: Vec::new(),
                help: Some("see README.md, section Configuration".into()),
                fix: None,
            };
            let r = report::human::Human::new(std::io::stderr().is_terminal());
            use report::Renderer;
            eprint!("{}", r.file(&report::Source::new(&c.path, &c.text), &[d]));
            return;
        }
    }
    eprintln!("error: {e}");
}
