//! Iteration over a strided layout in logical (C) order.

use core::marker::PhantomData;
use core::ptr::NonNull;

use crate::layout::Layout;

/// Walks the offsets of a layout in C order (last index fastest), as an odometer.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<const R: usize> {
    layout: Layout<R>,
    index: [usize; R],
    offset: isize,
    remaining: usize,
}

impl<const R: usize> Cursor<R> {
    pub(crate) fn new(layout: Layout<R>) -> Self {
        Cursor {
            index: [0; R],
            offset: layout.offset() as isize,
            remaining: layout.size(),
            layout,
        }
    }

    /// The next offset; every offset returned is one the layout reaches.
    #[inline]
    pub(crate) fn next_offset(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let current = self.offset as usize;
        self.step();
        Some(current)
    }

    /// The rest of the current innermost row, as `(offset, len, stride)`:
    /// the next `len` offsets are `offset + k * stride`, each one the layout
    /// reaches; the cursor moves past them.
    #[inline]
    pub(crate) fn next_run(&mut self) -> Option<(isize, usize, isize)> {
        if self.remaining == 0 {
            return None;
        }
        let Some(last) = R.checked_sub(1) else {
            // Rank 0: the one element.
            self.remaining = 0;
            return Some((self.offset, 1, 0));
        };
        let (n, stride) = (self.layout.shape()[last], self.layout.strides()[last]);
        // The row's rest: at least one element (the cursor is inside the row),
        // at most what remains.
        let len = n - self.index[last];
        let start = self.offset;
        self.remaining -= len;
        // To the row's last element, then one step on (carrying into the outer
        // axes), as `len` calls of `next_offset` would.
        self.offset += stride * (len - 1) as isize;
        self.index[last] = n - 1;
        self.step();
        Some((start, len, stride))
    }

    /// `f` over the offsets still to come, in the order `next_offset` gives
    /// them, row by row along the innermost axis with a step per offset (the
    /// odometer once per row); every offset is one the layout reaches.
    #[inline]
    pub(crate) fn fold_offsets<B>(mut self, init: B, mut f: impl FnMut(B, isize) -> B) -> B {
        let mut acc = init;
        while let Some((off, len, stride)) = self.next_run() {
            for k in 0..len as isize {
                acc = f(acc, off + k * stride);
            }
        }
        acc
    }

    /// Advances the odometer by one index; the partial offsets stay within the
    /// layout's bounds (past the last index it wraps to the first).
    #[inline]
    fn step(&mut self) {
        let (shape, strides) = (self.layout.shape(), self.layout.strides());
        let mut k = R;
        while k > 0 {
            k -= 1;
            self.index[k] += 1;
            if self.index[k] < shape[k] {
                self.offset += strides[k];
                break;
            }
            self.offset -= strides[k] * (shape[k] - 1) as isize;
            self.index[k] = 0;
        }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.remaining
    }

    /// The index of the offset `next_offset` gives next.
    pub(crate) fn index(&self) -> [usize; R] {
        self.index
    }
}

/// Iterator over `&T` in logical (C) order; see [`ViewBase::iter`](crate::ViewBase::iter).
pub struct Iter<'a, T, const R: usize> {
    base: NonNull<T>,
    cursor: Cursor<R>,
    _marker: PhantomData<&'a T>,
}

impl<T, const R: usize> Clone for Iter<'_, T, R> {
    fn clone(&self) -> Self {
        Iter {
            base: self.base,
            cursor: self.cursor.clone(),
            _marker: PhantomData,
        }
    }
}

impl<'a, T, const R: usize> Iter<'a, T, R> {
    /// # Safety
    /// Every offset `layout` reaches must address a `T` valid for shared reads for `'a`.
    pub(crate) unsafe fn new(base: NonNull<T>, layout: Layout<R>) -> Self {
        Iter {
            base,
            cursor: Cursor::new(layout),
            _marker: PhantomData,
        }
    }
}

impl<'a, T, const R: usize> Iterator for Iter<'a, T, R> {
    type Item = &'a T;
    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        let off = self.cursor.next_offset()?;
        // SAFETY: the cursor yields only reached offsets, valid for shared reads for
        // 'a by the contract of `Iter::new`.
        Some(unsafe { &*self.base.as_ptr().add(off) })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.cursor.remaining(), Some(self.cursor.remaining()))
    }

    /// Row by row along the innermost axis, with a pointer step per element
    /// (`sum`, `for_each`, `map(..).sum()` and the like go through here): the
    /// same elements in the same order as `next`, without the odometer per
    /// element.
    #[inline]
    fn fold<B, F: FnMut(B, &'a T) -> B>(self, init: B, mut f: F) -> B {
        let base = self.base.as_ptr();
        self.cursor.fold_offsets(init, |acc, off| {
            // SAFETY: an offset the cursor yields (`fold_offsets`' contract),
            // valid for shared reads for 'a by the contract of `Iter::new`.
            f(acc, unsafe { &*base.offset(off) })
        })
    }
}

