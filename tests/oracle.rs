//! Conformance against NumPy: replays `tests/data/vectors_public.jsonl` (the
//! oracle vectors, NumPy 2.x as ground truth) through `stride`, comparing every
//! field (see `tests/support/oracle.rs`), and pins the rules the oracle README
//! names by running their example cases.

#[path = "support/oracle.rs"]
mod oracle;

use std::path::Path;

const PUBLIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/vectors_public.jsonl"
);

fn public_text() -> String {
    std::fs::read_to_string(PUBLIC).expect("tests/data/vectors_public.jsonl is readable")
}

/// Runs just the cases `ids` of the public file and asserts they all pass exactly.
fn run_ids(ids: &[&str]) {
    let r = oracle::run_ids(Path::new(PUBLIC), ids)
        .expect("tests/data/vectors_public.jsonl is readable");
    assert!(r.all_passed(), "{}\n{}", r.failures.join("\n"), r.summary());
    assert_eq!(r.passed, ids.len(), "{}", r.summary());
    assert_eq!(r.rule2_only(), 0, "{}", r.note().unwrap_or_default());
}

/// The line of case `id` in the public file, parsed.
fn case(id: &str) -> serde_json::Value {
    public_text()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("valid JSON"))
        .find(|c| c["id"] == id)
        .expect("case present")
}

#[test]
fn public_vectors() {
    let r =
        oracle::run_file(Path::new(PUBLIC)).expect("tests/data/vectors_public.jsonl is readable");
    assert!(
        r.all_passed(),
        "{} failure(s):\n{}\n{}",
        r.failed,
        r.failures.join("\n"),
        r.summary()
    );
    assert_eq!(r.passed, 2000, "{}", r.summary());
    // Equivalent is not enough: NumPy's strides are reproduced exactly.
    assert_eq!(r.rule2_only(), 0, "{}", r.note().unwrap_or_default());
}

#[test]
fn rule01_same_shape_shortcut_before_minus_one() {
    run_ids(&["pub-reshape-0031", "pub-reshape-0032"]);
}

#[test]
fn rule03_contiguous_inputs_get_packed_strides_and_size0_never_copies() {
    run_ids(&["pub-reshape-0280"]);
}

#[test]
fn rule04_minus_one_with_size0_is_ambiguous() {
    run_ids(&["pub-reshape-0026"]);
}

#[test]
fn rule05_negative_strides_merge() {
    run_ids(&["pub-reshape-0341"]);
}

#[test]
fn rule06_zero_strides_split_and_merge() {
    run_ids(&["pub-reshape-0232", "pub-reshape-0173", "pub-reshape-0151"]);
}

#[test]
fn rule07_orders_decide_independently() {
    run_ids(&["pub-reshape-0205"]);
}

#[test]
fn rule08_empty_slice_keeps_stride_and_offset() {
    run_ids(&["pub-reshape-0068"]);
}

#[test]
fn rule09_ravel_is_not_reshape_minus_one() {
    run_ids(&["pub-ravel-0002", "pub-ravel-0026", "pub-ravel-0032"]);
}

#[test]
fn rule10_broadcast_to_zeroes_length1_axes_but_broadcast_arrays_keeps_inputs() {
    run_ids(&["pub-broadcast_to-0002", "pub-broadcast_arrays-0006"]);
}

#[test]
fn rule11_may_share_is_bounds_shares_is_exact() {
    run_ids(&["pub-shares_memory-0001"]);
}

#[test]
fn rule12_sliding_window_zero_and_repeated_axes() {
    run_ids(&["pub-sliding_window-0014", "pub-sliding_window-0022"]);
}

#[test]
fn rule13_newaxis_has_stride_0() {
    // a[::-1, :, :, :, np.newaxis, ::2]: the newaxis has stride 0 in the trace.
    run_ids(&["pub-reshape-0001"]);
}

#[test]
fn rule14_size0_base_has_packed_strides() {
    // base [0, 4] -> strides [4, 1]
    run_ids(&["pub-broadcast_arrays-0000"]);
}

// ---------------------------------------------------- the runner itself ---

#[test]
fn runner_reports_a_wrong_stride_with_its_field() {
    let mut c = case("pub-reshape-0341");
    c["expect"]["orders"]["C"]["strides"][0] = 99.into();
    let r = oracle::run_str(&c.to_string());
    assert_eq!((r.passed, r.failed), (0, 1), "{:?}", r.failures);
    assert!(
        r.failures[0].starts_with("pub-reshape-0341: orders.C.strides: expected [99], found [-1]"),
        "{}",
        r.failures[0]
    );
}

#[test]
fn runner_reports_wrong_values_and_status() {
    let mut c = case("pub-ravel-0002");
    c["expect"]["orders"]["K"]["values"][0] = 7.into();
    let r = oracle::run_str(&c.to_string());
    assert!(
        r.failures.len() == 1 && r.failures[0].contains("orders.K.values: expected [7,"),
        "{:?}",
        r.failures
    );

    let mut c = case("pub-reshape-0205");
    c["expect"]["orders"]["F"]["status"] = "error".into();
    let r = oracle::run_str(&c.to_string());
    assert!(
        r.failures.len() == 1
            && r.failures[0].contains("orders.F.status: expected error, found copy"),
        "{:?}",
        r.failures
    );
}

#[test]
fn runner_tallies_rule2_equivalents_separately() {
    // pub-reshape-0032: shape [1,2,1,1], NumPy strides [10,5,5,5]; another stride on
    // a length-1 axis is an equivalent layout, but not NumPy's.
    let mut c = case("pub-reshape-0032");
    let orders = c["expect"]["orders"].as_object_mut().unwrap();
    let (name, r) = orders
        .iter_mut()
        .find(|(_, r)| r["shape"] == serde_json::json!([1, 2, 1, 1]))
        .unwrap();
    let name = name.clone();
    r["strides"][0] = 12345.into();
    let r = oracle::run_str(&c.to_string());
    assert_eq!(
        (r.passed, r.failed, r.rule2_only()),
        (1, 0, 1),
        "{name}: {:?}",
        r.failures
    );
    assert!(r.note().unwrap().starts_with("note: 1 case"));
}

#[test]
fn runner_survives_malformed_lines_and_unknown_fields() {
    let r = oracle::run_str("{\"id\": 1,\n\n[]\n{\"id\":\"x\",\"kind\":\"reshape\"}\n");
    assert_eq!((r.passed, r.failed), (0, 3), "{:?}", r.failures);
    assert!(
        r.failures[0].starts_with("line 1: malformed JSON"),
        "{}",
        r.failures[0]
    );
    assert!(r.failures[1].starts_with("line 3: "), "{}", r.failures[1]);
    assert!(
        r.failures[2].starts_with("x: input: missing"),
        "{}",
        r.failures[2]
    );

    let mut c = case("pub-broadcast_to-0002");
    c["expect"]["surprise"] = true.into();
    let r = oracle::run_str(&c.to_string());
    assert!(
        r.failures.len() == 1 && r.failures[0].contains("surprise: field not understood"),
        "{:?}",
        r.failures
    );
}

#[test]
fn run_ids_reports_missing_ids() {
    let r = oracle::run_ids(Path::new(PUBLIC), &["pub-reshape-0031", "no-such-id"]).unwrap();
    assert_eq!(
        r.failures,
        vec!["no-such-id: not found in the file".to_owned()]
    );
}
