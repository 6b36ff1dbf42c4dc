//! Random layouts for the kernel tests (shared with the `kernel!` tests of the
//! `stride` package): deterministic, no dependencies.

#![allow(dead_code)]

use stride_core::{Layout, Slice};

/// Defines the test `$name`, which runs `$f::<R>` for the ranks 0 to 6 in
/// turn, from one generator seeded with `$seed`; under Miri only up to rank
/// `$top` (`#[macro_use]` on the module brings it in).
#[allow(unused_macros)]
macro_rules! for_ranks {
    ($seed:expr, miri up to $top:literal; $name:ident, $f:ident) => {
        #[test]
        fn $name() {
            let mut rng = Rng($seed);
            let top: usize = if cfg!(miri) { $top } else { 6 };
            $f::<0>(&mut rng);
            if top >= 1 {
                $f::<1>(&mut rng);
            }
            if top >= 2 {
                $f::<2>(&mut rng);
            }
            if top >= 3 {
                $f::<3>(&mut rng);
            }
            if top >= 4 {
                $f::<4>(&mut rng);
            }
            if top >= 5 {
                $f::<5>(&mut rng);
            }
            if top >= 6 {
                $f::<6>(&mut rng);
            }
        }
    };
}

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
/// permutation, and with `allow_overlap` sometimes a broadcast axis or (from
/// rank 2) sliding windows of the same shape.
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
        } else if allow_overlap && R >= 2 && rng.below(4) == 0 {
            // Sliding windows of the same shape, at any rank (elements shared
            // without a stride of 0).
            let w = windows_layout(rng, l.shape()).to_layout::<R>().unwrap();
            return (w, w.required_len());
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

/// The elements of `v` in logical (C) order, by index.
pub fn by_index<T: Copy, const R: usize, O: stride_core::OrderMarker>(
    v: &stride_core::View<'_, T, R, O>,
) -> Vec<T> {
    indices(*v.shape()).into_iter().map(|i| v[i]).collect()
}

/// The index of rank `R` whose other axes are `idx` (rank `Q = R - 1`, in
/// order) and whose axis `axis` is 0: the start of the lane that a
/// reduction along `axis` sums into `idx`.
pub fn lane_start<const R: usize, const Q: usize>(idx: [usize; Q], axis: usize) -> [usize; R] {
    let mut full = [0usize; R];
    let mut q = 0;
    for (d, x) in full.iter_mut().enumerate() {
        if d != axis {
            *x = idx[q];
            q += 1;
        }
    }
    full
}

/// Every element of `data` that `l` does not reach is as it was in `before`.
pub fn untouched_outside<const R: usize>(l: &Layout<R>, data: &[i64], before: &[i64]) {
    let mut reached = vec![false; data.len()];
    for i in indices(*l.shape()) {
        reached[l.offset_of(i).unwrap()] = true;
    }
    for (k, (a, b)) in data.iter().zip(before).enumerate() {
        if !reached[k] {
            assert_eq!(a, b, "element {k} outside {l:?} was written");
        }
    }
}

pub fn values(len: usize, rng: &mut Rng) -> Vec<i64> {
    (0..len).map(|_| rng.below(1000) as i64 - 500).collect()
}

/// A random layout of exactly `shape`, so that every test with several
/// operands gets a second one that fits instead of skipping the case: a C or
/// F base under random slices (steps of either sign, offsets) and a random
/// permutation; with `allow_overlap`, sometimes a broadcast (any axes, and
/// leading axes added, stride 0) or sliding windows (one axis of windows with
/// a dilation of 1 or 2, then permuted anywhere). Returns the layout and a
/// buffer length that holds it.
pub fn shaped_layout<const R: usize>(
    rng: &mut Rng,
    shape: [usize; R],
    allow_overlap: bool,
) -> (Layout<R>, usize) {
    let kind = if allow_overlap { rng.below(4) } else { 3 };
    let l = match kind {
        0 if R >= 1 => {
            // Broadcast from a lower or equal rank, some axes of length 1.
            let drop = rng.below(R as u64 + 1) as usize;
            let inner: Vec<usize> = (drop..R)
                .map(|k| if rng.below(2) == 0 { 1 } else { shape[k] })
                .collect();
            plain_layout(rng, &inner).broadcast_to(&shape).unwrap()
        }
        1 if R >= 2 => windows_layout(rng, &shape),
        _ => plain_layout(rng, &shape),
    };
    assert_eq!(l.shape(), &shape[..], "shaped_layout: {l:?}");
    let l = l.to_layout::<R>().unwrap();
    (l, l.required_len() + rng.below(3) as usize)
}

/// Sliding windows of exactly `shape` (rank 2 or more): one axis of windows
/// with a dilation of 1 or 2 over the axis before it, in a unique base, then
/// permuted anywhere; a unique layout when a window or its axis is empty.
fn windows_layout(rng: &mut Rng, shape: &[usize]) -> stride_core::DynLayout {
    let r = shape.len();
    // The permutation's pre-image has the window axis last, over the axis
    // before it.
    let p = permutation(rng, r);
    let mut q = vec![0; r];
    for i in 0..r {
        q[p[i]] = shape[i];
    }
    let (w, n) = (q[r - 1], q[r - 2]);
    if w == 0 || n == 0 {
        return plain_layout(rng, shape);
    }
    let d = 1 + rng.below(2) as usize;
    let mut b = q[..r - 1].to_vec();
    b[r - 2] = n + (w - 1) * d;
    let base = plain_layout(rng, &b);
    let win = base
        .sliding_window(&[w], &[(r - 2) as isize], &[1], &[d])
        .unwrap();
    let axes: Vec<isize> = p.iter().map(|&k| k as isize).collect();
    win.permute(&axes).unwrap()
}

/// A random permutation of `0..r` (Fisher-Yates).
fn permutation(rng: &mut Rng, r: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (0..r).collect();
    for i in (1..r).rev() {
        p.swap(i, rng.below(i as u64 + 1) as usize);
    }
    p
}

/// A unique random layout of exactly `shape`: a C or F base, sliced with steps
/// of either sign and offsets, then permuted.
fn plain_layout(rng: &mut Rng, shape: &[usize]) -> stride_core::DynLayout {
    use stride_core::{DynLayout, Item};
    let r = shape.len();
    let p = permutation(rng, r);
    let mut base = vec![0; r];
    let mut items = vec![Item::FULL; r];
    for i in 0..r {
        let n = shape[i];
        // An axis `m` long that `::2` or `::-2` takes `n` from.
        let halved = if n == 0 {
            0
        } else {
            2 * n - rng.below(2) as usize
        };
        let (m, s) = match rng.below(5) {
            0 => (n, Slice::REVERSE),
            1 => (halved, Slice::step_by(2)),
            2 => (n + 1, Slice::new(Some(1), None, 1)),
            3 => (halved, Slice::new(None, None, -2)),
            _ => (n, Slice::FULL),
        };
        base[p[i]] = m;
        items[p[i]] = Item::Slice(s);
    }
    let l = if rng.below(2) == 0 {
        DynLayout::c(&base)
    } else {
        DynLayout::f(&base)
    };
    let axes: Vec<isize> = p.iter().map(|&k| k as isize).collect();
    l.unwrap().index(&items).unwrap().permute(&axes).unwrap()
}
