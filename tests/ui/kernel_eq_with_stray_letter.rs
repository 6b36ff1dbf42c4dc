// A stray letter on the right of `=` (a typo, `jj` for `j`) is named once, at
// that letter: the output's letter it leaves unread is not a second error.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]).unwrap();
    let mut out = Array::<f64, 2>::zeros([2, 3]).unwrap();
    let _ = kernel!(out[[i, j]] = a[[i, jj]] * 2.0);
}
