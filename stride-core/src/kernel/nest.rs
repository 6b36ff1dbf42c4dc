//! Planning a loop nest once per call: the axes sorted by stride, flipped where
//! every operand walks them backwards, merged where they are contiguous for every
//! operand, and tiled where the operands disagree on their fastest axis.

/// What the planner is told about one call: the common shape (inputs already
/// broadcast to it), each operand's strides and offset (in its own elements), and
/// which operand decides the loop order.
#[derive(Clone, Copy, Debug)]
pub struct Operands<const N: usize, const R: usize> {
    /// The shape every operand is walked over.
    pub shape: [usize; R],
    /// Each operand's strides, in its own elements.
    pub strides: [[isize; R]; N],
    /// Each operand's offset of index `[0, …, 0]`, in its own elements.
    pub offsets: [usize; N],
}

impl<const N: usize, const R: usize> Operands<N, R> {
    /// Whether every operand's offsets fit, as they do for layouts the
    /// library has checked: over the shape, from its offset, each operand
    /// reaches only offsets from 0 to `isize::MAX`. [`Nest::plan`] expects
    /// operands that fit; for others the offsets of its runs are meaningless
    /// (the nest computes offsets, it never reads memory).
    ///
    /// ```
    /// use stride_core::kernel::Operands;
    /// let ok = Operands { shape: [3, 4], strides: [[4, 1], [-1, 3]], offsets: [0, 2] };
    /// assert!(ok.fits());
    /// let past = Operands { shape: [3], strides: [[isize::MIN]], offsets: [0] };
    /// assert!(!past.fits());
    /// ```
    pub fn fits(&self) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        (0..N).all(|k| {
            let off = self.offsets[k] as i128;
            let (mut lo, mut hi) = (off, off);
            for (&n, &s) in self.shape.iter().zip(&self.strides[k]) {
                let reach = (n as i128 - 1) * s as i128;
                if reach < 0 {
                    lo += reach;
                } else {
                    hi += reach;
                }
            }
            lo >= 0 && hi <= isize::MAX as i128
        })
    }
}

/// How to order the loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// The axes in the memory order of this operand (the output of a copy or an
    /// elementwise operation, as NumPy's iterator; the input of a reduction),
    /// ties broken by the others in order. An operand number past the last
    /// counts as the first (`Operand(0)`).
    Operand(usize),
    /// The logical order, last axis fastest (for scans and for callers that
    /// need C order).
    Logical,
}

/// One loop of a nest: its length and each operand's stride along it.
pub(crate) type Loop<const N: usize> = (usize, [isize; N]);

/// A planned loop nest over `N` operands: loop axes outermost first, the last one
/// the inner run. Running it calls a closure once per inner run (never per
/// element) with each operand's offset of the run's first element, the run's
/// length and each operand's stride along it.
///
/// Every offset a run reaches is one the operand's layout reaches for the same
/// index (sorting, flipping, merging and tiling only reorder the index space), so
/// a caller that proved its layouts fit their buffers may dereference them all.
///
/// ```
/// use stride_core::kernel::{Nest, Operands, Priority};
/// // out = in.T for a 2x3 C input: out is C [3, 2], strides [2, 1]; the input
/// // seen in out's shape has strides [1, 3].
/// let ops = Operands { shape: [3, 2], strides: [[2, 1], [1, 3]], offsets: [0, 0] };
/// let nest = Nest::plan(&ops, Priority::Operand(0), 32);
/// let mut pairs = Vec::new();
/// nest.runs(|off, len, st| {
///     for k in 0..len as isize {
///         pairs.push((off[0] + k * st[0], off[1] + k * st[1]));
///     }
/// });
/// pairs.sort();
/// assert_eq!(pairs, vec![(0, 0), (1, 3), (2, 1), (3, 4), (4, 2), (5, 5)]);
/// ```
#[derive(Clone, Debug)]
pub struct Nest<const N: usize, const R: usize> {
    /// Loop axes in use (`<= R`).
    depth: usize,
    /// Their lengths, outermost first.
    shape: [usize; R],
    /// Each operand's stride along each loop axis.
    strides: [[isize; R]; N],
    /// Each operand's offset of the first element visited.
    start: [isize; N],
    /// No element at all.
    empty: bool,
    /// Tile loop axes `(inner, other)` by `size` x `size` blocks.
    tile: Option<(usize, usize, usize)>,
}

