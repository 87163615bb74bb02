//! Micro benchmark of date resolution on the inputs real posts use.
//!
//!     cargo run --release --example date_bench [ITERATIONS [FILTER]]
//!
//! FILTER keeps only the cases whose name contains it. Prints the time per
//! call (the best of five rounds, to damp the noise of a shared machine);
//! rerun it before and after a change to `src/date/`.

use std::hint::black_box;
use std::time::Instant;

use jiff::Timestamp;
use postlint::date::{
    resolve_filename_date_at, resolve_front_matter_date_at, site_time_zone, DateValue,
};

enum Input {
    FrontMatter(DateValue<'static>),
    FileName(&'static str, &'static str, &'static str),
}

const CASES: [(&str, Input); 5] = [
    (
        "plain    2021-12-08 10:18:31",
        Input::FrontMatter(DateValue::Plain("2021-12-08 10:18:31")),
    ),
    (
        "plain    2022-02-23 08:23:27 +0800",
        Input::FrontMatter(DateValue::Plain("2022-02-23 08:23:27 +0800")),
    ),
    (
        "quoted   2022-02-23T08:23:27Z",
        Input::FrontMatter(DateValue::Quoted("2022-02-23T08:23:27Z")),
    ),
    ("filename 2022 02 23", Input::FileName("2022", "02", "23")),
    (
        "quoted   Feb 23, 2022 8:15 pm (general path)",
        Input::FrontMatter(DateValue::Quoted("Feb 23, 2022 8:15 pm")),
    ),
];

fn main() {
    let iterations: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let filter = std::env::args().nth(2).unwrap_or_default();
    let tz = site_time_zone(Some("Asia/Shanghai")).expect("bundled zone");
    let now = Timestamp::new(1_795_812_000, 0).expect("valid");

    for (name, input) in CASES.iter().filter(|(name, _)| name.contains(&filter)) {
        let run = || match input {
            Input::FrontMatter(v) => {
                black_box(resolve_front_matter_date_at(black_box(*v), &tz, now));
            }
            Input::FileName(y, m, d) => {
                black_box(resolve_filename_date_at(
                    black_box(y),
                    black_box(m),
                    black_box(d),
                    &tz,
                    now,
                ));
            }
        };
        let round = (iterations / 5).max(1);
        let ns = (0..5)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..round {
                    run();
                }
                start.elapsed().as_nanos() as f64 / f64::from(round)
            })
            .fold(f64::INFINITY, f64::min);
        println!("{name:<46} {ns:>9.0} ns/call");
    }
}
