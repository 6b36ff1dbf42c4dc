// Tensors over static layouts carry their lengths in their types: operands
// that cannot agree are a compile error at the operand (under `cargo check`),
// one per index letter.
use stride::{Tensor, Unique, kernel, layout};

layout! {
    struct M34 = f64[3, 4];
    struct M43 = f64[4, 3];
}

fn main() {
    let (a, b) = (vec![0.0; 12], vec![0.0; 12]);
    let (a, b) = (M34::tensor(&a).unwrap(), M43::tensor(&b).unwrap());
    let mut o = vec![0.0; 12];
    let mut out = Tensor::<M34, 2, Unique>::new_mut(&mut o).unwrap();
    let _ = kernel!(out[[i, j]] = a[[i, j]] + b[[i, j]]);
    // With an output whose lengths are known at run time only, the inputs are
    // checked against each other.
    let mut dynamic = stride::Array::<f64, 2>::zeros([3, 4]).unwrap();
    let _ = kernel!(dynamic[[i, j]] = a[[i, j]] * b[[i, j]]);
    // An operand whose name the expansion also uses for itself is still checked.
    let __stride_f = b;
    let _ = kernel!(dynamic[[i, j]] = a[[i, j]] * __stride_f[[i, j]]);
}