impl<const N: usize, const R: usize> Nest<N, R> {
    /// Plans the loops once for a call. `tile` is the block edge (in elements)
    /// for operands that disagree on their fastest axis (0: never tile).
    ///
    /// # Panics
    /// In debug builds, when the operands do not fit ([`Operands::fits`]),
    /// which the library's and the `kernel!` expansion's never fail; in
    /// release builds the nest's offsets are then meaningless.
    #[inline]
    pub fn plan(ops: &Operands<N, R>, priority: Priority, tile: usize) -> Self {
        debug_assert!(
            ops.fits(),
            "Nest::plan: {ops:?} reach an offset outside 0..=isize::MAX"
        );
        // Offsets of valid layouts are at most isize::MAX.
        let mut start: [isize; N] = core::array::from_fn(|k| ops.offsets[k] as isize);
        if ops.shape.contains(&0) {
            return Nest {
                depth: 0,
                shape: [1; R],
                strides: [[0; R]; N],
                start,
                empty: true,
                tile: None,
            };
        }
        // Every operand packed in C order (or every one in F, where the order
        // is free): one run, planned without sorting or merging (a sixth of a
        // library call on a 4x4 array was the plan).
        if R > 0 {
            let run = if priority == Priority::Logical {
                dense(ops, false)
            } else {
                packed_run(ops)
            };
            // (One element: the general plan's nest of no loop, as before.)
            if let Some(len) = run.filter(|&len| len > 1) {
                return Nest::one_run(start, len);
            }
        }
        // The axes that loop at all, in logical order.
        let mut axes = [0usize; R];
        let mut n = 0;
        for (a, &len) in ops.shape.iter().enumerate() {
            if len > 1 {
                axes[n] = a;
                n += 1;
            }
        }
        let axes = &mut axes[..n];
        // (With no operand at all, nothing to sort by: logical order.)
        if let Priority::Operand(p) = priority
            && N > 0
        {
            sort_axes(axes, &ops.strides, if p < N { p } else { 0 });
        }
        // Flip axes every operand walks backwards (or not at all): the same index
        // pairs, walked forwards.
        let mut shape = [1usize; R];
        let mut strides = [[0isize; R]; N];
        for (d, &a) in axes.iter().enumerate() {
            shape[d] = ops.shape[a];
            let flip = priority != Priority::Logical
                && ops.strides.iter().all(|s| s[a] <= 0)
                && ops.strides.iter().any(|s| s[a] < 0);
            for ((start, st), os) in start.iter_mut().zip(&mut strides).zip(&ops.strides) {
                let s = os[a];
                if flip {
                    // (len - 1) * |s| is the reach of a valid layout: it fits.
                    *start += s * (ops.shape[a] as isize - 1);
                    st[d] = -s;
                } else {
                    st[d] = s;
                }
            }
        }
        // Merge neighbours that are one run for every operand (inner to outer).
        let mut depth = 0;
        for d in 0..n {
            if depth > 0 {
                let outer = depth - 1;
                // The merged length must fit (it does for one valid layout;
                // operands whose axes come from different layouts, as a
                // kernel's letters, may multiply past it).
                let merged = shape[outer]
                    .checked_mul(shape[d])
                    .filter(|&m| m <= isize::MAX as usize);
                let merges = (0..N)
                    .all(|k| strides[k][outer] == strides[k][d].saturating_mul(shape[d] as isize));
                if let (true, Some(merged)) = (merges, merged) {
                    // The merged axis walks the same offsets in the same order.
                    shape[outer] = merged;
                    for s in strides.iter_mut() {
                        s[outer] = s[d];
                    }
                    continue;
                }
            }
            shape[depth] = shape[d];
            for s in strides.iter_mut() {
                s[depth] = s[d];
            }
            depth += 1;
        }
        let tile = if tile > 1 && depth >= 2 && priority != Priority::Logical {
            choose_tile(depth, &shape, &strides, tile)
        } else {
            None
        };
        // Built here, from locals whose address is never taken, so that it is
        // written in place (a local `Nest` returned was copied out with a call
        // to `memcpy`: 136 bytes, a sixth of a 4x4 `zip_with_into`).
        Nest {
            depth,
            shape,
            strides,
            start,
            empty: false,
            tile,
        }
    }

