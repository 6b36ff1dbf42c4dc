// One ellipsis per index.
use stride::{Array, s};

fn main() {
    let a = Array::<f64, 3>::zeros([2, 3, 4]).unwrap();
    let _ = a.index(s![..., 0, ...]);
}
