//! Scans along an axis (`cumsum`, `cumprod`, any associative step) into a given
//! output or a new array: eight rows at once, so that eight independent
//! dependency chains keep the core busy instead of one.

use core::ops::{Add, Mul};

use super::nest::{Nest, Operands, Priority};
use crate::array::Array;
use crate::error::LayoutError;
use crate::order::{C, OrderMarker};
use crate::view::{Mutability, Unique, ViewBase};

/// Rows scanned together.
const LANES: usize = 8;

impl<'a, T, const R: usize, O: OrderMarker, M: Mutability> ViewBase<'a, T, R, O, M> {
    /// Scans along `axis` into `out` (same shape): `out[.., 0, ..] = a[.., 0, ..]`
    /// and `out[.., k, ..] = step(out[.., k - 1, ..], a[.., k, ..])`, NumPy's
    /// `np.ufunc.accumulate(a, axis, out=out)`.
    pub fn scan_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
        mut step: impl FnMut(T, T) -> T,
    ) -> Result<(), LayoutError>
    where
        T: Copy,
    {
        let axis = crate::dims::normalize_axis(axis, R)?;
        if let Some(a) = (0..R).find(|&a| out.shape()[a] != self.shape()[a]) {
            return Err(LayoutError::ShapesMismatch {
                axis: a,
                first: self.shape()[a],
                second: out.shape()[a],
            });
        }
        let n = self.shape()[axis];
        if n == 0 || self.size() == 0 {
            return Ok(());
        }
        let (sa, so) = (self.strides()[axis], out.strides()[axis]);
        // The rows: every axis but the scan axis, in the input's memory order.
        let mut rows = *self.shape();
        rows[axis] = 1;
        let ops = Operands {
            shape: rows,
            strides: [*self.strides(), *out.strides()],
            offsets: [self.layout().offset(), out.layout().offset()],
        };
        let src = self.base_nonnull().as_ptr().cast_const();
        let dst = out.base_nonnull().as_ptr();
        Nest::plan(&ops, Priority::Operand(0), 0).runs(|off, len, st| {
            let mut r0 = 0;
            while r0 < len {
                let lanes = LANES.min(len - r0);
                let row = |k: usize, op: usize| off[op] + (r0 + k) as isize * st[op];
                // SAFETY: every (row, position) offset below is one the two
                // layouts reach for the same index (the row from the nest, the
                // position along the scan axis below its length); `out` is held
                // exclusively and reaches each offset once; the input is a shared
                // borrow of other memory.
                unsafe {
                    let mut acc = [*src.offset(row(0, 0)); LANES];
                    for (k, a) in acc.iter_mut().enumerate().take(lanes) {
                        *a = *src.offset(row(k, 0));
                        *dst.offset(row(k, 1)) = *a;
                    }
                    for j in 1..n as isize {
                        for (k, a) in acc.iter_mut().enumerate().take(lanes) {
                            *a = step(*a, *src.offset(row(k, 0) + j * sa));
                            *dst.offset(row(k, 1) + j * so) = *a;
                        }
                    }
                }
                r0 += lanes;
            }
        });
        Ok(())
    }

    /// `np.cumsum(a, axis)`, a new C array.
    ///
    /// ```
    /// use stride_core::Array;
    /// let a = Array::<i32, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as i32)?;
    /// assert_eq!(a.cumsum(1)?.as_slice(), &[0, 1, 3, 3, 7, 12]);
    /// assert_eq!(a.cumsum(0)?.as_slice(), &[0, 1, 2, 3, 5, 7]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn cumsum(&self, axis: isize) -> Result<Array<T, R, C>, LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.scan(axis, |a, b| a + b)
    }

    /// `np.cumprod(a, axis)`, a new C array.
    pub fn cumprod(&self, axis: isize) -> Result<Array<T, R, C>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.scan(axis, |a, b| a * b)
    }

    /// `np.cumsum(a, axis, out=out)`.
    pub fn cumsum_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.scan_into(axis, out, |a, b| a + b)
    }

    /// `np.cumprod(a, axis, out=out)`.
    ///
    /// ```
    /// use stride_core::{Array, Slice};
    /// let a = Array::<f64, 2>::from_fn([4, 40], |[i, j]| 1.0 + (i + j % 3) as f64 * 0.01)?;
    /// let strided = a.slice([Slice::FULL, Slice::step_by(20)])?; // a[:, ::20]: 4 x 2
    /// let mut out = Array::<f64, 2>::zeros([4, 2])?;
    /// strided.cumprod_into(1, &mut out.view_mut())?;
    /// assert_eq!(out[[3, 1]], a[[3, 0]] * a[[3, 20]]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn cumprod_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.scan_into(axis, out, |a, b| a * b)
    }

    /// A scan along `axis` into a new C array.
    pub fn scan(
        &self,
        axis: isize,
        step: impl FnMut(T, T) -> T,
    ) -> Result<Array<T, R, C>, LayoutError>
    where
        T: Copy,
    {
        let mut out = self.map(|&x| x)?;
        self.scan_into(axis, &mut out.view_mut(), step)?;
        Ok(out)
    }

    /// `np.cumsum(a)` without an axis: the elements flattened in C order, summed
    /// cumulatively.
    pub fn cumsum_flat(&self) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.flat_scan(|a, b| a + b)
    }

    /// `np.cumprod(a)` without an axis (flattened in C order).
    pub fn cumprod_flat(&self) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.flat_scan(|a, b| a * b)
    }

    fn flat_scan(&self, mut step: impl FnMut(T, T) -> T) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy,
    {
        let n = self.size();
        let mut data = crate::copy::try_vec(n)?;
        let mut acc: Option<T> = None;
        // One dependency chain in C order: the logical order is the answer's.
        for &x in self.iter() {
            let v = match acc {
                Some(a) => step(a, x),
                None => x,
            };
            acc = Some(v);
            data.push(v);
        }
        Array::from_vec([n], data)
    }
}

impl<T, const R: usize, O: OrderMarker> Array<T, R, O> {
    /// `np.cumsum(a, axis)` (see [`ViewBase::cumsum`]).
    pub fn cumsum(&self, axis: isize) -> Result<Array<T, R, C>, LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.view().cumsum(axis)
    }

    /// `np.cumprod(a, axis)` (see [`ViewBase::cumprod`]).
    pub fn cumprod(&self, axis: isize) -> Result<Array<T, R, C>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.view().cumprod(axis)
    }

    /// `np.cumprod(a, axis, out=out)` (see [`ViewBase::cumprod_into`]).
    pub fn cumprod_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.view().cumprod_into(axis, out)
    }

    /// `np.cumsum(a, axis, out=out)` (see [`ViewBase::cumsum_into`]).
    pub fn cumsum_into<P: OrderMarker>(
        &self,
        axis: isize,
        out: &mut ViewBase<'_, T, R, P, Unique>,
    ) -> Result<(), LayoutError>
    where
        T: Copy + Add<Output = T>,
    {
        self.view().cumsum_into(axis, out)
    }

    /// `np.cumprod(a)` flattened in C order.
    pub fn cumprod_flat(&self) -> Result<Array<T, 1, C>, LayoutError>
    where
        T: Copy + Mul<Output = T>,
    {
        self.view().cumprod_flat()
    }
}
