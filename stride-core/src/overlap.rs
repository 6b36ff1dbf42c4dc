//! Memory-overlap questions for strided layouts, answered at compile time if needed.
//!
//! This module answers the questions behind NumPy's `may_share_memory`,
//! `shares_memory` and internal-overlap check (`solve_may_have_internal_overlap`).
//! Every public function is a `const fn`.
//!
//! # Model
//!
//! A *layout* is a `shape`, a `strides` slice and an `offset`, all in one address
//! unit (bytes, or elements when `itemsize == 1`). The element at multi-index `i`
//! starts at `offset + Σ strides[k] * i[k]` and covers the `itemsize` units
//! `[start, start + itemsize)`. A layout with any dimension `0` is empty, and a
//! rank-0 layout (empty `shape`) has one element at `offset`. Only the first
//! `min(shape.len(), strides.len())` axes are used; pass slices of equal length.
//!
//! All arithmetic is done in `i128`, or in a 192-bit accumulator for sums, so no
//! input can overflow or panic: shapes may be as large as `usize::MAX` and strides
//! and offsets may be any `isize`.
//!
//! # Method
//!
//! **Bounds** ([`bounds_overlap`]): each non-empty layout touches units in
//! `[offset + Σ_{s<0} s(n-1), offset + Σ_{s>0} s(n-1) + itemsize)`. Two layouts may
//! share memory iff these ranges intersect.
//!
//! **Shared memory** ([`solve_shared`]): the layouts share a unit iff
//! `a_off + Σ sa_i x_i + u = b_off + Σ sb_j y_j + v` has an integer solution with
//! `0 ≤ x_i < na_i`, `0 ≤ y_j < nb_j` and `0 ≤ u, v < itemsize`. Everything is
//! moved to one side, giving `Σ c_k z_k = b` with `0 ≤ z_k ≤ ub_k`. A negative
//! coefficient is made positive by substituting `z = ub − z'` (which moves
//! `c·ub` into the right-hand side). Terms with a zero coefficient or a zero bound
//! are dropped, terms with equal coefficients are merged (their bounds add), and
//! the coefficients are sorted in descending order. Each bound is then clamped to
//! `b / a_k`, because no single term may exceed `b`.
//!
//! The problem `Σ a_k z_k = b`, `0 ≤ z_k ≤ u_k`, `a_k > 0` is decided by a
//! depth-first search over `z_0, z_1, …`. It prunes with the suffix sums
//! `S_k = Σ_{j≥k} a_j u_j`, the largest value the remaining terms can reach, and
//! the suffix gcds `G_k = gcd(a_k, …)`. At level `k`, the remaining target must
//! satisfy `0 ≤ b ≤ S_k` and `G_k | b`, and it must be `0` or at least the
//! smallest coefficient. The only values of `z_k` tried are those in
//! `[max(0, ⌈(b − S_{k+1}) / a_k⌉), min(u_k, ⌊b / a_k⌋)]` that satisfy
//! `a_k z_k ≡ b (mod G_{k+1})`. These form one residue class modulo
//! `G_{k+1} / gcd(a_k, G_{k+1})`, found with the extended Euclidean algorithm.
//! They are tried outward from the proportional share `u_k · b / S_k`, which
//! finds solutions early. A `Disjoint` answer tries them all in any order. When
//! two terms are left, every such candidate in range is a solution, so the answer
//! comes at once. One unit of work is counted per candidate tried (and one for the
//! final two-term step). When the count exceeds `max_work`, the answer is
//! [`Sharing::TooHard`]. The cheap bounds test runs first. The search keeps its
//! own stack of at most [`MAX_TERMS`] levels instead of recursing, so deep
//! problems don't hit the compiler's `const` call-depth limit.
//!
//! **Internal overlap** ([`solve_internal_overlap`]): two different indices of
//! one layout reach the same offset iff some `z ≠ 0` has `Σ s_k z_k = 0` and
//! `|z_k| ≤ n_k − 1`. The quick exits are these:
//! * a dimension of `0` gives `Disjoint` (no elements);
//! * a stride-0 axis of length > 1 gives `Shared`;
//! * more than [`MAX_TERMS`] axes of length > 1 give `Shared` (by pigeonhole, two
//!   of the `2^r` subsets of the `r` strides, each at most `2^63` in magnitude,
//!   have equal sums);
//! * with the axes sorted by `|s|`, if every `|s_k|` exceeds the total extent
//!   `Σ_{j<k} |s_j|(n_j − 1)` of the axes before it, the layout is `Disjoint`;
//! * if there are more indices (`Π n_k`) than offsets in the total extent
//!   (`Σ |s_k|(n_k − 1) + 1`), the layout is `Shared` (pigeonhole).
//!
//! If no quick exit applies, write `a_k = |s_k|` (the sign is folded into `z_k`)
//! and sort the axes by descending `a_k`. Negate `z` if needed so that its first
//! non-zero entry `z_p` is positive. For each `p`, solve the shared-problem form
//! with `z_p = 1 + z'_p`, `0 ≤ z'_p ≤ u_p − 1` and `z_j = z'_j − u_j`,
//! `0 ≤ z'_j ≤ 2u_j` for `j > p`:
//! `a_p z'_p + Σ_{j>p} a_j z'_j = Σ_{j>p} a_j u_j − a_p`.
//! All these solves share one work budget.
//!
//! # Limits
//!
//! The solver holds at most [`MAX_TERMS`] non-trivial terms. More than that gives
//! `TooHard` for [`solve_shared`]. A right-hand side above `2^119` address units
//! also gives `TooHard`, because the search then can't be proven overflow-free in
//! `i128`. Only layouts whose extent is far beyond any real address space reach
//! this case.

/// Answer of an exact memory-overlap question.
///
/// # Example
///
/// ```
/// use stride_core::overlap::{DEFAULT_MAX_WORK, Sharing, bounds_overlap, solve_shared};
///
/// // a[0::2] and a[1::2] of a 1-D array of 8 one-unit elements.
/// let (even, odd) = ((&[4usize][..], &[2isize][..], 0), (&[4usize][..], &[2isize][..], 1));
/// // The address ranges intersect...
/// assert!(bounds_overlap(even.0, even.1, even.2, odd.0, odd.1, odd.2, 1));
/// // ...but no element is shared.
/// assert_eq!(
///     solve_shared(even.0, even.1, even.2, odd.0, odd.1, odd.2, 1, DEFAULT_MAX_WORK),
///     Sharing::Disjoint
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sharing {
    /// No address unit is touched by both layouts. For internal overlap, this
    /// means every index has its own offset (the layout is "unique").
    Disjoint,
    /// At least one address unit is touched by both layouts. For internal
    /// overlap, this means two different indices reach the same offset.
    Shared,
    /// The work limit was reached before an answer was found, or the problem is
    /// beyond the solver's capacity (see [`MAX_TERMS`] and the module docs' limits).
    TooHard,
}

