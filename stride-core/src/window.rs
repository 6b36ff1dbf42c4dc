//! Sliding windows: NumPy's `sliding_window_view` (window lengths, axes, repeated
//! and negative axes), plus a step and a dilation per window.

use crate::dims::{checked_size, normalize_axis, validate};
use crate::error::{LayoutError, WindowParam};
use crate::index::{Slice, slice_indices};

/// `sliding_window_view(x, window, axis=axes)` with a dilation per window (1 =
/// NumPy), then every `step[w]`-th window start kept along `axes[w]` (NumPy's
/// `[::step]` on the position axis; a repeated axis takes each of its steps).
/// Output rank is `rank + window.len()`: the input axes (now counting window
/// positions) followed by one axis per window.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn sliding_window(
    shape: &[usize],
    strides: &[isize],
    window: &[usize],
    axes: &[isize],
    step: &[usize],
    dilation: &[usize],
    offset: usize,
    out_shape: &mut [usize],
    out_strides: &mut [isize],
) -> Result<(), LayoutError> {
    let rank = shape.len();
    if window.len() != axes.len() || window.len() != step.len() || window.len() != dilation.len() {
        let other = if window.len() != axes.len() {
            axes.len()
        } else if window.len() != step.len() {
            step.len()
        } else {
            dilation.len()
        };
        return Err(LayoutError::WindowAxesMismatch {
            windows: window.len(),
            axes: other,
        });
    }
    if out_shape.len() != rank + window.len() {
        return Err(LayoutError::RankMismatch {
            expected: out_shape.len(),
            found: rank + window.len(),
        });
    }
    let mut k = 0;
    while k < rank {
        out_shape[k] = shape[k];
        out_strides[k] = strides[k];
        k += 1;
    }
    let mut w = 0;
    while w < window.len() {
        let axis = match normalize_axis(axes[w], rank) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        let d = dilation[w];
        if d == 0 {
            return Err(LayoutError::ZeroWindowParam {
                param: WindowParam::Dilation,
                axis,
            });
        }
        // Extent of the dilated window: (w - 1) * d + 1, or 0 for an empty window.
        // `None` when it does not even fit in `usize`: larger than any axis.
        let extent = if window[w] == 0 {
            Some(0)
        } else {
            match (window[w] - 1).checked_mul(d) {
                Some(e) => e.checked_add(1),
                None => None,
            }
        };
        let extent = match extent {
            Some(e) if e <= out_shape[axis] => e,
            _ => {
                return Err(LayoutError::WindowTooLarge {
                    axis,
                    window: window[w],
                    dilation: d,
                    len: out_shape[axis],
                });
            }
        };
        out_shape[axis] = out_shape[axis] + 1 - extent;
        out_shape[rank + w] = window[w];
        out_strides[rank + w] = if window[w] <= 1 {
            strides[axis]
        } else {
            // (window - 1) * d <= len - 1 of the axis, so stride * d stays in its span.
            match strides[axis].checked_mul(d as isize) {
                Some(s) => s,
                None => return Err(LayoutError::TooLarge),
            }
        };
        w += 1;
    }
    // The steps: `[::step]` on each window's position axis.
    let mut w = 0;
    while w < window.len() {
        let axis = match normalize_axis(axes[w], rank) {
            Ok(a) => a,
            Err(e) => return Err(e),
        };
        if step[w] == 0 {
            return Err(LayoutError::ZeroWindowParam {
                param: WindowParam::Step,
                axis,
            });
        }
        if step[w] != 1 {
            // A step past the end keeps the first start only, as any step at least
            // the axis length does: clamping keeps that meaning.
            let st = if step[w] > isize::MAX as usize {
                isize::MAX
            } else {
                step[w] as isize
            };
            match slice_indices(Slice::step_by(st), out_shape[axis], axis) {
                Ok((_, len, st)) => {
                    out_shape[axis] = len;
                    // NumPy's stride for the slice; a product that overflows can
                    // only be of an axis of length <= 1, which reaches nothing.
                    out_strides[axis] = match out_strides[axis].checked_mul(st) {
                        Some(s) => s,
                        None => out_strides[axis],
                    };
                }
                Err(e) => return Err(e),
            }
        }
        w += 1;
    }
    if let Err(e) = checked_size(out_shape) {
        return Err(e);
    }
    // The window axes reach only offsets the input axes reached; checked anyway, so
    // that no arithmetic slip above can ever produce an invalid layout.
    validate(out_shape, out_strides, offset)
}

