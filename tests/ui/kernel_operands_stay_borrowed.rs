// The operands of a kernel stay borrowed through its loop, and an element is
// borrowed only while the right-hand side's value is computed: none of these
// may compile (each read or freed memory the loop was still using).
use stride::{Array, kernel};

// A value that borrows an input's element outlives the kernel.
fn escapes() -> Array<&'static str, 1> {
    let a = Array::<String, 1>::from_vec([2], vec!["hello".into(), "world".into()]).unwrap();
    kernel!(_[[i]] = a[[i]].as_str()).unwrap()
}

// The output named on the right (read at another position, or replaced).
fn output_on_the_right() {
    let a = Array::<i64, 1>::from_vec([4], vec![1, 2, 3, 4]).unwrap();
    let mut out = Array::<i64, 1>::zeros([4]).unwrap();
    kernel!(out[[i]] = a[[i]] + *out.get([0]).unwrap()).unwrap();
    kernel!(out[[i]] = {
        out = Array::zeros([1]).unwrap();
        a[[i]]
    })
    .unwrap();
}

// An input replaced on the right.
fn input_replaced() {
    let mut a = Array::<i64, 1>::from_vec([4], vec![1, 2, 3, 4]).unwrap();
    let mut out = Array::<i64, 1>::zeros([4]).unwrap();
    kernel!(out[[i]] = {
        let v = a[[i]];
        a = Array::zeros([4]).unwrap();
        v
    })
    .unwrap();
}

// A scalar accumulator read in its own reduction: refused by the macro
// itself, at the read (`kernel_accumulator_read_on_the_right.rs`).
fn accumulator_on_the_right() {
    let a = Array::<i64, 1>::from_vec([4], vec![1, 1, 1, 1]).unwrap();
    let mut s = 1i64;
    kernel!(s += a[[i]] * s).unwrap();
}

fn main() {
    escapes();
    output_on_the_right();
    input_replaced();
    accumulator_on_the_right();
}
