// A kernel assigns with `=` or updates with `+=`, `-=`, `*=` or `/=`: other
// compound operators are named at the operator.
use stride::{Array, kernel};

fn main() {
    let mut out = Array::<u32, 1>::zeros([3]).unwrap();
    let bits = Array::<u32, 1>::zeros([3]).unwrap();
    let mut any = 0u32;
    let _ = kernel!(out[[i]] |= bits[[i]]);
    let _ = kernel!(any %= bits[[i]]);
    let _ = kernel!(out[[i]] <<= bits[[i]]);
}