/// Default work limit for [`solve_shared`] and [`solve_internal_overlap`]:
/// `2^16 = 65 536` units (candidate values tried in the search).
///
/// Everyday layouts need a handful of units, or none. Adversarial ones, with
/// several large, nearly coprime strides, can need millions.
///
/// The limit is set by compile-time use. rustc's `long_running_const_eval` lint
/// is deny-by-default, and it stops a `const` evaluation after a few hundred
/// thousand units of this search (measured with rustc 1.95: 262 144 units pass,
/// 524 288 don't). `2^16` leaves a wide margin below that point, so a `const`
/// query ends with an answer or [`Sharing::TooHard`], not a compile error. At run time the search costs
/// about 20 ns per unit in release builds, so this default caps a query at about
/// 1–2 ms. Run-time callers that want a more exact answer can pass a larger limit
/// (or `u64::MAX`, like NumPy's `max_work=None`).
pub const DEFAULT_MAX_WORK: u64 = 1 << 16;

/// Capacity of the solver: the largest number of non-trivial terms (non-zero
/// stride or coefficient and a bound of at least 1) one problem may have.
///
/// For [`solve_shared`], the terms are the axes of both layouts plus two terms
/// for `itemsize`, so two rank-64 layouts always fit. A problem with more terms
/// gives [`Sharing::TooHard`].
pub const MAX_TERMS: usize = 130;

/// Largest right-hand side the search accepts. The suffix sums are at most
/// `MAX_TERMS * RHS_LIMIT < 2^127`, so they can't overflow `i128`.
const RHS_LIMIT: i128 = 1 << 119;

// ---------------------------------------------------------------------------
// Small const helpers
// ---------------------------------------------------------------------------

const fn min_usize(a: usize, b: usize) -> usize {
    if a < b { a } else { b }
}

const fn min_i128(a: i128, b: i128) -> i128 {
    if a < b { a } else { b }
}

/// Greatest common divisor of two non-negative numbers (`gcd(x, 0) = x`).
const fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        let r = a % b;
        a = b;
        b = r;
    }
    a
}

/// Inverse of `x` modulo `m` (requires `m ≥ 1` and `gcd(x, m) = 1`), in `[0, m)`.
/// This is the extended Euclidean algorithm; every intermediate value is at most `m`.
const fn mod_inverse(x: i128, m: i128) -> i128 {
    let mut r0 = m;
    let mut r1 = x.rem_euclid(m);
    let mut t0: i128 = 0;
    let mut t1: i128 = 1;
    while r1 != 0 {
        let q = r0 / r1;
        let r2 = r0 - q * r1;
        r0 = r1;
        r1 = r2;
        let t2 = t0 - q * t1;
        t0 = t1;
        t1 = t2;
    }
    t0.rem_euclid(m)
}

/// Spends one unit of work. Returns `false` once the budget is exceeded.
const fn spend(work: &mut u64, max_work: u64) -> bool {
    *work = work.saturating_add(1);
    *work <= max_work
}

/// Signed 192-bit accumulator: the value is `hi * 2^64 + lo`.
///
/// This makes sums of `i128` products exact. Each addition of a value with
/// magnitude below `2^127` changes `hi` by less than `2^63 + 2`, and a slice holds
/// fewer than `2^61` items. So `hi` stays far inside `i128` for any input.
#[derive(Clone, Copy)]
struct Wide {
    hi: i128,
    lo: u64,
}

impl Wide {
    const fn from_i128(v: i128) -> Wide {
        Wide {
            hi: v >> 64,
            lo: v as u64,
        }
    }

    const fn plus_i128(self, v: i128) -> Wide {
        let o = Wide::from_i128(v);
        let (lo, carry) = self.lo.overflowing_add(o.lo);
        Wide {
            hi: self.hi + o.hi + carry as i128,
            lo,
        }
    }

    const fn minus_i128(self, v: i128) -> Wide {
        let o = Wide::from_i128(v);
        let (lo, borrow) = self.lo.overflowing_sub(o.lo);
        Wide {
            hi: self.hi - o.hi - borrow as i128,
            lo,
        }
    }

    const fn less_than(self, o: Wide) -> bool {
        self.hi < o.hi || (self.hi == o.hi && self.lo < o.lo)
    }

    const fn is_negative(self) -> bool {
        self.hi < 0
    }

    /// The value as `i128`, if it fits.
    const fn to_i128(self) -> Option<i128> {
        const HI_MIN: i128 = -(1 << 63);
        const HI_MAX: i128 = (1 << 63) - 1;
        if self.hi < HI_MIN || self.hi > HI_MAX {
            None
        } else {
            Some(self.hi * (1 << 64) + self.lo as i128)
        }
    }
}

/// Returns `(low, high)`, the offsets of the first unit of the lowest and the
/// highest element, or `None` if the layout is empty.
const fn extent(shape: &[usize], strides: &[isize], offset: isize) -> Option<(Wide, Wide)> {
    let rank = min_usize(shape.len(), strides.len());
    let mut k = 0;
    while k < rank {
        if shape[k] == 0 {
            return None;
        }
        k += 1;
    }
    let mut low = Wide::from_i128(offset as i128);
    let mut high = low;
    k = 0;
    while k < rank {
        // |stride| ≤ 2^63 and n - 1 < 2^64, so the product is below 2^127.
        let span = strides[k] as i128 * (shape[k] - 1) as i128;
        if span < 0 {
            low = low.plus_i128(span);
        } else {
            high = high.plus_i128(span);
        }
        k += 1;
    }
    Some((low, high))
}

// ---------------------------------------------------------------------------
// The bounded linear Diophantine problem  Σ a_k z_k = b,  0 ≤ z_k ≤ u_k
// ---------------------------------------------------------------------------

/// A problem `Σ coef[k] * z_k = rhs` with `0 ≤ z_k ≤ bound[k]`, normalised as it is
/// built: all coefficients positive, distinct and sorted in descending order.
struct Problem {
    coef: [i128; MAX_TERMS],
    bound: [i128; MAX_TERMS],
    /// Number of distinct (merged) terms in `coef` and `bound`.
    len: usize,
    /// Number of non-trivial terms added, before merging.
    added: usize,
    rhs: Wide,
    /// The problem exceeded the solver's capacity.
    too_big: bool,
    /// `sum[k] = Σ_{j≥k} coef[j] * bound[j]`, filled by `prepare`.
    sum: [i128; MAX_TERMS + 1],
    /// `gcd[k] = gcd(coef[k..])` (0 for the empty suffix), filled by `prepare`.
    gcd: [i128; MAX_TERMS + 1],
    /// `step[k] = gcd[k + 1] / gcd[k]`: the spacing of the candidates for `z_k`.
    step: [i128; MAX_TERMS],
    /// `inv[k]` = inverse of `coef[k] / gcd[k]` modulo `step[k]`.
    inv: [i128; MAX_TERMS],
}