/// A sliding-window specification: a window length per windowed axis, the axes
/// (negative counts from the end; repeated axes window again), the step between
/// window starts along each, and the dilation (distance between the elements of
/// one window). With steps and dilations of 1 it is NumPy's
/// `sliding_window_view(x, shape, axis=axes)`.
///
/// ```
/// use stride_core::{Layout, Window};
/// // Frames of 4 samples with a hop of 2 over 10 samples.
/// let frames = Layout::c([10])?.window(Window::new([4], [0]).step([2]))?;
/// assert_eq!((frames.shape(), frames.strides()), (&[4, 4], &[2, 1]));
/// // 3x3 patches of a 6x8 image, every other row and column, dilated by 2.
/// let w = Window::all([3, 3]).step([2, 2]).dilation([2, 2]);
/// let p = Layout::c([6, 8])?.window(w)?;
/// assert_eq!((p.shape(), p.strides()), (&[1, 2, 3, 3], &[16, 2, 16, 2]));
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window<const N: usize> {
    /// Window length along each windowed axis.
    pub shape: [usize; N],
    /// The windowed axes.
    pub axes: [isize; N],
    /// Step between window starts along each (1: every start).
    pub step: [usize; N],
    /// Distance between the elements of one window along each (1: adjacent).
    pub dilation: [usize; N],
    /// Made by [`Window::all`]: applies only to layouts of rank `N`.
    every_axis: bool,
}

impl<const N: usize> Window<N> {
    /// Windows of `shape` along `axes`, every start, undilated.
    pub const fn new(shape: [usize; N], axes: [isize; N]) -> Self {
        Window {
            shape,
            axes,
            step: [1; N],
            dilation: [1; N],
            every_axis: false,
        }
    }

    /// Windows of `shape` over every axis of a layout of rank `N` (NumPy's
    /// default, `axis=None`), every start, undilated. Applied to a layout of
    /// another rank it is [`LayoutError::WindowAxesMismatch`], as NumPy refuses it.
    pub const fn all(shape: [usize; N]) -> Self {
        let mut axes = [0isize; N];
        let mut k = 0;
        while k < N {
            axes[k] = k as isize;
            k += 1;
        }
        let mut w = Window::new(shape, axes);
        w.every_axis = true;
        w
    }

    /// Checks that a spec made by [`Window::all`] meets a layout of its rank.
    pub(crate) const fn check_rank(&self, rank: usize) -> Result<(), LayoutError> {
        if self.every_axis && rank != N {
            return Err(LayoutError::WindowAxesMismatch {
                windows: N,
                axes: rank,
            });
        }
        Ok(())
    }

    /// The same windows, starting every `step[k]` positions.
    pub const fn step(mut self, step: [usize; N]) -> Self {
        self.step = step;
        self
    }

    /// The same windows, dilated.
    pub const fn dilation(mut self, dilation: [usize; N]) -> Self {
        self.dilation = dilation;
        self
    }

    /// Whether no two windows share an element, however long the windowed axes
    /// are, in a layout of rank `rank`: along every windowed axis
    /// [`windows_share`] finds no shared element, and no axis is windowed
    /// twice. Over a layout in which no two indices share an element, no two
    /// windows then do either (each window index maps to its own index of the
    /// input), so a mutable view of them is sound. Windows that
    /// [tile](Self::tiles) are disjoint, and so are some that do not: windows
    /// of 2 elements 3 apart, starting every 2 positions (elements `{0, 3}`,
    /// `{2, 5}`, `{4, 7}`, …). `false` for a spec that does not apply to the
    /// rank.
    ///
    /// ```
    /// use stride_core::Window;
    /// assert!(Window::all([2]).step([2]).dilation([3]).disjoint(1));
    /// assert!(!Window::all([3]).step([2]).disjoint(1)); // element 2 is the next window's 0
    /// assert!(Window::all([3]).step([3]).disjoint(1)); // tiles
    /// ```
    pub const fn disjoint(&self, rank: usize) -> bool {
        let mut k = 0;
        while k < N {
            if windows_share(self.shape[k], self.step[k], self.dilation[k]).is_some() {
                return false;
            }
            k += 1;
        }
        self.axes_distinct(rank)
    }