    /// The nest of one run of `len` consecutive elements of each operand from
    /// its offset `start` (operands packed alike): none when `len` is 0.
    pub(crate) fn one_run(start: [isize; N], len: usize) -> Self {
        let mut shape = [1; R];
        let mut strides = [[0; R]; N];
        let depth = usize::from(R > 0);
        if R > 0 {
            shape[0] = len;
            for s in &mut strides {
                s[0] = 1;
            }
        }
        Nest {
            depth,
            shape,
            strides,
            start,
            empty: len == 0,
            tile: None,
        }
    }

    /// Each operand's offset of the first element visited, or `None` when the
    /// nest visits nothing.
    pub(crate) fn start(&self) -> Option<[isize; N]> {
        (!self.empty).then_some(self.start)
    }

    /// Number of loop axes in use.
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// Number of elements the nest visits (`usize::MAX` when that many or
    /// more: operands whose axes come from different layouts may multiply past
    /// it).
    pub fn size(&self) -> usize {
        if self.empty {
            0
        } else {
            self.shape[..self.depth]
                .iter()
                .try_fold(1usize, |p, &n| p.checked_mul(n))
                .unwrap_or(usize::MAX)
        }
    }

    /// Whether every operand's inner run is contiguous (stride 1) and the whole
    /// nest is a single run: one slice per operand.
    pub fn is_one_run(&self) -> bool {
        self.depth <= 1 && self.strides.iter().all(|s| self.depth == 0 || s[0] == 1)
    }

