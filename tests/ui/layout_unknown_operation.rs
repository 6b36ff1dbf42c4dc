// A misspelled operation.
use stride::layout;

fn main() {
    let _ = layout!(f64[3, 4].reshap(12));
}
