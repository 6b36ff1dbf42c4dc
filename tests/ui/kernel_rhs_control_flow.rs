// The right-hand side is computed once per element inside the kernel's own
// loops: control flow that would leave it (and skip the element's write) is
// refused at the token.
use stride::{Array, kernel};

fn parse(x: &f64) -> Result<f64, String> {
    Ok(*x)
}

fn run() -> Result<(), String> {
    let a = Array::<f64, 1>::zeros([4]).unwrap();
    let mut out = Array::<f64, 1>::zeros([4]).unwrap();
    let _ = kernel!(out[[i]] = { if a[[i]] < 0.0 { continue; } a[[i]] });
    let _ = kernel!(_[[i]] = parse(&a[[i]])?);
    let _ = kernel!(_[[i]] = { if a[[i]] > 1.0 { return Ok(()); } a[[i]] });
    let _ = kernel!(out[[i]] = loop { break a[[i]]; });
    Ok(())
}

fn main() {
    let _ = run();
}
