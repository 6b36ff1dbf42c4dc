// A diagonal needs two axes.
use stride::layout;

fn main() {
    let _ = layout!(f64[12].diagonal());
}
