// An integer index past the end of its axis.
use stride::layout;

fn main() {
    let _ = layout!(f64[4, 6][1, 6]);
}
