// The layout is the type: the struct holds no data.
#[stride::tensor(f32[3, 4])]
struct Image {
    data: Vec<f32>,
}

fn main() {}