    /// The loop axes, outermost first: `(length, strides per operand)`.
    pub fn loops(&self) -> impl Iterator<Item = (usize, [isize; N])> + '_ {
        (0..self.depth).map(|d| self.loop_at(d))
    }

    /// Loop `d` (`< depth`): its length and each operand's stride along it.
    pub(crate) fn loop_at(&self, d: usize) -> Loop<N> {
        (self.shape[d], core::array::from_fn(|k| self.strides[k][d]))
    }

    /// Whether (and how) the nest is tiled: `(inner loop, other loop, edge)`.
    pub fn tiling(&self) -> Option<(usize, usize, usize)> {
        self.tile
    }

    /// Calls `run(offsets, len, strides)` once per inner run, in the planned
    /// order: each operand's offset of the run's first element, the run's length,
    /// and each operand's stride along it.
    #[inline]
    pub fn runs(&self, mut run: impl FnMut([isize; N], usize, [isize; N])) {
        if self.empty {
            return;
        }
        if self.depth == 0 {
            run(self.start, 1, [0; N]);
            return;
        }
        match self.tile {
            None => self.plain(&mut run),
            Some((inner, other, edge)) => self.tiled(&mut run, inner, other, edge),
        }
    }

    /// The odometer over every loop but the last, one run per step.
    fn plain(&self, run: &mut impl FnMut([isize; N], usize, [isize; N])) {
        let inner = self.depth - 1;
        let len = self.shape[inner];
        let step: [isize; N] = core::array::from_fn(|k| self.strides[k][inner]);
        let mut index = [0usize; R];
        let mut off = self.start;
        loop {
            run(off, len, step);
            if !self.advance(&mut index, &mut off, inner, usize::MAX, usize::MAX) {
                return;
            }
        }
    }

    /// Blocks of `edge` x `edge` over the loops `inner` (the run axis) and
    /// `other`, with an odometer over the remaining loops outside them.
    fn tiled(
        &self,
        run: &mut impl FnMut([isize; N], usize, [isize; N]),
        inner: usize,
        other: usize,
        edge: usize,
    ) {
        let (ni, no) = (self.shape[inner], self.shape[other]);
        let si: [isize; N] = core::array::from_fn(|k| self.strides[k][inner]);
        let so: [isize; N] = core::array::from_fn(|k| self.strides[k][other]);
        let mut index = [0usize; R];
        let mut off = self.start;
        loop {
            let mut ob = 0;
            while ob < no {
                let oe = (ob + edge).min(no);
                let mut ib = 0;
                while ib < ni {
                    let len = edge.min(ni - ib);
                    for o in ob..oe {
                        let first: [isize; N] = core::array::from_fn(|k| {
                            off[k] + so[k] * o as isize + si[k] * ib as isize
                        });
                        run(first, len, si);
                    }
                    ib += len;
                }
                ob = oe;
            }
            if !self.advance(&mut index, &mut off, self.depth, inner, other) {
                return;
            }
        }
    }

    /// For a reduction into operand 0 (the library's axis reductions and the
    /// `kernel!` expansion's: not an API): when the nest is not tiled, its
    /// innermost loop has unit stride for every operand and the loop outside
    /// it leaves operand 0 in place (stride 0: rows of the inputs folded into
    /// one row of the output, as in the sum of a C array along its first
    /// axis), `(outer, len, rows, row_strides)`: the nest of the loops
    /// outside those two (each of its elements starts one such plane), the
    /// rows' length, their number, and each operand's stride from one row to
    /// the next. The planes hold the nest's elements in the nest's order,
    /// row after row. Whether to fold the rows eight at a time is
    /// [`folds_eight_rows`]'s to say for the sums and extremes (`argmax_axis`
    /// folds its bests and indices eight rows at a time whatever the rows'
    /// length).
    ///
    /// ```
    /// use stride_core::kernel::{Nest, Operands, Priority, folds_eight_rows};
    /// // out[j] += a[i, j] over a C 5 x 4 array, output first.
    /// let ops = Operands { shape: [5, 4], strides: [[0, 1], [4, 1]], offsets: [0, 0] };
    /// let nest = Nest::plan(&ops, Priority::Operand(1), 0);
    /// let (outer, len, rows, step) = nest.row_fold().unwrap();
    /// assert_eq!((outer.size(), len, rows, step), (1, 4, 5, [0, 4]));
    /// assert!(!folds_eight_rows(len, 8)); // rows of 32 bytes: row by row
    /// ```
    #[doc(hidden)]
    pub fn row_fold(&self) -> Option<(Self, usize, usize, [isize; N])> {
        self.row_fold_where(|_, s| s == 1)
    }

    /// [`row_fold`](Self::row_fold), with `unit(p, s)` to say whether
    /// operand `p`'s innermost stride `s` is acceptable (there, 1 for every
    /// operand; `argmax_axis`'s index operand is constant along a row).
    pub(crate) fn row_fold_where(
        &self,
        unit: impl Fn(usize, isize) -> bool,
    ) -> Option<(Self, usize, usize, [isize; N])> {
        let keep = |(_, inner): Loop<N>, (_, step): Loop<N>| {
            N > 0 && step[0] == 0 && inner.iter().enumerate().all(|(p, &s)| unit(p, s))
        };
        let (outer, (len, _), (rows, step)) = self.inner_two_where(keep)?;
        Some((outer, len, rows, step))
    }

    /// When the nest is not tiled, has two loops or more, and `keep(inner,
    /// next)` holds of its innermost loop and the loop outside it (each its
    /// length and each operand's stride along it): the nest of the loops
    /// outside those two (each of its elements starts one plane of them, in
    /// the nest's order), and the two loops. (`keep` first: the outer nest
    /// is a copy, made only when it is wanted.)
    pub(crate) fn inner_two_where(
        &self,
        keep: impl Fn(Loop<N>, Loop<N>) -> bool,
    ) -> Option<(Self, Loop<N>, Loop<N>)> {
        let depth = self.depth;
        if self.empty || self.tile.is_some() || depth < 2 {
            return None;
        }
        let (inner, next) = (self.loop_at(depth - 1), self.loop_at(depth - 2));
        if !keep(inner, next) {
            return None;
        }
        let mut outer = self.clone();
        outer.depth = depth - 2;
        for d in depth - 2..depth {
            outer.shape[d] = 1;
            for s in &mut outer.strides {
                s[d] = 0;
            }
        }
        Some((outer, inner, next))
    }

    /// Calls `f(offsets)` once for every index of the loops other than `a` and
    /// `b`, in order: for a caller that runs the plane of loops `a` and `b` in one
    /// call of its own (the transposing copy).
    pub(crate) fn planes(&self, a: usize, b: usize, mut f: impl FnMut([isize; N])) {
        if self.empty {
            return;
        }
        let mut index = [0usize; R];
        let mut off = self.start;
        loop {
            f(off);
            if !self.advance(&mut index, &mut off, self.depth, a, b) {
                return;
            }
        }
    }

    /// Advances the odometer `index` (offsets `off`) over the loops before
    /// `last`, skipping loops `skip_a` and `skip_b`: false when every index was
    /// visited. Partial offsets stay within the operands' bounds.
    #[inline]
    pub(crate) fn advance(
        &self,
        index: &mut [usize; R],
        off: &mut [isize; N],
        last: usize,
        skip_a: usize,
        skip_b: usize,
    ) -> bool {
        let mut d = last;
        loop {
            if d == 0 {
                return false;
            }
            d -= 1;
            if d == skip_a || d == skip_b {
                continue;
            }
            index[d] += 1;
            if index[d] < self.shape[d] {
                for (k, o) in off.iter_mut().enumerate() {
                    *o += self.strides[k][d];
                }
                return true;
            }
            for (k, o) in off.iter_mut().enumerate() {
                *o -= self.strides[k][d] * (self.shape[d] as isize - 1);
            }
            index[d] = 0;
        }
    }
}

