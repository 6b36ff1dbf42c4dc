//! Criterion benchmarks of the seed experiments: one group per case, the peers
//! side by side (`stride`, `ndarray`, a naive loop, `memcpy`, a streaming copy).
//! `cargo bench` runs them (long: the inputs reach 800 MB); `cargo bench --
//! --test` runs each once, as CI does; `examples/bench_report.rs` runs the same
//! experiments in one process and prints the ratios.

mod experiments;

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn seeds(c: &mut Criterion) {
    for g in experiments::groups() {
        for mut case in (g.build)() {
            let mut group = c.benchmark_group(case.id);
            group.throughput(Throughput::Bytes(case.bytes as u64));
            group.sample_size(10);
            group.warm_up_time(Duration::from_millis(if case.big { 500 } else { 200 }));
            group.measurement_time(Duration::from_secs(if case.big { 4 } else { 2 }));
            for (k, r) in case.runs.iter_mut().enumerate() {
                group.bench_function(format!("{k}-{}: {}", r.imp, r.label), |b| {
                    b.iter(|| (r.f)())
                });
            }
            group.finish();
        }
    }
}

criterion_group!(benches, seeds);
criterion_main!(benches);
