// An axis twice: not a permutation.
use stride::layout;

fn main() {
    let _ = layout!(f64[2, 3, 4].transpose(0, 2, 0));
}
