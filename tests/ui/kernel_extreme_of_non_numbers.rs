// `max[…](…)` and `min[…](…)` take primitive numbers: over `bool` values the
// message says so, not that a private trait is unimplemented.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut b = Array::<bool, 1>::from_elem([3], false).unwrap();
    let _ = kernel!(b[[i]] = max[j](a[[i, j]] > 0.0));
}
