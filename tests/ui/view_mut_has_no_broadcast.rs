// Broadcasting makes elements repeat, so a mutable view cannot do it: the method
// does not exist on `ViewMut`.
use stride::Array;

fn main() {
    let mut a = Array::<f64, 2>::zeros([1, 3]).unwrap();
    let _ = a.view_mut().broadcast_to([4, 3]);
}
