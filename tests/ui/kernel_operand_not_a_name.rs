// A kernel operand is a plain name: `[[…]]` after a method call, a field or a
// value in parentheses used to report its letters as values read by mistake.
use stride::{Array, kernel};

struct Pair {
    a: Array<f64, 2>,
}

fn main() {
    let a = Array::<f64, 2>::zeros([3, 3]).unwrap();
    let mut out = Array::<f64, 2>::zeros([3, 3]).unwrap();
    let _ = kernel!(out[[i, j]] = a.t()[[i, j]]);
    let p = Pair { a: a.clone() };
    let _ = kernel!(out[[i, j]] = p.a[[i, j]] * 2.0);
    let _ = kernel!(out[[i, j]] = (a)[[i, j]]);
}
