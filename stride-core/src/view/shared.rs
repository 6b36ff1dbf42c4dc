//! What only read-only views can do, because the result reaches an element more
//! than once or may be a copy: broadcasting, overlapping windows, `ravel` and
//! `to_shape`.

use super::View;
use crate::array::Array;
use crate::copy::gather;
use crate::cow::CowArray;
use crate::error::LayoutError;
use crate::layout::{Layout, Reshaped};
use crate::order::{C, Order, OrderMarker, Strided};
use crate::rank::{Rank, RankAdd};
use crate::window::Window;

impl<'a, T, const R: usize, O: OrderMarker> View<'a, T, R, O> {
    /// `np.broadcast_to`: stretched axes get stride 0, so elements repeat. Only
    /// read-only views can do this.
    ///
    /// ```
    /// use stride_core::{Array, View};
    /// let a = Array::<i64, 1>::arange(0, 4, 1)?;
    /// let col: View<i64, 2> = a.view().insert_axis(1)?;      // a[:, np.newaxis]
    /// let grid: View<i64, 2> = col.broadcast_to([4, 3])?;
    /// assert_eq!(grid.strides(), &[1, 0]);
    /// assert_eq!(grid[[2, 1]], 2);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn broadcast_to<const Q: usize>(
        self,
        shape: [usize; Q],
    ) -> Result<View<'a, T, Q, Strided>, LayoutError> {
        let l = self.layout.broadcast_to(shape)?;
        // SAFETY: stride-0 axes repeat offsets already reached (allowed: shared).
        Ok(unsafe { self.relayout(l) })
    }

    /// Sliding windows with steps and dilations (see [`Layout::window`](crate::Layout::window)):
    /// overlapping windows, read-only.
    pub fn window<const N: usize, const Q: usize>(
        self,
        w: Window<N>,
    ) -> Result<View<'a, T, Q, Strided>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        let l = self.layout.window(w)?;
        // SAFETY: window elements are elements of the input (shared reads).
        Ok(unsafe { self.relayout(l) })
    }

    /// `sliding_window_view` (see [`Layout::sliding_window`](crate::Layout::sliding_window)): overlapping windows,
    /// read-only.
    pub fn sliding_window<const N: usize, const Q: usize>(
        self,
        window: [usize; N],
        axes: [isize; N],
    ) -> Result<View<'a, T, Q, Strided>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        self.window(Window::new(window, axes))
    }

    /// [`sliding_window`](Self::sliding_window) with a dilation per window.
    ///
    /// ```
    /// use stride_core::Array;
    /// let x = Array::<i32, 1>::arange(0, 10, 1)?;
    /// let w = x.view().sliding_window_dilated([3], [0], [2])?; // x[i], x[i+2], x[i+4]
    /// assert_eq!(w.shape(), &[6, 3]);
    /// assert_eq!(w.index_axis(0, 1)?.iter().copied().collect::<Vec<_>>(), vec![1, 3, 5]);
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    pub fn sliding_window_dilated<const N: usize, const Q: usize>(
        self,
        window: [usize; N],
        axes: [isize; N],
        dilation: [usize; N],
    ) -> Result<View<'a, T, Q, Strided>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<N>, Output = Rank<Q>>,
    {
        self.window(Window::new(window, axes).dilation(dilation))
    }

    /// Windows over every axis with a step per axis (see [`Layout::windows`](crate::Layout::windows)).
    pub fn windows<const Q: usize>(
        self,
        window: [usize; R],
        step: [usize; R],
    ) -> Result<View<'a, T, Q, Strided>, LayoutError>
    where
        Rank<R>: RankAdd<Rank<R>, Output = Rank<Q>>,
    {
        self.window(Window::all(window).step(step))
    }

    /// `np.ravel(a, order)`: a 1-D view when NumPy returns one, else a copy.
    ///
    /// ```
    /// use stride_core::{Array, Order};
    /// let a = Array::<f64, 2>::zeros([100, 100])?;
    /// assert!(a.view().ravel(Order::C)?.is_view());   // e = a.ravel(): same data
    /// assert!(!a.t().ravel(Order::C)?.is_view());     // a.T.ravel(): a copy
    /// assert!(a.t().ravel(Order::K)?.is_view());      // ... unless memory order is fine
    /// # Ok::<(), stride_core::LayoutError>(())
    /// ```
    #[inline]
    pub fn ravel(self, order: Order) -> Result<CowArray<'a, T, 1, C>, LayoutError>
    where
        T: Clone,
    {
        if matches!(O::CONTIGUITY, crate::order::Contiguity::C) && matches!(order, Order::C) {
            // The type says C-contiguous: `[size]` with stride 1 from the same
            // offset reaches the same offsets (which fit), packed in C order;
            // it is the view `Layout::ravel` returns, without its checks
            // (NumPy's ravel returns a C-contiguous input as it is).
            // SAFETY: as just said.
            let l = unsafe {
                Layout::<1, C>::from_parts_unchecked([self.size()], [1], self.layout.offset())
            };
            // A C-contiguous layout reaches `size` consecutive offsets from
            // its offset, each once: the same as this one.
            // SAFETY: as just said.
            return Ok(CowArray::View(unsafe { self.relayout(l) }));
        }
        match self.layout.ravel(order) {
            Reshaped::View(l) => {
                // A ravel view reaches the same offsets as the contiguous input,
                // packed with stride 1 (so C-contiguous).
                // SAFETY: as just said, C's promise holds.
                let l = unsafe { l.remark::<C>() };
                // SAFETY: as just said; shared reads.
                Ok(CowArray::View(unsafe { self.relayout(l) }))
            }
            Reshaped::Copy(_) => Ok(CowArray::Owned(self.flatten(order)?)),
        }
    }

    /// `a.reshape(shape, order=order)`: a view when possible, else a copy (packed in
    /// `order`), like ndarray's `to_shape`.
    pub fn to_shape<const Q: usize>(
        self,
        shape: [isize; Q],
        order: Order,
    ) -> Result<CowArray<'a, T, Q, Strided>, LayoutError>
    where
        T: Clone,
    {
        match self.layout.reshape_plan(shape, order)? {
            // SAFETY: a no-copy reshape reads the same offsets.
            Reshaped::View(l) => Ok(CowArray::View(unsafe { self.relayout(l) })),
            Reshaped::Copy(l) => {
                let order = crate::reshape::resolve_order(self.shape(), self.strides(), order);
                let data = gather(self.into_strided(), order)?;
                Ok(CowArray::Owned(Array::from_buffer_parts(data, l)?))
            }
        }
    }
}
