// Two ranks in generic code: the operator needs the broadcast rank, and the
// message says which bound gives it.
use stride::Array;

fn scale<const R: usize>(a: &Array<f64, R>, s: &Array<f64, 0>) -> Array<f64, R> {
    a * s
}

fn main() {
    let a = Array::<f64, 2>::zeros([2, 3]).unwrap();
    let s = Array::<f64, 0>::from_vec([], vec![2.0]).unwrap();
    let _ = scale(&a, &s);
}
