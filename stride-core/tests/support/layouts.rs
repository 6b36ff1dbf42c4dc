//! Random layouts for the kernel tests (shared with the `kernel!` tests of the
//! `stride` package): deterministic, no dependencies.

#![allow(dead_code)]

use stride_core::{Layout, Slice};

/// xorshift64*: deterministic, no dependencies.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random layout of rank `R` over a buffer of `len` elements: a C or F base of
/// random dims (0 to 4), random slices with steps of either sign, a random
/// permutation, and sometimes a broadcast axis or a window.
pub fn random_layout<const R: usize>(rng: &mut Rng, allow_overlap: bool) -> (Layout<R>, usize) {
    loop {
        let shape: [usize; R] = core::array::from_fn(|_| {
            if rng.below(6) == 0 {
                rng.below(2) as usize
            } else {
                1 + rng.below(4) as usize
            }
        });
        let base = if rng.below(2) == 0 {
            Layout::c(shape).map(|l| l.strided())
        } else {
            Layout::f(shape).map(|l| l.strided())
        };
        let Ok(mut l) = base else { continue };
        let len = l.required_len();
        let slices: [Slice; R] = core::array::from_fn(|_| match rng.below(5) {
            0 => Slice::REVERSE,
            1 => Slice::step_by(2),
            2 => Slice::new(Some(1), None, 1),
            3 => Slice::new(None, None, -2),
            _ => Slice::FULL,
        });
        l = l.slice(slices).unwrap();
        let mut axes: [isize; R] = core::array::from_fn(|k| k as isize);
        for i in (1..R).rev() {
            axes.swap(i, rng.below(i as u64 + 1) as usize);
        }
        l = l.permute(axes).unwrap();
        if allow_overlap && R >= 1 && rng.below(4) == 0 {
            // A broadcast: one axis of length 1 (stride 0) stretched.
            let k = rng.below(R as u64) as usize;
            let mut items = [stride_core::Item::FULL; R];
            items[k] = stride_core::Item::Slice(Slice::range(0, 1));
            let one: Layout<R> = l.index_items(&items).unwrap();
            let mut target = *one.shape();
            target[k] = 1 + rng.below(3) as usize;
            if let Ok(b) = one.broadcast_to(target) {
                l = b;
            }
        } else if allow_overlap && R == 2 && l.shape()[0] > 0 && rng.below(4) == 0 {
            // Windows of 2 along axis 0 of a rank-1 view: rank 2, overlapping.
            let line: Layout<1> = l.index_items(&[stride_core::Item::Index(0)]).unwrap();
            if let Ok(w) = line.sliding_window::<1, 2>([2], [0]) {
                l = w.with_rank().unwrap();
            }
        }
        return (l, len.max(l.required_len()));
    }
}

/// The index of every element in C order.
pub fn indices<const R: usize>(shape: [usize; R]) -> Vec<[usize; R]> {
    let n: usize = shape.iter().product();
    let mut out = Vec::with_capacity(n);
    let mut idx = [0usize; R];
    for _ in 0..n {
        out.push(idx);
        for k in (0..R).rev() {
            idx[k] += 1;
            if idx[k] < shape[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    out
}

pub fn values(len: usize, rng: &mut Rng) -> Vec<i64> {
    (0..len).map(|_| rng.below(1000) as i64 - 500).collect()
}
