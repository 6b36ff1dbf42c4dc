// The output must be an array or a mutable view: a shared view (which may be a
// broadcast or a window, whose elements overlap) cannot be written.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut v = a.view();
    let _ = kernel!(v[[i, j]] = 1.0);
}
