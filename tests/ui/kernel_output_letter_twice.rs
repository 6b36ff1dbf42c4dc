// `out[[i, i]]` would write the diagonal through one loop: refused, each output
// index is its own loop.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 1>::zeros([3]).unwrap();
    let mut out = Array::<f64, 2>::zeros([3, 3]).unwrap();
    let _ = kernel!(out[[i, i]] = a[[i]]);
}
