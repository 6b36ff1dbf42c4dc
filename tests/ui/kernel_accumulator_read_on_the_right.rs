// A scalar accumulator read on the right of its own reduction: each term
// would see a partial result. Named at the read, for a local and for one
// behind `&mut`, not as a borrow error about a closure the statement lacks.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut s = 0.0;
    let _ = kernel!(s += a[[i, j]] * s);
    let mut t = 1.0;
    let total = &mut t;
    let _ = kernel!(*total *= a[[i, j]] + *total);
}
