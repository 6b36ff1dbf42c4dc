//! Compile errors we promise, with their exact messages (trybuild). Bless new
//! expectations with `TRYBUILD=overwrite cargo test --test ui`, then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass_const_layouts.rs");
    t.compile_fail("tests/ui/const_reshape_needs_copy.rs");
    t.compile_fail("tests/ui/const_index_out_of_bounds.rs");
    t.compile_fail("tests/ui/view_mut_has_no_broadcast.rs");
    t.compile_fail("tests/ui/f_api_rejects_c_view.rs");
}
