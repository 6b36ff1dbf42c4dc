// NumPy's `a += a.T`: the kernel would read elements it already wrote.
use stride::{Array, kernel};

fn main() {
    let mut a = Array::<f64, 2>::zeros([3, 3]).unwrap();
    let _ = kernel!(a[[i, j]] += a[[j, i]]);
}