/// The runs of a [`Nest`] as an iterator (see [`Nest::run_iter`]): the same
/// runs in the same order as [`Nest::runs`], for a caller whose loop body must
/// stay in its own function (the `kernel!` expansion: its statement reads the
/// caller's locals, which a closure would capture by reference and the
/// optimiser would then reload after every store).
#[derive(Clone, Debug)]
pub struct Runs<'a, const N: usize, const R: usize> {
    nest: &'a Nest<N, R>,
    /// Index of the loops outside the run (and outside the tile, if tiled).
    index: [usize; R],
    /// Offsets at that index (tile origin excluded).
    off: [isize; N],
    /// Tiled: the block origin on the other loop, the run start on the inner
    /// loop, and the position on the other loop inside the block.
    ob: usize,
    ib: usize,
    o: usize,
    done: bool,
}

impl<const N: usize, const R: usize> Nest<N, R> {
    /// The runs as an iterator of `(offsets, len, strides)`: each operand's
    /// offset of the run's first element, the run's length, and each operand's
    /// stride along it.
    ///
    /// ```
    /// use stride_core::kernel::{Nest, Operands, Priority};
    /// let ops = Operands { shape: [2, 3], strides: [[3, 1]], offsets: [0] };
    /// let nest = Nest::plan(&ops, Priority::Operand(0), 0);
    /// let runs: Vec<_> = nest.run_iter().collect();
    /// assert_eq!(runs, vec![([0], 6, [1])]); // one merged run
    /// ```
    pub fn run_iter(&self) -> Runs<'_, N, R> {
        Runs {
            nest: self,
            index: [0; R],
            off: self.start,
            ob: 0,
            ib: 0,
            o: 0,
            done: self.empty,
        }
    }
}

impl<const N: usize, const R: usize> Runs<'_, N, R> {
    /// Advances the loops outside the run (skipping `skip_a`, `skip_b`): false
    /// when every index was visited.
    fn advance_outer(&mut self, last: usize, skip_a: usize, skip_b: usize) -> bool {
        self.nest
            .advance(&mut self.index, &mut self.off, last, skip_a, skip_b)
    }
}

impl<const N: usize, const R: usize> Iterator for Runs<'_, N, R> {
    type Item = ([isize; N], usize, [isize; N]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let nest = self.nest;
        if nest.depth == 0 {
            self.done = true;
            return Some((nest.start, 1, [0; N]));
        }
        match nest.tile {
            None => {
                let inner = nest.depth - 1;
                let item = (
                    self.off,
                    nest.shape[inner],
                    core::array::from_fn(|k| nest.strides[k][inner]),
                );
                self.done = !self.advance_outer(inner, usize::MAX, usize::MAX);
                Some(item)
            }
            Some((inner, other, edge)) => {
                let (ni, no) = (nest.shape[inner], nest.shape[other]);
                let si: [isize; N] = core::array::from_fn(|k| nest.strides[k][inner]);
                let so: [isize; N] = core::array::from_fn(|k| nest.strides[k][other]);
                let first = core::array::from_fn(|k| {
                    self.off[k] + so[k] * self.o as isize + si[k] * self.ib as isize
                });
                let item = (first, edge.min(ni - self.ib), si);
                // Next: the next row of the block, else the next block along
                // the run, else the next band of rows, else the outer loops.
                let oe = (self.ob + edge).min(no);
                self.o += 1;
                if self.o == oe {
                    self.o = self.ob;
                    self.ib += edge;
                    if self.ib >= ni {
                        self.ib = 0;
                        self.ob = oe;
                        self.o = oe;
                        if self.ob >= no {
                            self.ob = 0;
                            self.o = 0;
                            self.done = !self.advance_outer(nest.depth, inner, other);
                        }
                    }
                }
                Some(item)
            }
        }
    }
}

