//! Compile errors we promise, with their exact messages (trybuild), and programs
//! that must build and run. Bless new expectations with
//! `TRYBUILD=overwrite cargo test --test ui`, then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass_*.rs");
    t.compile_fail("tests/ui/const_*.rs");
    t.compile_fail("tests/ui/view_mut_has_no_broadcast.rs");
    t.compile_fail("tests/ui/f_api_rejects_c_view.rs");
    t.compile_fail("tests/ui/index_axis_of_rank_zero.rs");
    t.compile_fail("tests/ui/layout_*.rs");
    t.compile_fail("tests/ui/window_*.rs");
    t.compile_fail("tests/ui/record_*.rs");
    t.compile_fail("tests/ui/tensor_*.rs");
    t.compile_fail("tests/ui/static_*.rs");
    t.compile_fail("tests/ui/s_*.rs");
    t.compile_fail("tests/ui/kernel_*.rs");
    t.compile_fail("tests/ui/ops_*.rs");
    t.compile_fail("tests/ui/zip_*.rs");
}
