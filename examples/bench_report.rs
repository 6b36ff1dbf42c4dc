//! The seed experiments in one process, side by side: `stride`, `ndarray`, a
//! naive loop, `copy_from_slice` and a streaming copy of the same bytes. Prints a
//! markdown table of medians and ratios, writes an SVG bar chart, and with
//! `--json PATH` one JSON object per line.
//!
//! ```sh
//! cargo run --release --example bench_report -- --quick                  # about a minute
//! cargo run --release --example bench_report -- --json /tmp/report.jsonl --svg /tmp/report.svg
//! cargo run --release --example bench_report -- --only 1,10              # some groups
//! ```
//!
//! Speed is judged by ratios within one run (the machine is shared and noisy),
//! never by an absolute time from another run.

#[path = "../benches/experiments/mod.rs"]
mod experiments;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use experiments::{Case, groups};

/// One measured row.
struct Row {
    case: &'static str,
    imp: &'static str,
    label: &'static str,
    median: Duration,
    bytes: usize,
}

struct Options {
    quick: bool,
    json: Option<String>,
    svg: String,
    only: Option<Vec<String>>,
}

fn options() -> Options {
    let mut o = Options {
        quick: false,
        json: None,
        svg: "target/bench_report.svg".to_owned(),
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--json" => o.json = args.next(),
            "--svg" => o.svg = args.next().unwrap_or(o.svg),
            "--only" => {
                o.only = args
                    .next()
                    .map(|s| s.split(',').map(str::to_owned).collect())
            }
            other => {
                eprintln!(
                    "unknown argument {other}: expected --quick, --json PATH, --svg PATH, --only 1,2"
                );
                std::process::exit(2);
            }
        }
    }
    o
}

/// The medians per call of every run of a case, its repetitions interleaved
/// (run 1, run 2, ..., run 1, run 2, ...) so that the machine's drift (other
/// load, frequency, memory placement) falls on every row alike and the ratios
/// between rows stay fair, each repetition after [`flush_caches`]. Each run makes enough calls per repetition to last
/// a target time, but for `big` cases a call of a millisecond or more is one
/// call per repetition (their copies), while a cheap row of a big case (a
/// view) is still timed over many calls. In a big case the rows within
/// [`SLOW`] times the fastest (the ones the targets compare) take part in
/// every round, and the slower ones (naive loops, a peer 14x off) in every
/// third round only: three times the samples for the close ratios, in about
/// the time the slow rows took alone.
/// Reads [`FLUSH_BYTES`] of memory of its own, so that the next row starts
/// with caches full of clean lines that no row uses: without it a row paid
/// for what the row before it left behind (the write-back of up to 30 MB of
/// dirty lines after `b = a * 2`, which made `kernel!(a[[i]] *= 2.0)`, timed
/// after it, 1.05-1.06x of the library's `a *= 2.0`, timed after a row that
/// writes little, in five runs, where the two were level alone), or gained from
/// it (an output whose memory the row before had just freed, still in cache).
fn flush_caches() {
    static BUF: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let buf = BUF.get_or_init(|| vec![1; FLUSH_BYTES / 8]);
    // One read per cache line.
    std::hint::black_box(buf.iter().step_by(8).fold(0u64, |a, &x| a.wrapping_add(x)));
}

/// Twice the largest last-level cache of the machines measured so far
/// (Zen 3 and Zen 4: 32 MiB; the Intel VM's 105 MiB, which reports 480 MiB).
const FLUSH_BYTES: usize = 256 << 20;

