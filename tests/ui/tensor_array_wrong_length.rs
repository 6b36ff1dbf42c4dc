// An array of the wrong length: the length is in the type, so it does not compile.
use stride::tensor;

#[tensor(f32[3, 4])]
struct Small;

fn main() {
    let data = [0.0f32; 10];
    let _ = Small::view_array(&data);
}
