// The other dimensions do not divide the size: the -1 cannot be inferred.
use stride::layout;

fn main() {
    let _ = layout!(u8[4, 6].reshape(5, -1));
}
