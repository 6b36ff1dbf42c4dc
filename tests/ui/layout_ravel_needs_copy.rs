// ravel of a strided layout copies (reshape(-1) would not).
use stride::layout;

fn main() {
    let _ = layout!(i32[10][::2].ravel());
}
