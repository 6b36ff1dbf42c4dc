// An integer index past the end of an axis, caught by the compiler.
use stride::{C, Layout, const_unwrap, s};

const A: Layout<2, C> = const_unwrap(Layout::c([4, 6]));
const ROW: Layout<1> = const_unwrap(A.index(s![4]));

fn main() {
    let _ = ROW;
}
