// NumPy's `a += a.T`: the kernel would read elements it already wrote. The
// message names the operand as written (also one whose name starts as the
// expansion's own do, and one spelled as a raw identifier on one side).
use stride::{Array, kernel};

fn main() {
    let mut a = Array::<f64, 2>::zeros([3, 3]).unwrap();
    let _ = kernel!(a[[i, j]] += a[[j, i]]);
    let mut __stride_a = Array::<f64, 2>::zeros([3, 3]).unwrap();
    let _ = kernel!(__stride_a[[i, j]] += __stride_a[[j, i]]);
    let _ = kernel!(a[[i, j]] = r#a[[j, i]]);
}
