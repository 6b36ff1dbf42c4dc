// Only one dimension can be inferred.
use stride::layout;

fn main() {
    let _ = layout!(u8[4, 6].reshape(-1, 2, -1));
}
