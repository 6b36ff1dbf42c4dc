// NumPy's names for reductions are not the kernel's: each is named at its
// name, with how the kernel writes it, and the letters in its brackets are
// not also reported as values.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut y = Array::<f64, 1>::zeros([3]).unwrap();
    let _ = kernel!(y[[i]] += sum[j](a[[i, j]]));
    let _ = kernel!(y[[i]] *= prod[j](a[[i, j]]));
    let _ = kernel!(y[[i]] += mean[j](a[[i, j]]));
    let _ = kernel!(y[[i]] += argmax[j](a[[i, j]]));
    let _ = kernel!(y[[i]] += any[j](a[[i, j]]));
}
