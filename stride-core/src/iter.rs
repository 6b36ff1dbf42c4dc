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
        // Advance the odometer; the partial offsets stay within the layout's bounds.
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
        Some(current)
    }

    pub(crate) fn remaining(&self) -> usize {
        self.remaining
    }
}

/// Iterator over `&T` in logical (C) order; see [`ViewBase::iter`](crate::ViewBase::iter).
pub struct Iter<'a, T, const R: usize> {
    base: NonNull<T>,
    cursor: Cursor<R>,
    _marker: PhantomData<&'a T>,
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
}

impl<T, const R: usize> ExactSizeIterator for IterMut<'_, T, R> {}
