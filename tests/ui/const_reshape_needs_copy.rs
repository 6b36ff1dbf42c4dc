// a.T.reshape(1, -1) needs a copy: in a const item that is a compile error that
// says which axes cannot be merged.
use stride::{C, Layout, Order, const_unwrap};

const A: Layout<2, C> = const_unwrap(Layout::c([100, 100]));
const FLAT: Layout<2> = const_unwrap(A.transpose().reshape([1, -1], Order::C));

fn main() {
    let _ = FLAT;
}