/// The number of elements when every operand is packed in one order (C, or F
/// with `f`) over the operands' shape, which has at least one element: its
/// strides are the packed ones along every axis longer than 1 (NumPy's
/// contiguity; a length-1 axis is never stepped). `None` otherwise, and for
/// an empty shape, whose views may have any offset (their first element's
/// pointer may lie past the buffer: the callers form it).
pub(crate) fn dense<const N: usize, const R: usize>(
    ops: &Operands<N, R>,
    f: bool,
) -> Option<usize> {
    if ops.shape.contains(&0) {
        return None;
    }
    let mut len = 1usize;
    for d in 0..R {
        let a = if f { d } else { R - 1 - d };
        let n = ops.shape[a];
        if n == 1 {
            continue;
        }
        let want = isize::try_from(len).ok()?;
        if ops.strides.iter().any(|s| s[a] != want) {
            return None;
        }
        len = len.checked_mul(n)?;
    }
    // One run's length must fit (operands of a kernel's letters may multiply
    // past one layout's).
    (len <= isize::MAX as usize).then_some(len)
}

/// [`dense`] in C order, or else in F: the length of the one run of operands
/// packed alike in either order.
pub(crate) fn packed_run<const N: usize, const R: usize>(ops: &Operands<N, R>) -> Option<usize> {
    dense(ops, false).or_else(|| dense(ops, true))
}

/// The runs of `ops` in logical order, the last axis the run, without a plan:
/// for a box of at most [`SMALL_BOX`] elements, where planning costs more than
/// the work. `run` gets each operand's offset of the run's first element, the
/// run's length and each operand's stride along it, as [`Nest::runs`] does.
#[inline]
pub(crate) fn small_runs<const N: usize, const R: usize>(
    ops: &Operands<N, R>,
    mut run: impl FnMut([isize; N], usize, [isize; N]),
) {
    // Its own odometer, inlined into the caller: through a `Nest` and its
    // `runs` (the same walk, not inlined: inlining it slowed the scans' loops
    // 2x) a 4x4 `zip_with_into` of a `.t()` measured 28-32 ns against 23-25.
    // Offsets of valid layouts are at most isize::MAX.
    let start: [isize; N] = core::array::from_fn(|k| ops.offsets[k] as isize);
    if R == 0 {
        run(start, 1, [0; N]);
        return;
    }
    if ops.shape.contains(&0) {
        return;
    }
    let last = R - 1;
    let step: [isize; N] = core::array::from_fn(|k| ops.strides[k][last]);
    let mut index = [0usize; R];
    let mut off = start;
    loop {
        run(off, ops.shape[last], step);
        // The odometer over the outer axes (each offset a valid layout's: the
        // reach of a valid layout fits).
        let mut d = last;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            if index[d] < ops.shape[d] {
                for (o, s) in off.iter_mut().zip(&ops.strides) {
                    *o += s[d];
                }
                break;
            }
            for (o, s) in off.iter_mut().zip(&ops.strides) {
                *o -= s[d] * (ops.shape[d] as isize - 1);
            }
            index[d] = 0;
        }
    }
}

/// The most elements [`small_runs`] walks, and `kernel!`'s walk without a
/// plan: a few cache lines, where a plan costs more than the work (a 4x4
/// `zip_with_into` of a transposed input spent most of its time planning and
/// staging). Not an API.
#[doc(hidden)]
pub const SMALL_BOX: usize = 64;

/// The shortest output row (in bytes) into which a fold of [`Nest::row_fold`]
/// takes eight input rows at a time (under Miri 64, so that its small tests
/// take both ways). Not an API.
#[doc(hidden)]
pub const ROW_FOLD_BYTES: usize = if cfg!(miri) { 64 } else { 6 << 10 };

/// Whether rows of `len` output elements of `elem_bytes` each are folded
/// eight input rows at a time ([`ROW_FOLD_BYTES`] and more), by the library's
/// sums and extremes along an axis and the `kernel!` expansion alike (not
/// `argmax_axis`, whose rows of bests and indices go eight at a time
/// always): over shorter rows row
/// by row measured faster (a probe, `sum_axis(0)` of `f64`, one row at a time
/// against eight: 1.1-1.4 against 1.4-3.6 ms for rows of 40-640 elements
/// over 32 MB; 0.17 against 0.11 ms at 1000 x 1000, 8.5 against 5.1 ms at
/// 4000 x 4000). Not an API.
#[doc(hidden)]
pub fn folds_eight_rows(len: usize, elem_bytes: usize) -> bool {
    len.saturating_mul(elem_bytes) >= ROW_FOLD_BYTES
}