impl<T, const R: usize> ExactSizeIterator for Iter<'_, T, R> {}

/// Iterator over `&mut T` in logical (C) order; see
/// [`ViewMut::iter_mut`](crate::ViewMut::iter_mut).
pub struct IterMut<'a, T, const R: usize> {
    base: NonNull<T>,
    cursor: Cursor<R>,
    _marker: PhantomData<&'a mut T>,
}

impl<'a, T, const R: usize> IterMut<'a, T, R> {
    /// # Safety
    /// Every offset `layout` reaches must address a `T` valid for exclusive access
    /// for `'a`, and no two indices of `layout` may reach the same offset.
    pub(crate) unsafe fn new(base: NonNull<T>, layout: Layout<R>) -> Self {
        IterMut {
            base,
            cursor: Cursor::new(layout),
            _marker: PhantomData,
        }
    }
}

impl<'a, T, const R: usize> Iterator for IterMut<'a, T, R> {
    type Item = &'a mut T;
    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        let off = self.cursor.next_offset()?;
        // SAFETY: the cursor yields each reached offset once; the layout is unique,
        // so no two yielded references alias, and each is valid for exclusive access
        // for 'a by the contract of `IterMut::new`.
        Some(unsafe { &mut *self.base.as_ptr().add(off) })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.cursor.remaining(), Some(self.cursor.remaining()))
    }

    /// Row by row along the innermost axis (see [`Iter`]'s `fold`).
    #[inline]
    fn fold<B, F: FnMut(B, &'a mut T) -> B>(self, init: B, mut f: F) -> B {
        let base = self.base.as_ptr();
        self.cursor.fold_offsets(init, |acc, off| {
            // SAFETY: offsets the cursor yields, each once (`fold_offsets`'
            // contract); the layout is unique, so no two references alias,
            // each valid for exclusive access for 'a (`IterMut::new`).
            f(acc, unsafe { &mut *base.offset(off) })
        })
    }
}

impl<T, const R: usize> ExactSizeIterator for IterMut<'_, T, R> {}

/// `(index, &T)` pairs in logical (C) order: NumPy's `np.ndenumerate`,
/// ndarray's `indexed_iter`; see [`ViewBase::indexed_iter`](crate::ViewBase::indexed_iter).
pub struct IndexedIter<'a, T, const R: usize>(pub(crate) Iter<'a, T, R>);

impl<'a, T, const R: usize> Iterator for IndexedIter<'a, T, R> {
    type Item = ([usize; R], &'a T);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let index = self.0.cursor.index();
        self.0.next().map(|x| (index, x))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }

    /// Row by row along the innermost axis (as [`Iter`]'s `fold`), the last
    /// index counted along each row: `for_each`, `sum` and the like step the
    /// odometer once per row, not per element.
    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(mut self, init: B, mut f: F) -> B {
        let base = self.0.base.as_ptr();
        let mut acc = init;
        loop {
            let mut index = self.0.cursor.index();
            let Some((off, len, stride)) = self.0.cursor.next_run() else {
                return acc;
            };
            for k in 0..len as isize {
                // The run's offsets are ones the cursor yields (`next_run`'s
                // contract), valid for shared reads for 'a (`Iter::new`).
                // SAFETY: as just said.
                let x = unsafe { &*base.offset(off + k * stride) };
                acc = f(acc, (index, x));
                if let Some(last) = index.last_mut() {
                    *last += 1;
                }
            }
        }
    }
}

impl<T, const R: usize> Clone for IndexedIter<'_, T, R> {
    fn clone(&self) -> Self {
        IndexedIter(self.0.clone())
    }
}

impl<T, const R: usize> ExactSizeIterator for IndexedIter<'_, T, R> {}

/// `(index, &mut T)` pairs in logical (C) order; see
/// [`ViewMut::indexed_iter_mut`](crate::ViewMut::indexed_iter_mut).
pub struct IndexedIterMut<'a, T, const R: usize>(pub(crate) IterMut<'a, T, R>);

impl<'a, T, const R: usize> Iterator for IndexedIterMut<'a, T, R> {
    type Item = ([usize; R], &'a mut T);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let index = self.0.cursor.index();
        self.0.next().map(|x| (index, x))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<T, const R: usize> ExactSizeIterator for IndexedIterMut<'_, T, R> {}
