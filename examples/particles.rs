//! Particles as records (NumPy's structured arrays, seed 002): one `#[repr(C)]`
//! struct per particle, the dtype NumPy would print for it, and zero-copy views
//! of single fields: the masses as a `View<f64, 1>`, the positions as a
//! `View<f32, 2>` (the `[f32; 3]` field becomes a trailing axis), and mutable
//! views of positions and velocities at once for an integration step.
//!
//! ```sh
//! cargo run --example particles
//! ```

use stride::{Array, LayoutError, Record};

#[derive(Clone, Copy, Debug, PartialEq, Record)]
#[repr(C)]
struct Particle {
    pos: [f32; 3],
    vel: [f32; 3],
    mass: f64,
    id: i32,
}

/// Seed 002's record: a name of 10 characters, an age, a weight.
#[derive(Clone, Copy, Record)]
#[repr(C)]
struct Person {
    name: [char; 10],
    age: i32,
    weight: f32,
}

fn main() -> Result<(), LayoutError> {
    println!("Particle dtype: {}", Particle::numpy_dtype());
    println!("Person dtype:   {}", Person::numpy_dtype());
    assert_eq!(
        Person::numpy_dtype(),
        "[('name', '<U10'), ('age', '<i4'), ('weight', '<f4')]"
    );

    let n = 1000;
    let particles: Vec<Particle> = (0..n)
        .map(|i| {
            let t = i as f32 / n as f32;
            Particle {
                pos: [t, 2.0 * t, 1.0 - t],
                vel: [1.0, 0.0, -1.0],
                mass: 1.0 + (i % 3) as f64,
                id: i as i32,
            }
        })
        .collect();
    let mut a = Array::<Particle, 1>::from_vec([n], particles)?;

    // Field views: strides in units of the field's element, no copy.
    let mass = a.view().field(Particle::FIELDS.mass)?;
    let pos = a.view().field(Particle::FIELDS.pos)?;
    println!(
        "a['mass']: shape {:?} strides {:?}; a['pos']: shape {:?} strides {:?}",
        mass.shape(),
        mass.strides_bytes()?,
        pos.shape(),
        pos.strides_bytes()?
    );
    assert_eq!(pos.strides_bytes()?, [size_of::<Particle>() as isize, 4]);
    assert_eq!(mass.base_ptr().cast::<u8>(), a.as_ptr().cast::<u8>());

    // Centre of mass, through the field views.
    let total: f64 = mass.iter().sum();
    let mut com = [0.0f64; 3];
    for i in 0..n {
        for (k, c) in com.iter_mut().enumerate() {
            *c += mass[[i]] * pos[[i, k]] as f64;
        }
    }
    com.iter_mut().for_each(|c| *c /= total);
    println!("total mass {total}, centre of mass {com:.4?}");
    let naive: f64 = a.iter().map(|p| p.mass * p.pos[1] as f64).sum::<f64>() / total;
    assert!((com[1] - naive).abs() < 1e-9);

    // One integration step, writing positions while reading velocities: two
    // mutable field views of the same records at once.
    let dt = 0.5;
    let fields = Particle::fields_mut(a.view_mut())?;
    let (mut pos, vel) = (fields.pos, fields.vel);
    for i in 0..n {
        for k in 0..3 {
            pos[[i, k]] += dt * vel[[i, k]];
        }
    }
    assert_eq!(a[[10]].pos, [0.01 + 0.5, 0.02, 0.99 - 0.5]);
    assert_eq!(a[[10]].id, 10); // the other fields are untouched
    println!(
        "after one step of dt = {dt}: particle 10 at {:?}",
        a[[10]].pos
    );
    Ok(())
}