/// Stable insertion sort of `axes` by decreasing `|stride|` of operand `p` (outer
/// first), ties broken by the other operands in order; stride-0 axes of `p` go
/// innermost only when every operand agrees.
fn sort_axes<const N: usize, const R: usize>(
    axes: &mut [usize],
    strides: &[[isize; R]; N],
    p: usize,
) {
    let key = |a: usize| -> [usize; N] {
        let mut k = [0usize; N];
        k[0] = strides[p][a].unsigned_abs();
        let mut j = 1;
        for (q, s) in strides.iter().enumerate() {
            if q != p {
                k[j] = s[a].unsigned_abs();
                j += 1;
            }
        }
        k
    };
    for i in 1..axes.len() {
        let mut j = i;
        while j > 0 && key(axes[j - 1]) < key(axes[j]) {
            axes.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Tiles when the run axis is not the fastest axis of some operand that has a
/// fastest (unit-stride) axis among the other loops: the transposed case.
fn choose_tile<const N: usize, const R: usize>(
    depth: usize,
    shape: &[usize; R],
    strides: &[[isize; R]; N],
    edge: usize,
) -> Option<(usize, usize, usize)> {
    let inner = depth - 1;
    for st in strides {
        // Unit stride along the run: already in memory order. Stride 0: one
        // element for the whole run (a broadcast), nothing to gain from tiles.
        if st[inner].unsigned_abs() <= 1 {
            continue;
        }
        let other = (0..inner).rev().find(|&d| st[d].unsigned_abs() == 1);
        if let Some(other) = other
            && shape[inner] >= edge / 2
            && shape[other] >= edge / 2
        {
            return Some((inner, other, edge));
        }
    }
    None
}

/// Over a nest whose operand 0 is an output and operand 1 its input (the
/// axis reductions'; any further operand an index along the axis): when its
/// inner loop walks whole short lanes of the input (the output stays along
/// it, the input and any index step by 1, at most `up_to` elements) and the
/// loop outside it steps from lane to lane (each its own output element;
/// any index stays), calls `lanes(d, s, (count, ostep, sstep), n)` on each
/// plane of `count` lanes of `n` elements from `s`, `sstep` apart, their
/// outputs `ostep` apart from `d` (how many lanes it did, from the first),
/// and `rest(d, s, n)` on each lane left over; and returns true. False,
/// calling nothing, otherwise.
///
/// # Safety
/// `dst` and `src` are the bases of operands 0 and 1's offsets: every
/// offset the nest reaches from them lies in its operand's buffer.
pub(super) unsafe fn over_short_lanes<D, T, const N: usize, const R: usize>(
    nest: &Nest<N, R>,
    (dst, src): (*mut D, *const T),
    up_to: usize,
    mut lanes: impl FnMut(*mut D, *const T, (usize, isize, isize), usize) -> usize,
    mut rest: impl FnMut(*mut D, *const T, usize),
) -> bool {
    let keep = |(n, inner): Loop<N>, (_, step): Loop<N>| {
        N >= 2
            && (inner[0], inner[1]) == (0, 1)
            && step[0] != 0
            && (2..N).all(|p| (inner[p], step[p]) == (1, 0))
            && n <= up_to
    };
    let Some((outer, (n, _), (count, step))) = nest.inner_two_where(keep) else {
        return false;
    };
    outer.runs(|first, planes, apart| {
        for t in 0..planes as isize {
            // The plane's first output and first lane: offsets the nest
            // reaches (the caller's promise).
            // SAFETY: as just said.
            let (d, s) = unsafe {
                (
                    dst.offset(first[0] + t * apart[0]),
                    src.offset(first[1] + t * apart[1]),
                )
            };
            let done = lanes(d, s, (count, step[0], step[1]), n);
            for l in done as isize..count as isize {
                // Lane `l` of the plane and its output, as above.
                // SAFETY: as just said.
                let (d, s) = unsafe { (d.offset(l * step[0]), s.offset(l * step[1])) };
                rest(d, s, n);
            }
        }
    });
    true
}
