// With its dilation, the window spans (4 - 1) * 4 + 1 = 13 positions of 10.
use stride::layout;

fn main() {
    let _ = layout!(f64[10].window(4, dilation = 4));
}
