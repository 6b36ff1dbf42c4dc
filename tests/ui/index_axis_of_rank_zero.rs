// Removing an axis from a rank-0 layout: a type error at the call (no longer a
// post-monomorphization assert inside stride-core).
use stride::{Layout, Order};

fn main() {
    let scalar = Layout::<0>::packed_in([], Order::C).unwrap();
    let _ = scalar.index_axis(0, 0);
}
