// Independent mistakes are all reported at once, each at its token.
use stride::layout;

fn main() {
    let _ = layout!(f64[3, -4, 5.0]);
}
