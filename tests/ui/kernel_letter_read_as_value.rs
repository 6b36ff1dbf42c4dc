// A letter is a loop, not a value: reading it in the expression would read a
// local of the same name instead.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut out = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let i = 2.0;
    let _ = kernel!(out[[i, j]] = a[[i, j]] * i);
    // A field or method of the same name is not the letter; nor is a closure's own binding.
    let p = (1.0, 2.0);
    let _ = kernel!(out[[i, j]] = a[[i, j]] + p.0 + (|j: f64| j)(p.1));
}
