// A new output (`_[[…]] = …`) is made by the kernel: written once per element
// (or summed, `+=`, or multiplied, `*=`, from zero or one; never `-=` or
// `/=`), every letter of it read on the right, never read itself, never a
// scalar, and not a statement of a `#[kernel_fn]` (its value would be dropped).
use stride::{Array, kernel, kernel_fn};

#[kernel_fn]
fn dropped(a: &Array<f64, 1>) {
    _[[i]] = a[[i]] * 2.0;
}

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let _ = kernel!(_[[i, j]] -= a[[i, j]]);
    let _ = kernel!(_[[i, k]] = a[[i, j]]);
    let _ = kernel!(_[[i, j, k]] = a[[i, j]]);
    let _ = kernel!(_[[i, j]] = a[[i, j]] + _[[j, i]]);
    let _ = kernel!(_ += a[[i, j]]);
    let _ = dropped;
}