    /// Whether the windows tile their axes in a layout of rank `rank`: along every
    /// windowed axis the step is at least the window's extent,
    /// `(shape - 1) * dilation + 1`, and no axis is windowed twice. Over a layout
    /// in which no two indices share an element, no two windows then do either,
    /// so a mutable view of them is sound. `false` for a spec that does not apply
    /// to the rank.
    pub const fn tiles(&self, rank: usize) -> bool {
        let mut k = 0;
        while k < N {
            if self.shape[k] > 1 {
                let extent = match (self.shape[k] - 1).checked_mul(self.dilation[k]) {
                    Some(e) => e.saturating_add(1),
                    None => usize::MAX,
                };
                if self.step[k] < extent {
                    return false;
                }
            }
            k += 1;
        }
        self.axes_distinct(rank)
    }

    /// Whether every windowed axis is an axis of a layout of rank `rank`, and
    /// none is windowed twice.
    const fn axes_distinct(&self, rank: usize) -> bool {
        let mut k = 0;
        while k < N {
            let a = match normalize_axis(self.axes[k], rank) {
                Ok(a) => a,
                Err(_) => return false,
            };
            let mut j = 0;
            while j < k {
                if let Ok(b) = normalize_axis(self.axes[j], rank)
                    && a == b
                {
                    return false;
                }
                j += 1;
            }
            k += 1;
        }
        true
    }
}

/// Whether windows of `len` elements, `dilation` positions apart, starting
/// every `step` positions along one axis, share an element when the axis is
/// long enough to hold them: `Some((t, p))` when element `t` of every window
/// is element 0 of the window `p` after it (the smallest such `t`), `None`
/// when no two windows share an element whatever the axis's length.
///
/// Element `t` of window `q` lies at position `step * q + dilation * t`; two
/// of them coincide exactly when `step * (q1 - q2) = dilation * (t2 - t1)`,
/// that is when `t2 - t1` is a multiple of `step / g` (`g` the greatest
/// common divisor of `step` and `dilation`), with `q1 - q2` then
/// `(t2 - t1) / (step / g) * (dilation / g)`. So windows share an element
/// exactly when `len > step / g`, first element `step / g` of a window with
/// element 0 of the window `dilation / g` after it. A step of 0 repeats
/// every window (`Some((0, 1))`); a dilation of 0 repeats an element within
/// a window (`Some((1, 0))`): both are refused by the windowing itself.
///
/// `window_mut` and `window!(mut …)` rely on this rule, with
/// [`Window::disjoint`].
///
/// ```
/// use stride_core::windows_share;
/// assert_eq!(windows_share(3, 1, 1), Some((1, 1))); // 3-wide, every position
/// assert_eq!(windows_share(3, 2, 1), Some((2, 1))); // element 2 is the next window's 0
/// assert_eq!(windows_share(3, 3, 1), None); // they tile
/// assert_eq!(windows_share(2, 2, 3), None); // {0, 3}, {2, 5}, {4, 7}, ...
/// assert_eq!(windows_share(3, 2, 3), Some((2, 3))); // {0, 3, 6} and {6, 9, 12}
/// ```
pub const fn windows_share(len: usize, step: usize, dilation: usize) -> Option<(usize, usize)> {
    if len <= 1 {
        return None;
    }
    if step == 0 {
        return Some((0, 1));
    }
    if dilation == 0 {
        return Some((1, 0));
    }
    let (mut a, mut b) = (step, dilation);
    while b != 0 {
        let r = a % b;
        a = b;
        b = r;
    }
    let (t, p) = (step / a, dilation / a);
    if len > t { Some((t, p)) } else { None }
}
