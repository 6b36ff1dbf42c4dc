// An integer index past the end of an axis, caught by the compiler.
use stride::{Item, Layout, const_unwrap};

const A: Layout<2> = const_unwrap(Layout::c([4, 6]));
const ROW: Layout<1> = const_unwrap(A.index([Item::Index(4)]));

fn main() {
    let _ = ROW;
}
