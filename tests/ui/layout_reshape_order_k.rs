// `K` is an order for ravel and copies, not for reshape.
use stride::layout;

fn main() {
    let _ = layout!(u8[4, 6].reshape(24, order = K));
}
