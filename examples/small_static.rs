//! Small static layouts: `kernel!` over tensors of `layout!` types, whose
//! shapes and strides are constants, is unrolled in full by the compiler.
//! Runs the kernels once and checks them against index loops; to see the
//! code, emit the assembly and read `add_transposed` (sixteen loads, adds and
//! stores, no loop), `mat_vec` and `frobenius` (eight vector loads, multiplies
//! and adds: the library's sum of products, inlined; no loop, no call):
//!
//! ```sh
//! cargo run --release --example small_static
//! cargo rustc --release --example small_static -- --emit asm -C llvm-args=-x86-asm-syntax=intel
//! # then: target/release/examples/small_static-*.s
//! ```

use stride::{Tensor, Unique, kernel};

stride::layout! {
    /// A 4x4 `f64` matrix, C order.
    pub struct M4 = f64[4, 4];
    /// A 4-vector.
    pub struct V4 = f64[4];
}

/// `out = a + b.T` over 4x4 tensors.
#[inline(never)]
pub fn add_transposed(
    out: &mut Tensor<'_, M4, 2, Unique>,
    a: &Tensor<'_, M4, 2>,
    b: &Tensor<'_, M4, 2>,
) {
    kernel!(out[[i, j]] = a[[i, j]] + b[[j, i]]).expect("static shapes agree");
}

/// `y += m x` over a 4x4 tensor and 4-vectors.
#[inline(never)]
pub fn mat_vec(y: &mut Tensor<'_, V4, 1, Unique>, m: &Tensor<'_, M4, 2>, x: &Tensor<'_, V4, 1>) {
    kernel!(y[[i]] += m[[i, j]] * x[[j]]).expect("static shapes agree");
}

/// The sum of squares of a 4x4 tensor's elements (its Frobenius norm,
/// squared).
#[inline(never)]
pub fn frobenius(a: &Tensor<'_, M4, 2>) -> f64 {
    let mut s = 0.0;
    kernel!(s += a[[i, j]] * a[[i, j]]).expect("one operand");
    s
}

fn main() -> Result<(), stride::LayoutError> {
    let da: Vec<f64> = (0..16).map(f64::from).collect();
    let db: Vec<f64> = (0..16).map(|x| f64::from(x) * 100.0).collect();
    let (a, b) = (M4::tensor(&da)?, M4::tensor(&db)?);
    let mut dout = vec![0.0; 16];
    add_transposed(&mut Tensor::new_mut(&mut dout)?, &a, &b);
    for (k, v) in dout.iter().enumerate() {
        let (i, j) = (k / 4, k % 4);
        assert_eq!(*v, da[4 * i + j] + db[4 * j + i]);
    }
    let dx = [1.0, -2.0, 0.5, 3.0];
    let mut dy = vec![1.0; 4];
    mat_vec(&mut Tensor::new_mut(&mut dy)?, &a, &V4::tensor(&dx)?);
    for (i, y) in dy.iter().enumerate() {
        assert_eq!(*y, 1.0 + (0..4).map(|j| da[4 * i + j] * dx[j]).sum::<f64>());
    }
    let f = frobenius(&a);
    assert_eq!(f, da.iter().map(|x| x * x).sum::<f64>());
    println!("out = a + b.T: {dout:?}");
    println!("y += m x:      {dy:?}");
    println!("sum of a²:     {f}");
    Ok(())
}
