// The rank of an index's result is in its type: using it at another rank is a type
// error at this line.
use stride::{Array, View, s};

fn main() {
    let a = Array::<f64, 2>::zeros([4, 6]).unwrap();
    let _row: View<f64, 2> = a.index(s![1, ..]).unwrap();
}
