// Layout algebra evaluated by the compiler, in const items, then used at run time.
use stride::{C, Layout, Order, Slice, const_unwrap};

const A: Layout<2, C> = const_unwrap(Layout::c([100, 100]));
const ROW: Layout<2> = const_unwrap(A.reshape([1, -1], Order::C));
const T_F: Layout<2> = const_unwrap(A.transpose().reshape([1, -1], Order::F));
const ND2: Layout<3> = const_unwrap(
    const_unwrap(Layout::c([4, 6, 8])).slice([Slice::FULL, Slice::step_by(2), Slice::step_by(2)]),
);
const _: () = assert!(ROW.strides()[1] == 1 && T_F.shape()[1] == 10000);
const _: () = assert!(ND2.strides()[0] == 48 && ND2.strides()[1] == 16 && ND2.strides()[2] == 2);

fn main() {
    assert_eq!(ND2.shape(), &[4, 3, 4]);
}
