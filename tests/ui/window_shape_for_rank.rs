// Without `axis`, a window needs one length per axis (as NumPy's
// sliding_window_view does).
use stride::window;

fn main() {
    let _ = window!(f64[10, 10], [3]);
}
