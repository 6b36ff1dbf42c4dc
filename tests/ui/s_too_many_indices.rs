// An index consuming three axes of a rank-2 array.
use stride::{Array, s};

fn main() {
    let a = Array::<f64, 2>::zeros([4, 6]).unwrap();
    let _ = a.index(s![0, 1, 2]);
}
