//! `Display` of views and arrays: nested brackets, one row per line and a
//! blank line between blocks of rank 3 and more, the elements right-aligned
//! in columns, and, past 1000 elements, only the first and last three of each
//! long axis with `...` between (NumPy's `threshold` and `edgeitems`). The
//! formatter's precision goes to every element: `{:.2}`.

use core::fmt::{self, Display, Write as _};

use super::{Mutability, ViewBase};
use crate::array::Array;
use crate::order::OrderMarker;

/// Past this many elements, long axes are summarised (NumPy's `threshold`).
const THRESHOLD: usize = 1000;

/// How many elements a summarised axis shows at each end (`edgeitems`).
const EDGE: usize = 3;

/// The positions printed along an axis of length `n`; `None` is the `...`.
fn printed(n: usize, summarise: bool) -> Vec<Option<usize>> {
    if summarise && n > 2 * EDGE {
        (0..EDGE)
            .map(Some)
            .chain([None])
            .chain((n - EDGE..n).map(Some))
            .collect()
    } else {
        (0..n).map(Some).collect()
    }
}

struct Printer<'v, 'a, T, const R: usize, O: OrderMarker, M: Mutability> {
    view: &'v ViewBase<'a, T, R, O, M>,
    axes: Vec<Vec<Option<usize>>>,
    precision: Option<usize>,
    width: usize,
}

impl<T: Display, const R: usize, O: OrderMarker, M: Mutability> Printer<'_, '_, T, R, O, M> {
    fn text(&self, index: [usize; R]) -> String {
        let x = &self.view[index];
        match self.precision {
            Some(p) => format!("{x:.p$}"),
            None => x.to_string(),
        }
    }

    /// The widest element printed (a walk over the printed positions only).
    fn widest(&self, depth: usize, index: &mut [usize; R]) -> usize {
        if depth == R {
            return self.text(*index).chars().count();
        }
        let mut w = 0;
        for &i in self.axes[depth].iter().flatten() {
            index[depth] = i;
            w = w.max(self.widest(depth + 1, index));
        }
        w
    }

    fn write(
        &self,
        f: &mut fmt::Formatter<'_>,
        depth: usize,
        index: &mut [usize; R],
    ) -> fmt::Result {
        if depth == R {
            let w = self.width;
            return write!(f, "{:>w$}", self.text(*index));
        }
        f.write_char('[')?;
        for (k, &at) in self.axes[depth].iter().enumerate() {
            if k > 0 {
                f.write_char(',')?;
                if depth + 1 == R {
                    f.write_char(' ')?;
                } else {
                    for _ in 0..R - depth - 1 {
                        f.write_char('\n')?;
                    }
                    for _ in 0..=depth {
                        f.write_char(' ')?;
                    }
                }
            }
            match at {
                Some(i) => {
                    index[depth] = i;
                    self.write(f, depth + 1, index)?;
                }
                None => f.write_str("...")?,
            }
        }
        f.write_char(']')
    }
}

/// NumPy's `str(a)`, with commas as ndarray writes them.
///
/// ```
/// use stride_core::Array;
/// let a = Array::<f64, 2>::from_fn([2, 3], |[i, j]| (3 * i + j) as f64 / 2.0)?;
/// assert_eq!(a.to_string(), "[[  0, 0.5,   1],\n [1.5,   2, 2.5]]");
/// assert_eq!(format!("{:.2}", a.t()), "[[0.00, 1.50],\n [0.50, 2.00],\n [1.00, 2.50]]");
/// let big = Array::<i32, 3>::from_fn([2, 10, 100], |[i, j, k]| (1000 * i + 100 * j + k) as i32)?;
/// assert_eq!(
///     big.to_string(),
///     "[[[   0,    1,    2, ...,   97,   98,   99],\n  [ 100,  101,  102, ...,  197,  198,  199],\n  [ 200,  201,  202, ...,  297,  298,  299],\n  ...,\n  [ 700,  701,  702, ...,  797,  798,  799],\n  [ 800,  801,  802, ...,  897,  898,  899],\n  [ 900,  901,  902, ...,  997,  998,  999]],\n\n [[1000, 1001, 1002, ..., 1097, 1098, 1099],\n  [1100, 1101, 1102, ..., 1197, 1198, 1199],\n  [1200, 1201, 1202, ..., 1297, 1298, 1299],\n  ...,\n  [1700, 1701, 1702, ..., 1797, 1798, 1799],\n  [1800, 1801, 1802, ..., 1897, 1898, 1899],\n  [1900, 1901, 1902, ..., 1997, 1998, 1999]]]"
/// );
/// # Ok::<(), stride_core::LayoutError>(())
/// ```
impl<T: Display, const R: usize, O: OrderMarker, M: Mutability> Display
    for ViewBase<'_, T, R, O, M>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let summarise = self.size() > THRESHOLD;
        let mut p = Printer {
            view: self,
            axes: self
                .shape()
                .iter()
                .map(|&n| printed(n, summarise))
                .collect(),
            precision: f.precision(),
            width: 0,
        };
        let mut index = [0; R];
        if self.size() > 0 {
            p.width = p.widest(0, &mut index);
        }
        p.write(f, 0, &mut index)
    }
}

/// As the view's (see [`ViewBase`]'s `Display`).
impl<T: Display, const R: usize, O: OrderMarker> Display for Array<T, R, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.view(), f)
    }
}