impl Problem {
    const fn new(rhs: Wide) -> Problem {
        Problem {
            coef: [0; MAX_TERMS],
            bound: [0; MAX_TERMS],
            len: 0,
            added: 0,
            rhs,
            too_big: false,
            sum: [0; MAX_TERMS + 1],
            gcd: [0; MAX_TERMS + 1],
            step: [0; MAX_TERMS],
            inv: [0; MAX_TERMS],
        }
    }

    /// Adds the term `c * z` with `0 ≤ z ≤ ub` to the left-hand side.
    /// Callers keep `|c| ≤ 2^64` and `0 ≤ ub < 2^66`.
    const fn add_term(&mut self, c: i128, ub: i128) {
        if c == 0 || ub <= 0 || self.too_big {
            return;
        }
        if self.added == MAX_TERMS {
            self.too_big = true;
            return;
        }
        self.added += 1;
        let mut c = c;
        if c < 0 {
            // c z = c (ub - z') = c ub + |c| z': move c·ub to the right-hand side.
            match c.checked_mul(ub) {
                Some(product) => self.rhs = self.rhs.minus_i128(product),
                None => {
                    self.too_big = true;
                    return;
                }
            }
            c = -c;
        }
        let mut i = 0;
        while i < self.len {
            if self.coef[i] == c {
                // At most MAX_TERMS bounds below 2^66 are added: no overflow.
                self.bound[i] += ub;
                return;
            }
            if self.coef[i] < c {
                break;
            }
            i += 1;
        }
        let mut j = self.len;
        while j > i {
            self.coef[j] = self.coef[j - 1];
            self.bound[j] = self.bound[j - 1];
            j -= 1;
        }
        self.coef[i] = c;
        self.bound[i] = ub;
        self.len += 1;
    }

    /// Clamps bounds, drops terms that can't be used, and fills `sum`, `gcd`, `step` and `inv`.
    /// Returns `Err(answer)` if the answer is known without a search, and
    /// otherwise `Ok(target)`.
    const fn prepare(&mut self) -> Result<i128, Sharing> {
        if self.too_big {
            return Err(Sharing::TooHard);
        }
        if self.rhs.is_negative() {
            return Err(Sharing::Disjoint);
        }
        let b = match self.rhs.to_i128() {
            Some(v) if v <= RHS_LIMIT => v,
            _ => return Err(Sharing::TooHard),
        };
        let mut read = 0;
        let mut write = 0;
        while read < self.len {
            let a = self.coef[read];
            let u = min_i128(self.bound[read], b / a);
            if u > 0 {
                self.coef[write] = a;
                self.bound[write] = u;
                write += 1;
            }
            read += 1;
        }
        self.len = write;
        self.sum[write] = 0;
        self.gcd[write] = 0;
        let mut k = write;
        while k > 0 {
            k -= 1;
            // coef * bound ≤ b ≤ 2^119 and at most MAX_TERMS terms: no overflow.
            self.sum[k] = self.sum[k + 1] + self.coef[k] * self.bound[k];
            self.gcd[k] = gcd(self.coef[k], self.gcd[k + 1]);
            if k + 1 < write {
                // gcd(coef / g, step) = 1, so the inverse exists.
                let step = self.gcd[k + 1] / self.gcd[k];
                self.step[k] = step;
                self.inv[k] = mod_inverse(self.coef[k] / self.gcd[k], step);
            }
        }
        Ok(b)
    }

    /// Depth-first search: can `Σ coef[k] z_k = target` be met within the bounds?
    ///
    /// This is iterative, with an explicit stack of at most `MAX_TERMS` levels, so
    /// deep problems never hit the compiler's limit on `const` call depth. The
    /// candidates of a level are tried outward from `z_k ≈ u_k · b / S_k`, where the
    /// term takes its proportional share of the target. This finds solutions of
    /// typical "shared" problems early. A "disjoint" answer tries every candidate,
    /// whatever the order.
    const fn search(&self, target: i128, work: &mut u64, max_work: u64) -> Sharing {
        // For each open level: its target, its candidate range, the next candidates
        // above and below the centre, and which side comes next.
        let mut level_target = [0i128; MAX_TERMS];
        let mut level_lo = [0i128; MAX_TERMS];
        let mut level_hi = [0i128; MAX_TERMS];
        let mut level_up = [0i128; MAX_TERMS];
        let mut level_down = [0i128; MAX_TERMS];
        let mut level_go_up = [false; MAX_TERMS];
        let mut k = 0;
        let mut b = target;
        loop {
            // Enter level k with the remaining target b.
            let mut found = false;
            let mut opened = false;
            if b < 0 || b > self.sum[k] {
                // Out of reach of the remaining terms.
            } else if k == self.len {
                // Here 0 ≤ b ≤ sum[len] = 0.
                found = true;
            } else if b % self.gcd[k] != 0 {
                // Every combination of the remaining terms is a multiple of gcd[k].
            } else if b < self.coef[self.len - 1] && b != 0 {
                // Below the smallest coefficient, only 0 can be reached.
            } else if k + 1 == self.len {
                // gcd[k] = a_k divides b and b ≤ a_k u_k.
                found = true;
            } else {
                let a = self.coef[k];
                let rest_sum = self.sum[k + 1];
                let hi = min_i128(self.bound[k], b / a);
                let lo = if b > rest_sum {
                    (b - rest_sum + a - 1) / a
                } else {
                    0
                };
                // Candidates: a z ≡ b (mod gcd[k + 1]), i.e. z ≡ z0 (mod step).
                let g = self.gcd[k];
                let step = self.step[k];
                let z0 = (b / g) % step * self.inv[k] % step;
                if lo > hi {
                    // Nothing in range.
                } else if k + 2 == self.len {
                    // Any candidate in [lo, hi] leaves a remainder the last term can take.
                    if !spend(work, max_work) {
                        return Sharing::TooHard;
                    }
                    found = lo + (z0 - lo).rem_euclid(step) <= hi;
                } else {
                    // Centre u_k · b / S_k, computed as b / (S_k / u_k) to stay in range.
                    let centre = b / (self.sum[k] / self.bound[k]);
                    let centre = if centre < lo {
                        lo
                    } else {
                        min_i128(centre, hi)
                    };
                    let below = centre - (centre - z0).rem_euclid(step);
                    level_target[k] = b;
                    level_lo[k] = lo;
                    level_hi[k] = hi;
                    level_down[k] = below;
                    level_up[k] = below + step;
                    level_go_up[k] = false;
                    opened = true;
                }
            }
            if found {
                return Sharing::Shared;
            }
            if !opened {
                // Level k has no solution: return to the deepest open level.
                if k == 0 {
                    return Sharing::Disjoint;
                }
                k -= 1;
            }
            // Level k is open: try its next candidate, or close it.
            loop {
                let up_ok = level_up[k] <= level_hi[k];
                let down_ok = level_down[k] >= level_lo[k];
                let z;
                if up_ok && (level_go_up[k] || !down_ok) {
                    z = level_up[k];
                    level_up[k] += self.step[k];
                    level_go_up[k] = false;
                } else if down_ok {
                    z = level_down[k];
                    level_down[k] -= self.step[k];
                    level_go_up[k] = true;
                } else {
                    if k == 0 {
                        return Sharing::Disjoint;
                    }
                    k -= 1;
                    continue;
                }
                if !spend(work, max_work) {
                    return Sharing::TooHard;
                }
                b = level_target[k] - self.coef[k] * z;
                k += 1;
                break;
            }
        }
    }

