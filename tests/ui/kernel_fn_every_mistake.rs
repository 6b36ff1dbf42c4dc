// `#[kernel_fn]` checks every statement and reports each mistake; the function
// keeps its signature, so its callers report nothing more.
use stride::{Array, LayoutError, kernel_fn};

#[kernel_fn]
fn bad(y: &mut Array<f64, 1>, m: &Array<f64, 2>) {
    y[[i]] = m[[i, j]];
    y[[k]] += m[[i, j]];
}

fn main() -> Result<(), LayoutError> {
    let m = Array::<f64, 2>::zeros([3, 4])?;
    let mut y = Array::<f64, 1>::zeros([3])?;
    bad(&mut y, &m)
}