fn measure_case(runs: &mut [experiments::Run], big: bool, quick: bool) -> Vec<Duration> {
    let repeat = match (big, quick) {
        (true, true) => 3,
        (true, false) => 7,
        (false, true) => 5,
        (false, false) => 11,
    };
    let target = Duration::from_millis(if quick { 10 } else { 40 });
    let calls: Vec<u32> = runs
        .iter_mut()
        .map(|r| {
            let warm = Instant::now();
            (r.f)(); // warm: first touch of outputs, caches
            let mut calls = 1u32;
            if !big || warm.elapsed() < Duration::from_millis(1) {
                loop {
                    let t = Instant::now();
                    for _ in 0..calls {
                        (r.f)();
                    }
                    if t.elapsed() >= target / 4 || calls >= 1 << 20 {
                        break;
                    }
                    calls *= 2;
                }
                calls *= 4;
            }
            calls
        })
        .collect();
    let rounds = if big { 3 * repeat } else { repeat };
    let mut times = vec![Vec::with_capacity(rounds); runs.len()];
    // Every row in the first round; then, in big cases, the slow rows (by
    // their first round's time) in every third round.
    let mut every = vec![1; runs.len()];
    for round in 0..rounds {
        for (k, r) in runs.iter_mut().enumerate() {
            if round % every[k] != 0 {
                continue;
            }
            flush_caches();
            let start = Instant::now();
            for _ in 0..calls[k] {
                (r.f)();
            }
            times[k].push(start.elapsed() / calls[k]);
        }
        if round == 0 && big {
            let fastest = times.iter().map(|t| t[0]).min().unwrap_or_default();
            for (e, t) in every.iter_mut().zip(&times) {
                *e = if t[0] > fastest * SLOW { 3 } else { 1 };
            }
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect()
}

/// How many times slower than the fastest row of a big case a row may be and
/// still be timed in every round (see [`measure_case`]).
const SLOW: u32 = 4;

fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1e-6 {
        format!("{:.1} ns", s * 1e9)
    } else if s < 1e-3 {
        format!("{:.2} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.3} s")
    }
}

fn main() {
    let o = options();
    let start = Instant::now();
    let mut rows: Vec<Row> = Vec::new();
    let mut cases_seen: Vec<(&'static str, &'static str)> = Vec::new();
    println!(
        "# stride benchmark report{}\n",
        if o.quick { " (--quick)" } else { "" }
    );
    println!(
        "Medians per call, the rows of a case timed in interleaved repetitions; `x first` is the ratio to the first row of the case; GB/s counts one operand's bytes.\n"
    );
    for g in groups() {
        if let Some(only) = &o.only
            && !only.iter().any(|x| x == g.id)
        {
            continue;
        }
        println!("## {}. {}\n", g.id, g.title);
        let cases: Vec<Case> = (g.build)();
        for mut c in cases {
            println!("### `{}`: {}\n", c.id, c.what);
            println!("| impl | what | median | x first | GB/s |");
            println!("|---|---|---:|---:|---:|");
            cases_seen.push((c.id, c.what));
            let medians = measure_case(&mut c.runs, c.big, o.quick);
            let f = medians[0];
            for (r, &m) in c.runs.iter().zip(&medians) {
                println!(
                    "| {} | `{}` | {} | {:.2} | {:.2} |",
                    r.imp,
                    r.label,
                    fmt(m),
                    m.as_secs_f64() / f.as_secs_f64(),
                    c.bytes as f64 / m.as_secs_f64() / 1e9
                );
                rows.push(Row {
                    case: c.id,
                    imp: r.imp,
                    label: r.label,
                    median: m,
                    bytes: c.bytes,
                });
            }
            println!();
        }
    }
    println!("total time {:.1} s", start.elapsed().as_secs_f64());
    if let Some(path) = &o.json {
        let mut out = String::new();
        for r in &rows {
            let _ = writeln!(
                out,
                "{{\"case\": {:?}, \"impl\": {:?}, \"label\": {:?}, \"median_ns\": {:.1}, \"bytes\": {}}}",
                r.case,
                r.imp,
                r.label,
                r.median.as_secs_f64() * 1e9,
                r.bytes
            );
        }
        std::fs::write(path, out).unwrap_or_else(|e| eprintln!("cannot write {path}: {e}"));
        println!("wrote {path}");
    }
    match std::fs::write(&o.svg, svg(&rows, &cases_seen)) {
        Ok(()) => println!("wrote {}", o.svg),
        Err(e) => eprintln!("cannot write {}: {e}", o.svg),
    }
}

/// A horizontal bar chart: one panel per case, one bar per row, its length the
/// time relative to the fastest row of the case (log scale), labelled.
fn svg(rows: &[Row], cases: &[(&str, &str)]) -> String {
    let colour = |imp: &str| match imp {
        "stride" => "#1f77b4",
        "stride-macro" => "#17becf",
        "ndarray" => "#ff7f0e",
        "naive" => "#7f7f7f",
        "memcpy" => "#2ca02c",
        "stream" => "#98df8a",
        _ => "#d62728",
    };
    let (bar, gap, left, width) = (18.0, 6.0, 430.0, 380.0);
    let mut y = 52.0;
    let mut body = String::new();
    for (case, what) in cases {
        let rs: Vec<&Row> = rows.iter().filter(|r| r.case == *case).collect();
        if rs.is_empty() {
            continue;
        }
        let fastest = rs
            .iter()
            .map(|r| r.median.as_secs_f64())
            .fold(f64::INFINITY, f64::min);
        let slowest = rs
            .iter()
            .map(|r| r.median.as_secs_f64())
            .fold(0.0, f64::max);
        let span = (slowest / fastest).log10().max(1.0);
        let _ = writeln!(
            body,
            r##"<text x="10" y="{y}" font-weight="bold">{}</text><text x="10" y="{}" font-size="11" fill="#555">{}</text>"##,
            esc(case),
            y + 14.0,
            esc(what)
        );
        y += 24.0;
        for r in rs {
            let t = r.median.as_secs_f64();
            let w = 4.0 + width * ((t / fastest).log10() / span);
            let _ = writeln!(
                body,
                r#"<text x="10" y="{}" font-size="12">{}: {}</text><rect x="{left}" y="{}" width="{w:.1}" height="{bar}" fill="{}"/><text x="{}" y="{}" font-size="12">{} (x{:.2})</text>"#,
                y + 13.0,
                esc(r.imp),
                esc(&shorten(r.label, 52)),
                y,
                colour(r.imp),
                left + w + 6.0,
                y + 13.0,
                fmt(r.median),
                t / fastest
            );
            y += bar + gap;
        }
        y += 14.0;
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="{}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="16" font-weight="bold">stride: the seed experiments (bar: time relative to the fastest of its case, log scale)</text>
{body}</svg>
"#,
        y + 10.0
    )
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
