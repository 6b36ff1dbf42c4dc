// a.T.reshape(1, -1) needs a copy: the error names the axes that cannot merge, and
// suggests the order that would be free.
use stride::{Layout, layout};

const FLAT: Layout<2> = layout!(f64[100, 100].T.reshape(1, -1));

fn main() {
    let _ = FLAT;
}
