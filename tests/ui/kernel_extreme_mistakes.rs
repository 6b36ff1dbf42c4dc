// `max[…](…)` / `min[…](…)` sets each output element to the extreme over the
// letters it lists: exactly the letters of the right-hand side that the output
// does not have, each once; with `=` (into a given output, a scalar or a new
// output whose letters the right reads), not of a scan.
use stride::{Array, kernel};

fn main() {
    let a = Array::<f64, 2>::zeros([3, 4]).unwrap();
    let mut m = Array::<f64, 1>::zeros([3]).unwrap();
    let mut s = 0.0;
    let _ = kernel!(m[[i]] += max[j](a[[i, j]]));
    let _ = kernel!(m[[i]] = max[i](a[[i, j]]));
    let _ = kernel!(m[[i]] = min[j, k](a[[i, j]]));
    let _ = kernel!(s = max[i](a[[i, j]]));
    let _ = kernel!(s = max[i, j, i](a[[i, j]]));
    let _ = kernel!(m[[i]] = max[2](a[[i, j]]));
    let _ = kernel!(m[[i]] = min[](a[[i, j]]));
    let _ = kernel!(_[[i, k]] = max[j](a[[i, j]]));
    let _ = kernel!(m[[i]] = max[j](cumsum[j](a[[i, j]])));
    let _ = output_letter_not_read;
    let _ = inside_larger_expressions;
}

fn output_letter_not_read(a: &Array<f64, 2>, o: &mut Array<f64, 2>) {
    let _ = kernel!(o[[i, k]] = min[j](a[[i, j]]));
}

fn inside_larger_expressions(a: &Array<f64, 2>, m: &mut Array<f64, 1>) {
    let _ = kernel!(m[[i]] = max[j](a[[i, j]]) * 2.0);
    let _ = kernel!(m[[i]] = max[j](a[[i, j]] + min[k](a[[k, j]])));
    let _ = kernel!(m[[i]] = max[j](a[[i, j]] + m[[i]]));
}
