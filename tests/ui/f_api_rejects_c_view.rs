// An API that demands Fortran order in its signature rejects a C-ordered view.
use stride::{Array, F, View};

fn gemm_like(_a: View<'_, f64, 2, F>) {}

fn main() {
    let a = Array::<f64, 2>::zeros([3, 3]).unwrap();
    gemm_like(a.t()); // fine: the transpose of a C array is F
    gemm_like(a.view()); // error: a C view
}