    /// Prepares and solves the problem, charging `work`.
    const fn solve(&mut self, work: &mut u64, max_work: u64) -> Sharing {
        match self.prepare() {
            Ok(b) => self.search(b, work, max_work),
            Err(answer) => answer,
        }
    }
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// Bounds test, as `numpy.may_share_memory`: `true` iff the address ranges
/// touched by the two layouts intersect.
///
/// Each element covers `itemsize` units starting at its offset. So a non-empty
/// layout touches `[lowest offset, highest offset + itemsize)`. Empty layouts
/// (any dimension `0`) and `itemsize == 0` never share. A `true` answer means the
/// layouts *may* share memory; [`solve_shared`] gives the exact answer.
///
/// ```
/// use stride_core::overlap::bounds_overlap;
///
/// // Two halves of an 8-unit buffer, viewed with element size 4.
/// assert!(!bounds_overlap(&[1], &[4], 0, &[1], &[4], 4, 4));
/// assert!(bounds_overlap(&[1], &[4], 0, &[1], &[4], 3, 4));
/// ```
pub const fn bounds_overlap(
    a_shape: &[usize],
    a_strides: &[isize],
    a_offset: isize,
    b_shape: &[usize],
    b_strides: &[isize],
    b_offset: isize,
    itemsize: usize,
) -> bool {
    if itemsize == 0 {
        return false;
    }
    let (a_low, a_high) = match extent(a_shape, a_strides, a_offset) {
        Some(e) => e,
        None => return false,
    };
    let (b_low, b_high) = match extent(b_shape, b_strides, b_offset) {
        Some(e) => e,
        None => return false,
    };
    let size = itemsize as i128;
    a_low.less_than(b_high.plus_i128(size)) && b_low.less_than(a_high.plus_i128(size))
}

/// Exact test, as `numpy.shares_memory(a, b, max_work=...)`: is some address unit
/// touched by both layouts?
///
/// The element at index `i` of a layout starts at `offset + Σ strides[k] * i[k]`
/// and covers the units `[start, start + itemsize)`. The function returns
/// [`Sharing::Shared`] if the two sets of covered units intersect and
/// [`Sharing::Disjoint`] if they don't. It returns [`Sharing::TooHard`] if the
/// search needed more than `max_work` candidates (see [`DEFAULT_MAX_WORK`]), if the
/// problem has more than [`MAX_TERMS`] non-trivial terms, or if the layouts span
/// more than about `2^119` units (far beyond any real address space). The module
/// docs describe the method.
///
/// ```
/// use stride_core::overlap::{DEFAULT_MAX_WORK, Sharing, solve_shared};
///
/// // A 9x4 C-order array `b` (element units): b[1::2, 2:3:2] vs b[0::2, 2:3:2].
/// let odd_rows = solve_shared(&[4, 1], &[8, 2], 6, &[5, 1], &[8, 2], 2, 1, DEFAULT_MAX_WORK);
/// assert_eq!(odd_rows, Sharing::Disjoint);
///
/// // Usable in constants.
/// const SAME: Sharing = solve_shared(&[3], &[1], 0, &[2], &[2], 0, 1, DEFAULT_MAX_WORK);
/// assert_eq!(SAME, Sharing::Shared);
/// ```
#[allow(clippy::too_many_arguments)]
pub const fn solve_shared(
    a_shape: &[usize],
    a_strides: &[isize],
    a_offset: isize,
    b_shape: &[usize],
    b_strides: &[isize],
    b_offset: isize,
    itemsize: usize,
    max_work: u64,
) -> Sharing {
    let mut work = 0;
    solve_shared_counting(
        a_shape, a_strides, a_offset, b_shape, b_strides, b_offset, itemsize, max_work, &mut work,
    )
}

/// [`solve_shared`], which also reports the work spent.
#[allow(clippy::too_many_arguments)]
const fn solve_shared_counting(
    a_shape: &[usize],
    a_strides: &[isize],
    a_offset: isize,
    b_shape: &[usize],
    b_strides: &[isize],
    b_offset: isize,
    itemsize: usize,
    max_work: u64,
    work: &mut u64,
) -> Sharing {
    if !bounds_overlap(
        a_shape, a_strides, a_offset, b_shape, b_strides, b_offset, itemsize,
    ) {
        return Sharing::Disjoint;
    }
    // a_off + Σ sa x + u = b_off + Σ sb y + v  ⇔  Σ sa x − Σ sb y + u − v = b_off − a_off.
    let mut p = Problem::new(Wide::from_i128(b_offset as i128 - a_offset as i128));
    let rank_a = min_usize(a_shape.len(), a_strides.len());
    let mut k = 0;
    while k < rank_a {
        p.add_term(a_strides[k] as i128, a_shape[k] as i128 - 1);
        k += 1;
    }
    let rank_b = min_usize(b_shape.len(), b_strides.len());
    k = 0;
    while k < rank_b {
        p.add_term(-(b_strides[k] as i128), b_shape[k] as i128 - 1);
        k += 1;
    }
    // itemsize ≥ 1 here: bounds_overlap is false for itemsize 0.
    let unit_bound = itemsize as i128 - 1;
    p.add_term(1, unit_bound);
    p.add_term(-1, unit_bound);
    p.solve(work, max_work)
}

/// Internal overlap, as NumPy's `solve_may_have_internal_overlap`: do two
/// *different* indices of one layout reach the same offset? Offsets are compared
/// exactly, as with itemsize 1 in element units.
///
/// [`Sharing::Disjoint`] means the layout is *unique*: writing through it never
/// writes one location twice. Axes of length 1 never overlap. A stride-0 axis of
/// length > 1 always overlaps. A layout with a dimension of 0 has no elements and
/// is unique. [`Sharing::TooHard`] means the search spent more than `max_work`
/// candidates or a right-hand side exceeded the solver's range.
///
/// ```
/// use stride_core::overlap::{DEFAULT_MAX_WORK, Sharing, solve_internal_overlap};
///
/// // A transposed 3x4 C-order array is unique...
/// assert_eq!(solve_internal_overlap(&[4, 3], &[1, 4], DEFAULT_MAX_WORK), Sharing::Disjoint);
/// // ...a sliding-window view is not.
/// assert_eq!(solve_internal_overlap(&[3, 3], &[1, 1], DEFAULT_MAX_WORK), Sharing::Shared);
/// ```
pub const fn solve_internal_overlap(shape: &[usize], strides: &[isize], max_work: u64) -> Sharing {
    let mut work = 0;
    internal_overlap_counting(shape, strides, max_work, &mut work)
}

/// [`solve_internal_overlap`], which also reports the work spent.
const fn internal_overlap_counting(
    shape: &[usize],
    strides: &[isize],
    max_work: u64,
    work: &mut u64,
) -> Sharing {
    let rank = min_usize(shape.len(), strides.len());
    let mut k = 0;
    while k < rank {
        if shape[k] == 0 {
            return Sharing::Disjoint;
        }
        k += 1;
    }
    let mut nontrivial = 0usize;
    k = 0;
    while k < rank {
        if shape[k] > 1 {
            if strides[k] == 0 {
                return Sharing::Shared;
            }
            nontrivial += 1;
        }
        k += 1;
    }
    if nontrivial > MAX_TERMS {
        // Pigeonhole: the r > 130 strides have magnitude at most 2^63, so their
        // 2^r subset sums take at most r·2^63 + 1 < 2^r values. Two different
        // subsets have equal sums, and their difference z ∈ {-1, 0, 1}^r is non-zero.
        return Sharing::Shared;
    }

    // Axes with length > 1, sorted by descending |stride|: a = |s|, u = n - 1.
    let mut a = [0i128; MAX_TERMS];
    let mut u = [0i128; MAX_TERMS];
    let mut len = 0;
    k = 0;
    while k < rank {
        if shape[k] > 1 {
            let ak = strides[k].unsigned_abs() as i128;
            let uk = shape[k] as i128 - 1;
            let mut j = len;
            while j > 0 && a[j - 1] < ak {
                a[j] = a[j - 1];
                u[j] = u[j - 1];
                j -= 1;
            }
            a[j] = ak;
            u[j] = uk;
            len += 1;
        }
        k += 1;
    }

    // Quick exit: each |stride| exceeds the extent of all smaller-stride axes.
    let mut reach = Wide::from_i128(0);
    let mut separated = true;
    let mut i = len;
    while i > 0 {
        i -= 1;
        if !reach.less_than(Wide::from_i128(a[i])) {
            separated = false;
            break;
        }
        reach = reach.plus_i128(a[i] * u[i]);
    }
    if separated {
        return Sharing::Disjoint;
    }

    // Quick exit: more indices than offsets in the extent (pigeonhole). The
    // index count saturates at i128::MAX, which can only undercount.
    let mut indices: i128 = 1;
    let mut offsets = Wide::from_i128(1);
    i = 0;
    while i < len {
        indices = indices.saturating_mul(u[i] + 1);
        offsets = offsets.plus_i128(a[i] * u[i]);
        i += 1;
    }
    if offsets.less_than(Wide::from_i128(indices)) {
        return Sharing::Shared;
    }

    // One shared-form solve per position p of the first non-zero z (taken ≥ 1).
    let mut too_hard = false;
    let mut p = 0;
    while p < len {
        let mut rhs = Wide::from_i128(-a[p]);
        let mut j = p + 1;
        while j < len {
            rhs = rhs.plus_i128(a[j] * u[j]);
            j += 1;
        }
        let mut problem = Problem::new(rhs);
        problem.add_term(a[p], u[p] - 1);
        j = p + 1;
        while j < len {
            problem.add_term(a[j], 2 * u[j]);
            j += 1;
        }
        match problem.solve(work, max_work) {
            Sharing::Shared => return Sharing::Shared,
            Sharing::TooHard => too_hard = true,
            Sharing::Disjoint => {}
        }
        p += 1;
    }
    if too_hard {
        Sharing::TooHard
    } else {
        Sharing::Disjoint
    }
}

// This module is safe integer arithmetic only (no `unsafe`), so Miri can add nothing
// to these tests but hours of interpretation (brute-force samples, searches run to
// the work limit). They run in every ordinary `cargo test`; under Miri the solver is
// still exercised through the view constructors in `tests/views.rs`.
#[cfg(all(test, not(miri)))]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// xorshift64: a small deterministic generator.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        /// Uniform-ish in `lo..=hi`.
        fn range(&mut self, lo: i64, hi: i64) -> i64 {
            lo + (self.next() % (hi - lo + 1) as u64) as i64
        }
    }

    #[derive(Debug, Clone)]
    struct Layout {
        shape: Vec<usize>,
        strides: Vec<isize>,
        offset: isize,
    }

    fn random_layout(rng: &mut Rng, max_rank: i64, max_dim: i64, max_stride: i64) -> Layout {
        let rank = rng.range(0, max_rank) as usize;
        let mut shape = Vec::with_capacity(rank);
        let mut strides = Vec::with_capacity(rank);
        let mut lowest = 0isize;
        for _ in 0..rank {
            // Make empty axes rarer than the others, so more cases are non-trivial.
            let n = if rng.range(0, 7) == 0 {
                0
            } else {
                rng.range(1, max_dim) as usize
            };
            let s = rng.range(-max_stride, max_stride) as isize;
            if n > 0 && s < 0 {
                lowest += s * (n as isize - 1);
            }
            shape.push(n);
            strides.push(s);
        }
        // All reached offsets are ≥ 0.
        let offset = -lowest + rng.range(0, 10) as isize;
        Layout {
            shape,
            strides,
            offset,
        }
    }

    /// Start offset of every element (with repetitions).
    fn offsets(l: &Layout) -> Vec<isize> {
        if l.shape.contains(&0) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut idx = vec![0usize; l.shape.len()];
        loop {
            let off: isize = l.offset
                + idx
                    .iter()
                    .zip(&l.strides)
                    .map(|(&i, &s)| i as isize * s)
                    .sum::<isize>();
            out.push(off);
            let mut k = idx.len();
            loop {
                if k == 0 {
                    return out;
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < l.shape[k] {
                    break;
                }
                idx[k] = 0;
            }
        }
    }

    fn brute_bounds(a: &[isize], b: &[isize], itemsize: usize) -> bool {
        if a.is_empty() || b.is_empty() || itemsize == 0 {
            return false;
        }
        let s = itemsize as isize;
        let (a_lo, a_hi) = (*a.iter().min().unwrap(), *a.iter().max().unwrap() + s);
        let (b_lo, b_hi) = (*b.iter().min().unwrap(), *b.iter().max().unwrap() + s);
        a_lo < b_hi && b_lo < a_hi
    }

    fn brute_shared(a: &[isize], b: &[isize], itemsize: usize) -> Sharing {
        let units: HashSet<isize> = a
            .iter()
            .flat_map(|&o| (0..itemsize as isize).map(move |u| o + u))
            .collect();
        let hit = b
            .iter()
            .any(|&o| (0..itemsize as isize).any(|u| units.contains(&(o + u))));
        if hit {
            Sharing::Shared
        } else {
            Sharing::Disjoint
        }
    }

    fn brute_internal(offs: &[isize]) -> Sharing {
        let distinct: HashSet<isize> = offs.iter().copied().collect();
        if distinct.len() < offs.len() {
            Sharing::Shared
        } else {
            Sharing::Disjoint
        }
    }

    fn shared(a: &Layout, b: &Layout, itemsize: usize, max_work: u64) -> Sharing {
        solve_shared(
            &a.shape, &a.strides, a.offset, &b.shape, &b.strides, b.offset, itemsize, max_work,
        )
    }

    /// Checks every function against brute force on `cases` random layout pairs.
    /// Returns the numbers of shared pairs, of disjoint pairs whose bounds overlap,
    /// and of layouts with internal overlap.
    fn compare_random(
        seed: u64,
        cases: usize,
        max_rank: i64,
        max_dim: i64,
        max_stride: i64,
    ) -> (usize, usize, usize) {
        let mut rng = Rng(seed);
        let sizes = [1usize, 2, 8, 1, 3];
        let (mut n_shared, mut n_bounds_only, mut n_internal) = (0, 0, 0);
        for case in 0..cases {
            let a = random_layout(&mut rng, max_rank, max_dim, max_stride);
            let b = random_layout(&mut rng, max_rank, max_dim, max_stride);
            let itemsize = sizes[rng.range(0, 4) as usize];
            let (oa, ob) = (offsets(&a), offsets(&b));

            let bounds = bounds_overlap(
                &a.shape, &a.strides, a.offset, &b.shape, &b.strides, b.offset, itemsize,
            );
            assert_eq!(
                bounds,
                brute_bounds(&oa, &ob, itemsize),
                "bounds, case {case}: {a:?} {b:?} itemsize {itemsize}"
            );

            let expected = brute_shared(&oa, &ob, itemsize);
            let got = shared(&a, &b, itemsize, DEFAULT_MAX_WORK);
            assert_eq!(
                got, expected,
                "shared, case {case}: {a:?} {b:?} itemsize {itemsize}"
            );
            assert_eq!(
                shared(&b, &a, itemsize, DEFAULT_MAX_WORK),
                expected,
                "symmetry {case}"
            );
            if expected == Sharing::Shared {
                n_shared += 1;
                assert!(bounds);
            } else if bounds {
                n_bounds_only += 1;
            }

            for (l, o) in [(&a, &oa), (&b, &ob)] {
                let expected = brute_internal(o);
                let got = solve_internal_overlap(&l.shape, &l.strides, DEFAULT_MAX_WORK);
                assert_eq!(got, expected, "internal, case {case}: {l:?}");
                if expected == Sharing::Shared {
                    n_internal += 1;
                }
            }
        }
        (n_shared, n_bounds_only, n_internal)
    }

    /// Asserts that the generator exercised every outcome often enough.
    fn assert_coverage(cases: usize, (shared, bounds_only, internal): (usize, usize, usize)) {
        assert!(shared > cases / 20, "too few shared cases: {shared}");
        assert!(
            bounds_only > cases / 20,
            "too few tricky disjoint cases: {bounds_only}"
        );
        assert!(
            internal > cases / 20,
            "too few internal overlaps: {internal}"
        );
    }

    #[test]
    fn brute_force_small_layouts() {
        let n = 20_000;
        let counts = compare_random(0x9E37_79B9_7F4A_7C15, n, 4, 5, 12);
        assert_coverage(n, counts);
    }

    #[test]
    fn brute_force_wider_layouts() {
        let n = 3_000;
        let counts = compare_random(0xD1B5_4A32_D192_ED03, n, 6, 4, 60);
        assert_coverage(n, counts);
    }

    #[test]
    fn wide_accumulator_is_exact() {
        let values = [
            0i128,
            1,
            -1,
            (1 << 64) - 1,
            1 << 64,
            -(1 << 64),
            i128::MAX,
            i128::MIN + 1,
            0x1234_5678_9abc_def0_1234_5678,
        ];
        for &x in &values {
            for &y in &values {
                let w = Wide::from_i128(x);
                assert_eq!(Wide::from_i128(x).to_i128(), Some(x));
                if let Some(sum) = x.checked_add(y) {
                    assert_eq!(w.plus_i128(y).to_i128(), Some(sum), "{x} + {y}");
                }
                if let Some(diff) = x.checked_sub(y) {
                    assert_eq!(w.minus_i128(y).to_i128(), Some(diff), "{x} - {y}");
                }
                assert_eq!(w.less_than(Wide::from_i128(y)), x < y);
                assert_eq!(w.is_negative(), x < 0);
            }
        }
        // Beyond i128: (2^127 - 1) + (2^127 - 1) - (2^127 - 1) round-trips.
        let big = Wide::from_i128(i128::MAX).plus_i128(i128::MAX);
        assert_eq!(big.to_i128(), None);
        assert!(Wide::from_i128(i128::MAX).less_than(big));
        assert_eq!(big.minus_i128(i128::MAX).to_i128(), Some(i128::MAX));
    }

    #[test]
    fn interleaved_halves_are_disjoint_but_bounds_overlap() {
        // a[0::2] and a[1::2] of a 1-D stride-1 array of length 10.
        assert!(bounds_overlap(&[5], &[2], 0, &[5], &[2], 1, 1));
        assert_eq!(
            solve_shared(&[5], &[2], 0, &[5], &[2], 1, 1, DEFAULT_MAX_WORK),
            Sharing::Disjoint
        );
        // The same in bytes, with 8-byte elements.
        assert!(bounds_overlap(&[5], &[16], 0, &[5], &[16], 8, 8));
        assert_eq!(
            solve_shared(&[5], &[16], 0, &[5], &[16], 8, 8, DEFAULT_MAX_WORK),
            Sharing::Disjoint
        );
        // Shifted by half an element, they do share bytes.
        assert_eq!(
            solve_shared(&[5], &[16], 0, &[5], &[16], 4, 8, DEFAULT_MAX_WORK),
            Sharing::Shared
        );
    }

    #[test]
    fn strided_column_slices_of_9x4() {
        // b = 9x4 C array (element units); b[1::2, 2:3:2] vs b[0::2, 2:3:2].
        assert!(bounds_overlap(&[4, 1], &[8, 2], 6, &[5, 1], &[8, 2], 2, 1));
        assert_eq!(
            solve_shared(
                &[4, 1],
                &[8, 2],
                6,
                &[5, 1],
                &[8, 2],
                2,
                1,
                DEFAULT_MAX_WORK
            ),
            Sharing::Disjoint
        );
        // b[1::2, 2:3:2] vs b[1::3, 2:3:2]: rows 1, 3, 5, 7 vs 1, 4, 7 share row 1.
        assert_eq!(
            solve_shared(
                &[4, 1],
                &[8, 2],
                6,
                &[3, 1],
                &[12, 2],
                6,
                1,
                DEFAULT_MAX_WORK
            ),
            Sharing::Shared
        );
    }

    #[test]
    fn internal_overlap_known_layouts() {
        let w = DEFAULT_MAX_WORK;
        // Sliding window.
        assert_eq!(solve_internal_overlap(&[3, 3], &[1, 1], w), Sharing::Shared);
        // C, transposed C and reversed layouts are unique.
        assert_eq!(
            solve_internal_overlap(&[3, 4], &[4, 1], w),
            Sharing::Disjoint
        );
        assert_eq!(
            solve_internal_overlap(&[4, 3], &[1, 4], w),
            Sharing::Disjoint
        );
        assert_eq!(
            solve_internal_overlap(&[4, 3], &[-1, -4], w),
            Sharing::Disjoint
        );
        assert_eq!(
            solve_internal_overlap(&[2, 3, 4], &[1, 8, 2], w),
            Sharing::Disjoint
        );
        // Broadcast axis.
        assert_eq!(solve_internal_overlap(&[3, 2], &[0, 1], w), Sharing::Shared);
        assert_eq!(
            solve_internal_overlap(&[1, 2], &[0, 1], w),
            Sharing::Disjoint
        );
        // Empty and rank 0.
        assert_eq!(
            solve_internal_overlap(&[0, 5], &[0, 0], w),
            Sharing::Disjoint
        );
        assert_eq!(solve_internal_overlap(&[], &[], w), Sharing::Disjoint);
        // Needs the search: 3x + 5y = 0 with |x| ≤ 5, |y| ≤ 3.
        assert_eq!(solve_internal_overlap(&[6, 4], &[3, 5], w), Sharing::Shared);
        assert_eq!(
            solve_internal_overlap(&[5, 3], &[3, 5], w),
            Sharing::Disjoint
        );
    }

    #[test]
    fn empty_and_zero_itemsize_never_share() {
        let w = DEFAULT_MAX_WORK;
        assert!(!bounds_overlap(&[0], &[1], 0, &[3], &[1], 0, 1));
        assert_eq!(
            solve_shared(&[3, 0], &[1, 1], 0, &[3], &[1], 0, 1, w),
            Sharing::Disjoint
        );
        assert!(!bounds_overlap(&[3], &[1], 0, &[3], &[1], 0, 0));
        assert_eq!(
            solve_shared(&[3], &[1], 0, &[3], &[1], 0, 0, w),
            Sharing::Disjoint
        );
        // Rank 0: a single element.
        assert_eq!(
            solve_shared(&[], &[], 4, &[3], &[2], 0, 1, w),
            Sharing::Shared
        );
        assert_eq!(
            solve_shared(&[], &[], 5, &[3], &[2], 0, 1, w),
            Sharing::Disjoint
        );
        assert_eq!(
            solve_shared(&[], &[], 5, &[3], &[2], 0, 2, w),
            Sharing::Shared
        );
    }

    #[test]
    fn huge_inputs_do_not_panic() {
        let w = DEFAULT_MAX_WORK;
        let big = usize::MAX;
        let strides = [isize::MIN, isize::MAX, -1, 1, 0, 3];
        let offsets = [isize::MIN, -1, 0, 1, isize::MAX];
        let shapes = [big, big - 1, 1 << 40, 2, 1];
        let sizes = [1, 8, big];
        let mut answers = [0usize; 3];
        for &sa in &strides {
            for &sb in &strides {
                for &na in &shapes {
                    for &nb in &shapes {
                        for &oa in &offsets {
                            for &ob in &offsets {
                                for &size in &sizes {
                                    let a = ([na, nb], [sa, sb]);
                                    let b = ([nb], [sb]);
                                    let _ = bounds_overlap(&a.0, &a.1, oa, &b.0, &b.1, ob, size);
                                    let r = solve_shared(&a.0, &a.1, oa, &b.0, &b.1, ob, size, w);
                                    answers[r as usize] += 1;
                                }
                                let r = solve_internal_overlap(&[na, nb, 7], &[sa, sb, oa], w);
                                answers[r as usize] += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(answers[Sharing::Disjoint as usize] > 0);
        assert!(answers[Sharing::Shared as usize] > 0);

        // Some huge cases with known answers.
        assert_eq!(
            solve_shared(&[big], &[1], 0, &[], &[], 5, 1, w),
            Sharing::Shared
        );
        assert_eq!(
            solve_shared(&[big], &[2], 0, &[big], &[2], 1, 1, w),
            Sharing::Disjoint
        );
        // The right-hand side is about 2^127, beyond the search's range: TooHard is allowed.
        assert_ne!(
            solve_shared(
                &[big, big],
                &[isize::MAX, isize::MIN],
                0,
                &[big],
                &[-1],
                -1,
                big,
                w
            ),
            Sharing::Disjoint
        );
        // A = {k (2^63 - 1)}, B = {1, 1 - 2^63, 1 - 2^64}: the bounds overlap, no offset is shared.
        let (ta, tb) = ([isize::MAX], [isize::MIN]);
        assert!(bounds_overlap(&[big], &ta, 0, &[3], &tb, 1, 1));
        assert_eq!(
            solve_shared(&[big], &ta, 0, &[3], &tb, 1, 1, w),
            Sharing::Disjoint
        );
        // With 2-unit elements, unit 1 is in A's first element.
        assert_eq!(
            solve_shared(&[big], &ta, 0, &[3], &tb, 1, 2, w),
            Sharing::Shared
        );
        // z0 + (2^63 - 1) z1 = 0 with |z0| ≤ 2^64 - 2, |z1| ≤ 1.
        assert_eq!(
            solve_internal_overlap(&[big, 2], &[1, isize::MAX], w),
            Sharing::Shared
        );
        // Strides 2^62 and 2^62 + 1 cannot cancel with |z| ≤ 1.
        assert_eq!(
            solve_internal_overlap(&[2, 2], &[1 << 62, (1 << 62) + 1], w),
            Sharing::Disjoint
        );
        // Many axes: more than MAX_TERMS terms.
        let shape = [2usize; 200];
        let strides: [isize; 200] = core::array::from_fn(|k| 1 << (k % 63));
        assert_eq!(
            solve_shared(&shape, &strides, 0, &shape, &strides, 1, 1, w),
            Sharing::TooHard
        );
        assert_eq!(solve_internal_overlap(&shape, &strides, w), Sharing::Shared);
        // Fewer non-trivial axes than MAX_TERMS, plenty of trivial ones.
        let mut shape = [1usize; 300];
        let mut strides = [0isize; 300];
        shape[7] = 4;
        strides[7] = 3;
        shape[250] = 3;
        strides[250] = 12;
        assert_eq!(
            solve_internal_overlap(&shape, &strides, w),
            Sharing::Disjoint
        );
        assert_eq!(
            solve_shared(&shape, &strides, 0, &shape, &strides, 3, 1, w),
            Sharing::Shared
        );
    }

    /// Strides 1000, 1001, …, 1099.
    const STRIDES_100: [isize; 100] = {
        let mut s = [0isize; 100];
        let mut k = 0;
        while k < 100 {
            s[k] = 1000 + k as isize;
            k += 1;
        }
        s
    };

    #[test]
    fn deep_search_and_capacity() {
        let w = DEFAULT_MAX_WORK;
        // 100 terms, 1000..=1099, each 0 or 1, summing to the total (unique solution)
        // or one less (none): the search is 100 levels deep, also in const evaluation.
        const ALL: Sharing = solve_shared(
            &[2; 100],
            &STRIDES_100,
            0,
            &[],
            &[],
            104_950,
            1,
            DEFAULT_MAX_WORK,
        );
        const ALMOST: Sharing = solve_shared(
            &[2; 100],
            &STRIDES_100,
            0,
            &[],
            &[],
            104_949,
            1,
            DEFAULT_MAX_WORK,
        );
        assert_eq!(ALL, Sharing::Shared);
        assert_eq!(ALMOST, Sharing::Disjoint);
        // 100 axes of length 2 with strides below 1100: pigeonhole gives Shared at once.
        const MANY: Sharing = solve_internal_overlap(&[2; 100], &STRIDES_100, DEFAULT_MAX_WORK);
        assert_eq!(MANY, Sharing::Shared);

        // 64 + 64 axes + 2 itemsize terms = MAX_TERMS: still solved.
        let s = &STRIDES_100[..64];
        let s65 = &STRIDES_100[..65];
        assert_eq!(
            solve_shared(&[2; 64], s, 0, &[2; 64], s, 1, 2, w),
            Sharing::Shared
        );
        assert_eq!(
            solve_shared(&[2; 64], s, 0, &[2; 64], s, 3, 2, w),
            Sharing::Shared
        );
        // One more term is beyond the solver's capacity.
        assert_eq!(
            solve_shared(&[2; 65], s65, 0, &[2; 64], s, 1, 2, w),
            Sharing::TooHard
        );
        // Unless it is trivial (length 1 or stride 0).
        let mut trivial = [2usize; 65];
        trivial[64] = 1;
        assert_eq!(
            solve_shared(&trivial, s65, 0, &[2; 64], s, 1, 2, w),
            Sharing::Shared
        );
    }

    /// A problem where the search tries many candidates before proving disjointness.
    /// Coefficients 1009, 1013 and 1019 are pairwise coprime.
    /// One layout as (shape, strides, offset).
    type LayoutRef = (&'static [usize], &'static [isize], isize);

    const HARD_A: LayoutRef = (&[40, 40], &[1009, 1013], 0);
    const HARD_B: LayoutRef = (&[40], &[1019], 1);

    #[test]
    fn tiny_work_limit_gives_too_hard() {
        let ((sa, ta, oa), (sb, tb, ob)) = (HARD_A, HARD_B);
        let mut work = 0;
        let exact = solve_shared_counting(sa, ta, oa, sb, tb, ob, 1, DEFAULT_MAX_WORK, &mut work);
        assert_ne!(exact, Sharing::TooHard);
        assert!(work > 2, "instance is too easy: {work} units");
        let brute = brute_shared(
            &offsets(&Layout {
                shape: sa.to_vec(),
                strides: ta.to_vec(),
                offset: oa,
            }),
            &offsets(&Layout {
                shape: sb.to_vec(),
                strides: tb.to_vec(),
                offset: ob,
            }),
            1,
        );
        assert_eq!(exact, brute);
        for limit in [0, 1, 2] {
            assert_eq!(
                solve_shared(sa, ta, oa, sb, tb, ob, 1, limit),
                Sharing::TooHard
            );
        }
        // Exactly enough work gives the exact answer.
        assert_eq!(solve_shared(sa, ta, oa, sb, tb, ob, 1, work), exact);
        assert_eq!(
            solve_shared(sa, ta, oa, sb, tb, ob, 1, work - 1),
            Sharing::TooHard
        );

        // Internal overlap with a tiny budget.
        let (shape, strides) = ([40usize, 40, 40], [1009isize, 1013, 1019]);
        let mut work = 0;
        let exact = internal_overlap_counting(&shape, &strides, DEFAULT_MAX_WORK, &mut work);
        assert_ne!(exact, Sharing::TooHard);
        assert!(work > 1, "instance is too easy: {work} units");
        assert_eq!(
            solve_internal_overlap(&shape, &strides, 1),
            Sharing::TooHard
        );
        assert_eq!(solve_internal_overlap(&shape, &strides, work), exact);
    }

    #[test]
    fn usable_in_const_context() {
        const X: Sharing = solve_shared(&[4], &[2], 0, &[4], &[2], 1, 1, DEFAULT_MAX_WORK);
        const Y: Sharing = solve_internal_overlap(&[3, 3], &[1, 1], DEFAULT_MAX_WORK);
        const Z: bool = bounds_overlap(&[4], &[2], 0, &[4], &[2], 1, 1);
        const H: Sharing = solve_shared(
            HARD_A.0,
            HARD_A.1,
            HARD_A.2,
            HARD_B.0,
            HARD_B.1,
            HARD_B.2,
            1,
            DEFAULT_MAX_WORK,
        );
        assert_eq!(X, Sharing::Disjoint);
        assert_eq!(Y, Sharing::Shared);
        const { assert!(Z) };
        // Checked by the compiler itself.
        const { assert!(matches!(X, Sharing::Disjoint)) };
        const { assert!(matches!(H, Sharing::Disjoint)) };
        assert_ne!(H, Sharing::TooHard);
    }
}
